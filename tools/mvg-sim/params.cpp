#include "params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace bv::sim {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

ParamResult<ModeFilter> ParseModeFilter(std::optional<std::string_view> csv, ModeListKind kind,
                                        std::string_view param_name) {
  ModeFilter filter;
  if (!csv || Trim(*csv).empty()) return filter;
  filter.modes.fill(false);
  std::string_view rest = *csv;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    if (const auto mode = ParseMode(item)) {
      filter.modes[static_cast<std::size_t>(*mode)] = true;
    } else if (item == "SCHIFF" || (kind == ModeListKind::kRoutes && (item == "RUFTAXI" || item == "SEV"))) {
      // valid for MVG, but the simulator has no such lines
    } else if (!item.empty()) {
      return fmt::format("{}: invalid value '{}'", param_name, item);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return filter;
}

ParamResult<long long> ParseIntParam(std::optional<std::string_view> text, long long fallback,
                                     std::string_view param_name) {
  if (!text || text->empty()) return fallback;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    return fmt::format("{}: must be an integer, got '{}'", param_name, *text);
  }
  return value;
}

ParamResult<std::optional<double>> ParseDoubleParam(std::optional<std::string_view> text,
                                                    std::string_view param_name) {
  if (!text || text->empty()) return std::optional<double>{};
  const std::string copy(*text);  // strtod needs a terminated string
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) {
    return fmt::format("{}: must be a number, got '{}'", param_name, *text);
  }
  return std::optional<double>{value};
}

ParamResult<bool> ParseBoolParam(std::optional<std::string_view> text, std::string_view param_name) {
  if (!text || text->empty()) return false;
  if (EqualsIgnoreCase(*text, "true") || *text == "1") return true;
  if (EqualsIgnoreCase(*text, "false") || *text == "0") return false;
  return fmt::format("{}: must be true or false, got '{}'", param_name, *text);
}

}  // namespace bv::sim
