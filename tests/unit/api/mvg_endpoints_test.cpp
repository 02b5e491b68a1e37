// The MVG endpoints in-process against a scripted upstream: validation, mapping to the public
// JSON, cache headers, not-found markers and error statuses. (Integration tests run the same
// against mvg-sim as real processes.)
#include "api/mvg_endpoints.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/test_server.hpp"

namespace bv::api {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using test::HttpResult;
using test::Reply;
using test::SeenRequest;

constexpr const char* kMarienplatz =
    R"({"type":"STATION","globalId":"de:09162:2","divaId":2,"name":"Marienplatz","place":"München",)"
    R"("latitude":48.137245,"longitude":11.575421,"transportTypes":["UBAHN","SBAHN","BUS"]})";

constexpr const char* kDepartures = R"([
 {"plannedDepartureTime":1791481080000,"realtime":true,"delayInMinutes":2,"realtimeDepartureTime":1791481200000,
  "transportType":"UBAHN","label":"U3","destination":"Fürstenried West","cancelled":false,"sev":false,"platform":2,
  "messages":[],"infos":[{"message":"Aufzug außer Betrieb","type":"INFO","network":"swm"}]},
 {"plannedDepartureTime":1791481140000,"realtime":false,"realtimeDepartureTime":1791481140000,
  "transportType":"SBAHN","label":"S1","destination":"Freising","cancelled":true,"sev":false,"platform":1,"messages":[]},
 {"plannedDepartureTime":1791481260000,"realtime":true,"delayInMinutes":0,"realtimeDepartureTime":1791481260000,
  "transportType":"BUS","label":"52","destination":"Tierpark","cancelled":false,"sev":true,"messages":[]}])";

Reply Script(const SeenRequest& req) {
  const std::string& t = req.target;
  if (t.starts_with("/api/bgw-pt/v3/locations?query=Marienplatz")) return Reply{200, std::string("[") + kMarienplatz + "]"};
  if (t.starts_with("/api/bgw-pt/v3/locations")) return Reply{200, "[]"};
  if (t == "/.rest/zdm/stations/de:09162:2") {
    return Reply{200, R"({"name":"Marienplatz","place":"München","id":"de:09162:2","latitude":48.137245,"longitude":11.575421})"};
  }
  if (t == "/.rest/zdm/stations/de:09162:9") {  // MVG gives no place
    return Reply{200, R"({"name":"Nowhere","id":"de:09162:9","latitude":48.1,"longitude":11.5})"};
  }
  if (t.starts_with("/.rest/zdm/stations/")) return Reply{404, "{}"};
  if (t.starts_with("/api/bgw-pt/v3/departures")) return Reply{200, kDepartures};
  return Reply{404, "{}"};
}

// Remembers what the endpoints report to persistence.
struct RecordingSink : model::ObservationSink {
  void OnDepartures(const model::Station& station, const std::vector<model::Departure>& departures,
                    std::chrono::system_clock::time_point) override {
    std::lock_guard lock(mutex);
    boards.emplace_back(station.id, departures.size());
  }
  void OnRoutes(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                std::chrono::system_clock::time_point) override {
    std::lock_guard lock(mutex);
    routes.emplace_back(request.origin.id, plans.size());
  }
  std::mutex mutex;
  std::vector<std::pair<std::string, std::size_t>> boards, routes;
};

class MvgEndpointsTest : public ::testing::Test {
 protected:
  explicit MvgEndpointsTest(test::FakeUpstream::Script script = Script)
      : upstream_(std::move(script)),
        l1_({64 * 1024 * 1024, 4}, clock_),
        tasks_(obs::NullLogger()),
        metrics_(registry_, l1_) {
    mvg::ClientOptions client_options;
    client_options.base_url = upstream_.base_url();
    client_options.total_timeout = 2s;
    client_options.backoff_base = 1ms;
    client_ = std::make_unique<mvg::Client>(client_options, registry_);
    endpoints_ = std::make_unique<MvgEndpoints>(*client_, MvgEndpointsOptions{},
                                                cache::CacheShared{clock_, l1_, flights_, tasks_, metrics_}, &sink_);
    server_ = std::make_unique<test::TestServer>([this](http::Router& r) { endpoints_->Register(r); });
  }
  ~MvgEndpointsTest() override {
    // The client's pooled connections belong to the server's io_contexts: stop the threads,
    // drop the client, then the contexts.
    server_->Stop();
    endpoints_.reset();
    client_.reset();
    server_.reset();
  }

  // GETs `target` and checks the answer against docs/openapi.yaml.
  HttpResult Get(const std::string& target, const test::Headers& headers = {}) {
    auto res = test::HttpGet(server_->port(), target, headers);
    EXPECT_TRUE(res) << target;
    if (!res) return HttpResult{};
    const auto problems = test::OpenApiContract::Instance().Check(target.substr(0, target.find('?')), "GET", res->status,
                                                                   res->Header("content-type"), res->body);
    for (const auto& p : problems) ADD_FAILURE() << target << ": " << p;
    return *res;
  }
  int Calls(std::string_view prefix) {
    int n = 0;
    for (const auto& r : upstream_.seen()) n += r.target.starts_with(prefix);
    return n;
  }
  std::string Detail(const HttpResult& r) { return std::string(json::parse(r.body).as_object().at("detail").as_string()); }

  test::FakeUpstream upstream_;
  RecordingSink sink_;
  cache::ManualClock clock_;
  obs::Registry registry_;
  cache::L1Store l1_;
  cache::SingleFlight flights_;
  cache::TaskTracker tasks_;
  cache::CacheMetrics metrics_;
  std::unique_ptr<mvg::Client> client_;
  std::unique_ptr<MvgEndpoints> endpoints_;
  std::unique_ptr<test::TestServer> server_;
};

TEST_F(MvgEndpointsTest, DeparturesByNameAnswerThePublicShapeThenHit) {
  const auto miss = Get("/api/v1/mvg/departures?station=Marienplatz&limit=3");
  ASSERT_EQ(miss.status, 200) << miss.body;
  EXPECT_EQ(miss.Header("x-cache-status"), "miss");
  EXPECT_EQ(miss.Header("age"), "0");
  EXPECT_EQ(miss.Header("cache-control"), "public, max-age=30, stale-while-revalidate=270, stale-if-error=270");
  EXPECT_EQ(miss.Header("etag").size(), 18u);
  const auto doc = json::parse(miss.body).as_object();
  const auto& station = doc.at("station").as_object();
  EXPECT_EQ(station.at("id").as_string(), "de:09162:2");
  EXPECT_EQ(station.at("name").as_string(), "Marienplatz");
  EXPECT_EQ(station.at("place").as_string(), "München");
  EXPECT_DOUBLE_EQ(station.at("latitude").as_double(), 48.137245);
  EXPECT_NE(miss.body.find(R"("latitude":48.137245,)"), std::string::npos) << "plain decimals, not 4.8137245E1";
  const auto& deps = doc.at("departures").as_array();
  ASSERT_EQ(deps.size(), 3u);
  const auto& u3 = deps[0].as_object();
  EXPECT_EQ(u3.size(), 20u);  // the whole record (openapi.yaml lists every field)
  EXPECT_EQ(u3.at("planned_time").as_string(), "2026-10-08T17:38:00Z");
  EXPECT_EQ(u3.at("realtime_time").as_string(), "2026-10-08T17:40:00Z");
  EXPECT_EQ(u3.at("delay_minutes").as_int64(), 2);
  EXPECT_EQ(u3.at("platform").as_string(), "2");
  EXPECT_TRUE(u3.at("realtime").as_bool());
  EXPECT_EQ(u3.at("line").as_string(), "U3");
  EXPECT_EQ(u3.at("destination").as_string(), "Fürstenried West");
  EXPECT_EQ(u3.at("transport_type").as_string(), "UBAHN");
  EXPECT_EQ(u3.at("icon").as_string(), "mdi:subway");
  EXPECT_FALSE(u3.at("cancelled").as_bool());
  EXPECT_EQ(u3.at("messages").as_array().size(), 1u);
  EXPECT_TRUE(deps[1].as_object().at("cancelled").as_bool());
  EXPECT_TRUE(deps[2].as_object().at("platform").is_null());

  const auto hit = Get("/api/v1/mvg/departures?station=marienplatz&limit=3");  // case-folded key
  EXPECT_EQ(hit.status, 200);
  EXPECT_EQ(hit.Header("x-cache-status"), "hit");
  EXPECT_EQ(hit.body, miss.body);
  EXPECT_EQ(hit.Header("etag"), miss.Header("etag"));
  EXPECT_EQ(Calls("/api/bgw-pt/v3/locations"), 1);
  EXPECT_EQ(Calls("/api/bgw-pt/v3/departures"), 1);
  // Persistence hears of the one MVG fetch, not of the cache hit.
  ASSERT_EQ(sink_.boards.size(), 1u);
  EXPECT_EQ(sink_.boards[0], (std::pair<std::string, std::size_t>{"de:09162:2", 3}));
  EXPECT_NE(upstream_.seen().back().target.find("globalId=de:09162:2&limit=3&offsetInMinutes=0"), std::string::npos);
}

TEST_F(MvgEndpointsTest, DeparturesByIdUseTheStationLookupById) {
  const auto res = Get("/api/v1/mvg/departures?station=de:09162:2");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Calls("/.rest/zdm/stations/de:09162:2"), 1);
  EXPECT_EQ(Calls("/api/bgw-pt/v3/locations"), 0);
}

TEST_F(MvgEndpointsTest, AgeAndMaxAgeFollowTheClock) {
  ASSERT_EQ(Get("/api/v1/mvg/departures?station=Marienplatz").status, 200);
  clock_.Advance(12s);
  const auto hit = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(hit.Header("age"), "12");
  EXPECT_EQ(hit.Header("cache-control"), "public, max-age=18, stale-while-revalidate=270, stale-if-error=270");
}

TEST_F(MvgEndpointsTest, IfNoneMatchAnswers304WithoutBody) {
  const auto first = Get("/api/v1/mvg/departures?station=Marienplatz");
  const auto not_modified = Get("/api/v1/mvg/departures?station=Marienplatz", {{"If-None-Match", first.Header("etag")}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.Header("etag"), first.Header("etag"));
  const auto changed = Get("/api/v1/mvg/departures?station=Marienplatz", {{"If-None-Match", "\"0000000000000000\""}});
  EXPECT_EQ(changed.status, 200);
}

TEST_F(MvgEndpointsTest, CacheStatusAndLastModifiedSayHowOldTheDataIs) {
  const auto miss = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(miss.Header("cache-status"), "BahnVision; fwd=miss; stored");
  EXPECT_EQ(miss.Header("last-modified"), "Fri, 15 Jan 2027 08:00:00 GMT");  // the manual clock's start
  EXPECT_EQ(miss.Header("x-cache-status"), "miss");  // kept for the original's clients
  clock_.Advance(12s);
  const auto hit = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(hit.Header("cache-status"), "BahnVision; hit; ttl=18");
  EXPECT_EQ(hit.Header("last-modified"), "Fri, 15 Jan 2027 08:00:00 GMT");
  clock_.Advance(28s);  // 10 s past the fresh time: served stale while a refresh runs
  const auto stale = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(stale.Header("cache-status"), "BahnVision; hit; ttl=-10; detail=revalidating");
  // The refresh that answer started must end before the fixture frees what it uses.
  for (int i = 0; i < 400 && tasks_.running() > 0; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(tasks_.running(), 0u);
}

TEST_F(MvgEndpointsTest, IfModifiedSinceAnswers304UnlessTheDataIsNewer) {
  const auto first = Get("/api/v1/mvg/departures?station=Marienplatz");
  const std::string target = "/api/v1/mvg/departures?station=Marienplatz";
  const auto same = Get(target, {{"If-Modified-Since", first.Header("last-modified")}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(Get(target, {{"If-Modified-Since", "Sat, 16 Jan 2027 08:00:00 GMT"}}).status, 304);
  EXPECT_EQ(Get(target, {{"If-Modified-Since", "Thu, 14 Jan 2027 08:00:00 GMT"}}).status, 200);
  EXPECT_EQ(Get(target, {{"If-Modified-Since", "yesterday"}}).status, 200);  // unreadable: ignored
  // If-None-Match wins: a wrong ETag is a full answer whatever the date says.
  EXPECT_EQ(Get(target, {{"If-None-Match", "\"0000000000000000\""}, {"If-Modified-Since", first.Header("last-modified")}})
                .status,
            200);
}

// The original's Station model has `place: str`: a client validating with it refused our null.
TEST_F(MvgEndpointsTest, AStationWithoutPlaceHasAnEmptyPlaceNotNull) {
  const auto res = Get("/api/v1/mvg/departures?station=de:09162:9");
  ASSERT_EQ(res.status, 200) << res.body;
  const auto station = json::parse(res.body).at("station");
  ASSERT_TRUE(station.at("place").is_string()) << res.body;
  EXPECT_EQ(station.at("place").as_string(), "");
}

TEST_F(MvgEndpointsTest, EveryBadParameterIs422NamingIt) {
  const struct {
    const char* target;
    const char* param;
  } cases[] = {
      {"/api/v1/mvg/departures", "station"},
      {"/api/v1/mvg/departures?station=", "station"},
      {"/api/v1/mvg/departures?station=X&limit=0", "limit"},
      {"/api/v1/mvg/departures?station=X&limit=41", "limit"},
      {"/api/v1/mvg/departures?station=X&limit=ten", "limit"},
      {"/api/v1/mvg/departures?station=X&offset=61", "offset"},
      {"/api/v1/mvg/departures?station=X&offset=-1", "offset"},
      {"/api/v1/mvg/departures?station=X&transport_type=hovercraft", "transport_type"},
      {"/api/v1/mvg/departures?station=%FF", "station"},
      {"/api/v1/mvg/departures?station=de:09162:2%00", "station"},
      {"/api/v1/mvg/departures?station=de:09162:abc", "station"},
      {"/api/v1/mvg/stations/search?q=%ED%A0%80", "q"},
      {"/api/v1/mvg/routes/plan?origin=%C3&destination=Y", "origin"},
      {"/api/v1/mvg/stations/search", "query"},
      {"/api/v1/mvg/stations/search?q=x&limit=51", "limit"},
      {"/api/v1/mvg/routes/plan?destination=X", "origin"},
      {"/api/v1/mvg/routes/plan?origin=X", "destination"},
      {"/api/v1/mvg/routes/plan?origin=X&destination=Y&departure_time=tomorrow", "departure_time"},
      {"/api/v1/mvg/routes/plan?origin=X&destination=Y&departure_time=2026-11-23T08", "departure_time"},
      {"/api/v1/mvg/routes/plan?origin=X&destination=Y&departure_time=2026-11-23T08:00:00Z&arrival_time=2026-11-23T09:00:00Z",
       "arrival_time"},
      {"/api/v1/mvg/routes/plan?origin=X&destination=Y&transport_type=zeppelin", "transport_type"},
  };
  for (const auto& c : cases) {
    const auto res = Get(c.target);
    EXPECT_EQ(res.status, 422) << c.target;
    const auto doc = json::parse(res.body).as_object();
    EXPECT_EQ(doc.at("detail").as_array()[0].as_object().at("loc").as_array()[1].as_string(), c.param)
        << c.target << " -> " << res.body;
  }
  const auto long_q = Get("/api/v1/mvg/stations/search?q=" + std::string(101, 'a'));
  EXPECT_EQ(long_q.status, 422);
  EXPECT_EQ(upstream_.requests(), 0) << "bad input must never reach MVG";
}

TEST_F(MvgEndpointsTest, TransportTypesAcceptNamesAndCodesAndSevIsNeverSentToMvg) {
  ASSERT_EQ(Get("/api/v1/mvg/departures?station=Marienplatz&transport_type=U-Bahn&transport_type=sbahn").status, 200);
  EXPECT_NE(upstream_.seen().back().target.find("transportTypes=UBAHN,SBAHN"), std::string::npos)
      << upstream_.seen().back().target;
  const auto sev = Get("/api/v1/mvg/departures?station=Marienplatz&transport_type=SEV");
  ASSERT_EQ(sev.status, 200) << sev.body;
  EXPECT_EQ(upstream_.seen().back().target.find("SEV"), std::string::npos);
  const auto deps = json::parse(sev.body).as_object().at("departures").as_array();
  ASSERT_EQ(deps.size(), 1u);  // only the replacement bus
  EXPECT_EQ(deps[0].as_object().at("line").as_string(), "52");
}

TEST_F(MvgEndpointsTest, UnknownStationIs404AndTheAnswerIsCached) {
  const auto first = Get("/api/v1/mvg/departures?station=Atlantis");
  EXPECT_EQ(first.status, 404);
  EXPECT_EQ(Detail(first), "Station 'Atlantis' not found");
  EXPECT_EQ(first.Header("x-cache-status"), "miss");
  const auto second = Get("/api/v1/mvg/departures?station=Atlantis");
  EXPECT_EQ(second.status, 404);
  EXPECT_EQ(second.Header("x-cache-status"), "hit");
  EXPECT_EQ(upstream_.requests(), 1);
  EXPECT_EQ(Get("/api/v1/mvg/departures?station=de:09162:999999").status, 404);
  EXPECT_EQ(Get("/api/v1/mvg/stations/search?q=Atlantis").status, 404);
}

TEST_F(MvgEndpointsTest, StationSearchMapsResultsAndEchoesTheQuery) {
  const auto res = Get("/api/v1/mvg/stations/search?q=Marienplatz&limit=1");
  ASSERT_EQ(res.status, 200) << res.body;
  const auto doc = json::parse(res.body).as_object();
  EXPECT_EQ(doc.at("query").as_string(), "Marienplatz");
  ASSERT_EQ(doc.at("results").as_array().size(), 1u);
  EXPECT_EQ(doc.at("results").as_array()[0].as_object().at("id").as_string(), "de:09162:2");
  EXPECT_NE(upstream_.seen().back().target.find("locationTypes=STATION"), std::string::npos);
}

TEST_F(MvgEndpointsTest, TraceparentIsForwardedToMvgWithOurSpanAsParent) {
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  ASSERT_EQ(Get("/api/v1/mvg/stations/search?q=Marienplatz", {{"traceparent", traceparent}}).status, 200);
  const std::string forwarded = upstream_.seen().back().headers.at("traceparent");
  ASSERT_EQ(forwarded.size(), 55u) << forwarded;
  EXPECT_EQ(forwarded.substr(0, 36), "00-4bf92f3577b34da6a3ce929d0e0e4736-");  // same trace
  EXPECT_NE(forwarded.substr(36, 16), "00f067aa0ba902b7");                    // our span, not the caller's
  EXPECT_EQ(forwarded.substr(52), "-01");
}

TEST_F(MvgEndpointsTest, ATraceIsCreatedWhenTheRequestHasNoneOrAMalformedOne) {
  ASSERT_EQ(Get("/api/v1/mvg/stations/search?q=Marienplatz").status, 200);
  const std::string created = upstream_.seen().back().headers.at("traceparent");
  ASSERT_EQ(created.size(), 55u) << created;
  EXPECT_EQ(created.substr(0, 3), "00-");
  EXPECT_NE(created.substr(3, 32), std::string(32, '0'));

  ASSERT_EQ(Get("/api/v1/mvg/stations/search?q=Marienplatz&limit=3", {{"traceparent", "00-XYZ-not-a-trace"}}).status, 200);
  const std::string replaced = upstream_.seen().back().headers.at("traceparent");
  ASSERT_EQ(replaced.size(), 55u) << replaced;
  EXPECT_NE(replaced.substr(3, 32), created.substr(3, 32));  // a new trace for each request
}

class FailingUpstreamTest : public MvgEndpointsTest {
 protected:
  FailingUpstreamTest()
      : MvgEndpointsTest([this](const SeenRequest& req) {
          if (status_ == 429) return Reply{429, "slow down"}.Header("Retry-After", "17");
          if (status_ != 200) return Reply{static_cast<unsigned>(status_.load()), "down"};
          return Script(req);
        }) {}
  std::atomic<int> status_{200};
};

TEST_F(FailingUpstreamTest, FailureWithoutStaleCopyIs502Or503WithRetryAfter) {
  status_ = 500;
  const auto failed = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(failed.status, 502);
  EXPECT_FALSE(failed.Header("retry-after").empty());
  EXPECT_EQ(Detail(failed), "MVG failed to answer and no cached copy is available");

  status_ = 429;
  const auto limited = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(limited.status, 503);
  EXPECT_EQ(limited.Header("retry-after"), "17");
}

TEST_F(FailingUpstreamTest, FailureWithAStaleCopyServesItAsStale) {
  ASSERT_EQ(Get("/api/v1/mvg/departures?station=Marienplatz").status, 200);
  clock_.Advance(40s);
  status_ = 503;
  const auto refreshing = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(refreshing.status, 200);
  EXPECT_EQ(refreshing.Header("x-cache-status"), "stale-refresh");
  // Wait for the background refresh to fail.
  for (int i = 0; i < 200 && tasks_.running() > 0; ++i) std::this_thread::sleep_for(5ms);
  const auto stale = Get("/api/v1/mvg/departures?station=Marienplatz");
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.Header("x-cache-status"), "stale");
  EXPECT_EQ(stale.Header("cache-status"), "BahnVision; fwd=stale; ttl=-10; detail=mvg-unavailable");
  EXPECT_EQ(stale.Header("age"), "40");
  EXPECT_EQ(stale.Header("cache-control").rfind("public, max-age=0,", 0), 0u) << stale.Header("cache-control");
}

}  // namespace
}  // namespace bv::api
