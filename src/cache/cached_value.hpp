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
};

struct CachedValue {
  ValueKind kind = ValueKind::kFound;
  std::shared_ptr<const std::string> body;
  std::string etag;  // strong ETag of `body`, quoted
  std::shared_ptr<const void> object;
  SysTime fetched_at;   // when MVG answered; Invariant: only moves forward for a key
  SysTime fresh_until;  // Precondition: fetched_at <= fresh_until <= stale_until
  SysTime stale_until;
  // After a failed refresh, no new refresh before this time (ms since epoch); stale copies are
  // served as `stale` meanwhile instead of hammering a failing MVG.
  mutable std::atomic<std::int64_t> refresh_not_before_ms{0};

  bool Fresh(SysTime now) const { return now < fresh_until; }
  bool Servable(SysTime now) const { return now < stale_until; }
  std::size_t Bytes() const { return (body ? body->size() : 0) + etag.size() + sizeof(*this); }
};

// Strong ETag for `bytes`: a quoted 64-bit FNV-1a hash in hex.
std::string StrongEtag(std::string_view bytes);

}  // namespace bv::cache
