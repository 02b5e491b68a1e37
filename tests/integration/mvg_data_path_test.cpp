// The MVG data path end to end: `bahnvision serve` and `mvg-sim` as real processes on loopback.
// Every answer is checked against docs/openapi.yaml (fields, types, null rules, RFC 3339 UTC
// times; an undocumented field fails), and /__sim/stats counts what reached "MVG".
#include <signal.h>

#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

using Env = std::map<std::string, std::string>;

// A service wired to a simulator, plus contract-checked requests.
class DataPath {
 public:
  explicit DataPath(std::map<std::string, std::string> env = {}, std::vector<std::string> sim_args = {})
      : sim_(std::move(sim_args)), service_(WithSim(std::move(env), sim_)) {}

  HttpResult Request(const std::string& method, const std::string& target, const Headers& headers = {}) {
    HttpClient client("127.0.0.1", service_.port(), 20s);
    auto res = client.Request(method, target, headers);
    EXPECT_TRUE(res) << method << " " << target;
    if (!res) return {};
    const std::string path = target.substr(0, target.find('?'));
    const auto& contract = OpenApiContract::Instance();
    // Methods other than GET are refused everywhere, as the document's description says.
    const auto problems = method == "GET" ? contract.Check(path, method, res->status, res->Header("content-type"), res->body)
                          : res->status == 405 ? contract.CheckSchema("Error", res->body)
                                               : std::vector<std::string>{method + " answered " + std::to_string(res->status)};
    for (const auto& p : problems) ADD_FAILURE() << method << " " << target << ": " << p << "\n" << res->body.substr(0, 300);
    if (method == "GET") coverage_.Record(path, method, res->status);
    return *res;
  }
  HttpResult Get(const std::string& target, const Headers& headers = {}) { return Request("GET", target, headers); }

  SimProcess& sim() { return sim_; }
  ServiceProcess& service() { return service_; }
  ContractCoverage& coverage() { return coverage_; }

 private:
  static std::map<std::string, std::string> WithSim(std::map<std::string, std::string> env, const SimProcess& sim) {
    env["MVG_BASE_URL"] = sim.base_url();
    env.emplace("ACCESS_LOG", "false");
    return env;
  }
  SimProcess sim_;
  ServiceProcess service_;
  ContractCoverage coverage_;
};

// Polls `condition` every 20 ms for up to `limit`.
template <typename F>
bool Eventually(F&& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

long Age(const HttpResult& r) { return std::stol(r.Header("age").empty() ? "-1" : r.Header("age")); }

TEST(MvgDataPathTest, EveryDocumentedPathAndStatusIsServedAsDocumented) {
  DataPath dp;
  const std::vector<std::string> mvg_paths = {"/api/v1/mvg/departures?station=Marienplatz&limit=5",
                                              "/api/v1/mvg/stations/search?q=Marien",
                                              "/api/v1/mvg/routes/plan?origin=de:09162:2&destination=de:09184:460",
                                              "/api/v1/mvg/stations/list"};
  for (const auto& target : mvg_paths) {
    const auto ok = dp.Get(target);
    ASSERT_EQ(ok.status, 200) << target << " " << ok.body;
    EXPECT_EQ(ok.Header("x-cache-status"), "miss");
    EXPECT_EQ(dp.Get(target, {{"If-None-Match", ok.Header("etag")}}).status, 304);
    EXPECT_EQ(dp.Request("POST", target).status, 405);
  }
  // 404: unknown station, no match, no route.
  EXPECT_EQ(dp.Get("/api/v1/mvg/departures?station=de:09162:999999").status, 404);
  EXPECT_EQ(dp.Get("/api/v1/mvg/stations/search?q=Xyzzyplatz").status, 404);
  EXPECT_EQ(dp.Get("/api/v1/mvg/routes/plan?origin=Xyzzyplatz&destination=Marienplatz").status, 404);
  // 422: a bad parameter of each endpoint.
  EXPECT_EQ(dp.Get("/api/v1/mvg/departures?station=Marienplatz&limit=99").status, 422);
  EXPECT_EQ(dp.Get("/api/v1/mvg/stations/search?q=").status, 422);
  EXPECT_EQ(dp.Get("/api/v1/mvg/routes/plan?origin=A&destination=B&departure_time=2026-11-23T08:00:00Z"
                   "&arrival_time=2026-11-23T09:00:00Z")
                .status,
            422);
  // 502: MVG answers 500 (not retried) and nothing is cached for these keys.
  dp.sim().SetFaults("error_rate=1&error_status=500");
  EXPECT_EQ(dp.Get("/api/v1/mvg/departures?station=Sendlinger%20Tor").status, 502);
  EXPECT_EQ(dp.Get("/api/v1/mvg/stations/search?q=Sendlinger").status, 502);
  EXPECT_EQ(dp.Get("/api/v1/mvg/routes/plan?origin=de:09162:2&destination=de:09162:50").status, 502);
  // 503: MVG unreachable (every connection dropped).
  dp.sim().SetFaults("outage=1");
  for (const char* target : {"/api/v1/mvg/departures?station=Odeonsplatz", "/api/v1/mvg/stations/search?q=Odeon",
                             "/api/v1/mvg/routes/plan?origin=de:09162:2&destination=de:09162:6"}) {
    const auto unavailable = dp.Get(target);
    EXPECT_EQ(unavailable.status, 503) << target;
    EXPECT_FALSE(unavailable.Header("retry-after").empty());
  }
  dp.sim().ClearFaults();
  // The catalogue has a single key, cached above: a second service fetches it while MVG fails.
  {
    DataPath failing;
    failing.sim().SetFaults("error_rate=1&error_status=500");
    EXPECT_EQ(failing.Get("/api/v1/mvg/stations/list").status, 502);
    failing.sim().SetFaults("outage=1");
    const auto unavailable = failing.Get("/api/v1/mvg/stations/list");
    EXPECT_EQ(unavailable.status, 503);
    EXPECT_FALSE(unavailable.Header("retry-after").empty());
    for (const int status : {502, 503}) dp.coverage().Record("/api/v1/mvg/stations/list", "GET", status);
  }
  // 429: a client over its rate limit (a second service, with a budget of one request).
  {
    DataPath limited(Env{{"RATE_LIMIT_PER_MINUTE", "1"}, {"RATE_LIMIT_BURST", "1"}});
    EXPECT_EQ(limited.Get(mvg_paths[0]).status, 200);
    for (const auto& target : mvg_paths) {
      const auto refused = limited.Get(target);
      EXPECT_EQ(refused.status, 429) << target;
      EXPECT_GE(std::stoi(refused.Header("retry-after").empty() ? "0" : refused.Header("retry-after")), 1);
      EXPECT_EQ(refused.Header("ratelimit-remaining"), "0");
      dp.coverage().Record(target.substr(0, target.find('?')), "GET", refused.status);
    }
    EXPECT_EQ(limited.Get("/api/v1/health").status, 200) << "health probes are never limited";
    EXPECT_EQ(limited.Get("/metrics").status, 200);
  }
  // Operations and health endpoints.
  for (const char* path : {"/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready", "/metrics", "/openapi.json",
                           "/api/v1/ops/summary"}) {
    EXPECT_EQ(dp.Get(path).status, 200) << path;
    EXPECT_EQ(dp.Request("POST", path).status, 405) << path;
  }
  // Readiness 503 while draining: SIGTERM with a long drain delay keeps the listener open.
  dp.service().process().Signal(SIGTERM);
  ASSERT_TRUE(dp.service().process().WaitForLine("shutdown requested", 5s));
  EXPECT_EQ(dp.Get("/api/v1/health/ready").status, 503);

  // The station history needs PostgreSQL: persistence_test.cpp covers its statuses.
  const auto missing = dp.coverage().Missing(OpenApiContract::Instance(),
                                             [](const std::string& path) { return !path.ends_with("/stats"); });
  EXPECT_TRUE(missing.empty()) << "documented but never exercised: " << ::testing::PrintToString(missing);
}

TEST(MvgDataPathTest, MissThenHitWithCacheHeaders) {
  DataPath dp;
  const auto miss = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  ASSERT_EQ(miss.status, 200);
  EXPECT_EQ(miss.Header("x-cache-status"), "miss");
  const auto hit = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  EXPECT_EQ(hit.Header("x-cache-status"), "hit");
  EXPECT_EQ(hit.body, miss.body);
  EXPECT_EQ(dp.sim().Calls("departures"), 1);
  const auto board = json::parse(hit.body).as_object();
  EXPECT_EQ(board.at("station").at("name").as_string(), "Marienplatz");
  EXPECT_FALSE(board.at("departures").as_array().empty());
}

TEST(MvgDataPathTest, AfterTheFreshTtlServesStaleRefreshAndCallsMvgExactlyOnceMore) {
  DataPath dp(Env{{"MVG_DEPARTURES_CACHE_TTL_SECONDS", "1"}, {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "60"}});
  const std::string target = "/api/v1/mvg/departures?station=de:09162:2";
  ASSERT_EQ(dp.Get(target).status, 200);
  ASSERT_EQ(dp.sim().Calls("departures"), 1);
  std::this_thread::sleep_for(1200ms);
  const auto stale = dp.Get(target);
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.Header("x-cache-status"), "stale-refresh");
  EXPECT_GE(Age(stale), 1);
  EXPECT_TRUE(Eventually([&] { return dp.Get(target).Header("x-cache-status") == "hit"; }));
  for (int i = 0; i < 5; ++i) dp.Get(target);
  EXPECT_EQ(dp.sim().Calls("departures"), 2) << "one refresh per expiry";
}

TEST(MvgDataPathTest, TwoHundredConcurrentRequestsOnAColdKeyMakeOneMvgCall) {
  DataPath dp;
  dp.sim().SetFaults("latency_ms=300");
  const auto results = ConcurrentGets(dp.service().port(), "/api/v1/mvg/departures?station=de:09162:2&limit=5", 200);
  int ok = 0;
  for (const auto& r : results) ok += r && r->status == 200;
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(dp.sim().Calls("departures"), 1);
  EXPECT_EQ(dp.sim().Calls("zdm_station"), 1);
}

TEST(MvgDataPathTest, OutageWithAStaleCopyServesItAsStale) {
  DataPath dp(Env{{"MVG_DEPARTURES_CACHE_TTL_SECONDS", "1"}, {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "60"}});
  const std::string target = "/api/v1/mvg/departures?station=de:09162:2";
  const auto fresh = dp.Get(target);
  ASSERT_EQ(fresh.status, 200);
  dp.sim().SetFaults("outage=1");
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(dp.Get(target).status, 200);  // stale-refresh: the refresh fails in the background
  HttpResult stale;
  EXPECT_TRUE(Eventually([&] {
    stale = dp.Get(target);
    return stale.Header("x-cache-status") == "stale";
  }));
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, fresh.body);
  EXPECT_GE(Age(stale), 1);
}

TEST(MvgDataPathTest, OutageWithoutACopyIs503JsonWithRetryAfter) {
  DataPath dp;
  dp.sim().SetFaults("outage=1");
  const auto res = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(json::parse(res.body).at("detail").as_string(), "MVG is unreachable and no cached copy is available");
  EXPECT_FALSE(res.Header("retry-after").empty());
}

TEST(MvgDataPathTest, AHugeRetryAfterFromMvgHoldsTheBreakerOnlyForTheCap) {
  // MVG (the simulator) asks us to stay away for 31 years; MVG_RETRY_AFTER_MAX_SECONDS is 2.
  DataPath dp(Env{{"MVG_RETRY_AFTER_MAX_SECONDS", "2"}});
  dp.sim().SetFaults("rate_limit=1&retry_after=999999999");
  const auto limited = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  EXPECT_EQ(limited.status, 503) << limited.body;
  ASSERT_FALSE(limited.Header("retry-after").empty());
  EXPECT_LE(std::stol(limited.Header("retry-after")), 2);
  const auto held = dp.Get("/api/v1/mvg/departures?station=de:09162:6");
  ASSERT_FALSE(held.Header("retry-after").empty());
  EXPECT_LE(std::stol(held.Header("retry-after")), 2) << "the breaker holds open for the cap, no longer";
  dp.sim().ClearFaults();
  // Within the cap plus a margin the breaker lets calls through again.
  EXPECT_TRUE(Eventually([&] { return dp.Get("/api/v1/mvg/departures?station=de:09162:2").status == 200; }, 4s));
}

TEST(MvgDataPathTest, AHangingMvgIsCutAtTheConfiguredTimeout) {
  DataPath dp(Env{{"MVG_TIMEOUT_SECONDS", "1"}});
  dp.sim().SetFaults("hang=1");
  const auto started = std::chrono::steady_clock::now();
  const auto res = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  const auto took = std::chrono::steady_clock::now() - started;
  dp.sim().ClearFaults();
  EXPECT_EQ(res.status, 503);
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2500ms) << "the answer must come within the configured bound";
  EXPECT_EQ(dp.Get("/api/v1/health").status, 200);
}

TEST(MvgDataPathTest, MalformedMvgJsonIs502AndNothingCrashes) {
  DataPath dp;
  dp.sim().SetFaults("malformed=1&endpoint=departures");
  const auto res = dp.Get("/api/v1/mvg/departures?station=de:09162:2");
  EXPECT_EQ(res.status, 502);
  EXPECT_EQ(dp.Get("/api/v1/health").status, 200);
  dp.sim().SetFaults("html=1&endpoint=departures");
  EXPECT_EQ(dp.Get("/api/v1/mvg/departures?station=de:09162:2&limit=3").status, 502);
  const auto metrics = dp.Get("/metrics");
  EXPECT_NE(metrics.body.find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="invalid_payload"} 2)"),
            std::string::npos);
}

TEST(MvgDataPathTest, NamesAreResolvedThroughStationSearchAndIdsDirectly) {
  DataPath dp;
  const auto by_name = dp.Get("/api/v1/mvg/departures?station=Garching,%20Forschungszentrum");
  ASSERT_EQ(by_name.status, 200) << by_name.body;
  EXPECT_EQ(json::parse(by_name.body).at("station").at("id").as_string(), "de:09184:460");
  EXPECT_EQ(dp.sim().Calls("locations"), 1);
  const auto plan = dp.Get("/api/v1/mvg/routes/plan?origin=Marienplatz&destination=Garching,%20Forschungszentrum");
  ASSERT_EQ(plan.status, 200) << plan.body;
  const auto plans = json::parse(plan.body).at("plans").as_array();
  ASSERT_FALSE(plans.empty());
  for (const auto& p : plans) {
    EXPECT_GT(p.at("duration_minutes").as_int64(), 0);
    EXPECT_GE(p.at("transfers").as_int64(), 0);
    EXPECT_FALSE(p.at("legs").as_array().empty());
  }
}

// The lines of /metrics of one family, to compare before and after.
std::string Samples(std::uint16_t port, const std::string& family) {
  const auto res = HttpGet(port, "/metrics");
  if (!res) return "unreachable";
  std::string out;
  std::size_t at = 0;
  while ((at = res->body.find("\n" + family, at)) != std::string::npos) {
    const auto end = res->body.find('\n', at + 1);
    out += res->body.substr(at + 1, end - at);
    at = end;
  }
  return out;
}

// Regression (issue 15): station arguments with invalid UTF-8 or a NUL went to MVG (a NUL was
// dropped on the way and "de:09162:2%00" answered for Marienplatz) and counted as MVG errors.
TEST(MvgDataPathTest, MalformedTextIs422BeforeAnyMvgCallAndNoErrorMetricMoves) {
  DataPath dp;
  ASSERT_EQ(dp.Get("/api/v1/mvg/departures?station=de:09162:2").status, 200);  // baseline
  dp.sim().Reset();
  const std::string mvg_before = Samples(dp.service().port(), "bahnvision_mvg_requests_total");
  ASSERT_FALSE(mvg_before.empty());
  const struct {
    const char* target;
    const char* param;
  } cases[] = {
      {"/api/v1/mvg/departures?station=%C3", "station"},
      {"/api/v1/mvg/departures?station=%FF", "station"},
      {"/api/v1/mvg/departures?station=%ED%A0%80", "station"},
      {"/api/v1/mvg/departures?station=de:09162:2%00", "station"},
      {"/api/v1/mvg/departures?station=de:09162:2%0A", "station"},
      {"/api/v1/mvg/departures?station=de:09162:2x", "station"},
      {"/api/v1/mvg/departures?station=de:9:2", "station"},
      {"/api/v1/mvg/stations/search?q=%FF", "q"},
      {"/api/v1/mvg/stations/search?q=Marien%00platz", "q"},
      {"/api/v1/mvg/routes/plan?origin=%C3%28&destination=Marienplatz", "origin"},
      {"/api/v1/mvg/routes/plan?origin=Marienplatz&destination=de:09162:2%00", "destination"},
  };
  for (const auto& c : cases) {
    const auto res = dp.Get(c.target);
    EXPECT_EQ(res.status, 422) << c.target << " -> " << res.body;
    if (res.status != 422) continue;
    const auto doc = json::parse(res.body).as_object();
    EXPECT_EQ(doc.at("detail").as_array()[0].at("loc").as_array()[1].as_string(), c.param)
        << c.target << " -> " << res.body;
  }
  int calls = 0;
  for (const auto& [endpoint, n] : dp.sim().Stats()) calls += n;
  EXPECT_EQ(calls, 0) << "bad input must never reach MVG";
  EXPECT_EQ(Samples(dp.service().port(), "bahnvision_mvg_requests_total"), mvg_before);
  // Valid names and stop-point ids still pass.
  EXPECT_EQ(dp.Get("/api/v1/mvg/departures?station=M%C3%BCnchner%20Freiheit").status, 200);
}

}  // namespace
}  // namespace bv::test
