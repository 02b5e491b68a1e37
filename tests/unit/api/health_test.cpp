#include "api/health.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace bv::api {
namespace {

using bv::test::HttpGet;
using bv::test::TestServer;

TEST(HealthTest, HealthReportsStatusVersionAndUptime) {
  Readiness readiness;
  TestServer server([&](http::Router& r) {
    RegisterHealthRoutes(r, {"1.2.3", std::chrono::steady_clock::now() - std::chrono::seconds(5)}, readiness);
  });
  auto res = HttpGet(server.port(), "/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-type"), "application/json");
  const auto doc = boost::json::parse(res->body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "ok");
  EXPECT_EQ(doc.at("version").as_string(), "1.2.3");
  EXPECT_GE(doc.at("uptime_seconds").as_double(), 5.0);
  EXPECT_LT(doc.at("uptime_seconds").as_double(), 60.0);
}

TEST(HealthTest, ReadinessTurns503WhenDrainingOrARequiredCheckFails) {
  Readiness readiness;
  std::atomic<bool> valkey_up{true};
  readiness.AddCheck("valkey", [&] { return CheckResult{valkey_up ? "ok" : "down", valkey_up.load()}; }, true);
  readiness.AddCheck("database", [] { return CheckResult{"disabled", true}; }, false);
  TestServer server([&](http::Router& r) { RegisterHealthRoutes(r, {"x", std::chrono::steady_clock::now()}, readiness); });

  auto ready = HttpGet(server.port(), "/api/v1/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->body, R"({"status":"ready","checks":{"valkey":"ok","database":"disabled"}})");

  valkey_up = false;
  auto down = HttpGet(server.port(), "/api/v1/health/ready");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
  EXPECT_EQ(down->body, R"({"status":"not_ready","checks":{"valkey":"down","database":"disabled"}})");

  valkey_up = true;
  readiness.SetDraining();
  auto draining = HttpGet(server.port(), "/api/v1/health/ready");
  ASSERT_TRUE(draining);
  EXPECT_EQ(draining->status, 503);
  EXPECT_NE(draining->body.find(R"("draining":true)"), std::string::npos);
  // Liveness is unaffected by the drain: the process is healthy, just leaving.
  auto live = HttpGet(server.port(), "/api/v1/health/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
}

}  // namespace
}  // namespace bv::api
