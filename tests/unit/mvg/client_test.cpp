// The MVG client against a scripted loopback upstream: request shape, retries and their
// budget, rate limiting, bad payloads, deadlines and metrics.
#include "mvg/client.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "model/time_text.hpp"
#include "support/fake_upstream.hpp"
#include "support/run_coro.hpp"

namespace bv::mvg {
namespace {

using namespace std::chrono_literals;
using test::FakeUpstream;
using test::Reply;
using test::RunCoro;
using test::SeenRequest;

constexpr const char* kOneDeparture =
    R"([{"plannedDepartureTime":1791481080000,"realtime":true,"delayInMinutes":2,"realtimeDepartureTime":1791481200000,)"
    R"("transportType":"UBAHN","label":"U3","destination":"Fürstenried West","cancelled":false,"platform":2,"messages":[]}])";

ClientOptions Options(const FakeUpstream& fake) {
  ClientOptions o;
  o.base_url = fake.base_url();
  o.total_timeout = 2s;
  o.backoff_base = 5ms;
  o.user_agent = "BahnVision/test";
  return o;
}

std::string Metrics(const obs::Registry& r) { return r.Expose(); }

// Owns the io_context the client's pooled connections belong to; the client goes first.
class Harness {
 public:
  explicit Harness(ClientOptions options, const clock::Clock& clock = clock::SystemClock::Instance())
      : client_(std::make_unique<Client>(std::move(options), registry_, clock)) {}
  ~Harness() { client_.reset(); }
  Client& client() { return *client_; }
  obs::Registry& registry() { return registry_; }
  template <typename T>
  T Run(boost::asio::awaitable<T> task) {
    return RunCoro(io_, std::move(task));
  }

 private:
  boost::asio::io_context io_;
  obs::Registry registry_;
  std::unique_ptr<Client> client_;
};

TEST(MvgClientTest, DeparturesSendTheDocumentedRequestAndMapTheAnswer) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{200, kOneDeparture}; });
  Harness h(Options(fake));
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 5, {"UBAHN", "SBAHN"}, {"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}));
  ASSERT_TRUE(got) << got.error().log_detail;
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().line, "U3");
  EXPECT_EQ(got->front().platform, "2");

  ASSERT_EQ(fake.requests(), 1);
  const SeenRequest seen = fake.seen().front();
  EXPECT_EQ(seen.target,
            "/api/bgw-pt/v3/departures?globalId=de:09162:2&limit=10&offsetInMinutes=5&transportTypes=UBAHN,SBAHN");
  EXPECT_EQ(seen.headers.at("user-agent"), "BahnVision/test");
  EXPECT_EQ(seen.headers.at("accept"), "application/json");
  EXPECT_EQ(seen.headers.at("traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="success"} 1)"),
            std::string::npos);
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_request_seconds_count{endpoint="departures"} 1)"), std::string::npos);
}

TEST(MvgClientTest, RetriesA503AndSucceeds) {
  std::atomic<int> calls{0};
  FakeUpstream fake([&](const SeenRequest&) { return ++calls == 1 ? Reply{503, "busy"} : Reply{200, kOneDeparture}; });
  Harness h(Options(fake));
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_TRUE(got) << got.error().log_detail;
  EXPECT_EQ(fake.requests(), 2);
  EXPECT_EQ(fake.seen().front().target.find("transportTypes"), std::string::npos);  // no filter: all types
  const std::string m = Metrics(h.registry());
  EXPECT_NE(m.find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="server_error"} 1)"), std::string::npos);
  EXPECT_NE(m.find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="success"} 1)"), std::string::npos);
}

TEST(MvgClientTest, NeverRetriesA4xx) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{400, "bad"}; });
  Harness h(Options(fake));
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kStatus4xx);
  EXPECT_EQ(fake.requests(), 1);
}

TEST(MvgClientTest, RateLimitedCarriesRetryAfterAndIsNotRetried) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{429, "slow down"}.Header("Retry-After", "30"); });
  Harness h(Options(fake));
  auto got = h.Run(h.client().SearchStations("Marienplatz", {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kRateLimited);
  EXPECT_EQ(got.error().retry_after, 30s);
  EXPECT_EQ(fake.requests(), 1);
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_requests_total{endpoint="locations",result="rate_limited"} 1)"),
            std::string::npos);
}

TEST(MvgClientTest, ForbiddenIsRateLimitingToo) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{403, "blocked"}; });
    auto options = Options(fake);
  options.default_retry_after = 42s;
  Harness h(options);
  auto got = h.Run(h.client().SearchStations("x", {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kRateLimited);
  EXPECT_EQ(got.error().retry_after, 42s);  // no Retry-After header: the configured default
}

TEST(MvgClientTest, AnHtmlPageWithStatus200IsABadPayload) {
  FakeUpstream fake([](const SeenRequest&) {
    return Reply{200, "<html><body>Seite nicht gefunden</body></html>", "text/html;charset=UTF-8"};
  });
  Harness h(Options(fake));
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kBadPayload);
  EXPECT_EQ(fake.requests(), 1);
  EXPECT_NE(Metrics(h.registry()).find(R"(result="invalid_payload"} 1)"), std::string::npos);
}

TEST(MvgClientTest, WrongFieldTypesAreAnInvalidPayloadNamingTheField) {
  FakeUpstream fake([](const SeenRequest&) {
    return Reply{200, R"([{"plannedDepartureTime":"19:38","transportType":"BUS","label":"1","destination":"x"}])"};
  });
  Harness h(Options(fake));
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kBadPayload);
  EXPECT_NE(got.error().log_detail.find("departures[0].plannedDepartureTime"), std::string::npos) << got.error().log_detail;
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="invalid_payload"} 1)"),
            std::string::npos);
}

TEST(MvgClientTest, AHangingUpstreamTimesOutAtTheDeadlineWithoutRetry) {
  FakeUpstream fake([](const SeenRequest&) {
    Reply r{200, kOneDeparture};
    r.delay = 5s;
    return r;
  });
    auto options = Options(fake);
  options.total_timeout = 300ms;
  Harness h(options);
  const auto started = std::chrono::steady_clock::now();
  auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kTimeout);
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_EQ(fake.requests(), 1);
}

TEST(MvgClientTest, RetryBudgetBoundsExtraCallsDuringAnOutage) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{503, "down"}; });
  auto options = Options(fake);
  options.breaker.failure_ratio = 2.0;  // never opens: the retry budget alone is under test
  Harness h(options);
  constexpr int kCalls = 60;
  for (int i = 0; i < kCalls; ++i) {
    auto got = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().kind, UpstreamError::Kind::kStatus5xx);
  }
  // The bucket starts with 10 tokens and gains 0.2 per call: at most 10 + 0.2 * 60 = 22 retries.
  EXPECT_GT(fake.requests(), kCalls);
  EXPECT_LE(fake.requests(), kCalls + 22);
}

TEST(MvgClientTest, TheBreakerOpensOnAFailingEndpointOnlyAndRefusesWithoutCalling) {
  std::atomic<bool> failing{true};
  FakeUpstream fake([&failing](const SeenRequest& r) {
    if (failing && r.target.find("/departure") != std::string::npos) return Reply{500, "down"};
    return Reply{200, "[]"};
  });
  auto options = Options(fake);
  options.breaker = {10, 5, 0.5, 200ms, 1};
  clock::ManualClock clock;  // the breakers' time: the open period passes when the test says so
  Harness h(options, clock);
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {})));
  const int reached = fake.requests();
  auto refused = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, UpstreamError::Kind::kBreakerOpen);
  EXPECT_GE(refused.error().retry_after.count(), 1);
  EXPECT_EQ(fake.requests(), reached) << "an open breaker does not call MVG";
  EXPECT_TRUE(h.Run(h.client().SearchStations("Marienplatz", {}))) << "other endpoints have their own breaker";
  const auto metrics = Metrics(h.registry());
  EXPECT_NE(metrics.find(R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"} 1)"), std::string::npos);
  EXPECT_NE(metrics.find(R"(bahnvision_mvg_circuit_breaker_state{endpoint="locations"} 0)"), std::string::npos);
  EXPECT_NE(metrics.find(R"(bahnvision_mvg_requests_total{endpoint="departures",result="breaker_open"} 1)"),
            std::string::npos);
  // After the open time a probe goes through; MVG is back, so it closes.
  failing = false;
  clock.Advance(200ms);
  EXPECT_TRUE(h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {})));
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"} 0)"),
            std::string::npos);
}

TEST(MvgClientTest, RateLimitedHoldsTheBreakerOpenForRetryAfter) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{429, "slow down"}.Header("Retry-After", "2"); });
  Harness h(Options(fake));
  ASSERT_FALSE(h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {})));
  auto refused = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, UpstreamError::Kind::kBreakerOpen);
  EXPECT_EQ(refused.error().retry_after.count(), 2);
  EXPECT_EQ(fake.requests(), 1);
}

TEST(MvgClientTest, NothingListeningIsAConnectError) {
  std::string dead_url;
  {
    FakeUpstream gone([](const SeenRequest&) { return Reply{}; });
    dead_url = gone.base_url();
  }
    ClientOptions options;
  options.base_url = dead_url;
  options.backoff_base = 1ms;
  Harness h(options);
  auto got = h.Run(h.client().SearchStations("x", {}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, UpstreamError::Kind::kConnect);
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_mvg_requests_total{endpoint="locations",result="connect_error"} 3)"),
            std::string::npos)
      << "connection failures are retried (3 attempts)";
}

TEST(MvgClientTest, StationByIdUsesZdmAndMapsNotFound) {
  FakeUpstream fake([](const SeenRequest& req) {
    if (req.target == "/.rest/zdm/stations/de:09162:50") {
      return Reply{200, R"({"name":"Sendlinger Tor","place":"München","id":"de:09162:50","latitude":48.13,"longitude":11.56})"};
    }
    return Reply{404, "{}"};
  });
  Harness h(Options(fake));
  auto found = h.Run(h.client().StationById("de:09162:50", {}));
  ASSERT_TRUE(found) << found.error().log_detail;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "Sendlinger Tor");
  auto missing = h.Run(h.client().StationById("de:09162:999999", {}));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST(MvgClientTest, RoutesRequestCarriesMvgTimeFormat) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{200, "[]"}; });
  Harness h(Options(fake));
  RouteQuery q;
  q.origin_id = "de:09162:318";
  q.destination_id = "de:09162:760";
  q.time = model::ParseRfc3339("2026-10-08T19:38:42+02:00");
  q.time_is_arrival = true;
  q.transport_types = {"BUS"};
  auto got = h.Run(h.client().Routes(q, {}));
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->empty());
  EXPECT_EQ(fake.seen().front().target,
            "/api/bgw-pt/v3/routes?originStationGlobalId=de:09162:318&destinationStationGlobalId=de:09162:760"
            "&routingDateTime=2026-10-08T17:38:00.000Z&routingDateTimeIsArrival=true&transportTypes=BUS");
}

TEST(MvgClientTest, QueryTextIsPercentEncoded) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{200, "[]"}; });
  Harness h(Options(fake));
  ASSERT_TRUE(h.Run(h.client().SearchStations("Münchner Freiheit & Co", {})));
  EXPECT_EQ(fake.seen().front().target,
            "/api/bgw-pt/v3/locations?query=M%C3%BCnchner%20Freiheit%20%26%20Co&locationTypes=STATION");
}

using Board = MvgResult<std::vector<model::Departure>>;

// Two departure calls at the same time on one worker.
boost::asio::awaitable<std::pair<Board, Board>> TwoAtOnce(Client& c) {
  using namespace boost::asio::experimental::awaitable_operators;
  const std::vector<std::string> all_types;
  const CallContext ctx;
  auto a = c.Departures("de:09162:2", 1, 0, all_types, ctx);
  auto b = c.Departures("de:09162:1", 1, 0, all_types, ctx);
  auto [first, second] = co_await (std::move(a) && std::move(b));
  co_return std::pair{std::move(first), std::move(second)};
}

// MVG_MAX_CONNECTIONS / MVG_MAX_PENDING_REQUESTS: with the one connection busy and no room to
// wait, a call is refused at once as our own overload (not an MVG failure: no request, no
// breaker outcome, no retry) and counted.
TEST(MvgClientTest, AtTheConnectionLimitWithNoRoomToWaitACallIsRefusedAsOverloaded) {
  FakeUpstream fake([](const SeenRequest&) {
    Reply r{200, kOneDeparture};
    r.delay = 200ms;
    return r;
  });
  ClientOptions options = Options(fake);
  options.max_connections = 1;
  options.max_pending = 0;
  Harness h(options);
  auto [first, second] = h.Run(TwoAtOnce(h.client()));
  ASSERT_TRUE(first) << first.error().log_detail;
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, UpstreamError::Kind::kOverloaded);
  EXPECT_EQ(second.error().retry_after, 1s);
  EXPECT_EQ(fake.requests(), 1);
  const std::string metrics = Metrics(h.registry());
  EXPECT_NE(metrics.find(R"(bahnvision_upstream_rejections_total{upstream="mvg",limit="pending"} 1)"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(bahnvision_mvg_circuit_breaker_state{endpoint="departures"} 0)"), std::string::npos);
  EXPECT_EQ(metrics.find("result=\"overloaded\""), std::string::npos) << "no HTTP call was made";
}

TEST(MvgClientTest, AtTheConnectionLimitACallWaitsForTheBusyConnectionAndReusesIt) {
  FakeUpstream fake([](const SeenRequest&) {
    Reply r{200, kOneDeparture};
    r.delay = 100ms;
    return r;
  });
  ClientOptions options = Options(fake);
  options.max_connections = 1;
  options.max_pending = 1;
  Harness h(options);
  auto [first, second] = h.Run(TwoAtOnce(h.client()));
  ASSERT_TRUE(first) << first.error().log_detail;
  ASSERT_TRUE(second) << second.error().log_detail;
  EXPECT_EQ(fake.requests(), 2);
  EXPECT_NE(Metrics(h.registry()).find(R"(bahnvision_upstream_rejections_total{upstream="mvg",limit="pending"} 0)"),
            std::string::npos);
}

TEST(RetryAfterTest, ParsesSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter("120", now), 120s);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT", now), 60s);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:40:00 GMT", now), 0s);
  EXPECT_FALSE(ParseRetryAfter("", now));
  EXPECT_FALSE(ParseRetryAfter("soon", now));
}

TEST(RetryAfterTest, HugeDeltasAndFarDatesSaturateInsteadOfOverflowing) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);
  EXPECT_EQ(ParseRetryAfter("999999999", now), 999999999s);
  const auto huge = ParseRetryAfter("99999999999999999999999999999", now);
  ASSERT_TRUE(huge);
  EXPECT_GT(*huge, 86400s * 365 * 30);
  const auto far = ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now);
  ASSERT_TRUE(far);
  EXPECT_GT(*far, 86400s * 365 * 30);
  EXPECT_EQ(ParseRetryAfter(" 7\t", now), 7s);
  EXPECT_FALSE(ParseRetryAfter("-5", now));
  EXPECT_FALSE(ParseRetryAfter("1e9", now));
  EXPECT_FALSE(ParseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT trailing", now));
}

TEST(RetryAfterTest, ClampCutsToTheCapAndNeverBelowZero) {
  EXPECT_EQ(ClampRetryAfter(5s, 600s), 5s);
  EXPECT_EQ(ClampRetryAfter(600s, 600s), 600s);
  EXPECT_EQ(ClampRetryAfter(999999999s, 600s), 600s);
  EXPECT_EQ(ClampRetryAfter(-3s, 600s), 0s);
  EXPECT_EQ(ClampRetryAfter(1500ms, 1s), 1s);
}

TEST(MvgClientTest, AHugeRetryAfterHoldsTheBreakerOnlyForTheCap) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{429, "slow down"}.Header("Retry-After", "999999999"); });
  auto options = Options(fake);
  options.retry_after_max = 3s;
  Harness h(options);
  auto first = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().retry_after, 3s);
  auto refused = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, UpstreamError::Kind::kBreakerOpen);
  EXPECT_LE(refused.error().retry_after, 3s);
}

TEST(MvgClientTest, AFarHttpDateRetryAfterIsCappedToo) {
  FakeUpstream fake([](const SeenRequest&) {
    return Reply{429, "slow down"}.Header("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT");
  });
  auto options = Options(fake);
  options.retry_after_max = 4s;
  Harness h(options);
  auto first = h.Run(h.client().Departures("de:09162:2", 10, 0, {}, {}));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().retry_after, 4s);
}

TEST(MvgClientTest, AHoldFromTheFleetIsCappedLikeOneFromMvg) {
  FakeUpstream fake([](const SeenRequest&) { return Reply{200, "[]"}; });
  auto options = Options(fake);
  options.retry_after_max = 2s;
  Harness h(options);
  ASSERT_TRUE(h.client().HoldEndpoint("locations", std::chrono::hours(24 * 365)));
  auto refused = h.Run(h.client().SearchStations("x", {}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, UpstreamError::Kind::kBreakerOpen);
  EXPECT_LE(refused.error().retry_after, 2s);
}

}  // namespace
}  // namespace bv::mvg
