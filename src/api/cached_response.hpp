// Writes a cached answer with its cache headers (ARCHITECTURE.md section 2):
// X-Cache-Status, Cache-Status (RFC 9211), Age, Last-Modified (when MVG produced the data),
// Cache-Control (max-age, stale-while-revalidate, stale-if-error), a strong ETag, and 304 for a
// matching If-None-Match or, without one, an If-Modified-Since not older than the data. Writes failures as 502/503 with
// Retry-After. The hit path does not allocate: the body is shared, headers go to the arena.
#pragma once

#include "cache/cache.hpp"
#include "http/exchange.hpp"

namespace bv::api {

void WriteCached(http::Exchange& ex, const cache::CachedValue& value, cache::CacheStatus status, cache::SysTime now);

// The one place where a failure to get data becomes an HTTP status, so every endpoint agrees:
// rate limited / breaker open / unreachable / timeout / wait timeout -> 503, MVG 5xx or a bad
// payload -> 502; always JSON with Retry-After. Client text never contains internal detail.
void WriteCacheError(http::Exchange& ex, const cache::CacheError& error);

}  // namespace bv::api
