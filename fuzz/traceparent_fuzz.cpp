// A `traceparent` header through TraceContextFor: whatever comes in, the context going out to
// MVG and into the logs is well-formed lower-case hex.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "obs/trace_context.hpp"

namespace {

bool LowerHex(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bv::obs::TraceContext trace = bv::obs::TraceContextFor({reinterpret_cast<const char*>(data), size});
  const auto header = bv::obs::FormatTraceparent(trace);
  if (!LowerHex(trace.trace_id_view()) || !LowerHex(trace.span_id_view()) || !LowerHex(trace.parent_id_view())) {
    __builtin_trap();
  }
  // What we forward must itself be accepted as a valid parent.
  if (!bv::obs::TraceContextFor({header.data(), header.size()}).from_client) __builtin_trap();
  return 0;
}
