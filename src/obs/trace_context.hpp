// W3C Trace Context (https://www.w3.org/TR/trace-context/) for one request: the service is one
// span of the caller's trace when the request carries a valid `traceparent`, else the root of a
// new trace. Guarantee: no allocation; the ids are fixed-size lower-case hex.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace bv::obs {

struct TraceContext {
  std::array<char, 32> trace_id{};   // shared by every span of the trace
  std::array<char, 16> span_id{};    // this service's span: the parent-id it forwards
  std::array<char, 16> parent_id{};  // the caller's span; all '0' for a new trace
  std::array<char, 2> flags{'0', '1'};
  bool from_client = false;          // the trace id came from the request's traceparent

  std::string_view trace_id_view() const { return {trace_id.data(), trace_id.size()}; }
  std::string_view span_id_view() const { return {span_id.data(), span_id.size()}; }
  std::string_view parent_id_view() const { return {parent_id.data(), parent_id.size()}; }
};

// Text of a traceparent header: version 00, the trace id, `span_id` as parent-id, the flags.
inline constexpr std::size_t kTraceparentLength = 55;
std::array<char, kTraceparentLength> FormatTraceparent(const TraceContext& trace);

// The context of a request whose `traceparent` header is `header` (empty if absent): a child
// span of it when it is valid per the W3C rules (version 00 with exactly 55 characters, or a
// later version with at least 55 and a '-' after them; lower-case hex; neither id all zeros;
// version ff invalid), else a new trace with the sampled flag set. Thread-safe (thread-local
// random generator).
TraceContext TraceContextFor(std::string_view header);

// A new trace: random trace and span ids, sampled.
TraceContext NewTrace();

}  // namespace bv::obs
