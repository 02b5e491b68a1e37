#include "api/params.hpp"

#include <charconv>

#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "http/json_response.hpp"
#include "obs/json_writer.hpp"
#include "model/time_text.hpp"

namespace bv::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Characters, not bytes: "München" is 7 long.
std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<std::string> MvgFilterCodes(TypeSet set) {
  std::vector<std::string> codes;
  for (unsigned t = 0; t < 32; ++t) {
    const auto type = static_cast<model::TransportType>(t);
    if (((set >> t) & 1u) && model::IsMvgFilter(type)) codes.emplace_back(model::Code(type));
  }
  return codes;
}

void Params::Fail(std::string_view name, std::string_view type, std::string_view message) {
  errors_.push_back({std::string(name), std::string(type), std::string(message)});
}

std::string_view Params::Text(std::string_view name, std::size_t min_chars, std::size_t max_chars) {
  const auto raw = query_.Get(name);
  if (!raw) {
    Fail(name, "missing", "field required");
    return {};
  }
  const std::string_view text = Trim(*raw);
  const std::size_t length = CodePoints(text);
  if (length < min_chars || length > max_chars) {
    Fail(name, "value_error", fmt::format("must be {} to {} characters long", min_chars, max_chars));
    return {};
  }
  return text;
}

int Params::Int(std::string_view name, int fallback, int min, int max) {
  const auto raw = query_.Get(name);
  if (!raw) return fallback;
  int value = 0;
  const auto* end = raw->data() + raw->size();
  const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (raw->empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    Fail(name, "value_error", fmt::format("must be an integer from {} to {}", min, max));
    return fallback;
  }
  return value;
}

TypeSet Params::TransportTypes(std::string_view name) {
  TypeSet set = 0;
  query_.ForEach(name, [&](std::string_view value) {
    // Also accept a comma list (transport_type=UBAHN,TRAM), as some clients send.
    while (!value.empty()) {
      const auto comma = value.find(',');
      const std::string_view item = Trim(value.substr(0, comma));
      value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
      if (item.empty()) continue;
      if (const auto type = model::ParseTransportType(item)) {
        set |= 1u << static_cast<unsigned>(*type);
      } else {
        Fail(name, "value_error",
             fmt::format("unknown transport type '{}' (expected one of UBAHN, SBAHN, TRAM, BUS, REGIONAL_BUS, BAHN, "
                         "SCHIFF, SEV, or names such as U-Bahn, S-Bahn, Regionalbus)",
                         item.substr(0, 40)));
      }
    }
  });
  return set;
}

std::optional<model::TimePoint> Params::Time(std::string_view name) {
  const auto raw = query_.Get(name);
  if (!raw) return std::nullopt;
  auto parsed = model::ParseRfc3339(Trim(*raw));
  if (!parsed) Fail(name, "value_error", "must be an RFC 3339 time with offset, e.g. 2026-11-23T08:00:00+01:00");
  return parsed;
}

void Params::WriteError(http::Response& res) const {
  namespace json = boost::json;
  json::array errors;
  std::string detail;
  for (const auto& e : errors_) {
    errors.push_back(json::object{{"loc", json::array{"query", e.name}}, {"msg", e.message}, {"type", e.type}});
    if (!detail.empty()) detail += "; ";
    detail += e.type == "missing" ? fmt::format("Missing required query parameter '{}'", e.name)
                                  : fmt::format("Invalid query parameter '{}': {}", e.name, e.message);
  }
  http::SetJson(res, http::bhttp::status::unprocessable_entity,
                obs::WriteJson(json::object{{"detail", detail}, {"errors", std::move(errors)}}));
}

void AppendFolded(fmt::memory_buffer& key, std::string_view text) {
  for (char c : Trim(text)) key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

}  // namespace bv::api
