// RFC 3339 text (clients' departure_time/arrival_time, MVG's route stop times): parsing, and
// for what parses, formatting back and parsing again gives the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/time_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = bv::model::ParseRfc3339({reinterpret_cast<const char*>(data), size});
  if (!parsed) return 0;
  const auto again = bv::model::ParseRfc3339(bv::model::FormatRfc3339Utc(*parsed));
  if (!again || *again != *parsed) __builtin_trap();
  (void)bv::model::FormatMvgRoutingTime(*parsed);
  return 0;
}
