#include "api/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cache/cached_value.hpp"
#include "http/json_response.hpp"

namespace bv::api {
namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

constexpr std::uintmax_t kMaxTotalBytes = 64 * 1024 * 1024;

std::string_view ContentType(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The UI talks only to this origin; nothing may frame it or load foreign code into it.
void SetSecurityHeaders(http::Response& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
          "frame-ancestors 'none'; base-uri 'self'");
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  std::uintmax_t total = 0;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    total += it->file_size(ec);
    if (total > kMaxTotalBytes) break;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string relative = "/" + fs::relative(it->path(), root, ec).generic_string();
    File file;
    file.bytes = std::make_shared<const std::string>(bytes.str());
    file.content_type = std::string(ContentType(it->path()));
    file.etag = cache::StrongEtag(*file.bytes);
    file.immutable = relative.starts_with("/assets/");
    files_.emplace(relative, std::move(file));
  }
}

const StaticFiles::File* StaticFiles::Find(std::string_view path) const {
  if (path == "/") path = "/index.html";
  if (const auto it = files_.find(std::string(path)); it != files_.end()) return &it->second;
  // A client-side route (no file extension in the last segment) gets the app itself.
  const auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') == std::string_view::npos) {
    if (const auto index = files_.find("/index.html"); index != files_.end()) return &index->second;
  }
  return nullptr;
}

void StaticFiles::Register(http::Router& router) const {
  router.SetFallback("static", [this](http::Exchange& ex) -> boost::asio::awaitable<void> {
    const File* file = Find(ex.path);
    if (file == nullptr) {
      http::SetJsonError(ex.response, bhttp::status::not_found, "Not Found");
      co_return;
    }
    auto& res = ex.response;
    SetSecurityHeaders(res);
    res.set(bhttp::field::etag, file->etag);
    res.set(bhttp::field::cache_control, file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    const auto if_none_match = ex.req().find(bhttp::field::if_none_match);
    if (if_none_match != ex.req().end() && if_none_match->value() == file->etag) {
      res.result(bhttp::status::not_modified);
      co_return;
    }
    res.result(bhttp::status::ok);
    res.set(bhttp::field::content_type, file->content_type);
    res.body().Share(file->bytes);
    co_return;
  });
}

}  // namespace bv::api
