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
  value->body = std::make_shared<const std::string>(std::move(fill.body));
  value->object = std::move(fill.object);
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

asio::awaitable<boost::system::result<Served, CacheError>> Cache::Get(std::string key, Fetcher fetch) {
  const SysTime now = shared_.clock.Now();
  auto executor = co_await asio::this_coro::executor;
  if (auto value = shared_.l1.Get(key)) {
    if (value->Fresh(now)) {
      hits_.Inc();
      co_return Served{std::move(value), CacheStatus::kHit};
    }
    // Stale but servable: answer now, never make the client wait for MVG.
    stale_returns_.Inc();
    if (ToMillis(now) < value->refresh_not_before_ms.load(std::memory_order_relaxed)) {
      co_return Served{std::move(value), CacheStatus::kStale};
    }
    if (shared_.flights.TryBegin(key)) {
      refresh_started_.Inc();
      StartLoad(key, std::move(fetch), executor);
    }
    co_return Served{std::move(value), CacheStatus::kStaleRefresh};
  }

  auto ticket = shared_.flights.Enter(key, executor);
  if (ticket.leader) {
    StartLoad(key, std::move(fetch), executor);
  } else {
    coalesced_.Inc();
  }
  auto outcome = co_await shared_.flights.Wait(key, std::move(ticket), policy_.wait_limit);
  if (!outcome) {
    lock_timeouts_.Inc();
    co_return CacheError{CacheError::Kind::kWaitTimeout, {}};
  }
  if (!*outcome) co_return CacheError{CacheError::Kind::kUpstream, outcome->error()};
  misses_.Inc();
  co_return Served{std::move(**outcome), CacheStatus::kMiss};
}

void Cache::StartLoad(std::string key, Fetcher fetch, asio::any_io_executor executor) {
  shared_.tasks.Spawn(std::move(executor), Load(std::move(key), std::move(fetch)), "cache load");
}

asio::awaitable<void> Cache::Load(std::string key, Fetcher fetch) {
  // Waiters must always be released: on success, on error, on an exception and when the frame
  // is destroyed unfinished at shutdown.
  struct CompleteOnExit {
    SingleFlight& flights;
    const std::string& key;
    Outcome outcome = mvg::UpstreamError{mvg::UpstreamError::Kind::kConnect, {}, "load did not finish"};
    ~CompleteOnExit() { flights.Complete(key, outcome); }
  } completion{shared_.flights, key};

  const auto started = std::chrono::steady_clock::now();
  auto fetched = co_await fetch();
  refresh_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (fetched) {
    if (fetched->kind == ValueKind::kNotFound) not_found_.Inc();
    refresh_success_.Inc();
    completion.outcome = shared_.l1.Put(key, MakeValue(std::move(*fetched), shared_.clock.Now()));
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
