// The fleet tier: what the replicas of one deployment share through Valkey (ARCHITECTURE.md
// section 3).
//   - L2 entries: one Valkey string per cache key holding the pre-serialised answer and its
//     times; the key expires with the stale TTL. Writes are compare-on-write (a Lua script
//     keeps the entry with the later `fetched_at`) and announce the fill on a pub/sub channel.
//   - Fleet single-flight locks: `SET lock:<key> <token> NX PX <ttl>`, released by
//     compare-and-delete, so one replica calls MVG per key while the others wait for the fill.
//   - A replica waiting for another's fill checks with one script per check (CheckOrLock): the
//     entry's header is read server-side (GETRANGE), and the body crosses the network only
//     once the awaited value exists; else it tries the lock. Fill notifications wake the
//     waiters; while the subscription may have lost messages, a check every `poll_interval`
//     (doubling up to `poll_max`) covers them; otherwise the next check is due when the
//     holder's lock would expire (a dead holder's lock expires; a live one's is renewed).
// Every Valkey operation goes through one circuit breaker: it opens after
// `breaker_consecutive_failures` failures in a row, or when at least half of the last
// `breaker_window` operations (at least `breaker_min_calls`) failed, for `breaker_open_for`,
// during which every operation answers "unavailable" at once and the caches work per process
// (L1 + in-process single-flight). One slow command does not open it. The breaker reads the
// injected clock (tests advance a ManualClock); the heartbeat and lock renewals are Asio timers.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "cache/cached_value.hpp"
#include "cache/clock.hpp"
#include "cache/task_tracker.hpp"
#include "obs/metrics.hpp"
#include "resilience/circuit_breaker.hpp"
#include "valkey/client.hpp"

namespace bv::cache {

struct FleetOptions {
  std::string prefix = "bv:v1:";  // namespace of every key and channel
  std::chrono::milliseconds lock_ttl{std::chrono::seconds{5}};
  std::chrono::milliseconds poll_interval{20};  // first back-off of a waiter without notifications
  std::chrono::milliseconds breaker_open_for{std::chrono::seconds{30}};
  std::size_t breaker_consecutive_failures = 3;
  std::size_t breaker_window = 20;
  std::size_t breaker_min_calls = 10;
  double breaker_failure_ratio = 0.5;
  std::chrono::milliseconds poll_max{500};  // longest back-off of a waiter without notifications
  // For this long after the fleet tier went down, a replica keeps serving an expired copy
  // instead of refreshing it on its own (CACHE_FLEET_OUTAGE_GRACE_SECONDS; 0: never): a
  // Valkey restart or Sentinel failover takes seconds, and refreshing every expired key on
  // every replica meanwhile multiplies MVG calls by the number of replicas.
  std::chrono::milliseconds outage_grace{std::chrono::seconds{5}};
};

// An L2 entry as read back: everything of a CachedValue but the structured form.
struct FleetEntry {
  ValueKind kind = ValueKind::kFound;
  SysTime fetched_at, fresh_until, stale_until;
  std::string etag;
  std::string body;
};

// Entry <-> Valkey string ("bv1 <fetched> <fresh> <stale> <kind> <etag>\n<body>", times in ms
// since the epoch). Exposed for tests.
std::string EncodeEntry(const CachedValue& value);
std::optional<FleetEntry> DecodeEntry(std::string_view bytes);

class Fleet {
 public:
  // `clock` (the breaker's time) must outlive the fleet.
  Fleet(valkey::Client& client, FleetOptions options, obs::Registry& registry,
        const Clock& clock = SystemClock::Instance());
  ~Fleet();

  // Subscribes to fill notifications (the client's subscriber must not be started yet) and
  // starts a heartbeat on `executor` (a PING every min(breaker_open_for / 4, 1 s), every 200 ms
  // after a failed one): it opens the
  // breaker when Valkey fails although no cache miss comes along, and closes it once Valkey
  // answers again. Stop() ends the heartbeat. With `tasks`, the heartbeat and the lock
  // renewals run in that task group (shutdown cancels and awaits them); it outlives the Fleet.
  void Start(boost::asio::any_io_executor executor, TaskTracker* tasks = nullptr);
  void Stop();

  // "ok", or "down" while the breaker is not closed (readiness and the ops summary).
  std::string_view State() const;
  // Whether Valkey may be tried now (false while the breaker is open: saves a round trip on
  // the miss path).
  bool Usable() const;
  // How long the fleet tier has been down without a break (breaker open or probing since it
  // opened); nullopt while it works.
  std::optional<std::chrono::milliseconds> DownFor() const;
  // True while an expired copy should be served rather than refreshed per replica: the fleet
  // tier went down less than `outage_grace` ago.
  bool InOutageGrace() const;

  enum class Status { kOk, kUnavailable };
  struct ReadResult {
    Status status = Status::kUnavailable;
    std::optional<FleetEntry> entry;  // with kOk: the entry, if there is one
  };
  boost::asio::awaitable<ReadResult> Read(std::string cache, std::string key);
  // Stores `value` unless the stored one is newer; publishes the fill when stored.
  boost::asio::awaitable<Status> Write(std::string cache, std::string key, std::shared_ptr<const CachedValue> value);

  enum class LockStatus { kAcquired, kHeld, kUnavailable };
  boost::asio::awaitable<LockStatus> TryLock(std::string cache, std::string key, std::string token);

  // One round trip for a load that needs a value fetched after `known` and fresh at `now`:
  // the entry if L2 has such a one (kFilled), else the lock (kAcquired for `token`), else how
  // long the holder's lock has left (kHeld). Only a kFilled answer carries the body.
  struct CheckResult {
    enum class Kind { kFilled, kAcquired, kHeld, kUnavailable } kind = Kind::kUnavailable;
    std::optional<FleetEntry> entry;                // kFilled (nullopt: not decodable)
    std::chrono::milliseconds lock_left{0};         // kHeld
  };
  boost::asio::awaitable<CheckResult> CheckOrLock(std::string cache, std::string key, SysTime known, SysTime now,
                                                  std::string token);
  // Releases the lock if `token` still holds it (an expired lock may be someone else's now).
  boost::asio::awaitable<void> Unlock(std::string cache, std::string key, std::string token);

  // Keeps a held lock alive while its holder works (a compare-and-PEXPIRE every lock_ttl / 3):
  // a live leader keeps the lock however long MVG takes, a dead one's lock expires within
  // lock_ttl. Destroying the returned lease stops the renewal.
  class Lease;
  std::shared_ptr<Lease> KeepLocked(const std::string& cache, const std::string& key, std::string token,
                                    boost::asio::any_io_executor executor);

  // Waits for a fill of `key` announced after Watch() was called, or `timeout`; returns true
  // when woken by a notification.
  class Watch;
  std::shared_ptr<Watch> WatchFills(const std::string& cache, const std::string& key,
                                    boost::asio::any_io_executor executor);
  boost::asio::awaitable<bool> WaitFill(std::shared_ptr<Watch> watch, std::chrono::milliseconds timeout);
  // Whether every fill announced since `watch` began reaches it: the subscription was
  // confirmed then and has not been renewed since. If not, waiters poll.
  bool Notified(const Watch& watch) const;

  // A random token for TryLock (unique per lock attempt across the fleet).
  static std::string NewToken();

  const FleetOptions& options() const { return options_; }

  // One command through the fleet's breaker (for other fleet-wide state, e.g. rate limits);
  // nullopt when refused or failed. `operation` labels bahnvision_valkey_errors_total.
  boost::asio::awaitable<std::optional<valkey::Reply>> Execute(std::vector<std::string> args, const char* operation);

 private:
  std::string EntryKey(std::string_view cache, std::string_view key) const;
  void OnFill(std::string_view entry_key);
  // Wakes every waiter (the subscription was lost or renewed: a fill may have gone unheard).
  void WakeAll();
  void Unwatch(const std::string& entry_key, Watch* watch);

  boost::asio::awaitable<void> Heartbeat(std::shared_ptr<std::atomic<bool>> running);
  boost::asio::awaitable<void> Renew(std::string lock_key, std::string token, std::shared_ptr<std::atomic<bool>> stop);

  valkey::Client& client_;
  FleetOptions options_;
  std::string channel_;
  obs::Gauge& breaker_open_;
  const Clock& clock_;
  // The clock's steady milliseconds when the breaker last left the closed state; 0 while closed.
  std::atomic<std::int64_t> down_since_ms_{0};
  obs::Counter& breaker_opened_;
  obs::Family<obs::Counter>& errors_;
  obs::Family<obs::Counter>& commands_;
  obs::Family<obs::Counter>& reply_bytes_;
  resilience::CircuitBreaker breaker_;
  std::mutex watches_mutex_;  // guards watches_; never held across co_await
  std::unordered_multimap<std::string, Watch*> watches_;
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
  std::atomic<TaskTracker*> tasks_{nullptr};
  // Runs `task` in tasks_ if set, else detached (tests without a task group).
  void Spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, const char* what);
};

}  // namespace bv::cache
