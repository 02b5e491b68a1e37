// Europe/Berlin civil time without a time-zone database: the EU rule (summer time from the last
// Sunday of March to the last Sunday of October, switching at 01:00 UTC) is all MVG needs, and
// it keeps the simulator independent of the host's tzdata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bv::sim {

// UTC offset in Berlin at an instant: 60 (CET) or 120 (CEST) minutes.
int BerlinOffsetMinutes(std::int64_t utc_seconds);

// A Berlin wall-clock reading.
struct LocalTime {
  std::int64_t days = 0;  // local calendar day, as days since 1970-01-01
  int minute_of_day = 0;  // 0..1439
  int weekday = 0;        // 0 = Monday .. 6 = Sunday
};
LocalTime ToBerlin(std::int64_t utc_seconds);

// The UTC instant of Berlin local time `minutes` after local midnight of `days` (minutes may
// exceed a day). A time in the spring-forward gap maps an hour later; an ambiguous autumn time
// maps to its first (summer-time) occurrence.
std::int64_t BerlinToUtcSeconds(std::int64_t days, std::int64_t minutes);

// "2026-10-08T19:38:00+02:00", as MVG writes route times.
std::string FormatBerlinIso(std::int64_t utc_seconds);
// "2026-10-08T17:38:00.000Z".
std::string FormatUtcIso(std::int64_t utc_seconds);

// Parses MVG's routingDateTime: "YYYY-MM-DDTHH:MM[:SS[.fff]]Z". Anything else (a missing `Z`,
// an offset such as +02:00, out-of-range fields) is nullopt, which MVG answers with 400.
std::optional<std::int64_t> ParseUtcIso(std::string_view text);

}  // namespace bv::sim
