// Client rate limiting: a token bucket per client address in this process (capacity `burst`,
// refilled at `per_minute`), plus a fleet-wide budget per client and wall-clock minute kept in
// Valkey (`per_minute + burst` requests per minute across all replicas).
//
// The request path never waits for Valkey: it decides from local state, and a background loop
// sends this replica's counts to Valkey every `sync_interval` (one script call for all clients)
// and learns the fleet's totals back. So a client over its fleet budget is refused by every
// replica within one sync interval of reaching it. Valkey down (breaker open): the local bucket
// alone decides (per-process limits).
//
// Memory is bounded: at most `max_clients` clients are tracked. Each of the 16 shards keeps its
// clients in fixed slots (reserved once) linked into a least-recently-seen list; a new client in
// a full shard takes the slot of that shard's least recently seen one (counted in
// bahnvision_rate_limit_evictions_total). So a request costs one hash lookup and a few pointer
// moves under its shard's mutex, never a scan, however many clients a flood brings. Forgetting a
// client errs on its side: it starts again with a full bucket (docs/operations/limits.md).
// Clients idle for `idle_forget` are dropped by the background loop. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
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
  std::size_t max_clients = 100000;  // at least 16 (one per shard)
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
  std::size_t max_clients() const;

  // Longest key kept; longer keys are cut (net::ClientIdentity's keys are at most 49 bytes).
  static constexpr std::size_t kMaxKeyLength = 55;

 private:
  using Slot = std::uint32_t;
  static constexpr Slot kNoSlot = ~Slot{0};

  struct Bucket {
    double tokens = 0;
    SteadyClock::time_point refilled{};
    SteadyClock::time_point last_seen{};
    std::int64_t window = -1;  // minute (since the epoch) of fleet_total
    std::uint64_t fleet_total = 0;  // requests in `window` across the fleet, as last synced
    std::uint64_t unsynced = 0;     // requests of this replica not yet sent to Valkey
  };
  // One client's slot: its key (the index's key views it, so slots never move), its bucket and
  // its place in the shard's least-recently-seen list.
  struct Entry {
    std::array<char, kMaxKeyLength> key{};
    std::uint8_t key_length = 0;
    bool occupied = false;
    bool in_sync_list = false;  // listed in Shard::unsynced (maybe from a previous occupant)
    Slot newer = kNoSlot;
    Slot older = kNoSlot;
    Bucket bucket;
    std::string_view key_view() const { return {key.data(), key_length}; }
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::size_t capacity = 0;
    std::vector<Entry> entries;  // reserved to `capacity` at construction: never reallocates
    std::unordered_map<std::string_view, Slot, StringHash, std::equal_to<>> index;
    Slot newest = kNoSlot;
    Slot oldest = kNoSlot;
    Slot free = kNoSlot;        // slots freed by Sweep, chained through `older`
    std::vector<Slot> unsynced;  // slots with counts for Valkey (each listed once)
  };
  Shard& ShardFor(std::string_view client);
  // The slot of `client` in `shard` (found, free, or the least recently seen one's), most
  // recently seen now. Shard locked.
  Entry& Touch(Shard& shard, std::string_view client, const Bucket& fresh);
  static void Unlink(Shard& shard, Slot slot);
  static void LinkNewest(Shard& shard, Slot slot);
  boost::asio::awaitable<void> Loop(std::shared_ptr<std::atomic<bool>> running);

  LimiterOptions options_;
  cache::Fleet* fleet_;
  obs::Counter& limited_;
  obs::Gauge& clients_;
  obs::Counter& evictions_;
  std::vector<Shard> shards_;
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace bv::ratelimit
