#include "cache/fleet.hpp"

#include <algorithm>
#include <charconv>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

namespace bv::cache {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

namespace {

std::int64_t Millis(SysTime t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }
// Never 0 in practice (0 marks "not down"): a steady clock counts from boot.
std::int64_t SteadyMillis(const Clock& clock) {
  return std::max<std::int64_t>(1, duration_cast<milliseconds>(clock.SteadyNow().time_since_epoch()).count());
}
SysTime FromMillis(std::int64_t ms) { return SysTime{duration_cast<SysTime::duration>(milliseconds{ms})}; }
// The milliseconds a SysTime can hold (about +-292 years around 1970 with libstdc++'s
// nanoseconds): converting a larger value read from Valkey would overflow (undefined behaviour).
constexpr std::int64_t kMaxMillis = duration_cast<milliseconds>(SysTime::duration::max()).count();

// KEYS[1] entry; ARGV: fetched_at ms, entry bytes, PX, channel. Keeps the entry with the later
// fetched_at (a slow leader never overwrites a newer value) and announces a stored fill.
constexpr const char* kCompareAndSet = R"lua(
local current = redis.call('GET', KEYS[1])
if current then
  local stored = tonumber(string.match(current, '^bv1 (%d+) '))
  if stored and stored > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[4], KEYS[1])
return 1
)lua";

// KEYS[1] entry, KEYS[2] lock; ARGV: known fetched_at ms, now ms, token, lock PX. A waiter's
// check: the entry if it was fetched after `known` and is fresh (only its header is read to
// decide: GETRANGE, not the body); else the lock if free ('LEAD'); else the lock's PTTL.
constexpr const char* kCheckOrLock = R"lua(
local head = redis.call('GETRANGE', KEYS[1], 0, 63)
local fetched, fresh = string.match(head, '^bv1 (%d+) (%d+) ')
if fetched and tonumber(fetched) > tonumber(ARGV[1]) and tonumber(fresh) > tonumber(ARGV[2]) then
  return redis.call('GET', KEYS[1])
end
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return redis.status_reply('LEAD') end
return redis.call('PTTL', KEYS[2])
)lua";

// KEYS[1] lock; ARGV[1] token. Deletes the lock only if we still hold it.
constexpr const char* kCompareAndDelete = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// KEYS[1] lock; ARGV[1] token, ARGV[2] PX. Extends the lock only if we still hold it.
constexpr const char* kCompareAndExpire = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
)lua";

// What a reply carried, for bahnvision_valkey_reply_bytes_total: its strings' bytes.
std::size_t PayloadBytes(const valkey::Reply& reply) {
  std::size_t bytes = reply.text.size();
  for (const auto& element : reply.elements) bytes += PayloadBytes(element);
  return bytes;
}

}  // namespace

std::string EncodeEntry(const CachedValue& value) {
  const std::string_view body = value.body ? std::string_view(*value.body) : std::string_view{};
  std::string out = fmt::format("bv1 {} {} {} {} {}\n", Millis(value.fetched_at), Millis(value.fresh_until),
                                Millis(value.stale_until), value.kind == ValueKind::kNotFound ? 1 : 0, value.etag);
  out.append(body);
  return out;
}

std::optional<FleetEntry> DecodeEntry(std::string_view bytes) {
  if (!bytes.starts_with("bv1 ")) return std::nullopt;
  const auto newline = bytes.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  const std::string_view header = bytes.substr(4, newline - 4);
  std::int64_t times[3];
  int kind = 0;
  const char* p = header.data();
  const char* end = header.data() + header.size();
  for (auto& t : times) {
    auto [next, ec] = std::from_chars(p, end, t);
    if (ec != std::errc{} || next == end || *next != ' ' || t < -kMaxMillis || t > kMaxMillis) return std::nullopt;
    p = next + 1;
  }
  auto [next, ec] = std::from_chars(p, end, kind);
  if (ec != std::errc{} || (kind != 0 && kind != 1) || next == end || *next != ' ') return std::nullopt;
  FleetEntry entry;
  entry.kind = kind == 1 ? ValueKind::kNotFound : ValueKind::kFound;
  entry.fetched_at = FromMillis(times[0]);
  entry.fresh_until = FromMillis(times[1]);
  entry.stale_until = FromMillis(times[2]);
  if (!(entry.fetched_at <= entry.fresh_until && entry.fresh_until <= entry.stale_until)) return std::nullopt;
  entry.etag.assign(next + 1, end);
  entry.body.assign(bytes.substr(newline + 1));
  return entry;
}

class Fleet::Watch {
 public:
  Watch(Fleet& fleet, std::string entry_key, asio::any_io_executor executor, std::uint64_t epoch)
      : fleet_(fleet), entry_key_(std::move(entry_key)), channel_(std::move(executor), 1), epoch_(epoch) {}
  ~Watch() { fleet_.Unwatch(entry_key_, this); }
  void Notify() { channel_.try_send(boost::system::error_code{}); }
  asio::experimental::concurrent_channel<void(boost::system::error_code)>& channel() { return channel_; }
  std::uint64_t epoch() const { return epoch_; }

 private:
  Fleet& fleet_;
  std::string entry_key_;
  asio::experimental::concurrent_channel<void(boost::system::error_code)> channel_;
  const std::uint64_t epoch_;  // the subscription's when the watch began
};

Fleet::Fleet(valkey::Client& client, FleetOptions options, obs::Registry& registry, const Clock& clock)
    : client_(client),
      options_(std::move(options)),
      channel_(options_.prefix + "fills"),
      breaker_open_(registry
                        .GaugeFamily("bahnvision_valkey_circuit_breaker_open",
                                     "1 while the Valkey circuit breaker is open (the fleet tier is bypassed).", {})
                        .WithLabels({})),
      clock_(clock),
      breaker_opened_(registry
                          .CounterFamily("bahnvision_valkey_circuit_breaker_opened_total",
                                         "Times the Valkey circuit breaker opened.", {})
                          .WithLabels({})),
      errors_(registry.CounterFamily("bahnvision_valkey_errors_total",
                                     "Failed Valkey operations (timeouts, refused connections, error replies).",
                                     {"operation"})),
      commands_(registry.CounterFamily("bahnvision_valkey_commands_total",
                                       "Valkey commands sent by the fleet tier (refused by its breaker: not sent).",
                                       {"operation"})),
      reply_bytes_(registry.CounterFamily("bahnvision_valkey_reply_bytes_total",
                                          "Payload bytes of the fleet tier's Valkey replies (strings, without RESP framing).",
                                          {"operation"})),
      // A run of failures or a failing share opens it; one successful probe closes it.
      breaker_({options_.breaker_window, options_.breaker_min_calls, options_.breaker_failure_ratio,
                options_.breaker_open_for, 1, options_.breaker_consecutive_failures},
               [this](resilience::BreakerState state) {
        breaker_open_.Set(state == resilience::BreakerState::kOpen ? 1 : 0);
        if (state == resilience::BreakerState::kOpen) breaker_opened_.Inc();
        // Open -> half-open -> open again is one outage: only the first opening starts it.
        std::int64_t closed = 0;
        if (state == resilience::BreakerState::kClosed) {
          down_since_ms_.store(0, std::memory_order_relaxed);
        } else {
          down_since_ms_.compare_exchange_strong(closed, SteadyMillis(clock_), std::memory_order_relaxed);
        }
      },
               clock) {
  breaker_open_.Set(0);
}

Fleet::~Fleet() = default;

void Fleet::Start(asio::any_io_executor executor, TaskTracker* tasks) {
  tasks_.store(tasks, std::memory_order_release);
  client_.Subscribe(channel_, [this](std::string_view entry_key) { OnFill(entry_key); });
  client_.Start();
  running_->store(true);
  Spawn(std::move(executor), Heartbeat(running_), "valkey heartbeat");
}

void Fleet::Spawn(asio::any_io_executor executor, asio::awaitable<void> task, const char* what) {
  if (TaskTracker* tasks = tasks_.load(std::memory_order_acquire)) {
    tasks->Spawn(std::move(executor), std::move(task), what);
  } else {
    asio::co_spawn(std::move(executor), std::move(task), asio::detached);
  }
}

void Fleet::Stop() { running_->store(false); }

asio::awaitable<void> Fleet::Heartbeat(std::shared_ptr<std::atomic<bool>> running) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto period = std::clamp<milliseconds>(options_.breaker_open_for / 4, milliseconds{50}, milliseconds{1000});
  bool failed = false;
  std::uint64_t epoch = client_.SubscriptionEpoch();
  while (running->load()) {
    // After a failure, ping sooner: the breaker needs a run of failures to open.
    timer.expires_after(failed ? std::min(period, milliseconds{200}) : period);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!running->load()) break;
    // The subscription changed since the last beat: fills may have been announced unheard.
    // Waiters check again now (and poll until a watch of theirs starts on the new one).
    if (const auto now = client_.SubscriptionEpoch(); now != epoch) {
      epoch = now;
      WakeAll();
    }
    // A heartbeat: Valkey failing is noticed (and readiness says so) even when every request
    // is an L1 hit; while the breaker is open this is the probe that closes it.
    failed = false;
    if (breaker_.WouldAllow()) {
      std::vector<std::string> ping{"PING"};
      const auto reply = co_await Execute(std::move(ping), "ping");
      failed = !reply;
    }
  }
}

std::string_view Fleet::State() const {
  return breaker_.state() == resilience::BreakerState::kClosed ? "ok" : "down";
}

bool Fleet::Usable() const { return breaker_.WouldAllow(); }

std::optional<milliseconds> Fleet::DownFor() const {
  const std::int64_t since = down_since_ms_.load(std::memory_order_relaxed);
  if (since == 0) return std::nullopt;
  return milliseconds(std::max<std::int64_t>(0, SteadyMillis(clock_) - since));
}

bool Fleet::InOutageGrace() const {
  const auto down = DownFor();
  return down && *down < options_.outage_grace;
}

std::string Fleet::EntryKey(std::string_view cache, std::string_view key) const {
  std::string out;
  out.reserve(options_.prefix.size() + cache.size() + key.size() + 1);
  out.append(options_.prefix).append(cache).append(":").append(key);
  return out;
}

std::string Fleet::NewToken() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", random(), random());
}

asio::awaitable<std::optional<valkey::Reply>> Fleet::Execute(std::vector<std::string> args, const char* operation) {
  if (!breaker_.Acquire().allowed) co_return std::nullopt;
  commands_.WithLabels({operation}).Inc();
  auto result = co_await client_.Command(std::move(args));
  if (result) reply_bytes_.WithLabels({operation}).Inc(PayloadBytes(*result));
  if (!result || result->is_error()) {
    errors_.WithLabels({operation}).Inc();
    breaker_.RecordFailure();
    co_return std::nullopt;
  }
  breaker_.RecordSuccess();
  co_return std::move(*result);
}

asio::awaitable<Fleet::ReadResult> Fleet::Read(std::string cache, std::string key) {
  std::vector<std::string> get{"GET", EntryKey(cache, key)};
  auto reply = co_await Execute(std::move(get), "read");
  if (!reply) co_return ReadResult{};
  ReadResult out{Status::kOk, std::nullopt};
  if (!reply->is_nil()) {
    out.entry = DecodeEntry(reply->text);
    if (!out.entry) errors_.WithLabels({"decode"}).Inc();  // another version's format: treat as absent
  }
  co_return out;
}

asio::awaitable<Fleet::Status> Fleet::Write(std::string cache, std::string key, std::shared_ptr<const CachedValue> value) {
  const auto ttl = duration_cast<milliseconds>(value->stale_until - value->fetched_at).count();
  std::vector<std::string> eval{"EVAL",         kCompareAndSet,
                                std::string("1"), EntryKey(cache, key),
                                std::to_string(Millis(value->fetched_at)), EncodeEntry(*value),
                                std::to_string(std::max<std::int64_t>(1, ttl)), channel_};
  auto reply = co_await Execute(std::move(eval), "write");
  co_return reply ? Status::kOk : Status::kUnavailable;
}

asio::awaitable<Fleet::LockStatus> Fleet::TryLock(std::string cache, std::string key, std::string token) {
  std::vector<std::string> set{"SET", "lock:" + EntryKey(cache, key), std::move(token), "NX", "PX",
                               std::to_string(options_.lock_ttl.count())};
  auto reply = co_await Execute(std::move(set), "lock");
  if (!reply) co_return LockStatus::kUnavailable;
  co_return reply->is_nil() ? LockStatus::kHeld : LockStatus::kAcquired;
}

asio::awaitable<Fleet::CheckResult> Fleet::CheckOrLock(std::string cache, std::string key, SysTime known,
                                                       SysTime now, std::string token) {
  auto entry_key = EntryKey(cache, key);
  auto lock_key = "lock:" + entry_key;
  std::vector<std::string> eval{"EVAL",
                                kCheckOrLock,
                                "2",
                                std::move(entry_key),
                                std::move(lock_key),
                                std::to_string(Millis(known)),
                                std::to_string(Millis(now)),
                                std::move(token),
                                std::to_string(options_.lock_ttl.count())};
  auto reply = co_await Execute(std::move(eval), "check");
  CheckResult out;
  if (!reply) co_return out;
  switch (reply->type) {
    case valkey::Reply::Type::kString:
      out.kind = CheckResult::Kind::kFilled;
      out.entry = DecodeEntry(reply->text);
      if (!out.entry) errors_.WithLabels({"decode"}).Inc();
      break;
    case valkey::Reply::Type::kStatus: out.kind = CheckResult::Kind::kAcquired; break;
    default:
      out.kind = CheckResult::Kind::kHeld;
      // -1: a lock without expiry (not ours to set): assume a full TTL.
      out.lock_left = reply->integer < 0 ? options_.lock_ttl
                                         : std::min(milliseconds{reply->integer}, options_.lock_ttl);
      break;
  }
  co_return out;
}

asio::awaitable<void> Fleet::Unlock(std::string cache, std::string key, std::string token) {
  std::vector<std::string> eval{"EVAL", kCompareAndDelete, "1", "lock:" + EntryKey(cache, key), std::move(token)};
  co_await Execute(std::move(eval), "unlock");
}

class Fleet::Lease {
 public:
  explicit Lease(std::shared_ptr<std::atomic<bool>> stop) : stop_(std::move(stop)) {}
  ~Lease() { stop_->store(true); }

 private:
  std::shared_ptr<std::atomic<bool>> stop_;
};

std::shared_ptr<Fleet::Lease> Fleet::KeepLocked(const std::string& cache, const std::string& key, std::string token,
                                                asio::any_io_executor executor) {
  auto stop = std::make_shared<std::atomic<bool>>(false);
  Spawn(std::move(executor), Renew("lock:" + EntryKey(cache, key), std::move(token), stop), "fleet lock renewal");
  return std::make_shared<Lease>(std::move(stop));
}

asio::awaitable<void> Fleet::Renew(std::string lock_key, std::string token, std::shared_ptr<std::atomic<bool>> stop) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto period = std::max<milliseconds>(options_.lock_ttl / 3, milliseconds{10});
  while (!stop->load()) {
    timer.expires_after(period);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stop->load() || !running_->load()) break;
    std::vector<std::string> eval{"EVAL", kCompareAndExpire, "1", lock_key, token,
                                  std::to_string(options_.lock_ttl.count())};
    auto reply = co_await Execute(std::move(eval), "lock");
    if (!reply || reply->integer == 0) break;  // lost (expired or Valkey down): nothing to keep
  }
}

std::shared_ptr<Fleet::Watch> Fleet::WatchFills(const std::string& cache, const std::string& key,
                                                 asio::any_io_executor executor) {
  auto entry_key = EntryKey(cache, key);
  // Read before registering: a resubscription in between makes the watch poll (safe side).
  const std::uint64_t epoch = client_.SubscriptionEpoch();
  auto watch = std::make_shared<Watch>(*this, entry_key, std::move(executor), epoch);
  std::lock_guard lock(watches_mutex_);
  watches_.emplace(std::move(entry_key), watch.get());
  return watch;
}

asio::awaitable<bool> Fleet::WaitFill(std::shared_ptr<Watch> watch, milliseconds timeout) {
  asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
  auto first = co_await (watch->channel().async_receive(asio::as_tuple(asio::use_awaitable)) ||
                         timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  co_return first.index() == 0;
}

bool Fleet::Notified(const Watch& watch) const {
  return watch.epoch() != 0 && client_.SubscriptionEpoch() == watch.epoch();
}

void Fleet::OnFill(std::string_view entry_key) {
  std::lock_guard lock(watches_mutex_);
  auto [begin, end] = watches_.equal_range(std::string(entry_key));
  for (auto it = begin; it != end; ++it) it->second->Notify();
}

void Fleet::WakeAll() {
  std::lock_guard lock(watches_mutex_);
  for (auto& [key, watch] : watches_) watch->Notify();
}

void Fleet::Unwatch(const std::string& entry_key, Watch* watch) {
  std::lock_guard lock(watches_mutex_);
  auto [begin, end] = watches_.equal_range(entry_key);
  for (auto it = begin; it != end; ++it) {
    if (it->second == watch) {
      watches_.erase(it);
      return;
    }
  }
}

}  // namespace bv::cache
