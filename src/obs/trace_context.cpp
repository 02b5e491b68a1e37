#include "obs/trace_context.hpp"

#include <algorithm>
#include <random>

namespace bv::obs {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool AllZero(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

template <std::size_t N>
void FillRandom(std::array<char, N>& out) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  do {
    for (std::size_t i = 0; i < N; i += 16) {
      std::uint64_t bits = rng();
      for (std::size_t j = i; j < std::min(N, i + 16); ++j, bits >>= 4) out[j] = kHex[bits & 0xF];
    }
  } while (AllZero({out.data(), N}));  // an all-zero id is invalid
}

}  // namespace

std::array<char, kTraceparentLength> FormatTraceparent(const TraceContext& trace) {
  std::array<char, kTraceparentLength> text{};
  auto* out = text.data();
  *out++ = '0';
  *out++ = '0';
  *out++ = '-';
  out = std::copy(trace.trace_id.begin(), trace.trace_id.end(), out);
  *out++ = '-';
  out = std::copy(trace.span_id.begin(), trace.span_id.end(), out);
  *out++ = '-';
  std::copy(trace.flags.begin(), trace.flags.end(), out);
  return text;
}

TraceContext NewTrace() {
  TraceContext trace;
  FillRandom(trace.trace_id);
  FillRandom(trace.span_id);
  trace.parent_id.fill('0');
  return trace;
}

TraceContext TraceContextFor(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags, then (later versions only) "-" and more.
  const bool shape_ok = header.size() >= kTraceparentLength && header[2] == '-' && header[35] == '-' &&
                        header[52] == '-' && (header.size() == kTraceparentLength || header[55] == '-');
  if (!shape_ok) return NewTrace();
  const std::string_view version = header.substr(0, 2), trace_id = header.substr(3, 32),
                         parent_id = header.substr(36, 16), flags = header.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff" || (version == "00" && header.size() != kTraceparentLength) ||
      !IsLowerHex(trace_id) || AllZero(trace_id) || !IsLowerHex(parent_id) || AllZero(parent_id) ||
      !IsLowerHex(flags)) {
    return NewTrace();
  }
  TraceContext trace;
  std::copy(trace_id.begin(), trace_id.end(), trace.trace_id.begin());
  std::copy(parent_id.begin(), parent_id.end(), trace.parent_id.begin());
  // Only the sampled bit is defined for version 00; other bits are not propagated.
  const int flag_bits = (flags[1] >= 'a' ? flags[1] - 'a' + 10 : flags[1] - '0');
  trace.flags = {'0', (flag_bits & 1) ? '1' : '0'};
  FillRandom(trace.span_id);
  trace.from_client = true;
  return trace;
}

}  // namespace bv::obs
