// MVG_MAX_CONNECTIONS / MVG_MAX_PENDING_REQUESTS end to end (`bahnvision serve` + mvg-sim): with
// every MVG connection busy and no room to wait, a cold request is answered at once with 503,
// Retry-After and a detail naming MVG, and the refusal is counted.
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;

TEST(UpstreamLimitsTest, BeyondTheMvgConnectionLimitColdRequestsGet503NamingMvgAndAreCounted) {
  SimProcess sim;
  sim.SetFaults("latency_ms=800");
  ServiceProcess service({{"MVG_BASE_URL", sim.base_url()},
                          {"WORKER_THREADS", "1"},
                          {"MVG_MAX_CONNECTIONS", "1"},
                          {"MVG_MAX_PENDING_REQUESTS", "0"}});
  std::vector<std::string> boards;
  for (const char* station : {"de:09162:1", "de:09162:2", "de:09162:1010", "de:09162:1020", "de:09162:1030"}) {
    boards.push_back(std::string("/api/v1/mvg/departures?station=") + station + "&limit=3");
  }
  const auto results = ConcurrentGets(service.port(), boards, 15s);
  int served = 0, refused = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r);
    if (r->status == 200) {
      ++served;
      continue;
    }
    EXPECT_EQ(r->status, 503) << r->body;
    EXPECT_NE(r->body.find("MVG connection limit"), std::string::npos) << r->body;
    EXPECT_EQ(r->Header("retry-after"), "1");
    ++refused;
  }
  EXPECT_GE(served, 1) << "the call that got the connection is served";
  EXPECT_GE(refused, 1);
  const auto metrics = HttpGet(service.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body.find("bahnvision_upstream_rejections_total{upstream=\"mvg\",limit=\"pending\"} 0\n"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("bahnvision_upstream_rejections_total{upstream=\"mvg\",limit=\"pending\"} "),
            std::string::npos);
}

}  // namespace
}  // namespace bv::test
