#include "cache/cache.hpp"

#include <boost/asio/this_coro.hpp>

namespace bv::cache {

namespace asio = boost::asio;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

std::string_view ToString(CacheStatus status) {
  switch (status) {
    case CacheStatus::kHit: return "hit";
    case CacheStatus::kMiss: return "miss";
    case CacheStatus::kStale: return "stale";
    case CacheStatus::kStaleRefresh: return "stale-refresh";
  }
  return "miss";
}

namespace {
std::int64_t ToMillis(SysTime t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }
}  // namespace

// Waiters must always be released: on success, on error, on an exception and when the load's
// frame is destroyed unfinished at shutdown.
struct Cache::Completion {
  SingleFlight& flights;
  const std::string& key;
  std::shared_ptr<std::atomic<bool>> fetching;  // set when this load calls MVG; may be null
  Outcome outcome = mvg::UpstreamError{mvg::UpstreamError::Kind::kConnect, {}, "load did not finish"};
  ~Completion() { flights.Complete(key, outcome); }
};

Cache::Cache(CachePolicy policy, CacheShared shared)
    : policy_(std::move(policy)),
      shared_(shared),
      hits_(shared.metrics.Event(policy_.name, "hit")),
      misses_(shared.metrics.Event(policy_.name, "miss")),
      stale_returns_(shared.metrics.Event(policy_.name, "stale_return")),
      coalesced_(shared.metrics.Event(policy_.name, "coalesced")),
      refresh_started_(shared.metrics.Event(policy_.name, "refresh_started")),
      refresh_success_(shared.metrics.Event(policy_.name, "refresh_success")),
      refresh_error_(shared.metrics.Event(policy_.name, "refresh_error")),
      not_found_(shared.metrics.Event(policy_.name, "not_found")),
      lock_timeouts_(shared.metrics.Event(policy_.name, "lock_timeout")),
      l2_hits_(shared.metrics.Event(policy_.name, "l2_hit")),
      l2_stale_(shared.metrics.Event(policy_.name, "l2_stale")),
      l2_misses_(shared.metrics.Event(policy_.name, "l2_miss")),
      fleet_leads_(shared.metrics.Event(policy_.name, "fleet_lead")),
      fleet_fills_(shared.metrics.Event(policy_.name, "fleet_fill")),
      fleet_outage_holds_(shared.metrics.Event(policy_.name, "fleet_outage_hold")),
      process_waits_(shared.metrics.SingleFlightWaits(policy_.name, "process")),
      fleet_waits_(shared.metrics.SingleFlightWaits(policy_.name, "fleet")),
      refresh_seconds_(shared.metrics.RefreshSeconds(policy_.name)) {}

std::shared_ptr<const CachedValue> Cache::PeekFresh(std::string_view key) const {
  auto value = shared_.l1.Get(key);
  if (!value || !value->Fresh(shared_.clock.Now())) return nullptr;
  hits_.Inc();
  return value;
}

std::shared_ptr<const CachedValue> Cache::MakeValue(Fill fill, SysTime now) const {
  auto value = std::make_shared<CachedValue>();
  value->kind = fill.kind;
  value->etag = StrongEtag(fill.body);
  // Renderers append, so a body's buffer is up to twice its size; the copy in L1 lives for
  // minutes and is charged by capacity, so it is trimmed once here (one copy per fetch).
  fill.body.shrink_to_fit();
  value->body = std::make_shared<const std::string>(std::move(fill.body));
  value->object = std::move(fill.object);
  value->object_bytes = fill.object_bytes;
  value->fetched_at = now;
  if (fill.kind == ValueKind::kNotFound) {
    // A not-found marker is not served stale: the station may appear any minute.
    value->fresh_until = value->stale_until = now + policy_.not_found_ttl;
  } else {
    value->fresh_until = now + policy_.fresh_ttl;
    value->stale_until = now + policy_.stale_ttl;
  }
  return value;
}

std::shared_ptr<const CachedValue> Cache::ValueFromEntry(FleetEntry entry) const {
  auto value = std::make_shared<CachedValue>();
  value->kind = entry.kind;
  value->etag = std::move(entry.etag);
  if (policy_.decode && entry.kind == ValueKind::kFound) {
    auto decoded = policy_.decode(entry.body);
    if (!decoded.object) return nullptr;
    value->object = std::move(decoded.object);
    value->object_bytes = decoded.object_bytes;
  }
  entry.body.shrink_to_fit();  // as in MakeValue
  value->body = std::make_shared<const std::string>(std::move(entry.body));
  value->fetched_at = entry.fetched_at;
  value->fresh_until = entry.fresh_until;
  value->stale_until = entry.stale_until;
  return value;
}

Served Cache::ServeStale(const std::string& key, std::shared_ptr<const CachedValue> value, Fetcher& fetch,
                         const asio::any_io_executor& executor) {
  // Stale but servable: answer now, never make the client wait for MVG.
  stale_returns_.Inc();
  if (ToMillis(shared_.clock.Now()) < value->refresh_not_before_ms.load(std::memory_order_relaxed)) {
    return Served{std::move(value), CacheStatus::kStale};
  }
  // The fleet tier just went down (a Valkey restart or failover): hold the refresh for a few
  // seconds rather than have every replica call MVG for the same key (FleetOptions::outage_grace).
  if (shared_.fleet && shared_.fleet->InOutageGrace()) {
    fleet_outage_holds_.Inc();
    return Served{std::move(value), CacheStatus::kStale};
  }
  if (shared_.flights.TryBegin(key)) {
    refresh_started_.Inc();
    StartLoad(key, std::move(fetch), executor);
  }
  return Served{std::move(value), CacheStatus::kStaleRefresh};
}

Served Cache::ServeCopy(const std::string& key, std::shared_ptr<const CachedValue> value, Fetcher& fetch,
                        const asio::any_io_executor& executor) {
  if (value->Fresh(shared_.clock.Now())) {
    hits_.Inc();
    return Served{std::move(value), CacheStatus::kHit};
  }
  return ServeStale(key, std::move(value), fetch, executor);
}

asio::awaitable<boost::system::result<Served, CacheError>> Cache::Get(std::string key, Fetcher fetch) {
  auto executor = co_await asio::this_coro::executor;
  if (auto value = shared_.l1.Get(key)) co_return ServeCopy(key, std::move(value), fetch, executor);

  // Nothing here: another replica may have it (only misses pay this round trip).
  if (shared_.fleet && shared_.fleet->Usable() && !shared_.flights.InFlight(key)) {
    auto read = co_await shared_.fleet->Read(policy_.name, key);
    std::shared_ptr<const CachedValue> value;
    if (read.entry) value = ValueFromEntry(std::move(*read.entry));
    if (value && value->Servable(shared_.clock.Now())) {
      value = shared_.l1.Put(key, std::move(value));
      (value->Fresh(shared_.clock.Now()) ? l2_hits_ : l2_stale_).Inc();
      co_return ServeCopy(key, std::move(value), fetch, executor);
    }
    if (read.status == Fleet::Status::kOk) l2_misses_.Inc();
    // A load may have completed while we asked Valkey.
    if (auto loaded = shared_.l1.Get(key)) co_return ServeCopy(key, std::move(loaded), fetch, executor);
  }

  auto ticket = shared_.flights.Enter(key, executor);
  // The request that starts the load waits for its own MVG call past the wait limit (the
  // fetch has its own deadline): giving up while its fetch is about to succeed only turned a
  // slow answer into a 503. Requests that joined, and a starter whose load waits for another
  // replica's fill, are bounded by the wait limit (the original's lock holder vs its waiters).
  std::shared_ptr<std::atomic<bool>> fetching;
  if (ticket.leader) {
    fetching = std::make_shared<std::atomic<bool>>(false);
    StartLoad(key, std::move(fetch), executor, fetching);
  } else {
    coalesced_.Inc();
    process_waits_.Inc();
  }
  auto outcome = co_await shared_.flights.Wait(key, std::move(ticket), policy_.wait_limit, fetching.get());
  if (!outcome) {
    lock_timeouts_.Inc();
    co_return CacheError{CacheError::Kind::kWaitTimeout, {}};
  }
  if (!*outcome) {
    // The load failed because shutdown cancelled it, not because MVG did: say so.
    if (shared_.tasks.cancelled()) co_return CacheError{CacheError::Kind::kShuttingDown, outcome->error()};
    co_return CacheError{CacheError::Kind::kUpstream, outcome->error()};
  }
  misses_.Inc();
  co_return Served{std::move(**outcome), CacheStatus::kMiss};
}

void Cache::StartLoad(std::string key, Fetcher fetch, asio::any_io_executor executor,
                      std::shared_ptr<std::atomic<bool>> fetching) {
  shared_.tasks.Spawn(std::move(executor), Load(std::move(key), std::move(fetch), std::move(fetching)), "cache load");
}

asio::awaitable<void> Cache::Load(std::string key, Fetcher fetch, std::shared_ptr<std::atomic<bool>> fetching) {
  Completion completion{shared_.flights, key, std::move(fetching)};
  // A flight that began just after another one completed finds its value already here.
  if (auto present = shared_.l1.Get(key); present && present->Fresh(shared_.clock.Now())) {
    completion.outcome = std::move(present);
    co_return;
  }
  if (shared_.fleet && shared_.fleet->Usable()) {
    const bool done = co_await LoadThroughFleet(key, fetch, completion);
    if (done) co_return;
  }
  co_await FetchAndStore(key, fetch, completion, false);
}

asio::awaitable<bool> Cache::LoadThroughFleet(const std::string& key, Fetcher& fetch, Completion& completion) {
  Fleet& fleet = *shared_.fleet;
  const auto& options = fleet.options();
  // What we have (a stale copy, or nothing): a fill is news only if fetched after it.
  SysTime known{};
  if (auto present = shared_.l1.Get(key)) known = present->fetched_at;
  // Watch before the first check, so that a fill landing in between is not missed.
  auto watch = fleet.WatchFills(policy_.name, key, co_await asio::this_coro::executor);
  // Long enough for a dead holder's lock to expire and one of us to take over and fetch.
  const auto give_up = shared_.clock.SteadyNow() + policy_.wait_limit + options.lock_ttl;
  auto backoff = options.poll_interval;
  bool waited = false;
  for (;;) {
    // One round trip: the new value if it exists (the only time a body is read), else the
    // lock, else how long the holder's lock has left.
    const std::string token = Fleet::NewToken();
    auto check = co_await fleet.CheckOrLock(policy_.name, key, known, shared_.clock.Now(), token);
    using Kind = Fleet::CheckResult::Kind;
    if (check.kind == Kind::kUnavailable) co_return false;
    if (check.kind == Kind::kAcquired) {
      fleet_leads_.Inc();
      {
        const auto lease = fleet.KeepLocked(policy_.name, key, token, co_await asio::this_coro::executor);
        co_await FetchAndStore(key, fetch, completion, true);
      }
      // Released after a failure too: a waiting replica then tries once itself rather than
      // making its clients wait out the lock; a failing MVG is shed by the MVG breakers.
      co_await fleet.Unlock(policy_.name, key, token);
      co_return true;
    }
    if (check.kind == Kind::kFilled) {
      std::shared_ptr<const CachedValue> filled;
      if (check.entry) filled = ValueFromEntry(std::move(*check.entry));
      // Another version's entry we cannot use: fetch ourselves rather than wait for a value
      // this replica will never accept.
      if (!filled) co_return false;
      fleet_fills_.Inc();
      if (filled->kind == ValueKind::kNotFound) not_found_.Inc();
      completion.outcome = shared_.l1.Put(key, std::move(filled));
      co_return true;
    }
    // Another replica is fetching: wait for its fill.
    if (!waited) {
      waited = true;
      fleet_waits_.Inc();
    }
    const auto now = shared_.clock.SteadyNow();
    if (now > give_up) {
      lock_timeouts_.Inc();
      completion.outcome = mvg::UpstreamError{mvg::UpstreamError::Kind::kTimeout, {}, "fleet lock wait timed out"};
      co_return true;
    }
    // Notified: the next check is due when the fill is announced, or when the holder's lock
    // would expire if it died (a live holder renews it; then we sleep again). Not notified
    // (subscription down or renewed): poll with back-off, no later than the lock's expiry.
    auto wait = check.lock_left + milliseconds{10};
    if (!fleet.Notified(*watch)) {
      wait = std::min(wait, backoff);
      backoff = std::min(backoff * 2, std::max(options.poll_max, options.poll_interval));
    }
    wait = std::clamp(duration_cast<milliseconds>(give_up - now) + milliseconds{1}, milliseconds{1}, wait);
    co_await fleet.WaitFill(watch, wait);
  }
}

asio::awaitable<void> Cache::FetchAndStore(const std::string& key, Fetcher& fetch, Completion& completion,
                                           bool to_fleet) {
  if (completion.fetching) completion.fetching->store(true);
  const auto started = std::chrono::steady_clock::now();
  auto fetched = co_await fetch();
  refresh_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (fetched) {
    if (fetched->kind == ValueKind::kNotFound) not_found_.Inc();
    refresh_success_.Inc();
    auto stored = shared_.l1.Put(key, MakeValue(std::move(*fetched), shared_.clock.Now()));
    completion.outcome = stored;
    // Best effort: if Valkey fails now, the value still serves from L1 (the breaker opens).
    if (to_fleet) co_await shared_.fleet->Write(policy_.name, key, std::move(stored));
    co_return;
  }
  refresh_error_.Inc();
  // Keep serving the stale copy (if any) as `stale` for a while instead of retrying MVG on
  // every request; honour MVG's Retry-After.
  if (auto stale = shared_.l1.Get(key)) {
    const auto backoff = std::max<std::chrono::seconds>(policy_.refresh_backoff, fetched.error().retry_after);
    stale->refresh_not_before_ms.store(ToMillis(shared_.clock.Now() + backoff), std::memory_order_relaxed);
  }
  completion.outcome = fetched.error();
}

}  // namespace bv::cache
