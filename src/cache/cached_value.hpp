// One cached answer: pre-serialised bytes (so that a hit does no JSON work), an optional
// structured form for internal users, and its freshness. Immutable once published, except the
// refresh back-off, which is atomic.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "cache/clock.hpp"

namespace bv::cache {

enum class ValueKind { kFound, kNotFound };

// What a fetcher produces.
struct Fill {
  ValueKind kind = ValueKind::kFound;
  std::string body;                    // the API's JSON for this answer (200 body, or 404 body)
  std::shared_ptr<const void> object;  // structured form, for callers that need it (may be null)
  // Heap bytes `object` holds (its allocation and everything it owns), counted against
  // CACHE_MAX_BYTES with the body; the fetcher knows the type, the cache does not.
  std::size_t object_bytes = 0;
};

// A structured form rebuilt from a body (CachePolicy::decode); null object: unusable.
struct Decoded {
  std::shared_ptr<const void> object;
  std::size_t object_bytes = 0;  // as Fill::object_bytes
};

struct CachedValue {
  ValueKind kind = ValueKind::kFound;
  std::shared_ptr<const std::string> body;
  std::string etag;  // strong ETag of `body`, quoted
  std::shared_ptr<const void> object;
  std::size_t object_bytes = 0;  // as Fill::object_bytes
  SysTime fetched_at;   // when MVG answered; Invariant: only moves forward for a key
  SysTime fresh_until;  // Precondition: fetched_at <= fresh_until <= stale_until
  SysTime stale_until;
  // After a failed refresh, no new refresh before this time (ms since epoch); stale copies are
  // served as `stale` meanwhile instead of hammering a failing MVG.
  mutable std::atomic<std::int64_t> refresh_not_before_ms{0};

  bool Fresh(SysTime now) const { return now < fresh_until; }
  bool Servable(SysTime now) const { return now < stale_until; }
  // The memory this value holds, as counted against CACHE_MAX_BYTES: itself with its
  // make_shared control block, the body's own make_shared block and buffer (capacity, not
  // size), the ETag's buffer and `object_bytes`, each allocation rounded up as malloc does.
  std::size_t Bytes() const;
};

// Strong ETag for `bytes`: a quoted 64-bit FNV-1a hash in hex.
std::string StrongEtag(std::string_view bytes);

}  // namespace bv::cache
