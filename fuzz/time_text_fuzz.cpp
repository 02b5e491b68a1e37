// RFC 3339 text (clients' departure_time/arrival_time, MVG's route stop times) and HTTP dates
// (If-Modified-Since, Retry-After): parsing, and for what parses, formatting back and parsing
// again gives the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/http_date.hpp"
#include "model/time_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto date = bv::model::ParseHttpDate(text)) {
    bv::model::HttpDateBuffer buffer;
    const auto again = bv::model::ParseHttpDate(bv::model::FormatHttpDate(*date, buffer));
    if (!again || *again != *date) __builtin_trap();
  }
  const auto parsed = bv::model::ParseRfc3339(text);
  if (!parsed) return 0;
  const auto again = bv::model::ParseRfc3339(bv::model::FormatRfc3339Utc(*parsed));
  if (!again || *again != *parsed) __builtin_trap();
  (void)bv::model::FormatMvgRoutingTime(*parsed);
  return 0;
}
