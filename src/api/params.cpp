#include "api/params.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "http/json_response.hpp"
#include "obs/json_text.hpp"
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

// Control characters (C0, DEL) have no place in a name or an id; a NUL would be cut off by
// C libraries further down (libpq), turning "de:09162:2\0x" into another key.
bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Reads `min` to `max` decimal digits at text[pos] and advances pos past them.
bool ReadDigits(std::string_view text, std::size_t& pos, std::size_t min, std::size_t max) {
  const std::size_t start = pos;
  while (pos < text.size() && pos - start < max && text[pos] >= '0' && text[pos] <= '9') ++pos;
  return pos - start >= min;
}

// Length of the station id at the start of `text`, 0 if there is none.
std::size_t StationIdLength(std::string_view text) {
  if (!text.starts_with("de:")) return 0;
  std::size_t pos = 3;
  if (!ReadDigits(text, pos, 2, 5) || pos >= text.size() || text[pos] != ':') return 0;
  ++pos;
  if (!ReadDigits(text, pos, 1, 10)) return 0;
  return pos;
}

constexpr std::string_view kTextRule = "must be valid UTF-8 text without control characters";

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    // The logger's UTF-8 check (overlongs, surrogates, beyond U+10FFFF): one rule for both.
    const std::size_t length = obs::detail::Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool IsStationId(std::string_view text) {
  const std::size_t n = StationIdLength(text);
  return n != 0 && n == text.size();
}

bool IsStationOrStopPointId(std::string_view text) {
  std::size_t pos = StationIdLength(text);
  if (pos == 0) return false;
  for (int part = 0; part < 2 && pos < text.size(); ++part) {
    if (text[pos] != ':') return false;
    ++pos;
    if (!ReadDigits(text, pos, 1, 10)) return false;
  }
  return pos == text.size();
}

std::vector<std::string> MvgFilterCodes(TypeSet set) {
  std::vector<std::string> codes;
  for (unsigned t = 0; t < 32; ++t) {
    const auto type = static_cast<model::TransportType>(t);
    if (((set >> t) & 1u) && model::IsMvgFilter(type)) codes.emplace_back(model::Code(type));
  }
  return codes;
}

void Params::Fail(std::string_view name, std::string_view type, std::string_view message,
                  std::optional<std::string_view> input) {
  const auto value = input ? input : name.empty() ? std::nullopt : query_.Get(name);
  errors_.push_back({"query", std::string(name), std::string(type), std::string(message),
                     value ? std::optional<std::string>(*value) : std::nullopt});
}

void Params::FailPath(std::string_view name, std::string_view type, std::string_view message, std::string_view input) {
  errors_.push_back({"path", std::string(name), std::string(type), std::string(message), std::string(input)});
}

std::string_view Params::Text(std::string_view name, std::size_t min_chars, std::size_t max_chars) {
  const auto raw = query_.Get(name);
  if (!raw) {
    Fail(name, "missing", "Field required");  // FastAPI's text
    return {};
  }
  const std::string_view text = Trim(*raw);
  if (!IsValidUtf8(text) || HasControlCharacter(text)) {
    Fail(name, "value_error", kTextRule);
    return {};
  }
  const std::size_t length = CodePoints(text);
  if (length < min_chars || length > max_chars) {
    Fail(name, "value_error", fmt::format("must be {} to {} characters long", min_chars, max_chars));
    return {};
  }
  return text;
}

std::string_view Params::Station(std::string_view name, std::size_t max_chars) {
  const std::size_t before = errors_.size();
  const std::string_view text = Text(name, 1, max_chars);
  if (errors_.size() == before && text.starts_with("de:") && !IsStationOrStopPointId(text)) {
    Fail(name, "value_error", "must be a station name or a station id such as de:09162:2");
    return {};
  }
  return text;
}

int Params::OneOfImpl(std::string_view name, int fallback, const int* allowed, std::size_t count) {
  const auto raw = query_.Get(name);
  if (!raw) return fallback;
  int value = 0;
  const auto* end = raw->data() + raw->size();
  const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (raw->empty() || ec != std::errc() || ptr != end || std::find(allowed, allowed + count, value) == allowed + count) {
    std::string list;
    for (std::size_t i = 0; i < count; ++i) list += fmt::format("{}{}", i ? ", " : "", allowed[i]);
    Fail(name, "value_error", fmt::format("must be one of {}", list));
    return fallback;
  }
  return value;
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
                         item.substr(0, 40)),
             item);
      }
    }
  });
  return set;
}

std::optional<model::TimePoint> Params::Time(std::string_view name) {
  const auto raw = query_.Get(name);
  if (!raw) return std::nullopt;
  auto parsed = model::ParseClientTime(Trim(*raw));
  if (!parsed) {
    Fail(name, "value_error",
         "must be a time: 2025-01-15T10:00:00+01:00 (RFC 3339), 2025-01-15T10:00:00 (Munich local time), "
         "2025-01-15 (local midnight) or 1736931600 (unix seconds)");
  }
  return parsed;
}

void Params::WriteError(http::Response& res) const {
  namespace json = boost::json;
  // FastAPI's validation error list, so that clients of the original read our 422s unchanged.
  // `input` echoes the value as sent; WriteJson replaces invalid UTF-8 in it with U+FFFD.
  json::array detail;
  for (const auto& e : errors_) {
    json::array loc{json::value(e.location)};
    if (!e.name.empty()) loc.emplace_back(e.name);
    detail.push_back(json::object{{"type", e.type},
                                  {"loc", std::move(loc)},
                                  {"msg", e.message},
                                  {"input", e.input ? json::value(*e.input) : json::value(nullptr)}});
  }
  http::SetJson(res, http::bhttp::status::unprocessable_entity, obs::WriteJson(json::object{{"detail", std::move(detail)}}));
}

void AppendFolded(fmt::memory_buffer& key, std::string_view text) {
  for (char c : Trim(text)) key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

}  // namespace bv::api
