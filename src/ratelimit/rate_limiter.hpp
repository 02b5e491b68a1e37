// Client rate limiting: a token bucket per client address in this process (capacity `burst`,
// refilled at `per_minute`), plus a fleet-wide budget per client and wall-clock minute kept in
// Valkey (`per_minute + burst` requests per minute across all replicas).
//
// The request path never waits for Valkey: it decides from local state, and a background loop
// sends this replica's counts to Valkey every `sync_interval` (one script call for all clients)
// and learns the fleet's totals back. So a client over its fleet budget is refused by every
// replica within one sync interval of reaching it. Valkey down (breaker open): the local bucket
// alone decides (per-process limits). Memory is bounded: idle clients are forgotten.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "cache/fleet.hpp"
#include "obs/metrics.hpp"

namespace bv::ratelimit {

struct LimiterOptions {
  unsigned per_minute = 600;  // 0: no limit
  unsigned burst = 100;
  std::string prefix = "bv:v1:rl:";
  std::chrono::milliseconds sync_interval{100};
  std::chrono::seconds idle_forget{180};
};

struct Decision {
  bool allowed = true;
  unsigned limit = 0;          // RateLimit-Limit: requests per minute
  unsigned remaining = 0;      // RateLimit-Remaining
  unsigned reset_seconds = 0;  // RateLimit-Reset: until the budget is whole again / a request is allowed
  unsigned retry_after = 0;    // with !allowed: Retry-After seconds (>= 1)
};

class RateLimiter {
 public:
  using WallClock = std::chrono::system_clock;
  using SteadyClock = std::chrono::steady_clock;

  // `fleet` may be null (no Valkey): per-process limits only.
  RateLimiter(LimiterOptions options, obs::Registry& registry, cache::Fleet* fleet);
  ~RateLimiter();

  bool enabled() const { return options_.per_minute > 0; }

  // Counts one request of `client` and decides. No I/O.
  Decision Check(std::string_view client) { return Check(client, SteadyClock::now(), WallClock::now()); }
  Decision Check(std::string_view client, SteadyClock::time_point now, WallClock::time_point wall);

  // Starts the background sync (and idle sweep) on `executor`; Stop() ends it.
  void Start(boost::asio::any_io_executor executor);
  void Stop();

  // One sync round now (tests; the loop calls it).
  boost::asio::awaitable<void> SyncOnce();
  // Forgets clients idle for longer than idle_forget (the loop calls it every minute).
  void Sweep(SteadyClock::time_point now);

  std::size_t clients() const;

 private:
  struct Bucket {
    double tokens = 0;
    SteadyClock::time_point refilled{};
    SteadyClock::time_point last_seen{};
    std::int64_t window = -1;  // minute (since the epoch) of fleet_total
    std::uint64_t fleet_total = 0;  // requests in `window` across the fleet, as last synced
    std::uint64_t unsynced = 0;     // requests of this replica not yet sent to Valkey
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket, StringHash, std::equal_to<>> buckets;
  };
  Shard& ShardFor(std::string_view client);
  boost::asio::awaitable<void> Loop(std::shared_ptr<std::atomic<bool>> running);

  LimiterOptions options_;
  cache::Fleet* fleet_;
  obs::Counter& limited_;
  obs::Gauge& clients_;
  std::vector<Shard> shards_;
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace bv::ratelimit
