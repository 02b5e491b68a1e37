// Time text (clients' departure_time/arrival_time in every form of the original, MVG's route
// stop times) and HTTP dates (If-Modified-Since, Retry-After): parsing, and for what parses,
// formatting back and parsing again gives the same instant (so every accepted time, Munich
// local ones included, stays within four-digit years).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/http_date.hpp"
#include "model/time_text.hpp"

namespace {

void RoundTrips(const bv::model::TimePoint& parsed) {
  const auto again = bv::model::ParseRfc3339(bv::model::FormatRfc3339Utc(parsed));
  if (!again || *again != parsed) __builtin_trap();
  (void)bv::model::FormatMvgRoutingTime(parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto date = bv::model::ParseHttpDate(text)) {
    bv::model::HttpDateBuffer buffer;
    const auto again = bv::model::ParseHttpDate(bv::model::FormatHttpDate(*date, buffer));
    if (!again || *again != *date) __builtin_trap();
  }
  const auto rfc3339 = bv::model::ParseRfc3339(text);
  if (rfc3339) RoundTrips(*rfc3339);
  const auto client = bv::model::ParseClientTime(text);
  // Every RFC 3339 time is a client time, and means the same instant.
  if (rfc3339 && (!client || *client != *rfc3339)) __builtin_trap();
  if (client) RoundTrips(*client);
  return 0;
}
