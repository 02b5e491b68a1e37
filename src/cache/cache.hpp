// The caching policy of one endpoint (ARCHITECTURE.md section 3), in one place:
//   fresh copy                      -> kHit
//   past fresh, within stale        -> served at once; one background refresh is started
//                                      (kStaleRefresh), or, while a recent refresh failed, not
//                                      (kStale: stale-if-error without hammering MVG)
//   nothing servable                -> one load per key in this process (single-flight); the
//                                      other requests wait for it (kMiss), up to a wait limit;
//                                      the request that started the load waits for its own MVG
//                                      call (bounded by the MVG client's deadline), as the
//                                      original's lock holder did
// Loads and refreshes run detached from the requesting client (a hang-up never cancels them)
// and are tracked for shutdown. A not-found answer is cached briefly as a marker.
// With a fleet tier (Valkey), an L1 miss reads L2 before anything else, and a load first takes
// the fleet-wide lock for the key: the holder calls MVG and publishes the fill; the other
// replicas wait for it (notified) and take over if the holder dies (the lock expires).
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "cache/cache_metrics.hpp"
#include "cache/cached_value.hpp"
#include "cache/clock.hpp"
#include "cache/fleet.hpp"
#include "cache/l1_store.hpp"
#include "cache/single_flight.hpp"
#include "cache/task_tracker.hpp"
#include "mvg/upstream_error.hpp"

namespace bv::cache {

enum class CacheStatus { kHit, kMiss, kStale, kStaleRefresh };
std::string_view ToString(CacheStatus status);  // "hit", "miss", "stale", "stale-refresh"

struct CachePolicy {
  std::string name;  // metric label: departures, station_search, station, routes
  std::chrono::seconds fresh_ttl;
  std::chrono::seconds stale_ttl;  // Precondition: stale_ttl >= fresh_ttl
  std::chrono::seconds not_found_ttl{15};
  // CACHE_SINGLEFLIGHT_LOCK_WAIT_SECONDS: how long a request waits for a load it joined (in this
  // process or another replica). Not a bound for the request that started the load once that
  // load calls MVG itself: the MVG client's total deadline bounds it.
  std::chrono::milliseconds wait_limit{std::chrono::seconds{5}};
  // After a failed refresh, serve `stale` for this long before trying MVG again (at least;
  // a Retry-After from MVG extends it).
  std::chrono::seconds refresh_backoff{5};
  // Rebuilds the structured form (Fill::object) of a value read from the fleet tier, from its
  // body; a null object: unusable. Needed by caches whose users read `object`.
  std::function<Decoded(std::string_view body)> decode;
};

// Everything the endpoint caches share. Lifetime: outlives every Cache using it.
struct CacheShared {
  const Clock& clock;
  L1Store& l1;
  SingleFlight& flights;
  TaskTracker& tasks;
  CacheMetrics& metrics;
  Fleet* fleet = nullptr;  // null: no Valkey configured; the caches work per process
};

struct Served {
  std::shared_ptr<const CachedValue> value;
  CacheStatus status;
};

struct CacheError {
  // kShuttingDown: the load was cancelled because the grace period of a shutdown ended.
  enum class Kind { kUpstream, kWaitTimeout, kShuttingDown };
  Kind kind;
  mvg::UpstreamError upstream;  // for kUpstream
};

using FetchOutcome = boost::system::result<Fill, mvg::UpstreamError>;
using Fetcher = std::function<boost::asio::awaitable<FetchOutcome>()>;

class Cache {
 public:
  Cache(CachePolicy policy, CacheShared shared);

  // The hot path: a fresh value for `key`, or null. No allocation, no I/O.
  std::shared_ptr<const CachedValue> PeekFresh(std::string_view key) const;

  // The full policy. `fetch` runs detached (it must own what it uses).
  boost::asio::awaitable<boost::system::result<Served, CacheError>> Get(std::string key, Fetcher fetch);

  const CachePolicy& policy() const { return policy_; }

 private:
  struct Completion;
  // A copy found in L1 or L2: a hit when fresh, else as ServeStale.
  Served ServeCopy(const std::string& key, std::shared_ptr<const CachedValue> value, Fetcher& fetch,
                   const boost::asio::any_io_executor& executor);
  // A stale copy: served at once; starts one refresh unless a failed one asks to wait.
  Served ServeStale(const std::string& key, std::shared_ptr<const CachedValue> value, Fetcher& fetch,
                    const boost::asio::any_io_executor& executor);
  // Spawns the load that ends the flight for `key`.
  // `fetching` (may be null): set once the load calls MVG itself.
  void StartLoad(std::string key, Fetcher fetch, boost::asio::any_io_executor executor,
                 std::shared_ptr<std::atomic<bool>> fetching = nullptr);
  boost::asio::awaitable<void> Load(std::string key, Fetcher fetch, std::shared_ptr<std::atomic<bool>> fetching);
  // The fleet-wide part of a load. Returns false when Valkey is unavailable (the caller then
  // fetches on its own); true when `completion` holds the outcome.
  boost::asio::awaitable<bool> LoadThroughFleet(const std::string& key, Fetcher& fetch, Completion& completion);
  // Calls MVG and stores the answer in L1 (and L2 when `to_fleet`).
  boost::asio::awaitable<void> FetchAndStore(const std::string& key, Fetcher& fetch, Completion& completion,
                                             bool to_fleet);
  std::shared_ptr<const CachedValue> MakeValue(Fill fill, SysTime now) const;
  std::shared_ptr<const CachedValue> ValueFromEntry(FleetEntry entry) const;  // null: unusable

  CachePolicy policy_;
  CacheShared shared_;
  // Pre-resolved metric children: the hot path only increments.
  obs::Counter& hits_;
  obs::Counter& misses_;
  obs::Counter& stale_returns_;
  obs::Counter& coalesced_;
  obs::Counter& refresh_started_;
  obs::Counter& refresh_success_;
  obs::Counter& refresh_error_;
  obs::Counter& not_found_;
  obs::Counter& lock_timeouts_;
  obs::Counter& l2_hits_;
  obs::Counter& l2_stale_;
  obs::Counter& l2_misses_;
  obs::Counter& fleet_leads_;
  obs::Counter& fleet_fills_;
  obs::Counter& fleet_outage_holds_;  // refreshes held back while the fleet tier is freshly down
  obs::Counter& process_waits_;
  obs::Counter& fleet_waits_;
  obs::Histogram& refresh_seconds_;
};

}  // namespace bv::cache
