#include "model/time_text.hpp"

#include <algorithm>
#include <cstdint>

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

// Whether `utc` is representable as RFC 3339 with a four-digit year.
bool InFourDigitYears(TimePoint utc) {
  return utc >= sys_days{year{0} / 1 / 1} && utc < sys_days{year{10000} / 1 / 1};
}

// 01:00 UTC on the last Sunday of `month`: when Berlin's clocks change.
TimePoint BerlinSwitch(year y, month m) { return sys_days{y / m / Sunday[last]} + hours{1}; }

// "1736931600" or "1736931600.5"; nullopt unless the whole text is that form.
std::optional<TimePoint> ParseUnixTime(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (whole.empty() || whole.size() > 15) return std::nullopt;  // 15 digits: beyond year 9999 in ms
  if (dot != std::string_view::npos) {
    const std::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
  }
  std::int64_t value = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  // pydantic's rule, which the original's clients rely on: above 2e10 it is milliseconds.
  if (value > 20'000'000'000) value /= 1000;
  const TimePoint utc{seconds{value}};
  if (!InFourDigitYears(utc)) return std::nullopt;
  return utc;
}

// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS[.fff]" (T, t or a space), as a wall
// clock reading; nullopt for anything else (an offset included).
std::optional<TimePoint> ParseWallClock(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !mo || !d) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  if (text.size() == 10) return TimePoint{sys_days{date}};
  if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':') return std::nullopt;
  const auto h = Digits(text, 11, 2), mi = Digits(text, 14, 2);
  if (!h || !mi || *h > 23 || *mi > 59) return std::nullopt;
  int sec = 0;
  std::size_t pos = 16;
  if (pos < text.size()) {
    const auto s = Digits(text, pos + 1, 2);
    if (text[pos] != ':' || !s || *s > 60) return std::nullopt;
    sec = std::min(*s, 59);
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
  }
  return TimePoint{sys_days{date} + hours{*h} + minutes{*mi} + seconds{sec}};
}

}  // namespace

minutes BerlinUtcOffset(TimePoint utc) {
  const year y = year_month_day{floor<days>(utc)}.year();
  return utc >= BerlinSwitch(y, March) && utc < BerlinSwitch(y, October) ? minutes{120} : minutes{60};
}

TimePoint BerlinWallClockToUtc(TimePoint wall) {
  // Summer time first: an autumn time that occurs twice resolves to its first occurrence.
  for (const minutes offset : {minutes{120}, minutes{60}}) {
    const TimePoint utc = wall - offset;
    if (BerlinUtcOffset(utc) == offset) return utc;
  }
  // The spring gap: neither offset round-trips; the winter offset moves it an hour on.
  return wall - hours{1};
}

std::optional<TimePoint> ParseClientTime(std::string_view text) {
  if (auto utc = ParseRfc3339(text)) return utc;
  if (auto utc = ParseUnixTime(text)) return utc;
  const auto wall = ParseWallClock(text);
  if (!wall) return std::nullopt;
  const TimePoint utc = BerlinWallClockToUtc(*wall);
  if (!InFourDigitYears(utc)) return std::nullopt;
  return utc;
}

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
  if (!InFourDigitYears(utc)) return std::nullopt;
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
