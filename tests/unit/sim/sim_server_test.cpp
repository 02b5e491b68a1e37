// mvg-sim as a real process over loopback: the "listening on" line, the API's content types,
// every fault knob through the admin API, /__sim/stats, and a prompt exit on SIGTERM.
#include <signal.h>

#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace bv::sim {
namespace {

using namespace std::chrono_literals;
using bv::test::ChildProcess;
using bv::test::HttpClient;
using bv::test::HttpGet;
using bv::test::HttpResult;

constexpr const char* kBoard = "/api/bgw-pt/v3/departures?globalId=de:09162:2&limit=5";

class SimServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bv::test::ProcessOptions o;
    o.argv = {bv::test::kSimBinary, "--port", "0", "--seed", "3", "--now", "2026-11-23T07:00:00Z"};
    process_ = std::make_unique<ChildProcess>(std::move(o));
    const auto line = process_->WaitForLine("listening on 127.0.0.1:", 20s);
    ASSERT_TRUE(line) << process_->Output();
    port_ = bv::test::ParseListeningPort(*line);
    ASSERT_NE(port_, 0);
  }

  std::optional<HttpResult> Admin(const std::string& method, const std::string& target) {
    HttpClient client("127.0.0.1", port_, 5s);
    return client.Request(method, target);
  }
  void SetFaults(const std::string& params) {
    const auto res = Admin("POST", "/__sim/faults?" + params);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  std::uint64_t Count(const std::string& endpoint) {
    const auto res = HttpGet(port_, "/__sim/stats");
    EXPECT_TRUE(res);
    if (!res) return 0;
    return boost::json::parse(res->body).at("requests").at(endpoint).as_int64();
  }

  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

TEST_F(SimServerTest, ServesTheApiWithMvgContentTypesAndCountsRequests) {
  const auto board = HttpGet(port_, kBoard);
  ASSERT_TRUE(board);
  EXPECT_EQ(board->status, 200);
  EXPECT_EQ(board->Header("content-type"), "application/json;charset=UTF-8");
  EXPECT_EQ(boost::json::parse(board->body).as_array().size(), 5u);
  EXPECT_EQ(HttpGet(port_, kBoard)->body, board->body);  // same clock and seed: same board

  const auto search = HttpGet(port_, "/api/bgw-pt/v3/locations?query=Marienplatz&locationTypes=STATION");
  ASSERT_TRUE(search);
  EXPECT_EQ(boost::json::parse(search->body).at(0).at("globalId").as_string(), "de:09162:2");
  const auto blank = HttpGet(port_, "/api/bgw-pt/v3/locations?query=");
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->status, 400);
  EXPECT_EQ(blank->body, "getLocations.query: must not be blank");
  EXPECT_EQ(HttpGet(port_, "/api/bgw-pt/v3/departures?globalId=de:09162:2&transportTypes=SEV")->status, 400);
  const auto catalogue = HttpGet(port_, "/api/bgw-pt/v3/stations");
  ASSERT_TRUE(catalogue);
  EXPECT_FALSE(boost::json::parse(catalogue->body).at("stations").as_array().empty());
  EXPECT_EQ(HttpGet(port_, "/.rest/zdm/stations/de:09162:2")->status, 200);
  EXPECT_EQ(HttpGet(port_, "/.rest/zdm/stations/de:09162:4242424")->status, 404);
  const auto dead = HttpGet(port_, "/api/fib/v2/departure?globalId=de:09162:2");
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->status, 200);
  EXPECT_EQ(dead->Header("content-type"), "text/html;charset=UTF-8");

  const auto stats = boost::json::parse(HttpGet(port_, "/__sim/stats")->body);
  EXPECT_EQ(stats.at("requests").at("departures").as_int64(), 3);
  EXPECT_EQ(stats.at("requests").at("locations").as_int64(), 2);
  EXPECT_EQ(stats.at("requests").at("stations").as_int64(), 1);
  EXPECT_EQ(stats.at("requests").at("zdm_station").as_int64(), 2);
  EXPECT_EQ(stats.at("requests").at("other").as_int64(), 1);
  EXPECT_EQ(stats.at("total").as_int64(), 9);
}

TEST_F(SimServerTest, ErrorFaultsCanBeScopedToOneEndpointAndCleared) {
  SetFaults("error_rate=1&error_status=502&endpoint=departures");
  EXPECT_EQ(HttpGet(port_, kBoard)->status, 502);
  EXPECT_EQ(HttpGet(port_, "/api/bgw-pt/v3/locations?query=Marien")->status, 200);
  const auto faults = boost::json::parse(Admin("GET", "/__sim/faults")->body);
  EXPECT_EQ(faults.at("endpoint").as_string(), "departures");
  EXPECT_EQ(faults.at("error_status").as_int64(), 502);
  EXPECT_EQ(Admin("DELETE", "/__sim/faults")->status, 200);
  EXPECT_EQ(HttpGet(port_, kBoard)->status, 200);
  EXPECT_EQ(Count("departures"), 2u);  // the failed request counts too
  EXPECT_EQ(Admin("POST", "/__sim/faults?error_rate=7")->status, 400);
}

TEST_F(SimServerTest, RateLimitingAnswers429WithRetryAfter) {
  SetFaults("rate_limit=1&retry_after=7");
  const auto res = HttpGet(port_, kBoard);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->Header("retry-after"), "7");
  EXPECT_EQ(HttpGet(port_, "/__sim/stats")->status, 200);  // admin is never faulted
}

TEST_F(SimServerTest, MalformedJsonAndHtmlAnswersHaveStatus200) {
  SetFaults("malformed=1");
  const auto cut = HttpGet(port_, kBoard);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 200);
  EXPECT_EQ(cut->Header("content-type"), "application/json;charset=UTF-8");
  boost::system::error_code ec;
  boost::json::parse(cut->body, ec);
  EXPECT_TRUE(ec) << cut->body;

  SetFaults("html=1");
  const auto html = HttpGet(port_, kBoard);
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 200);
  EXPECT_EQ(html->Header("content-type"), "text/html;charset=UTF-8");
  EXPECT_NE(html->body.find("<html"), std::string::npos);
}

TEST_F(SimServerTest, OutageClosesTheConnectionWithoutAnAnswer) {
  SetFaults("outage=1");
  EXPECT_FALSE(HttpGet(port_, kBoard));
  EXPECT_EQ(Count("departures"), 1u);
}

TEST_F(SimServerTest, LatencyDelaysTheAnswer) {
  SetFaults("latency_ms=300");
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(HttpGet(port_, kBoard));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST_F(SimServerTest, HangHoldsTheRequestUntilTheFaultIsCleared) {
  SetFaults("hang=1");
  HttpClient impatient("127.0.0.1", port_, 300ms);
  EXPECT_FALSE(impatient.Get(kBoard));

  auto waiting = std::async(std::launch::async, [&] {
    HttpClient patient("127.0.0.1", port_, 10s);
    const auto start = std::chrono::steady_clock::now();
    const auto res = patient.Get(kBoard);
    return std::make_pair(res.has_value(), std::chrono::steady_clock::now() - start);
  });
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Admin("DELETE", "/__sim/faults")->status, 200);
  const auto [answered, waited] = waiting.get();
  EXPECT_FALSE(answered);  // a hung request is dropped, never answered
  EXPECT_LT(waited, 5s);
  EXPECT_EQ(HttpGet(port_, kBoard)->status, 200);
}

TEST_F(SimServerTest, ResetZeroesCountersAndClearsFaults) {
  SetFaults("error_rate=1");
  EXPECT_EQ(HttpGet(port_, kBoard)->status, 503);
  EXPECT_EQ(Admin("POST", "/__sim/reset")->status, 200);
  EXPECT_EQ(Count("departures"), 0u);
  EXPECT_EQ(HttpGet(port_, kBoard)->status, 200);
}

TEST_F(SimServerTest, SigtermExitsPromptlyEvenWithAHangingRequest) {
  SetFaults("hang=1");
  auto hanging = std::async(std::launch::async, [&] { return HttpGet(port_, kBoard).has_value(); });
  std::this_thread::sleep_for(200ms);
  process_->Signal(SIGTERM);
  EXPECT_EQ(process_->WaitExit(3s), 0);
  EXPECT_FALSE(hanging.get());
}

}  // namespace
}  // namespace bv::sim
