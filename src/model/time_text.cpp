#include "model/time_text.hpp"

#include <fmt/format.h>

namespace bv::model {
namespace {

using namespace std::chrono;

// Reads exactly `digits` decimal digits at text[pos]. Digits only: std::from_chars alone would
// also take a '-', so an hour of "-1" would parse.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos > text.size() || digits > text.size() - pos) return std::nullopt;
  int value = 0;
  for (const char c : text.substr(pos, digits)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  const auto h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;  // no offset
  minutes offset{0};
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '+' ? 1 : -1;
    const auto oh = Digits(text, pos + 1, 2), om = Digits(text, pos + 4, 2);
    if (!oh || !om || pos + 3 >= text.size() || text[pos + 3] != ':' || *oh > 23 || *om > 59) return std::nullopt;
    offset = minutes(sign * (*oh * 60 + *om));
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const auto local = sys_days{date} + hours{*h} + minutes{*mi} + seconds{std::min(*s, 59)};
  const auto utc = time_point_cast<seconds>(local - offset);
  // An offset can push the instant out of years 0000..9999 ("9999-12-31T23:59:00-01:00"): refused,
  // because we could not write it back as RFC 3339 (four-digit years) in our answers.
  if (utc < sys_days{year{0} / 1 / 1} || utc >= sys_days{year{10000} / 1 / 1}) return std::nullopt;
  return utc;
}

std::string FormatRfc3339Utc(TimePoint time) {
  const auto day_point = floor<days>(time);
  const year_month_day date{day_point};
  const hh_mm_ss clock{time - day_point};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count());
}

std::string FormatMvgRoutingTime(TimePoint time) {
  std::string text = FormatRfc3339Utc(time);
  text.insert(text.size() - 1, ".000");
  return text;
}

}  // namespace bv::model
