// RFC 3339 / ISO 8601 timestamps: what MVG sends (local time with offset), what clients send
// (`departure_time`), and what we answer (UTC with 'Z').
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/departure.hpp"

namespace bv::model {

// Parses "2026-10-08T19:38:00+02:00", "2026-11-23T07:41:00Z" or "...T07:41:00.123Z"
// (fractions are dropped). A time without offset is refused: it would be ambiguous.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

// The instant at which Europe/Berlin clocks show `wall` (a civil date and time, carried in a
// sys_seconds as if it were UTC). The EU rule, not a time-zone database: summer time (UTC+2) from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, else UTC+1.
// (g++ 12's libstdc++ has no std::chrono::locate_zone; Germany has followed this rule since 1996,
// and the service plans journeys now and ahead, not before 1996.) A wall time in the spring-forward
// gap (02:00-02:59) is read with the winter offset, i.e. an hour later in summer time; an autumn
// time that occurs twice is its first (summer-time) occurrence, as Python's zoneinfo does (fold 0).
TimePoint BerlinWallClockToUtc(TimePoint wall);
// Berlin's offset from UTC at an instant: 60 (CET) or 120 (CEST) minutes, by the same EU rule.
std::chrono::minutes BerlinUtcOffset(TimePoint utc);

// A time as clients of the original BahnVision send it (FastAPI/pydantic datetime), for route
// planning:
//  - RFC 3339 with offset or Z, as ParseRfc3339;
//  - without offset, "2025-01-15T10:00:00" or "2025-01-15T10:00" (fractions dropped): Munich
//    (Europe/Berlin) local time;
//  - a date "2025-01-15": local midnight of that day;
//  - unix time "1736931600" (seconds; like pydantic, a number above 2e10 is milliseconds; a
//    fraction is dropped).
// Anything else, and instants outside years 0000..9999, are nullopt.
std::optional<TimePoint> ParseClientTime(std::string_view text);

// "2026-11-23T07:41:00Z".
std::string FormatRfc3339Utc(TimePoint time);

// "2026-11-23T07:41:00.000Z", the form MVG's routes endpoint requires for routingDateTime.
std::string FormatMvgRoutingTime(TimePoint time);

}  // namespace bv::model
