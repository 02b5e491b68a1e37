// The caching policy with a manual clock: hit/miss, stale-while-revalidate, stale-if-error,
// single-flight, not-found markers and the wait limit.
#include "cache/cache.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "support/counting_fetcher.hpp"
#include "support/run_coro.hpp"

namespace bv::cache {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

using GetResult = boost::system::result<Served, CacheError>;

// A coroutine that stores Get()'s result. A free function rather than a capturing lambda:
// a lambda coroutine's frame points at its closure, which co_spawn does not keep alive.
asio::awaitable<void> GetInto(Cache* cache, Fetcher fetch, std::optional<GetResult>* out) {
  *out = co_await cache->Get("k", std::move(fetch));
}

class CacheTest : public ::testing::Test {
 protected:
  CacheTest()
      : l1_(L1Store::Options{}, clock_),
        tasks_(obs::NullLogger()),
        metrics_(registry_, l1_),
        cache_(CachePolicy{"departures", 30s, 300s, 15s, 1s, 5s}, CacheShared{clock_, l1_, flights_, tasks_, metrics_}) {}

  Fetcher Counting(std::chrono::milliseconds delay = 0ms) { return upstream_.Make(delay); }

  boost::system::result<Served, CacheError> GetNow(Fetcher fetch) {
    auto result = test::RunCoro(io_, cache_.Get("k", std::move(fetch)));
    io_.restart();
    io_.run();  // let detached loads and refreshes finish
    return result;
  }

  std::string Body(const Served& s) { return *s.value->body; }
  std::uint64_t Event(const char* event) { return metrics_.Event("departures", event).Value(); }

  asio::io_context io_;
  ManualClock clock_;
  obs::Registry registry_;
  L1Store l1_;
  SingleFlight flights_;
  TaskTracker tasks_;
  CacheMetrics metrics_;
  Cache cache_;
  test::CountingFetcher upstream_;
};

TEST_F(CacheTest, MissThenHit) {
  auto first = GetNow(Counting());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, CacheStatus::kMiss);
  EXPECT_EQ(Body(*first), "v1");
  EXPECT_EQ(first->value->etag, StrongEtag("v1"));

  clock_.Advance(29s);
  auto second = GetNow(Counting());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, CacheStatus::kHit);
  EXPECT_EQ(Body(*second), "v1");
  EXPECT_NE(cache_.PeekFresh("k"), nullptr);
  EXPECT_EQ(upstream_.calls(), 1);
  EXPECT_EQ(Event("miss"), 1u);
  EXPECT_EQ(Event("hit"), 2u);
}

TEST_F(CacheTest, PastFreshServesStaleAtOnceAndRefreshesExactlyOnce) {
  ASSERT_TRUE(GetNow(Counting()));
  clock_.Advance(31s);
  EXPECT_EQ(cache_.PeekFresh("k"), nullptr);
  // Two requests before the refresh lands: both served the stale copy, one refresh.
  std::optional<GetResult> a, b;
  asio::co_spawn(io_, GetInto(&cache_, Counting(50ms), &a), asio::detached);
  asio::co_spawn(io_, GetInto(&cache_, Counting(50ms), &b), asio::detached);
  io_.restart();
  io_.run();
  ASSERT_TRUE(a && *a && b && *b);
  EXPECT_EQ((*a)->status, CacheStatus::kStaleRefresh);
  EXPECT_EQ(Body(**a), "v1");
  EXPECT_EQ(Body(**b), "v1");
  EXPECT_EQ(upstream_.calls(), 2);
  auto after = GetNow(Counting());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, CacheStatus::kHit);
  EXPECT_EQ(Body(*after), "v2");
  EXPECT_EQ(Event("refresh_started"), 1u);
}

TEST_F(CacheTest, FailedRefreshServesStaleAndBacksOffBeforeTryingAgain) {
  ASSERT_TRUE(GetNow(Counting()));
  clock_.Advance(31s);
  upstream_.fail = true;
  auto refreshing = GetNow(Counting());
  ASSERT_TRUE(refreshing);
  EXPECT_EQ(refreshing->status, CacheStatus::kStaleRefresh);
  EXPECT_EQ(upstream_.calls(), 2);

  // The refresh failed: the copy is served as `stale`, and MVG is left alone for a while.
  auto stale = GetNow(Counting());
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, CacheStatus::kStale);
  EXPECT_EQ(Body(*stale), "v1");
  EXPECT_EQ(upstream_.calls(), 2);

  clock_.Advance(6s);  // past the 5 s back-off
  upstream_.fail = false;
  auto retried = GetNow(Counting());
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, CacheStatus::kStaleRefresh);
  EXPECT_EQ(upstream_.calls(), 3);
  EXPECT_EQ(Body(*GetNow(Counting())), "v3");
}

TEST_F(CacheTest, RetryAfterExtendsTheBackOff) {
  ASSERT_TRUE(GetNow(Counting()));
  clock_.Advance(31s);
  upstream_.fail = true;
  upstream_.retry_after = std::chrono::seconds(60);
  ASSERT_TRUE(GetNow(Counting()));
  clock_.Advance(30s);  // past the default back-off, not past Retry-After
  auto stale = GetNow(Counting());
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, CacheStatus::kStale);
  EXPECT_EQ(upstream_.calls(), 2);
}

TEST_F(CacheTest, StaleCopyExpiresAtTheStaleTtl) {
  ASSERT_TRUE(GetNow(Counting()));
  clock_.Advance(301s);
  upstream_.fail = true;
  auto gone = GetNow(Counting());
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, CacheError::Kind::kUpstream);
  EXPECT_EQ(gone.error().upstream.kind, mvg::UpstreamError::Kind::kStatus5xx);
}

TEST_F(CacheTest, ConcurrentMissesMakeOneUpstreamCall) {
  constexpr int kClients = 50;
  std::vector<std::optional<GetResult>> results(kClients);
  for (int i = 0; i < kClients; ++i) asio::co_spawn(io_, GetInto(&cache_, Counting(30ms), &results[i]), asio::detached);
  io_.run();
  EXPECT_EQ(upstream_.calls(), 1);
  for (const auto& r : results) {
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->status, CacheStatus::kMiss);
    EXPECT_EQ(Body(**r), "v1");
  }
  EXPECT_EQ(Event("coalesced"), static_cast<std::uint64_t>(kClients - 1));
}

TEST_F(CacheTest, UpstreamErrorOnAMissIsReturnedAndNothingIsCached) {
  upstream_.fail = true;
  auto r = GetNow(Counting());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, CacheError::Kind::kUpstream);
  EXPECT_EQ(l1_.entries(), 0u);
  upstream_.fail = false;
  EXPECT_EQ(GetNow(Counting())->status, CacheStatus::kMiss);
}

TEST_F(CacheTest, NotFoundIsCachedForTheNotFoundTtlOnly) {
  upstream_.not_found = true;
  auto first = GetNow(Counting());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->value->kind, ValueKind::kNotFound);
  clock_.Advance(10s);
  EXPECT_EQ(GetNow(Counting())->status, CacheStatus::kHit);
  EXPECT_EQ(upstream_.calls(), 1);
  clock_.Advance(6s);  // 16 s: the 15 s marker is gone, and is never served stale
  EXPECT_EQ(GetNow(Counting())->status, CacheStatus::kMiss);
  EXPECT_EQ(upstream_.calls(), 2);
  EXPECT_EQ(Event("not_found"), 2u);
}

// Regression (issue 16, compatibility with the original): the request that starts a load
// gave up at the wait limit although its own fetch was still running and succeeded a moment
// later. It now waits for its fetch; a request that joined the load is still answered at the
// wait limit (kWaitTimeout: 503 with Retry-After), and its giving up cancels nothing.
TEST_F(CacheTest, TheLoadingRequestWaitsForItsOwnFetchAJoinedOneOnlyUpToTheWaitLimit) {
  Cache cache(CachePolicy{"departures", 30s, 300s, 15s, 100ms, 5s}, CacheShared{clock_, l1_, flights_, tasks_, metrics_});
  std::optional<GetResult> loader, joined;
  asio::co_spawn(io_, GetInto(&cache, Counting(300ms), &loader), asio::detached);  // 3x the wait limit
  io_.poll();  // the loader's fetch is running
  asio::co_spawn(io_, GetInto(&cache, Counting(300ms), &joined), asio::detached);
  io_.run();
  ASSERT_TRUE(loader && joined);
  ASSERT_TRUE(*loader) << "the loading request gave up on its own fetch";
  EXPECT_EQ((*loader)->status, CacheStatus::kMiss);
  EXPECT_EQ(Body(**loader), "v1");
  ASSERT_FALSE(*joined);
  EXPECT_EQ(joined->error().kind, CacheError::Kind::kWaitTimeout);
  EXPECT_EQ(Event("lock_timeout"), 1u);
  auto next = test::RunCoro(io_, cache.Get("k", Counting()));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, CacheStatus::kHit);
  EXPECT_EQ(upstream_.calls(), 1);
}

// A load that never ends (MVG hangs), as at the end of a shutdown's grace period.
asio::awaitable<FetchOutcome> HangsForAnHour() {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
  co_await timer.async_wait(asio::use_awaitable);
  co_return Fill{ValueKind::kFound, "late", nullptr};
}

TEST_F(CacheTest, WaitingRequestIsAnsweredShuttingDownWhenShutdownCancelsItsLoad) {
  std::optional<GetResult> got;
  Fetcher hang = [] { return HangsForAnHour(); };
  asio::co_spawn(io_, GetInto(&cache_, hang, &got), asio::detached);
  io_.poll();
  ASSERT_FALSE(got);
  ASSERT_EQ(tasks_.running(), 1u);
  ASSERT_TRUE(flights_.InFlight("k"));

  tasks_.CancelAll();
  for (int i = 0; i < 10 && !got; ++i) {
    io_.restart();
    io_.poll();
  }
  ASSERT_TRUE(got) << "the waiter must be released by the cancelled load";
  ASSERT_FALSE(*got);
  EXPECT_EQ(got->error().kind, CacheError::Kind::kShuttingDown);
  EXPECT_EQ(tasks_.running(), 0u);
  EXPECT_FALSE(flights_.InFlight("k"));
  EXPECT_EQ(l1_.Get("k"), nullptr);
}

TEST(L1StoreTest, ASlowWriterNeverReplacesANewerValue) {
  ManualClock clock;
  L1Store l1(L1Store::Options{}, clock);
  auto make = [&](std::string body, SysTime fetched) {
    auto v = std::make_shared<CachedValue>();
    v->body = std::make_shared<const std::string>(std::move(body));
    v->fetched_at = fetched;
    v->fresh_until = fetched + 30s;
    v->stale_until = fetched + 300s;
    return v;
  };
  l1.Put("k", make("new", clock.Now()));
  const auto kept = l1.Put("k", make("old", clock.Now() - 5s));
  EXPECT_EQ(*kept->body, "new");
  EXPECT_EQ(*l1.Get("k")->body, "new");
  l1.Put("k", make("newer", clock.Now() + 1s));
  EXPECT_EQ(*l1.Get("k")->body, "newer");
}

TEST(L1StoreTest, StaysWithinItsByteBoundEvictingLeastRecentlyUsed) {
  ManualClock clock;
  L1Store l1(L1Store::Options{64 * 1024, 1}, clock);
  auto make = [&] {
    auto v = std::make_shared<CachedValue>();
    v->body = std::make_shared<const std::string>(4000, 'x');
    v->fetched_at = clock.Now();
    v->fresh_until = v->stale_until = clock.Now() + 30s;
    return v;
  };
  l1.Put("keep", make());
  for (int i = 0; i < 100; ++i) {
    l1.Put("k" + std::to_string(i), make());
    ASSERT_NE(l1.Get("keep"), nullptr) << "a recently used entry was evicted at " << i;
  }
  EXPECT_LE(l1.bytes(), 64u * 1024);
  EXPECT_GT(l1.evictions(), 80u);
  EXPECT_EQ(l1.Get("k0"), nullptr);
  EXPECT_NE(l1.Get("k99"), nullptr);
}

TEST(L1StoreTest, ExpiredEntriesAreDroppedOnSight) {
  ManualClock clock;
  L1Store l1(L1Store::Options{}, clock);
  auto v = std::make_shared<CachedValue>();
  v->body = std::make_shared<const std::string>("x");
  v->fetched_at = clock.Now();
  v->fresh_until = clock.Now() + 1s;
  v->stale_until = clock.Now() + 2s;
  l1.Put("k", v);
  clock.Advance(3s);
  EXPECT_EQ(l1.Get("k"), nullptr);
  EXPECT_EQ(l1.entries(), 0u);
  EXPECT_EQ(l1.bytes(), 0u);
}

}  // namespace
}  // namespace bv::cache
