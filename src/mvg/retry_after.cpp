#include "mvg/retry_after.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

#include "model/http_date.hpp"

namespace bv::mvg {

namespace {

// Far beyond any cap (about 31 years), and small enough that converting it to milliseconds
// cannot overflow.
constexpr std::int64_t kSaturatedSeconds = std::int64_t{1} << 30;

}  // namespace

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t seconds = 0;
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (parsed.ec == std::errc::result_out_of_range || seconds > static_cast<std::uint64_t>(kSaturatedSeconds)) {
      return std::chrono::seconds(kSaturatedSeconds);
    }
    return std::chrono::seconds(static_cast<std::int64_t>(seconds));
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  const auto date = model::ParseHttpDate(value);
  if (!date) return std::nullopt;
  const std::int64_t at = date->time_since_epoch().count();
  const std::int64_t from = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return std::chrono::seconds(std::clamp<std::int64_t>(at - from, 0, kSaturatedSeconds));
}

std::chrono::milliseconds ClampRetryAfter(std::chrono::milliseconds hold, std::chrono::seconds max) {
  return std::clamp<std::chrono::milliseconds>(hold, std::chrono::milliseconds(0), max);
}

}  // namespace bv::mvg
