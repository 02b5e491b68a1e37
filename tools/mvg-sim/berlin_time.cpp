#include "berlin_time.hpp"

#include <chrono>

#include <fmt/format.h>

#include "model/time_text.hpp"

namespace bv::sim {
namespace {

namespace chr = std::chrono;

constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

chr::year_month_day CivilDay(std::int64_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

struct Clock {
  int hour, minute, second;
};
Clock ClockOf(std::int64_t seconds_of_day) {
  return {static_cast<int>(seconds_of_day / 3600), static_cast<int>(seconds_of_day / 60 % 60),
          static_cast<int>(seconds_of_day % 60)};
}

// Reads exactly `width` digits at `pos`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

// The EU rule is the service's (model/time_text): one implementation for both.
int BerlinOffsetMinutes(std::int64_t utc_seconds) {
  return static_cast<int>(model::BerlinUtcOffset(model::TimePoint{chr::seconds{utc_seconds}}).count());
}

LocalTime ToBerlin(std::int64_t utc_seconds) {
  const std::int64_t local = utc_seconds + std::int64_t{BerlinOffsetMinutes(utc_seconds)} * 60;
  LocalTime t;
  t.days = FloorDiv(local, kSecondsPerDay);
  t.minute_of_day = static_cast<int>((local - t.days * kSecondsPerDay) / 60);
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  t.weekday = static_cast<int>(((t.days % 7) + 7 + 3) % 7);
  return t;
}

std::int64_t BerlinToUtcSeconds(std::int64_t days, std::int64_t minutes) {
  const model::TimePoint wall{chr::seconds{days * kSecondsPerDay + minutes * 60}};
  return model::BerlinWallClockToUtc(wall).time_since_epoch().count();
}

std::string FormatBerlinIso(std::int64_t utc_seconds) {
  const int offset = BerlinOffsetMinutes(utc_seconds);
  const std::int64_t local = utc_seconds + std::int64_t{offset} * 60;
  const std::int64_t days = FloorDiv(local, kSecondsPerDay);
  const auto ymd = CivilDay(days);
  const Clock c = ClockOf(local - days * kSecondsPerDay);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), c.hour, c.minute,
                     c.second, offset / 60, offset % 60);
}

std::string FormatUtcIso(std::int64_t utc_seconds) {
  const std::int64_t days = FloorDiv(utc_seconds, kSecondsPerDay);
  const auto ymd = CivilDay(days);
  const Clock c = ClockOf(utc_seconds - days * kSecondsPerDay);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), c.hour, c.minute,
                     c.second);
}

std::optional<std::int64_t> ParseUtcIso(std::string_view text) {
  if (text.size() < 17 || text.back() != 'Z') return std::nullopt;
  const auto year = Digits(text, 0, 4);
  const auto month = Digits(text, 5, 2);
  const auto day = Digits(text, 8, 2);
  const auto hour = Digits(text, 11, 2);
  const auto minute = Digits(text, 14, 2);
  if (!year || !month || !day || !hour || !minute || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':') {
    return std::nullopt;
  }
  std::size_t pos = 16;
  int second = 0;
  if (text[pos] == ':') {
    const auto s = Digits(text, pos + 1, 2);
    if (!s) return std::nullopt;
    second = *s;
    pos += 3;
    if (text[pos] == '.') {
      ++pos;
      const std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start || pos - start > 9) return std::nullopt;
    }
  }
  if (pos != text.size() - 1) return std::nullopt;
  const chr::year_month_day ymd{chr::year{*year}, chr::month{static_cast<unsigned>(*month)},
                                chr::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  const std::int64_t days = chr::sys_days{ymd}.time_since_epoch().count();
  return days * kSecondsPerDay + std::int64_t{*hour} * 3600 + std::int64_t{*minute} * 60 + second;
}

}  // namespace bv::sim
