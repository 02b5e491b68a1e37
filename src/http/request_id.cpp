#include "http/request_id.hpp"

#include <random>

namespace bv::http {

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > RequestId::kMaxLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

void GenerateUuid(RequestId& out) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                              // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);             // RFC 4122 variant
  char text[36];
  std::size_t pos = 0;
  const auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) text[pos++] = kHex[(v >> (i * 4)) & 0xF];
  };
  put(hi >> 32, 8);
  text[pos++] = '-';
  put(hi >> 16, 4);
  text[pos++] = '-';
  put(hi, 4);
  text[pos++] = '-';
  put(lo >> 48, 4);
  text[pos++] = '-';
  put(lo, 12);
  out.Set(std::string_view(text, sizeof text));
}

void AssignRequestId(Exchange& ex) {
  const auto it = ex.req().find("X-Request-Id");
  if (it != ex.req().end() && IsAcceptableRequestId(it->value())) {
    ex.request_id.Set(it->value());
  } else {
    GenerateUuid(ex.request_id);
  }
}

}  // namespace bv::http
