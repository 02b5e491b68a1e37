// The fleet-wide cache end to end: several `bahnvision serve` replicas sharing one Valkey
// (Debian's redis-server) in front of one `mvg-sim`, all real processes on loopback.
// /__sim/stats counts what reached "MVG".
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"
#include "support/valkey_server.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

template <typename F>
bool Eventually(F&& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

// N replicas + Valkey + mvg-sim.
class Fleet {
 public:
  explicit Fleet(int replicas, Env env = {}) {
    env["MVG_BASE_URL"] = sim_.base_url();
    env["VALKEY_URL"] = valkey_.url();
    env.emplace("ACCESS_LOG", "false");
    env.emplace("CACHE_CIRCUIT_BREAKER_TIMEOUT_SECONDS", "0.5");
    env_ = env;
    for (int i = 0; i < replicas; ++i) AddReplica();
  }
  // One more replica with the same settings (e.g. one that starts while others run).
  void AddReplica() { replicas_.push_back(std::make_unique<ServiceProcess>(env_)); }
  ServiceProcess& replica(std::size_t i) { return *replicas_.at(i); }
  std::uint16_t port(std::size_t i) { return replicas_.at(i)->port(); }
  std::size_t size() const { return replicas_.size(); }
  SimProcess& sim() { return sim_; }
  ValkeyServer& valkey() { return valkey_; }
  HttpResult Get(std::size_t i, const std::string& target, const Headers& headers = {}) {
    auto res = HttpGet(port(i), target, headers);
    EXPECT_TRUE(res) << "replica " << i << " " << target;
    return res ? *res : HttpResult{};
  }
  // A sample of replica i's /metrics, e.g. "bahnvision_valkey_circuit_breaker_open", or -1.
  double Metric(std::size_t i, const std::string& sample) {
    const auto body = Get(i, "/metrics").body;
    const auto at = body.find("\n" + sample + " ");
    return at == std::string::npos ? -1 : std::stod(body.substr(at + sample.size() + 2));
  }

 private:
  ValkeyServer valkey_;
  SimProcess sim_;
  Env env_;
  std::vector<std::unique_ptr<ServiceProcess>> replicas_;
};

const std::string kBoard = "/api/v1/mvg/departures?station=de:09162:2&limit=5";

TEST(FleetTest, ThreeHundredClientsOnThreeReplicasMakeOneMvgCall) {
  Fleet fleet(3);
  fleet.sim().SetFaults("latency_ms=1000");
  std::vector<std::vector<std::optional<HttpResult>>> results(3);
  std::vector<Clock::duration> took(3);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      const auto started = Clock::now();
      results[i] = ConcurrentGets(fleet.port(i), kBoard, 100);
      took[i] = Clock::now() - started;
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& per_replica : results) {
    for (const auto& r : per_replica) ok += r && r->status == 200;
  }
  EXPECT_EQ(ok, 300);
  EXPECT_EQ(fleet.sim().Calls("departures"), 1) << "one MVG call for the whole fleet";
  EXPECT_EQ(fleet.sim().Calls("zdm_station"), 1) << "the station lookup is shared too";
  const auto [fastest, slowest] = std::minmax_element(took.begin(), took.end());
  for (std::size_t i = 0; i < took.size(); ++i) {
    std::printf("replica %zu: 100 clients answered after %lld ms\n", i,
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took[i]).count()));
  }
  // The leader's replica answers after ~2 x 1 s (station, then departures); the others are
  // woken by the fill notification. Generous bound for loaded CI machines.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(*slowest - *fastest).count(), 300);
}

TEST(FleetTest, AHotKeyExpiringUnderLoadIsRefreshedOncePerExpiryAndNobodyWaits) {
  Fleet fleet(3, Env{{"MVG_DEPARTURES_CACHE_TTL_SECONDS", "1"}, {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "60"}});
  ASSERT_EQ(fleet.Get(0, kBoard).status, 200);
  fleet.sim().SetFaults("latency_ms=300&endpoint=departures");
  const auto started = Clock::now();
  int requests = 0, misses = 0, slow = 0;
  while (Clock::now() - started < 3500ms) {
    const auto t0 = Clock::now();
    const auto res = fleet.Get(requests % 3, kBoard);
    ++requests;
    EXPECT_EQ(res.status, 200);
    misses += res.Header("x-cache-status") == "miss";
    slow += Clock::now() - t0 > 200ms;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(misses, 0);
  EXPECT_EQ(slow, 0) << "no client waits for MVG while a stale copy exists";
  const int calls = fleet.sim().Calls("departures");
  // One fill, then at most one refresh per expiry (every >= 1 s): without the fleet lock each of
  // the three replicas would refresh every expiry.
  EXPECT_GE(calls, 3) << requests << " requests";
  EXPECT_LE(calls, 5) << requests << " requests";
}

TEST(FleetTest, AKilledLeaderIsReplacedWithinTheLockTtl) {
  Fleet fleet(3, Env{{"CACHE_SINGLEFLIGHT_LOCK_TTL_SECONDS", "1"}, {"CACHE_SINGLEFLIGHT_LOCK_WAIT_SECONDS", "8"}});
  // Resolve the station fleet-wide first, so that only the departures call is slow.
  ASSERT_EQ(fleet.Get(0, "/api/v1/mvg/departures?station=de:09162:2&limit=1").status, 200);
  fleet.sim().Reset();
  fleet.sim().SetFaults("latency_ms=2000&endpoint=departures");
  std::thread leader([&] { HttpGet(fleet.port(0), kBoard); });  // its replica dies mid-fetch
  std::this_thread::sleep_for(300ms);
  std::optional<HttpResult> on_1, on_2;
  const auto started = Clock::now();
  std::thread follower_1([&] { on_1 = HttpGet(fleet.port(1), kBoard); });
  std::thread follower_2([&] { on_2 = HttpGet(fleet.port(2), kBoard); });
  std::this_thread::sleep_for(200ms);
  fleet.replica(0).process().Signal(SIGKILL);
  follower_1.join();
  follower_2.join();
  leader.join();
  const auto took = Clock::now() - started;
  ASSERT_TRUE(on_1 && on_2);
  EXPECT_EQ(on_1->status, 200);
  EXPECT_EQ(on_2->status, 200);
  EXPECT_EQ(on_1->body, on_2->body);
  EXPECT_EQ(fleet.sim().Calls("departures"), 2) << "the dead leader's call and exactly one takeover";
  // Lock expiry (<= 1 s after the leader took it) + one 2 s fetch.
  EXPECT_LT(took, 4500ms);
}

TEST(FleetTest, ValkeyStoppedUnderLoadNeverCausesA500AndTheFleetRecovers) {
  Fleet fleet(3);
  std::atomic<bool> running{true};
  std::atomic<int> served{0}, failed{0}, server_errors{0};
  std::thread load([&] {
    const std::vector<std::string> stations = {"de:09162:2", "de:09162:6", "de:09162:50", "de:09162:1", "de:09162:3"};
    for (int n = 0; running.load(); ++n) {
      const auto res = HttpGet(fleet.port(n % 3), "/api/v1/mvg/departures?station=" + stations[n % stations.size()] +
                                                       "&limit=" + std::to_string(1 + n % 10));
      if (!res) {
        ++failed;
      } else if (res->status >= 500) {
        ++server_errors;
      } else {
        ++served;
      }
    }
  });
  std::this_thread::sleep_for(700ms);
  fleet.valkey().Kill();
  EXPECT_TRUE(Eventually([&] { return fleet.Metric(0, "bahnvision_valkey_circuit_breaker_open") == 1; }, 3s));
  EXPECT_EQ(fleet.Get(0, "/api/v1/health/ready").status, 200) << "Valkey down does not make a replica unready";
  EXPECT_NE(fleet.Get(0, "/api/v1/health/ready").body.find("\"down\""), std::string::npos);
  std::this_thread::sleep_for(1000ms);
  fleet.valkey().Restart();
  EXPECT_TRUE(Eventually([&] { return fleet.Metric(0, "bahnvision_valkey_circuit_breaker_open") == 0; }, 5s));
  std::this_thread::sleep_for(500ms);
  running = false;
  load.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(served.load(), 20);
  EXPECT_GE(fleet.Metric(0, "bahnvision_valkey_circuit_breaker_opened_total"), 1);
  // The fleet tier is used again: a key fetched by one replica is a hit on another.
  const std::string fresh_key = "/api/v1/mvg/departures?station=de:09162:2&limit=17";
  ASSERT_EQ(fleet.Get(1, fresh_key).Header("x-cache-status"), "miss");
  EXPECT_TRUE(Eventually([&] { return fleet.Get(2, fresh_key).Header("x-cache-status") == "hit"; }, 2s));
}

TEST(FleetTest, MvgRateLimitHoldsTheBreakerOpenForItsRetryAfterAndStaleIsServed) {
  Fleet fleet(1, Env{{"MVG_DEPARTURES_CACHE_TTL_SECONDS", "1"}, {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "60"}});
  const auto fresh = fleet.Get(0, kBoard);
  ASSERT_EQ(fresh.status, 200);
  fleet.sim().SetFaults("rate_limit=1&retry_after=3&endpoint=departures");
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(fleet.Get(0, kBoard).Header("x-cache-status"), "stale-refresh");  // the refresh meets the 429
  ASSERT_TRUE(Eventually([&] {
    return fleet.Metric(0, R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"})") == 1;
  }, 2s));
  const int calls_at_open = fleet.sim().Calls("departures");
  // A different key of the same endpoint: no copy, breaker open -> 503 with Retry-After, no call.
  const auto refused = fleet.Get(0, "/api/v1/mvg/departures?station=de:09162:2&limit=9");
  EXPECT_EQ(refused.status, 503);
  EXPECT_GE(std::stoi(refused.Header("retry-after").empty() ? "0" : refused.Header("retry-after")), 1);
  for (int i = 0; i < 8; ++i) {
    const auto stale = fleet.Get(0, kBoard);
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body, fresh.body);
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(fleet.sim().Calls("departures"), calls_at_open) << "no MVG call while the breaker is held open";
  fleet.sim().ClearFaults();
  EXPECT_TRUE(Eventually([&] { return fleet.Get(0, kBoard).Header("x-cache-status") == "hit"; }, 8s));
  EXPECT_EQ(fleet.Metric(0, R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"})"), 0);
}

// MVG rate-limits one replica: every replica, and one started during the hold, holds its
// departures breaker open for the Retry-After without a call of its own (they learn it through
// Valkey, not by earning a 429 each).
TEST(FleetTest, AnMvgRateLimitSeenByOneReplicaHoldsEveryReplica) {
  Fleet fleet(3);
  const auto state = [&](std::size_t i) {
    return fleet.Metric(i, R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"})");
  };
  fleet.sim().SetFaults("rate_limit=1&retry_after=6&endpoint=departures");
  const auto limited = fleet.Get(0, "/api/v1/mvg/departures?station=de:09162:2&limit=3");
  EXPECT_EQ(limited.status, 503) << limited.body;
  const int calls_after_429 = fleet.sim().Calls("departures");
  EXPECT_EQ(calls_after_429, 1);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_TRUE(Eventually([&] { return state(i) == 1; }, 2s)) << "replica " << i << " did not hold its breaker";
    const auto refused = fleet.Get(i, "/api/v1/mvg/departures?station=de:09162:2&limit=" + std::to_string(10 + i));
    EXPECT_EQ(refused.status, 503);
    EXPECT_FALSE(refused.Header("retry-after").empty());
  }
  fleet.AddReplica();  // starts during the hold: reads it from Valkey
  EXPECT_TRUE(Eventually([&] { return state(3) == 1; }, 2s)) << "a replica started during the hold ignored it";
  EXPECT_EQ(fleet.Get(3, "/api/v1/mvg/departures?station=de:09162:2&limit=20").status, 503);
  EXPECT_EQ(fleet.sim().Calls("departures"), calls_after_429) << "only the first replica called MVG during the hold";
  EXPECT_EQ(fleet.Metric(1, R"(bahnvision_mvg_holds_shared_total{direction="applied"})"), 1);
  EXPECT_EQ(fleet.Metric(0, R"(bahnvision_mvg_holds_shared_total{direction="published"})"), 1);

  fleet.sim().ClearFaults();  // after the Retry-After every replica calls MVG again
  const std::string after_hold = "/api/v1/mvg/departures?station=de:09162:2&limit=30";
  EXPECT_TRUE(Eventually([&] { return fleet.Get(2, after_hold).status == 200; }, 10s));
}

TEST(FleetTest, AClientOverItsBudgetIsRefusedByEveryReplica) {
  // The budget is per wall-clock minute: keep clear of a minute boundary.
  const auto seconds_into_minute = std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch()).count() % 60;
  if (seconds_into_minute > 50) std::this_thread::sleep_for(std::chrono::seconds(61 - seconds_into_minute));
  // Fleet budget 1 + 6 = 7 per minute; each replica's own bucket holds 6.
  Fleet fleet(3, Env{{"RATE_LIMIT_PER_MINUTE", "1"}, {"RATE_LIMIT_BURST", "6"}});
  const std::string target = "/api/v1/mvg/stations/search?q=Marienplatz";
  for (int i = 0; i < 4; ++i) ASSERT_EQ(fleet.Get(0, target).status, 200);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(fleet.Get(1, target).status, 200);
  std::this_thread::sleep_for(400ms);  // the replicas sync their counts (every 100 ms)
  for (std::size_t r = 0; r < 3; ++r) {
    HttpResult last;
    EXPECT_TRUE(Eventually([&] {
      last = fleet.Get(r, target);
      return last.status == 429;
    }, 2s)) << "replica " << r;
    EXPECT_FALSE(last.Header("retry-after").empty());
    EXPECT_EQ(last.Header("ratelimit-limit"), "1");
  }
  EXPECT_EQ(fleet.Get(2, "/api/v1/health").status, 200);
}

}  // namespace
}  // namespace bv::test
