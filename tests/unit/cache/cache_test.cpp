// The caching policy with a manual clock: hit/miss, stale-while-revalidate, stale-if-error,
// single-flight, not-found markers and the wait limit.
#include "cache/cache.hpp"

#include <malloc.h>

#include <vector>

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

// A rendered body's buffer may be twice its size; L1 keeps it for minutes, so it is trimmed
// and charged what it then holds, with the structured form's bytes as the fetcher reports them.
TEST_F(CacheTest, AFillIsTrimmedAndChargedWithItsStructuredForm) {
  Fetcher fetch = []() -> asio::awaitable<FetchOutcome> {
    std::string body(100, 'b');
    body.reserve(64 * 1024);
    co_return Fill{ValueKind::kFound, std::move(body), std::make_shared<const int>(7), 20'000};
  };
  auto served = GetNow(std::move(fetch));
  ASSERT_TRUE(served);
  EXPECT_EQ(served->value->body->size(), 100u);
  EXPECT_LT(served->value->body->capacity(), 1024u) << "the body was not trimmed";
  EXPECT_EQ(served->value->object_bytes, 20'000u);
  EXPECT_GE(l1_.bytes(), 20'000u) << "the structured form was not charged";
  EXPECT_LT(l1_.bytes(), 20'000u + 1024) << "the untrimmed buffer was charged";
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

// CACHE_MAX_BYTES bounds memory: a buffer's capacity is charged, not its size.
TEST(L1StoreTest, ChargesABodysCapacityNotItsSize) {
  ManualClock clock;
  L1Store l1(L1Store::Options{}, clock);
  std::string body = "{}";
  body.reserve(64 * 1024);
  auto v = std::make_shared<CachedValue>();
  v->body = std::make_shared<const std::string>(std::move(body));  // a move keeps the buffer
  ASSERT_GE(v->body->capacity(), 64u * 1024);
  v->fetched_at = clock.Now();
  v->fresh_until = v->stale_until = clock.Now() + 30s;
  l1.Put("k", v);
  EXPECT_GE(l1.bytes(), 64u * 1024);
}

TEST(L1StoreTest, TheStructuredFormCountsAgainstTheBound) {
  ManualClock clock;
  L1Store l1(L1Store::Options{64 * 1024, 1}, clock);
  for (int i = 0; i < 10; ++i) {
    auto v = std::make_shared<CachedValue>();
    v->body = std::make_shared<const std::string>("{}");
    v->object = std::make_shared<const std::vector<char>>(20'000);
    v->object_bytes = 20'000 + 48;
    v->fetched_at = clock.Now();
    v->fresh_until = v->stale_until = clock.Now() + 30s;
    l1.Put("k" + std::to_string(i), v);
  }
  EXPECT_EQ(l1.entries(), 3u) << "three objects of 20 kB fit in 64 KiB, not more";
  EXPECT_LE(l1.bytes(), 64u * 1024);
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// The charge against what glibc really hands out for the entries (mallinfo2: bytes in use),
// with bodies built the way renderers build them (appended, so capacity > size), short and
// long keys, ETags and the bookkeeping. The old charge (sizes plus sizeof) was 0.67 of it.
TEST(L1StoreTest, ChargesWhatTheHeapReallyHolds) {
  ManualClock clock;
  L1Store l1(L1Store::Options{1024 * 1024 * 1024, 16}, clock);
  constexpr int kEntries = 4000;
  const std::size_t heap_before = mallinfo2().uordblks;
  for (int i = 0; i < kEntries; ++i) {
    std::string body;
    const int size = 200 + (i * 37) % 6000;
    for (int j = 0; j < size; ++j) body.push_back(static_cast<char>('a' + j % 26));
    auto v = std::make_shared<CachedValue>();
    v->etag = StrongEtag(body);
    v->body = std::make_shared<const std::string>(std::move(body));
    v->fetched_at = clock.Now();
    v->fresh_until = v->stale_until = clock.Now() + 30s;
    // Short keys fit the string's own buffer, long ones have a heap buffer of their own.
    const std::string key = i % 2 ? std::to_string(i) : "marienplatz\x1f" "10\x1f" "0\x1f" "1023\x1f" + std::to_string(i);
    l1.Put(key, std::move(v));
  }
  const std::size_t heap_held = mallinfo2().uordblks - heap_before;
  ASSERT_EQ(l1.entries(), static_cast<std::size_t>(kEntries));
  const double ratio = static_cast<double>(l1.bytes()) / static_cast<double>(heap_held);
  EXPECT_GE(ratio, 0.98) << l1.bytes() << " charged for " << heap_held << " bytes held";
  EXPECT_LE(ratio, 1.10) << l1.bytes() << " charged for " << heap_held << " bytes held";
}
#endif

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
