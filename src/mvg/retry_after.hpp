// MVG's Retry-After, read and bounded in one place. Everything that keeps this service away
// from an MVG endpoint because MVG asked it to (the endpoint's circuit breaker in this process,
// the hold shared with the other replicas through Valkey) goes through ClampRetryAfter, so one
// setting (MVG_RETRY_AFTER_MAX_SECONDS) bounds how long a single answer can silence MVG: a
// broken or hostile "Retry-After: 999999999" or a date in the year 9999 costs at most the cap.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace bv::mvg {

// The default cap: MVG's real Retry-After values are seconds to a few minutes.
inline constexpr std::chrono::seconds kDefaultRetryAfterMax{600};

// Parses a Retry-After value: delta seconds ("120", any number of digits: it saturates) or an
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", relative to `now`; a past date is 0 s).
// nullopt if absent or malformed. Not bounded: callers bound it with ClampRetryAfter.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, std::chrono::system_clock::time_point now);

// `hold` cut to [0, max].
std::chrono::milliseconds ClampRetryAfter(std::chrono::milliseconds hold, std::chrono::seconds max);

}  // namespace bv::mvg
