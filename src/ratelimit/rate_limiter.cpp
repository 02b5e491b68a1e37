#include "ratelimit/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::ratelimit {

namespace asio = boost::asio;
using std::chrono::duration_cast;
using std::chrono::seconds;

namespace {

constexpr std::size_t kShards = 16;

// KEYS: one counter per client and minute; ARGV[1]: expiry (ms); ARGV[2..]: increments.
// Returns the new totals, in order. One round trip per sync for every client at once.
constexpr const char* kAddCounts = R"lua(
local totals = {}
for i, key in ipairs(KEYS) do
  local total = redis.call('INCRBY', key, ARGV[i + 1])
  if total == tonumber(ARGV[i + 1]) then redis.call('PEXPIRE', key, ARGV[1]) end
  totals[i] = total
end
return totals
)lua";

std::int64_t MinuteOf(RateLimiter::WallClock::time_point wall) {
  return duration_cast<std::chrono::minutes>(wall.time_since_epoch()).count();
}

}  // namespace

RateLimiter::RateLimiter(LimiterOptions options, obs::Registry& registry, cache::Fleet* fleet)
    : options_(std::move(options)),
      fleet_(fleet),
      limited_(registry.AddCounter("bahnvision_rate_limited_total", "Requests refused with 429 by the client rate limit.")),
      clients_(registry.AddGauge("bahnvision_rate_limit_clients", "Clients the rate limiter currently tracks.")),
      evictions_(registry.AddCounter("bahnvision_rate_limit_evictions_total",
                                     "Clients the rate limiter forgot to make room for a new one (RATE_LIMIT_MAX_CLIENTS "
                                     "reached): the least recently seen of its shard.")),
      shards_(kShards) {
  // The maximum split exactly: the first (max % shards) shards hold one more.
  const std::size_t total = std::max(options_.max_clients, kShards);
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    Shard& shard = shards_[i];
    shard.capacity = total / kShards + (i < total % kShards ? 1 : 0);
    shard.entries.reserve(shard.capacity);  // address space only: pages are touched as slots fill
    shard.index.reserve(shard.capacity);
    shard.unsynced.reserve(shard.capacity);
  }
}

RateLimiter::~RateLimiter() { Stop(); }

RateLimiter::Shard& RateLimiter::ShardFor(std::string_view client) {
  return shards_[std::hash<std::string_view>{}(client) % shards_.size()];
}

void RateLimiter::Unlink(Shard& shard, Slot slot) {
  Entry& e = shard.entries[slot];
  if (e.newer != kNoSlot) shard.entries[e.newer].older = e.older; else shard.newest = e.older;
  if (e.older != kNoSlot) shard.entries[e.older].newer = e.newer; else shard.oldest = e.newer;
  e.newer = e.older = kNoSlot;
}

void RateLimiter::LinkNewest(Shard& shard, Slot slot) {
  Entry& e = shard.entries[slot];
  e.newer = kNoSlot;
  e.older = shard.newest;
  if (shard.newest != kNoSlot) shard.entries[shard.newest].newer = slot;
  shard.newest = slot;
  if (shard.oldest == kNoSlot) shard.oldest = slot;
}

RateLimiter::Entry& RateLimiter::Touch(Shard& shard, std::string_view client, const Bucket& fresh) {
  client = client.substr(0, kMaxKeyLength);
  if (const auto it = shard.index.find(client); it != shard.index.end()) {
    if (shard.newest != it->second) {
      Unlink(shard, it->second);
      LinkNewest(shard, it->second);
    }
    return shard.entries[it->second];
  }
  Slot slot;
  if (shard.free != kNoSlot) {  // a slot Sweep emptied
    slot = shard.free;
    shard.free = shard.entries[slot].older;
    clients_.Inc();
  } else if (shard.entries.size() < shard.capacity) {
    slot = static_cast<Slot>(shard.entries.size());
    shard.entries.emplace_back();  // within the reservation: no reallocation, slots stay put
    clients_.Inc();
  } else {  // full: the least recently seen client of this shard makes room
    slot = shard.oldest;
    Unlink(shard, slot);
    shard.index.erase(shard.entries[slot].key_view());
    evictions_.Inc();
  }
  Entry& e = shard.entries[slot];
  std::copy(client.begin(), client.end(), e.key.begin());
  e.key_length = static_cast<std::uint8_t>(client.size());
  e.occupied = true;
  e.bucket = fresh;  // in_sync_list stays: the slot may still be listed for the next sync
  shard.index.emplace(e.key_view(), slot);
  LinkNewest(shard, slot);
  return e;
}

Decision RateLimiter::Check(std::string_view client, SteadyClock::time_point now, WallClock::time_point wall) {
  Decision d;
  d.limit = options_.per_minute;
  if (!enabled()) return d;
  const double per_second = options_.per_minute / 60.0;
  const double capacity = std::max(1u, options_.burst);
  const std::int64_t minute = MinuteOf(wall);
  const unsigned window_left =
      static_cast<unsigned>(60 - duration_cast<seconds>(wall.time_since_epoch()).count() % 60);
  const std::uint64_t fleet_budget = std::uint64_t{options_.per_minute} + options_.burst;

  Shard& shard = ShardFor(client);
  std::lock_guard lock(shard.mutex);
  Entry& entry = Touch(shard, client, Bucket{capacity, now, now, minute, 0, 0});
  Bucket& b = entry.bucket;
  b.tokens = std::min(capacity, b.tokens + std::chrono::duration<double>(now - b.refilled).count() * per_second);
  b.refilled = now;
  b.last_seen = now;
  if (b.window != minute) {  // a new minute: the fleet count starts over
    b.window = minute;
    b.fleet_total = 0;
    b.unsynced = 0;
  }
  const std::uint64_t fleet_used = b.fleet_total + b.unsynced;
  if (fleet_used >= fleet_budget) {
    d.allowed = false;
    d.retry_after = std::max(1u, window_left);
  } else if (b.tokens < 1.0) {
    d.allowed = false;
    d.retry_after = static_cast<unsigned>(std::max(1.0, std::ceil((1.0 - b.tokens) / per_second)));
  }
  if (!d.allowed) {
    limited_.Inc();
    d.remaining = 0;
    d.reset_seconds = d.retry_after;
    return d;
  }
  b.tokens -= 1.0;
  if (fleet_ != nullptr) {
    ++b.unsynced;
    if (!entry.in_sync_list) {  // at most once per slot: the list never outgrows its reservation
      entry.in_sync_list = true;
      shard.unsynced.push_back(static_cast<Slot>(&entry - shard.entries.data()));
    }
  }
  const auto local_left = static_cast<std::uint64_t>(b.tokens);
  d.remaining = static_cast<unsigned>(std::min(local_left, fleet_budget - fleet_used - 1));
  // Until the bucket is full again.
  d.reset_seconds = static_cast<unsigned>(std::ceil((capacity - b.tokens) / per_second));
  return d;
}

void RateLimiter::Start(asio::any_io_executor executor) {
  if (!enabled() || running_->exchange(true)) return;
  asio::co_spawn(std::move(executor), Loop(running_), asio::detached);
}

void RateLimiter::Stop() { running_->store(false); }

asio::awaitable<void> RateLimiter::Loop(std::shared_ptr<std::atomic<bool>> running) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto next_sweep = SteadyClock::now() + seconds{60};
  while (running->load()) {
    timer.expires_after(options_.sync_interval);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!running->load()) break;
    co_await SyncOnce();
    if (SteadyClock::now() >= next_sweep) {
      Sweep(SteadyClock::now());
      next_sweep = SteadyClock::now() + seconds{60};
    }
  }
}

asio::awaitable<void> RateLimiter::SyncOnce() {
  if (fleet_ == nullptr || !fleet_->Usable()) co_return;
  // Collect this replica's unsynced counts (they are sent once: on failure they are lost, which
  // errs on the side of the client).
  struct Pending {
    std::string client;
    std::int64_t window;
    std::uint64_t count;
  };
  std::vector<Pending> pending;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const Slot slot : shard.unsynced) {  // only the clients seen since the last sync
      Entry& e = shard.entries[slot];
      e.in_sync_list = false;
      if (!e.occupied || e.bucket.unsynced == 0) continue;
      pending.push_back({std::string(e.key_view()), e.bucket.window, e.bucket.unsynced});
      e.bucket.fleet_total += e.bucket.unsynced;  // our own share, until the fleet total arrives
      e.bucket.unsynced = 0;
    }
    shard.unsynced.clear();
  }
  if (pending.empty()) co_return;
  std::vector<std::string> args{"EVAL", kAddCounts, std::to_string(pending.size())};
  for (const auto& p : pending) args.push_back(options_.prefix + p.client + ":" + std::to_string(p.window));
  args.push_back("120000");  // a minute's counter outlives its minute a little (clock skew)
  for (const auto& p : pending) args.push_back(std::to_string(p.count));
  auto reply = co_await fleet_->Execute(std::move(args), "rate_limit");
  if (!reply || reply->type != valkey::Reply::Type::kArray || reply->elements.size() != pending.size()) co_return;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const auto total = static_cast<std::uint64_t>(std::max<long long>(0, reply->elements[i].integer));
    Shard& shard = ShardFor(pending[i].client);
    std::lock_guard lock(shard.mutex);
    const auto it = shard.index.find(pending[i].client);
    if (it == shard.index.end()) continue;
    Bucket& b = shard.entries[it->second].bucket;
    if (b.window != pending[i].window) continue;
    b.fleet_total = std::max(b.fleet_total, total);
  }
}

void RateLimiter::Sweep(SteadyClock::time_point now) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    // From the least recently seen end: stops at the first client seen recently enough.
    // Unsynced counts of a client idle this long are stale anyway (their minute is over).
    while (shard.oldest != kNoSlot && now - shard.entries[shard.oldest].bucket.last_seen > options_.idle_forget) {
      const Slot slot = shard.oldest;
      Entry& e = shard.entries[slot];
      Unlink(shard, slot);
      shard.index.erase(e.key_view());
      e.occupied = false;
      e.older = shard.free;
      shard.free = slot;
      clients_.Dec();
    }
  }
}

std::size_t RateLimiter::clients() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.index.size();
  }
  return n;
}

std::size_t RateLimiter::max_clients() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) n += shard.capacity;
  return n;
}

}  // namespace bv::ratelimit
