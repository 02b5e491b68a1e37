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

// "2026-11-23T07:41:00Z".
std::string FormatRfc3339Utc(TimePoint time);

// "2026-11-23T07:41:00.000Z", the form MVG's routes endpoint requires for routingDateTime.
std::string FormatMvgRoutingTime(TimePoint time);

}  // namespace bv::model
