// The fleet cache on Valkey with Sentinel failover, end to end: three `bahnvision serve`
// replicas configured with VALKEY_SENTINELS, a master, a replica and three sentinels, mvg-sim;
// the master is killed with SIGKILL under load. All real processes on loopback.
#include <atomic>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sentinel_group.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string Board(int station_index) {
  static const std::vector<std::string> stations = {"de:09162:2", "de:09162:6", "de:09162:50", "de:09162:1",
                                                    "de:09162:3", "de:09162:10"};
  return "/api/v1/mvg/departures?station=" + stations[station_index % stations.size()] + "&limit=8";
}

// Load on every replica in turn, counting answers by kind; stops on destruction.
class Load {
 public:
  Load(std::vector<std::uint16_t> ports, int keys) : ports_(std::move(ports)) {
    thread_ = std::thread([this, keys] {
      for (int n = 0; running_.load(); ++n) {
        // Every key visits every replica in turn (n % 3 alone would tie key k to replica k % 3).
        const auto res = HttpGet(ports_[(n / keys) % ports_.size()], Board(n % keys));
        if (!res) {
          ++failed_;
        } else if (res->status >= 500) {
          ++server_errors_;
        } else if (res->status == 200) {
          ++served_;
        }
        std::this_thread::sleep_for(5ms);
      }
    });
  }
  ~Load() { Stop(); }
  void Stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  int served() const { return served_; }
  int failed() const { return failed_; }
  int server_errors() const { return server_errors_; }

 private:
  std::vector<std::uint16_t> ports_;
  std::atomic<bool> running_{true};
  std::atomic<int> served_{0}, failed_{0}, server_errors_{0};
  std::thread thread_;
};

TEST(SentinelFailoverTest, KillingTheMasterUnderLoadCostsNo5xxAndTheFleetFollowsWithinTwoSeconds) {
  SentinelGroup group;
  SimProcess sim;
  const std::map<std::string, std::string> env = {
      {"MVG_BASE_URL", sim.base_url()},
      {"VALKEY_SENTINELS", group.sentinels()},
      {"VALKEY_SENTINEL_MASTER", SentinelGroup::kMasterName},
      {"VALKEY_CONNECT_TIMEOUT_SECONDS", "0.5"},
      {"CACHE_CIRCUIT_BREAKER_TIMEOUT_SECONDS", "0.5"},
      {"MVG_DEPARTURES_CACHE_TTL_SECONDS", "2"},
      {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "120"},
      {"ACCESS_LOG", "false"}};
  std::vector<std::unique_ptr<ServiceProcess>> replicas;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < 3; ++i) {
    replicas.push_back(std::make_unique<ServiceProcess>(env));
    ports.push_back(replicas.back()->port());
  }
  constexpr int kKeys = 6;
  constexpr double kTtl = 2.0;
  // Warm every key fleet-wide (a fill on one replica is a hit on the others), spread over one
  // TTL so that keys expire all the time, not in one batch the failover window might miss.
  for (int k = 0; k < kKeys; ++k) {
    ASSERT_EQ(HttpGet(ports[k % 3], Board(k))->status, 200);
    const auto res = HttpGet(ports[(k + 1) % 3], Board(k));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->Header("x-cache-status"), "hit") << Board(k) << ": the fleet tier works on the first master";
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(kTtl * 1000 / kKeys)));
  }

  Load load(ports, kKeys);
  std::this_thread::sleep_for(1s);
  const int calls_before_kill = sim.Calls("departures");
  const auto killed = Clock::now();
  const auto failover = group.KillMasterAndAwaitFailover();
  const auto promoted = Clock::now();
  // The fleet is back on the new master when a fill by one replica is a hit on another. Fresh
  // keys (a limit nobody asked for) so that no earlier copy can answer; station searches, so
  // that the probes' MVG calls (two per probe while the fleet is down) are not departures calls.
  std::optional<Clock::duration> back_after;
  int probes = 0;
  for (int attempt = 0; Clock::now() - promoted < 5s; ++attempt) {
    const std::string probe = std::string("/api/v1/mvg/stations/search?q=") + (attempt % 2 ? "Marienplatz" : "Garching") +
                              "&limit=" + std::to_string(1 + attempt % 50);
    const auto filled = HttpGet(ports[0], probe);
    ASSERT_TRUE(filled);
    ++probes;
    std::this_thread::sleep_for(50ms);  // the fill is written behind the answer
    const auto other = HttpGet(ports[1], probe);
    ASSERT_TRUE(other);
    if (other->Header("x-cache-status") == "hit") {
      back_after = Clock::now() - promoted;
      break;
    }
  }
  const auto window_end = Clock::now();
  const int calls_in_window = sim.Calls("departures") - calls_before_kill;

  // After: one refresh per key per expiry, fleet-wide.
  std::this_thread::sleep_for(1s);  // let refreshes started in the window finish
  const int calls_after_start = sim.Calls("departures");
  const auto after_start = Clock::now();
  std::this_thread::sleep_for(8s);
  const int calls_after = sim.Calls("departures") - calls_after_start;
  const double after_seconds = std::chrono::duration<double>(Clock::now() - after_start).count();
  load.Stop();

  const double window_seconds = std::chrono::duration<double>(window_end - killed).count();
  // Amplification in the window: MVG departures calls over what one healthy fleet would make
  // in it (each key once per TTL).
  const double needed_in_window = kKeys * window_seconds / kTtl;
  // What a healthy fleet needs: every key once per TTL.
  const double needed_after = kKeys * after_seconds / kTtl;
  std::printf("sentinel failover: kill -> promotion %lld ms, promotion -> fleet back %lld ms; "
              "MVG departures calls: %d in the %.1f s window (keys %d, ttl %.0f s, %d probes: %.2fx of needed), %d in %.1f s after (%.2fx); "
              "answers %d ok, %d 5xx, %d failed\n",
              static_cast<long long>(failover.count()),
              back_after ? static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(*back_after).count()) : -1LL,
              calls_in_window, window_seconds, kKeys, kTtl, probes, calls_in_window / needed_in_window, calls_after, after_seconds, calls_after / needed_after,
              load.served(), load.server_errors(), load.failed());
  ASSERT_TRUE(back_after) << "the fleet never came back on the new master";
  EXPECT_LT(*back_after, 2s) << "fleet back within the failover time plus 2 s";
  EXPECT_EQ(load.server_errors(), 0) << "warmed keys: stale copies answer during the failover";
  EXPECT_EQ(load.failed(), 0);
  EXPECT_GT(load.served(), 100);
  // During the failover the replicas hold their refreshes (CACHE_FLEET_OUTAGE_GRACE_SECONDS)
  // instead of each calling MVG for the same keys.
  EXPECT_LE(calls_in_window / needed_in_window, 1.2);
  // Each key at most once per expiry after the failover (rounding up for expiries at the edges).
  EXPECT_LE(calls_after, kKeys * (static_cast<int>(after_seconds / kTtl) + 1));
}

}  // namespace
}  // namespace bv::test
