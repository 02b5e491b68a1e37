// A fleet cache entry as read back from Valkey (another replica, another version, or a
// corrupted value): decoding never trusts it, and what decodes re-encodes to the same entry.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "cache/fleet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto entry = bv::cache::DecodeEntry({reinterpret_cast<const char*>(data), size});
  if (!entry) return 0;
  if (!(entry->fetched_at <= entry->fresh_until && entry->fresh_until <= entry->stale_until)) __builtin_trap();
  bv::cache::CachedValue value;
  value.kind = entry->kind;
  value.body = std::make_shared<const std::string>(entry->body);
  value.etag = entry->etag;
  value.fetched_at = entry->fetched_at;
  value.fresh_until = entry->fresh_until;
  value.stale_until = entry->stale_until;
  const auto again = bv::cache::DecodeEntry(bv::cache::EncodeEntry(value));
  if (!again || again->body != entry->body || again->fetched_at != entry->fetched_at) __builtin_trap();
  return 0;
}
