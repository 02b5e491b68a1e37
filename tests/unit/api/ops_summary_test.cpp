#include "api/ops_summary.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/json_response.hpp"
#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/test_server.hpp"

namespace bv::api {
namespace {

namespace json = boost::json;

TEST(OpsSummaryTest, SummarisesRequestsCachesAndMvgFromTheRegistry) {
  Readiness readiness;
  readiness.AddCheck("valkey", [] { return CheckResult{"disabled", true}; }, false);
  test::TestServer* server_ptr = nullptr;
  test::TestServer server([&](http::Router& r) {
    RegisterHealthRoutes(r, {"9.9.9", std::chrono::steady_clock::now()}, readiness);
    r.Get("/api/v1/ops/summary", [&](http::Exchange& ex) -> boost::asio::awaitable<void> {
      http::SetJson(ex.response, http::bhttp::status::ok,
                    RenderOpsSummary({server_ptr->registry(), readiness, "9.9.9", std::chrono::steady_clock::now()}));
      co_return;
    });
  });
  server_ptr = &server;
  // Cache and MVG metrics as the service would register them.
  auto& cache_events = server.registry().CounterFamily("bahnvision_cache_events_total", "x", {"cache", "event"});
  cache_events.WithLabels({"departures", "hit"}).Inc(9);
  cache_events.WithLabels({"departures", "miss"}).Inc(1);
  server.registry().CounterFamily("bahnvision_mvg_requests_total", "x", {"endpoint", "result"}).WithLabels({"departures", "success"}).Inc(1);
  server.registry().HistogramFamily("bahnvision_mvg_request_seconds", "x", {"endpoint"}).WithLabels({"departures"}).Observe(0.2);

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(test::HttpGet(server.port(), "/api/v1/health"));
  ASSERT_TRUE(test::HttpGet(server.port(), "/nope"));
  std::optional<test::HttpResult> summary;
  for (int i = 0; i < 50; ++i) {  // a request is counted once its answer is written
    summary = test::HttpGet(server.port(), "/api/v1/ops/summary");
    if (summary && json::parse(summary->body).at("requests").at("total").to_number<std::uint64_t>() >= 4) break;
  }
  ASSERT_TRUE(summary);
  const auto doc = json::parse(summary->body).as_object();
  EXPECT_EQ(doc.at("version").as_string(), "9.9.9");
  const auto& requests = doc.at("requests").as_object();
  EXPECT_GE(requests.at("total").to_number<std::uint64_t>(), 4u);
  bool health_seen = false;
  for (const auto& route : requests.at("by_route").as_array()) {
    if (route.at("route") == "/api/v1/health") {
      health_seen = true;
      EXPECT_EQ(route.at("count").to_number<std::uint64_t>(), 3u);
      EXPECT_TRUE(route.at("p95_ms").is_double());
    }
  }
  EXPECT_TRUE(health_seen);
  EXPECT_DOUBLE_EQ(doc.at("cache").at("hit_ratio").as_double(), 0.9);
  EXPECT_EQ(doc.at("mvg").at("requests").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(doc.at("mvg").at("by_result").at("success").to_number<std::uint64_t>(), 1u);
  EXPECT_NEAR(doc.at("mvg").at("latency_p50_ms").as_double(), 175.0, 75.0);  // inside the 0.1..0.25 s bucket
  EXPECT_EQ(doc.at("valkey").at("state").as_string(), "disabled");
}

TEST(HistogramQuantileTest, InterpolatesInsideTheBucket) {
  const double bounds[] = {1, 2, 4};
  const std::uint64_t counts[] = {0, 10, 0, 0};
  EXPECT_DOUBLE_EQ(*obs::HistogramQuantile(bounds, counts, 0.5), 1.5);
  const std::uint64_t none[] = {0, 0, 0, 0};
  EXPECT_FALSE(obs::HistogramQuantile(bounds, none, 0.5));
  const std::uint64_t overflow[] = {0, 0, 0, 5};
  EXPECT_DOUBLE_EQ(*obs::HistogramQuantile(bounds, overflow, 0.99), 4.0);
}

}  // namespace
}  // namespace bv::api
