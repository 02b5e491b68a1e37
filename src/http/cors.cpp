#include "http/cors.hpp"

#include <algorithm>
#include <array>

#include <boost/beast/core/string.hpp>

#include "http/json_response.hpp"

namespace bv::http {
namespace {

// Headers browsers may read from our answers (cache state, ids, rate limits).
constexpr std::string_view kExposeHeaders =
    "X-Request-Id, X-Cache-Status, Age, ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
    "RateLimit-Reset";
constexpr std::string_view kAllowHeaders =
    "Accept, Accept-Language, Content-Type, If-None-Match, X-Request-Id, traceparent, tracestate";
constexpr std::string_view kMaxAgeSeconds = "600";
// An Origin is scheme://host[:port]; longer values are not origins, and std::regex is
// recursive, so it never sees unbounded input.
constexpr std::size_t kMaxOriginLength = 253 + 16;

}  // namespace

Cors::Cors(const CorsOptions& options) : origins_(options.allow_origins) {
  if (options.allow_origin_regex) {
    regex_.emplace(*options.allow_origin_regex, std::regex::ECMAScript | std::regex::optimize);
  }
}

bool Cors::IsAllowed(std::string_view origin) const {
  if (origin.empty() || origin.size() > kMaxOriginLength) return false;
  if (std::find(origins_.begin(), origins_.end(), origin) != origins_.end()) return true;
  return regex_ && std::regex_match(origin.begin(), origin.end(), *regex_);
}

void Cors::AddResponseHeaders(std::string_view origin, Response& res) const {
  res.set(bhttp::field::access_control_allow_origin, origin);
  res.set(bhttp::field::access_control_expose_headers, kExposeHeaders);
}

void Cors::AddVaryOrigin(Response& res) {
  const auto it = res.find(bhttp::field::vary);
  if (it == res.end()) {
    res.set(bhttp::field::vary, "Origin");
    return;
  }
  // Vary is a comma list of field names (case-insensitive); "*" already varies on everything.
  const std::string_view present = it->value();
  for (std::size_t pos = 0; pos <= present.size();) {
    const auto comma = present.find(',', pos);
    auto item = present.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*" || boost::beast::iequals(item, "Origin")) return;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  // Fields live in the per-connection arena: build the merged value there, not on the heap.
  std::array<char, 256> merged{};
  if (present.size() + 8 > merged.size()) return;  // an absurd Vary: leave it as it is
  std::copy(present.begin(), present.end(), merged.begin());
  const std::string_view suffix = ", Origin";
  std::copy(suffix.begin(), suffix.end(), merged.begin() + static_cast<std::ptrdiff_t>(present.size()));
  res.set(bhttp::field::vary, std::string_view(merged.data(), present.size() + suffix.size()));
}

void Cors::AnswerPreflight(std::string_view origin, std::string_view requested_method,
                           std::string_view allow_methods, Response& res) const {
  if (!IsAllowed(origin)) {
    SetJsonError(res, bhttp::status::bad_request, "Disallowed CORS origin");
    return;
  }
  // allow_methods is "GET, HEAD, OPTIONS": look for the requested method as a whole word.
  bool method_ok = false;
  for (std::size_t pos = 0; pos < allow_methods.size();) {
    const auto comma = allow_methods.find(',', pos);
    auto item = allow_methods.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    method_ok = method_ok || item == requested_method;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!method_ok) {
    SetJsonError(res, bhttp::status::bad_request, "Disallowed CORS method");
    return;
  }
  res.result(bhttp::status::no_content);
  res.set(bhttp::field::access_control_allow_origin, origin);
  res.set(bhttp::field::access_control_allow_methods, allow_methods);
  res.set(bhttp::field::access_control_allow_headers, kAllowHeaders);
  res.set(bhttp::field::access_control_max_age, kMaxAgeSeconds);
}

}  // namespace bv::http
