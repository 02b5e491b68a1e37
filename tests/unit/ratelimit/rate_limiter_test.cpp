// The client rate limit: the local token bucket, and the fleet budget shared through a real
// Valkey-protocol server by two limiters (two replicas).
#include "ratelimit/rate_limiter.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "support/run_coro.hpp"
#include "support/valkey_server.hpp"

namespace bv::ratelimit {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Steady = RateLimiter::SteadyClock;
using Wall = RateLimiter::WallClock;

// 10 s into a minute, so that tests do not straddle a minute boundary.
const Wall::time_point kWall = Wall::time_point{std::chrono::minutes{29'000'000} + 10s};

TEST(RateLimiterTest, OffAdmitsEverything) {
  obs::Registry registry;
  RateLimiter limiter({0, 1}, registry, nullptr);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Check("198.51.100.1").allowed);
}

TEST(RateLimiterTest, BurstThenRefillAtTheConfiguredRate) {
  obs::Registry registry;
  RateLimiter limiter({60, 5}, registry, nullptr);  // one per second, bursts of 5
  const auto t0 = Steady::now();
  for (int i = 0; i < 5; ++i) {
    const auto d = limiter.Check("a", t0, kWall);
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 60u);
    EXPECT_EQ(d.remaining, 4u - i);
  }
  const auto refused = limiter.Check("a", t0, kWall);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1u);
  EXPECT_EQ(refused.remaining, 0u);
  EXPECT_TRUE(limiter.Check("b", t0, kWall).allowed) << "clients have their own buckets";
  EXPECT_TRUE(limiter.Check("a", t0 + 1s, kWall + 1s).allowed) << "a token per second";
  EXPECT_FALSE(limiter.Check("a", t0 + 1s, kWall + 1s).allowed);
  EXPECT_NE(registry.Expose().find("bahnvision_rate_limited_total 2"), std::string::npos);
}

TEST(RateLimiterTest, ForgetsIdleClients) {
  obs::Registry registry;
  RateLimiter limiter({60, 5}, registry, nullptr);
  const auto t0 = Steady::now();
  limiter.Check("a", t0, kWall);
  limiter.Check("b", t0 + 200s, kWall);
  EXPECT_EQ(limiter.clients(), 2u);
  limiter.Sweep(t0 + 250s);
  EXPECT_EQ(limiter.clients(), 1u) << "a: idle for 250 s; b: 50 s";
}

LimiterOptions Bounded(std::size_t max_clients) {
  LimiterOptions o{60, 5};
  o.max_clients = max_clients;
  return o;
}

TEST(RateLimiterTest, TheMaximumOfTrackedClientsHoldsUnderAFlood) {
  obs::Registry registry;
  RateLimiter limiter(Bounded(1000), registry, nullptr);
  EXPECT_EQ(limiter.max_clients(), 1000u);
  const auto t0 = Steady::now();
  for (int i = 0; i < 200'000; ++i) {
    limiter.Check("2001:db8:" + std::to_string(i) + "::/64", t0 + std::chrono::microseconds(i), kWall);
    if (i % 10'000 == 0) ASSERT_LE(limiter.clients(), 1000u) << i;
  }
  EXPECT_EQ(limiter.clients(), 1000u);
  const std::string text = registry.Expose();
  EXPECT_NE(text.find("bahnvision_rate_limit_clients 1000"), std::string::npos) << text;
  EXPECT_NE(text.find("bahnvision_rate_limit_evictions_total 199000"), std::string::npos) << text;
}

TEST(RateLimiterTest, TheLeastRecentlySeenClientIsForgottenFirst) {
  obs::Registry registry;
  RateLimiter limiter(Bounded(16), registry, nullptr);  // one client per shard
  const auto t0 = Steady::now();
  std::vector<std::string> keys;
  for (int i = 0; keys.size() < 200; ++i) keys.push_back("k" + std::to_string(i));
  // "a" spends its burst, then 200 other clients arrive (some of them in a's shard, whose one
  // slot a holds): a is the least recently seen there and is forgotten.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.Check("a", t0, kWall).allowed);
  EXPECT_FALSE(limiter.Check("a", t0, kWall).allowed) << "a's bucket is empty";
  for (const auto& key : keys) limiter.Check(key, t0, kWall);
  EXPECT_LE(limiter.clients(), 16u);
  // Forgotten: a starts again with a full bucket (eviction errs on the client's side).
  EXPECT_TRUE(limiter.Check("a", t0, kWall).allowed);
}

TEST(RateLimiterTest, ARecentlySeenClientSurvivesEvictionsInItsShard) {
  obs::Registry registry;
  RateLimiter limiter(Bounded(32), registry, nullptr);  // two slots per shard
  const auto t0 = Steady::now();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.Check("steady", t0, kWall).allowed);
  // A flood of fresh keys, with "steady" seen between each: in its shard it is never the least
  // recently seen of the two slots, so it keeps its (empty) bucket.
  for (int i = 0; i < 5000; ++i) {
    limiter.Check("flood" + std::to_string(i), t0, kWall);
    EXPECT_FALSE(limiter.Check("steady", t0, kWall).allowed) << "evicted after flood key " << i;
  }
  EXPECT_LE(limiter.clients(), 32u);
}

TEST(RateLimiterTest, SweptSlotsAreReused) {
  obs::Registry registry;
  RateLimiter limiter(Bounded(16), registry, nullptr);
  const auto t0 = Steady::now();
  for (int i = 0; i < 100; ++i) limiter.Check("c" + std::to_string(i), t0, kWall);
  const auto tracked = limiter.clients();
  limiter.Sweep(t0 + 1h);
  EXPECT_EQ(limiter.clients(), 0u);
  EXPECT_NE(registry.Expose().find("bahnvision_rate_limit_clients 0"), std::string::npos);
  for (int i = 0; i < 100; ++i) limiter.Check("d" + std::to_string(i), t0 + 1h, kWall);
  EXPECT_EQ(limiter.clients(), tracked);
}

// Two replicas' limiters sharing one Valkey.
class FleetRateLimitTest : public ::testing::Test {
 protected:
  struct Replica {
    Replica(asio::io_context& io, const test::ValkeyServer& server) {
      client = std::make_unique<valkey::Client>(std::vector<asio::any_io_executor>{io.get_executor()},
                                                valkey::ClientOptions{*valkey::ParseUrl(server.url()), 1});
      fleet = std::make_unique<cache::Fleet>(*client, cache::FleetOptions{}, registry);
      limiter = std::make_unique<RateLimiter>(LimiterOptions{60, 10}, registry, fleet.get());
    }
    ~Replica() { client->Stop(); }
    obs::Registry registry;
    std::unique_ptr<valkey::Client> client;
    std::unique_ptr<cache::Fleet> fleet;
    std::unique_ptr<RateLimiter> limiter;
  };
  ~FleetRateLimitTest() override {
    a_.reset();
    b_.reset();
    io_.restart();
    io_.poll();
  }
  test::ValkeyServer server_;
  asio::io_context io_;
  std::unique_ptr<Replica> a_ = std::make_unique<Replica>(io_, server_);
  std::unique_ptr<Replica> b_ = std::make_unique<Replica>(io_, server_);
};

TEST_F(FleetRateLimitTest, AClientOverItsFleetBudgetIsRefusedByEveryReplica) {
  const auto wall = Wall::now();
  // Fleet budget per minute: 60 + 10. Spread 70 requests over "many" buckets' worth of time on
  // replica A (steady time moves so the local bucket keeps refilling).
  auto t = Steady::now();
  int admitted = 0;
  for (int i = 0; i < 70; ++i) {
    t += 1s;
    if (a_->limiter->Check("198.51.100.1", t, wall).allowed) ++admitted;
  }
  EXPECT_EQ(admitted, 70);
  test::RunCoro(io_, a_->limiter->SyncOnce());
  EXPECT_FALSE(a_->limiter->Check("198.51.100.1", t + 1s, wall).allowed) << "A: budget spent";
  // Replica B has seen this client once; after its next sync it knows the fleet total.
  EXPECT_TRUE(b_->limiter->Check("198.51.100.1", t, wall).allowed) << "B decides locally until it syncs";
  test::RunCoro(io_, b_->limiter->SyncOnce());
  const auto refused = b_->limiter->Check("198.51.100.1", t + 1s, wall);
  EXPECT_FALSE(refused.allowed) << "B: the fleet budget is spent";
  EXPECT_GE(refused.retry_after, 1u);
  EXPECT_LE(refused.retry_after, 60u) << "until the minute is over";
  EXPECT_TRUE(b_->limiter->Check("198.51.100.2", t, wall).allowed) << "other clients are unaffected";
}

TEST_F(FleetRateLimitTest, ValkeyDownFallsBackToPerProcessLimits) {
  server_.Kill();
  auto t = Steady::now();
  const auto wall = Wall::now();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(a_->limiter->Check("c", t, wall).allowed);
  // Each sync (with something to send) fails; the Valkey breaker opens on the third failure in a row.
  test::RunCoro(io_, a_->limiter->SyncOnce());
  for (const char* other : {"d", "e"}) {
    EXPECT_TRUE(a_->limiter->Check(other, t, wall).allowed);
    test::RunCoro(io_, a_->limiter->SyncOnce());
  }
  EXPECT_FALSE(a_->limiter->Check("c", t, wall).allowed) << "the local bucket still limits";
  EXPECT_EQ(a_->fleet->State(), "down");
}

}  // namespace
}  // namespace bv::ratelimit
