// GET /api/v1/mvg/stations/{station_id}/stats?hours=24 (one of 1, 6, 24, 168, 720): a station's
// history from the stored observations (store/station_stats.hpp has the definitions). Cached like the MVG
// endpoints (hit/miss/stale headers, ETag, single-flight); 404 for a station never stored,
// 422 for a bad station id or `hours` (before any cache or database work), 503 while PostgreSQL
// is unreachable (no cached copy), too busy (DATABASE_MAX_PENDING_QUERIES) or persistence is off.
#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>

#include "cache/cache.hpp"
#include "http/router.hpp"
#include "store/query_pool.hpp"

namespace bv::api {

class StationStatsEndpoint {
 public:
  // `pool` null: persistence is off and every request is answered 503.
  StationStatsEndpoint(store::QueryPool* pool, cache::CachePolicy policy, cache::CacheShared shared);
  // Registers the route; `this` must outlive the router's use.
  void Register(http::Router& router);

 private:
  boost::asio::awaitable<void> Stats(http::Exchange& ex);
  boost::asio::awaitable<cache::FetchOutcome> Fetch(std::string station_id, int hours);

  store::QueryPool* pool_;
  const cache::Clock& clock_;
  cache::Cache cache_;
};

}  // namespace bv::api
