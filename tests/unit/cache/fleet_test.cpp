// The fleet tier against a real Valkey-protocol server (Debian's redis-server): two "replicas"
// (each with its own L1, single-flight, Valkey client and Fleet) in one process share one
// server, as the replicas of a deployment do.
#include "cache/fleet.hpp"

#include <cstdio>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "cache/cache.hpp"
#include "support/counting_fetcher.hpp"
#include "support/run_coro.hpp"
#include "support/valkey_server.hpp"

namespace bv::cache {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using GetResult = boost::system::result<Served, CacheError>;

TEST(FleetEntryTest, RoundTripsEveryField) {
  CachedValue value;
  value.kind = ValueKind::kNotFound;
  value.body = std::make_shared<const std::string>("{\"detail\":\"x\"}\nsecond line");
  value.etag = "\"abc\"";
  value.fetched_at = SysTime{1'800'000'000'123ms};
  value.fresh_until = value.fetched_at + 15s;
  value.stale_until = value.fetched_at + 15s;
  const auto entry = DecodeEntry(EncodeEntry(value));
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->kind, ValueKind::kNotFound);
  EXPECT_EQ(entry->body, *value.body);
  EXPECT_EQ(entry->etag, value.etag);
  EXPECT_EQ(entry->fetched_at, value.fetched_at);
  EXPECT_EQ(entry->fresh_until, value.fresh_until);
  EXPECT_EQ(entry->stale_until, value.stale_until);
}

TEST(FleetEntryTest, RejectsWhatItDidNotWrite) {
  EXPECT_FALSE(DecodeEntry(""));
  EXPECT_FALSE(DecodeEntry("{\"json\":1}"));
  EXPECT_FALSE(DecodeEntry("bv1 1 2 3 0 \"e\""));        // no body separator
  EXPECT_FALSE(DecodeEntry("bv1 1 x 3 0 \"e\"\nbody"));  // not a number
  EXPECT_FALSE(DecodeEntry("bv1 5 2 3 0 \"e\"\nbody"));  // fetched after fresh_until
  EXPECT_FALSE(DecodeEntry("bv1 1 2 3 7 \"e\"\nbody"));  // unknown kind
  EXPECT_TRUE(DecodeEntry("bv1 1 2 3 0 \"e\"\nbody"));
}

// Regression (found while writing fuzz/fleet_entry_fuzz.cpp): times beyond what a nanosecond
// time_point holds overflowed in the conversion (undefined behaviour; wrapped values could even
// pass the ordering check and decode).
TEST(FleetEntryTest, RejectsTimesOutsideTheClockRange) {
  EXPECT_FALSE(DecodeEntry("bv1 9223372036854775807 9223372036854775807 9223372036854775807 0 \"e\"\nbody"));
  EXPECT_FALSE(DecodeEntry("bv1 -9223372036854775808 0 1 0 \"e\"\nbody"));
  EXPECT_FALSE(DecodeEntry("bv1 1 2 9300000000000 0 \"e\"\nbody"));  // year 2264
  EXPECT_TRUE(DecodeEntry("bv1 1 2 9000000000000 0 \"e\"\nbody"));   // year 2255 still fits
}

// One replica: everything a Cache needs, with the fleet tier on `server`.
struct Replica {
  // kUnsubscribed: the fleet is not started, so fill notifications never reach this replica
  // (as while its subscription is down): its waiters must poll.
  enum class Notifications { kSubscribed, kUnsubscribed };
  Replica(asio::io_context& io, const test::ValkeyServer& server, const Clock& clock, std::chrono::milliseconds wait,
          std::chrono::milliseconds lock_ttl, Notifications notifications = Notifications::kSubscribed)
      : l1(L1Store::Options{}, clock), tasks(obs::NullLogger()), metrics(registry, l1) {
    auto url = valkey::ParseUrl(server.url());
    valkey::ClientOptions options{*url, 2};
    options.connection.command_timeout = 300ms;
    options.connection.backoff_min = 20ms;
    options.connection.backoff_max = 100ms;
    // The replica's whole sense of time (freshness, breaker, reconnect back-off) is `clock`.
    client = std::make_unique<valkey::Client>(std::vector<asio::any_io_executor>{io.get_executor()}, options, clock);
    fleet = std::make_unique<Fleet>(*client, FleetOptions{"bv:test:", lock_ttl, 20ms, 200ms}, registry, clock);
    if (notifications == Notifications::kSubscribed) fleet->Start(io.get_executor());
    cache = std::make_unique<Cache>(CachePolicy{"departures", 30s, 300s, 15s, wait, 5s},
                                    CacheShared{clock, l1, flights, tasks, metrics, fleet.get()});
  }
  ~Replica() {
    fleet->Stop();
    client->Stop();
  }
  std::uint64_t Event(const char* event) { return metrics.Event("departures", event).Value(); }
  // The value of an unlabelled sample in the exposition, or -1.
  double Sample(const std::string& name) {
    const std::string text = registry.Expose();
    const auto at = text.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + name.size() + 2));
  }

  obs::Registry registry;
  L1Store l1;
  SingleFlight flights;
  TaskTracker tasks;
  CacheMetrics metrics;
  std::unique_ptr<valkey::Client> client;
  std::unique_ptr<Fleet> fleet;
  std::unique_ptr<Cache> cache;
};

asio::awaitable<void> GetInto(Cache* cache, Fetcher fetch, std::optional<GetResult>* out) {
  *out = co_await cache->Get("k", std::move(fetch));
}

asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

class FleetTest : public ::testing::Test {
 protected:
  // Counted across replicas: one upstream for the whole fleet.
  Fetcher Counting(std::chrono::milliseconds delay = 0ms) { return upstream_.Make(delay); }
  GetResult Get(Replica& r, Fetcher fetch) { return test::RunCoro(io_, r.cache->Get("k", std::move(fetch))); }
  void RunFor(std::chrono::milliseconds d) { test::RunCoro(io_, Sleep(d)); }

  ~FleetTest() override {
    // The fleets' background loops (heartbeat, lock renewal) use their Fleet when they resume:
    // stop them and let them end before the replicas go away.
    for (Replica* r : {a_.get(), b_.get()}) {
      r->fleet->Stop();
      r->client->Stop();
    }
    RunFor(300ms);
    a_.reset();
    b_.reset();
    io_.restart();
    io_.poll();
  }

  test::ValkeyServer server_;
  asio::io_context io_;
  ManualClock clock_;
  std::unique_ptr<Replica> a_ = std::make_unique<Replica>(io_, server_, clock_, 3s, 400ms);
  std::unique_ptr<Replica> b_ = std::make_unique<Replica>(io_, server_, clock_, 3s, 400ms);
  test::CountingFetcher upstream_;
};

TEST_F(FleetTest, AReplicaThatNeverSawAKeyAnswersHitFromAnothersFill) {
  auto first = Get(*a_, Counting());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, CacheStatus::kMiss);
  RunFor(50ms);  // the L2 write completes after the waiters are released
  auto second = Get(*b_, Counting());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, CacheStatus::kHit);
  EXPECT_EQ(*second->value->body, "v1");
  EXPECT_EQ(second->value->etag, first->value->etag);
  EXPECT_EQ(second->value->fetched_at, first->value->fetched_at) << "Age is shared across replicas";
  EXPECT_EQ(upstream_.calls(), 1);
  EXPECT_EQ(b_->Event("l2_hit"), 1u);
}

TEST_F(FleetTest, ConcurrentMissesOnTwoReplicasMakeOneCall) {
  std::vector<std::optional<GetResult>> results(20);
  for (std::size_t i = 0; i < results.size(); ++i) {
    Replica& r = i % 2 == 0 ? *a_ : *b_;
    asio::co_spawn(io_, GetInto(r.cache.get(), Counting(300ms), &results[i]), asio::detached);
  }
  RunFor(1500ms);
  EXPECT_EQ(upstream_.calls(), 1);
  for (const auto& result : results) {
    ASSERT_TRUE(result && *result);
    EXPECT_EQ(*(*result)->value->body, "v1");
  }
  EXPECT_EQ(a_->Event("fleet_lead") + b_->Event("fleet_lead"), 1u);
  EXPECT_EQ(a_->Event("fleet_fill") + b_->Event("fleet_fill"), 1u) << "the follower replica got the leader's fill";
}

TEST_F(FleetTest, ASlowLeaderNeverOverwritesANewerValue) {
  auto value = [&](SysTime fetched, const char* body) {
    auto v = std::make_shared<CachedValue>();
    v->body = std::make_shared<const std::string>(body);
    v->etag = StrongEtag(body);
    v->fetched_at = fetched;
    v->fresh_until = fetched + 30s;
    v->stale_until = fetched + 300s;
    return v;
  };
  const SysTime now = clock_.Now();
  ASSERT_EQ(test::RunCoro(io_, a_->fleet->Write("departures", "k", value(now, "newer"))), Fleet::Status::kOk);
  ASSERT_EQ(test::RunCoro(io_, b_->fleet->Write("departures", "k", value(now - 5s, "older"))), Fleet::Status::kOk);
  auto read = test::RunCoro(io_, b_->fleet->Read("departures", "k"));
  ASSERT_EQ(read.status, Fleet::Status::kOk);
  ASSERT_TRUE(read.entry);
  EXPECT_EQ(read.entry->body, "newer");
}

TEST_F(FleetTest, WhenTheLockHolderDiesOneWaiterTakesOverAfterTheLockExpires) {
  // A replica that took the lock and died: nobody will fill or release it.
  valkey::Client raw({io_.get_executor()}, valkey::ClientOptions{*valkey::ParseUrl(server_.url()), 1});
  auto taken = test::RunCoro(io_, raw.Command({"SET", "lock:bv:test:departures:k", "dead-replica", "NX", "PX", "400"}));
  ASSERT_TRUE(taken && !taken->is_nil());
  std::optional<GetResult> on_a, on_b;
  asio::co_spawn(io_, GetInto(a_->cache.get(), Counting(50ms), &on_a), asio::detached);
  asio::co_spawn(io_, GetInto(b_->cache.get(), Counting(50ms), &on_b), asio::detached);
  RunFor(1200ms);
  raw.Stop();
  ASSERT_TRUE(on_a && *on_a);
  ASSERT_TRUE(on_b && *on_b);
  EXPECT_EQ(upstream_.calls(), 1) << "exactly one new leader";
  EXPECT_EQ(*(*on_a)->value->body, *(*on_b)->value->body);
}

TEST_F(FleetTest, ALiveLeaderSlowerThanTheLockTtlKeepsItsLock) {
  std::optional<GetResult> on_a, on_b;
  asio::co_spawn(io_, GetInto(a_->cache.get(), Counting(1000ms), &on_a), asio::detached);
  RunFor(100ms);  // A leads
  asio::co_spawn(io_, GetInto(b_->cache.get(), Counting(1000ms), &on_b), asio::detached);
  RunFor(1500ms);  // the lock TTL (400 ms) passes twice during A's fetch
  ASSERT_TRUE(on_a && *on_a);
  ASSERT_TRUE(on_b && *on_b);
  EXPECT_EQ(upstream_.calls(), 1) << "the lease was renewed: B never took over from a live leader";
  EXPECT_EQ(*(*on_b)->value->body, "v1");
}

TEST_F(FleetTest, ValkeyDownOpensTheBreakerAndTheCacheKeepsWorkingPerProcess) {
  server_.Kill();
  auto result = Get(*a_, Counting());
  ASSERT_TRUE(result) << "Valkey down never fails a request";
  EXPECT_EQ(result->status, CacheStatus::kMiss);
  EXPECT_EQ(upstream_.calls(), 1);
  // The heartbeat's failed PINGs complete the run of failures that opens the breaker.
  for (int i = 0; i < 40 && a_->fleet->State() != "down"; ++i) RunFor(20ms);
  EXPECT_EQ(a_->fleet->State(), "down");
  EXPECT_EQ(a_->Sample("bahnvision_valkey_circuit_breaker_open"), 1);
  // While open, the L1 copy is served and Valkey is not even tried.
  auto again = Get(*a_, Counting());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, CacheStatus::kHit);

  server_.Restart();
  RunFor(100ms);
  EXPECT_EQ(a_->fleet->State(), "down") << "open for breaker_open_for, however soon Valkey is back";
  clock_.Advance(200ms + 100ms);  // breaker_open_for, and the connection's longest back-off
  // The background probe closes the breaker without any request coming along.
  for (int i = 0; i < 40 && a_->fleet->State() != "ok"; ++i) RunFor(20ms);
  EXPECT_EQ(a_->fleet->State(), "ok");
  EXPECT_EQ(a_->Sample("bahnvision_valkey_circuit_breaker_open"), 0);
  EXPECT_EQ(a_->Sample("bahnvision_valkey_circuit_breaker_opened_total"), 1);
}

// One replica's Valkey traffic through its fleet tier (the counters it exports), heartbeat
// PINGs left out: they are a per-replica constant, not part of a refresh.
struct Traffic {
  double commands = 0;
  double bytes = 0;
};
Traffic FleetTraffic(Replica& r) {
  Traffic t;
  std::istringstream lines(r.registry.Expose());
  for (std::string line; std::getline(lines, line);) {
    const bool commands = line.starts_with("bahnvision_valkey_commands_total{");
    const bool bytes = line.starts_with("bahnvision_valkey_reply_bytes_total{");
    if ((!commands && !bytes) || line.find("operation=\"ping\"") != std::string::npos) continue;
    (commands ? t.commands : t.bytes) += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return t;
}

// Issue 14 item 4, and the figure it asks for: a replica waiting for another replica's refresh
// polled SET NX plus a GET of the whole (stale) entry every 20 ms, downloading the body ~50
// times a second only to discard it. A waiter is woken by the fill notification and checks
// the entry's header server-side; the body crosses the network once, when the new value exists.
constexpr std::size_t kBody = 100'000;  // a big departures board
// A fetcher answering after `delay` with kBody bytes of the letter 'a' + <call number>.
Fetcher BigBody(std::shared_ptr<std::atomic<int>> calls, std::chrono::milliseconds delay) {
  return [calls, delay]() -> asio::awaitable<FetchOutcome> {
    const int n = ++*calls;
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
    co_return Fill{ValueKind::kFound, std::string(kBody, static_cast<char>('a' + n)), nullptr};
  };
}

TEST_F(FleetTest, AReplicaWaitingForAnothersRefreshReadsNoBodyUntilTheNewValueExists) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  const auto big = [calls](std::chrono::milliseconds delay) { return BigBody(calls, delay); };
  ASSERT_TRUE(Get(*a_, big(0ms)));
  RunFor(50ms);  // the L2 write completes after the waiters are released
  auto from_l2 = Get(*b_, big(0ms));
  ASSERT_TRUE(from_l2);
  ASSERT_EQ(from_l2->status, CacheStatus::kHit);
  clock_.Advance(31s);  // both replicas' copies are stale now

  const Traffic before = FleetTraffic(*b_);
  std::optional<GetResult> on_a, on_b;
  asio::co_spawn(io_, GetInto(a_->cache.get(), big(400ms), &on_a), asio::detached);
  RunFor(50ms);  // A holds the fleet lock and calls MVG
  asio::co_spawn(io_, GetInto(b_->cache.get(), big(400ms), &on_b), asio::detached);
  RunFor(700ms);
  const Traffic after = FleetTraffic(*b_);

  ASSERT_TRUE(on_a && *on_a && on_b && *on_b);
  EXPECT_EQ((*on_b)->status, CacheStatus::kStaleRefresh);
  EXPECT_EQ(calls->load(), 2) << "one MVG call for the refresh, by A";
  const auto refreshed = b_->l1.Get("k");
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->body->front(), 'c') << "B holds A's refreshed value (the second fetch's)";
  const double commands = after.commands - before.commands;
  const double bytes = after.bytes - before.bytes;
  std::printf("[ figure   ] waiting replica, one refresh (MVG 400 ms, body %zu bytes): %.0f Valkey commands, "
              "%.0f reply bytes\n",
              kBody, commands, bytes);
  EXPECT_LE(commands, 3);
  EXPECT_LT(bytes, kBody + 1000) << "one body at most: the new value's, never the stale one";
}

// Without notifications (subscription down or renewed) a waiter polls with back-off, still
// reading only the header until the new value exists.
TEST_F(FleetTest, AWaiterWithoutNotificationsPollsTheHeaderWithBackOff) {
  Replica c(io_, server_, clock_, 3s, 400ms, Replica::Notifications::kUnsubscribed);
  auto calls = std::make_shared<std::atomic<int>>(0);
  ASSERT_TRUE(Get(*a_, BigBody(calls, 0ms)));
  RunFor(50ms);
  ASSERT_TRUE(Get(c, BigBody(calls, 0ms)));  // from L2
  clock_.Advance(31s);

  const Traffic before = FleetTraffic(c);
  std::optional<GetResult> on_a, on_c;
  asio::co_spawn(io_, GetInto(a_->cache.get(), BigBody(calls, 400ms), &on_a), asio::detached);
  RunFor(50ms);
  asio::co_spawn(io_, GetInto(c.cache.get(), BigBody(calls, 400ms), &on_c), asio::detached);
  RunFor(1000ms);
  const Traffic after = FleetTraffic(c);
  c.fleet->Stop();
  c.client->Stop();
  RunFor(50ms);

  ASSERT_TRUE(on_c && *on_c);
  EXPECT_EQ(calls->load(), 2) << "the waiter never called MVG itself";
  const auto refreshed = c.l1.Get("k");
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->body->front(), 'c');
  const double commands = after.commands - before.commands;
  const double bytes = after.bytes - before.bytes;
  std::printf("[ figure   ] waiting replica without notifications, one refresh: %.0f Valkey commands, %.0f reply bytes\n",
              commands, bytes);
  // Checks at 0, 20, 60, 140, 300, 620 ms after it began (the fill lands at about 350 ms).
  EXPECT_GE(commands, 3) << "it polled";
  EXPECT_LE(commands, 8) << "with back-off, not every 20 ms";
  EXPECT_LT(bytes, kBody + 1000) << "one body at most";
}

// The breaker opens on a run of failures, not on one: a single slow or failed command is not
// an outage (it used to open the breaker for 30 s across the replica).
TEST(FleetBreakerTest, OneFailureLeavesTheBreakerClosedThreeInARowOpenIt) {
  test::ValkeyServer server;
  asio::io_context io;
  obs::Registry registry;
  auto url = valkey::ParseUrl(server.url());
  valkey::ClientOptions options{*url, 1};
  options.connection.backoff_min = 1ms;
  options.connection.backoff_max = 1ms;
  auto client = std::make_unique<valkey::Client>(std::vector<asio::any_io_executor>{io.get_executor()}, options);
  {
    Fleet fleet(*client, FleetOptions{}, registry);  // not started: no heartbeat adds failures
    std::vector<std::string> ping{"PING"};
    ASSERT_TRUE(test::RunCoro(io, fleet.Execute(ping, "test")));
    server.Kill();
    for (int failures = 1; failures <= 3; ++failures) {
      EXPECT_FALSE(test::RunCoro(io, fleet.Execute(ping, "test")));
      EXPECT_EQ(fleet.State(), failures < 3 ? "ok" : "down") << "after " << failures << " failures";
    }
  }
  client->Stop();
  io.restart();
  io.poll();
  client.reset();
}

}  // namespace
}  // namespace bv::cache
