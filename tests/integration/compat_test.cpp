// Contract of the original BahnVision API (MVG era, FastAPI), derived from its endpoint
// signatures and pydantic models: a client written for it must work unchanged against us.
// `bahnvision serve` and `mvg-sim` run as real processes; requests use the original's exact
// shapes (parameter names, bounds, time forms), and every answer is also checked against
// docs/openapi.yaml. docs/api.md "Compatibility with the original" lists what this pins down.
#include <chrono>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

class CompatTest : public ::testing::Test {
 protected:
  CompatTest() : service_({{"MVG_BASE_URL", sim_.base_url()}, {"ACCESS_LOG", "false"}}) {}

  // GET, contract-checked against docs/openapi.yaml.
  HttpResult Get(const std::string& target) {
    HttpClient client("127.0.0.1", service_.port(), 20s);
    auto res = client.Request("GET", target);
    EXPECT_TRUE(res) << target;
    if (!res) return {};
    const std::string path = target.substr(0, target.find('?'));
    for (const auto& p : OpenApiContract::Instance().Check(path, "GET", res->status, res->Header("content-type"), res->body)) {
      ADD_FAILURE() << target << ": " << p << "\n" << res->body.substr(0, 300);
    }
    return *res;
  }
  json::value GetJson(const std::string& target, int status) {
    const auto res = Get(target);
    EXPECT_EQ(res.status, status) << target << " -> " << res.body.substr(0, 300);
    return json::parse(res.body);
  }

  // The one validation error of a 422 answer, in FastAPI's shape:
  // {"detail": [{"type", "loc", "msg", "input"}]} and nothing else.
  json::object OnlyValidationError(const std::string& target) {
    const auto doc = GetJson(target, 422);
    const auto& top = doc.as_object();
    EXPECT_EQ(top.size(), 1u) << target << ": " << json::serialize(doc);
    const auto* detail = top.if_contains("detail");
    if (detail == nullptr || !detail->is_array() || detail->as_array().size() != 1) {
      ADD_FAILURE() << target << ": detail is not a list of one error: " << json::serialize(doc);
      return {};
    }
    const auto& error = detail->as_array()[0].as_object();
    EXPECT_EQ(error.size(), 4u) << json::serialize(error);
    EXPECT_TRUE(error.at("type").is_string());
    EXPECT_TRUE(error.at("msg").is_string());
    EXPECT_FALSE(error.at("msg").as_string().empty());
    EXPECT_TRUE(error.at("input").is_string() || error.at("input").is_null());
    return error;
  }

  SimProcess sim_;
  ServiceProcess service_;
};

std::string Utc(const json::value& stop, const char* field) { return std::string(stop.at(field).as_string()); }

void ExpectStation(const json::value& station) {
  const auto& s = station.as_object();
  EXPECT_EQ(s.size(), 5u) << json::serialize(s);
  EXPECT_TRUE(s.at("id").is_string());
  EXPECT_TRUE(s.at("name").is_string());
  EXPECT_TRUE(s.at("place").is_string()) << "place is a string in the original, never null: " << json::serialize(s);
  EXPECT_TRUE(s.at("latitude").is_number());
  EXPECT_TRUE(s.at("longitude").is_number());
}

TEST_F(CompatTest, StationSearchTakesTheOriginalsQueryParameterAndKeepsQ) {
  const auto original = GetJson("/api/v1/mvg/stations/search?query=Marienplatz&limit=8", 200);
  EXPECT_EQ(original.at("query"), "Marienplatz");
  const auto& results = original.at("results").as_array();
  ASSERT_FALSE(results.empty());
  EXPECT_LE(results.size(), 8u);
  EXPECT_EQ(results[0].at("id"), "de:09162:2");
  for (const auto& s : results) ExpectStation(s);
  EXPECT_EQ(GetJson("/api/v1/mvg/stations/search?q=Marienplatz&limit=8", 200), original);
  EXPECT_EQ(GetJson("/api/v1/mvg/stations/search?query=Marienplatz&q=Marienplatz&limit=8", 200), original);

  const auto differ = OnlyValidationError("/api/v1/mvg/stations/search?query=Marienplatz&q=Odeonsplatz");
  EXPECT_EQ(differ.at("loc"), (json::array{"query", "q"}));
  EXPECT_EQ(differ.at("input"), "Odeonsplatz");
  const auto missing = OnlyValidationError("/api/v1/mvg/stations/search?limit=8");
  EXPECT_EQ(missing.at("loc"), (json::array{"query", "query"}));
  EXPECT_EQ(missing.at("type"), "missing");
  EXPECT_EQ(missing.at("msg"), "Field required");
  EXPECT_TRUE(missing.at("input").is_null());
  // The original's bounds: 1 <= limit <= 50, query at least one character.
  for (const char* limit : {"0", "51", "x"}) {
    const auto error = OnlyValidationError(std::string("/api/v1/mvg/stations/search?query=Marienplatz&limit=") + limit);
    EXPECT_EQ(error.at("loc"), (json::array{"query", "limit"}));
    EXPECT_EQ(error.at("input"), limit);
  }
  EXPECT_EQ(GetJson("/api/v1/mvg/stations/search?query=Marienplatz&limit=50", 200).at("results").as_array().empty(), false);
  EXPECT_EQ(OnlyValidationError("/api/v1/mvg/stations/search?query=").at("loc"), (json::array{"query", "query"}));
  // Errors other than validation keep a string detail.
  EXPECT_TRUE(GetJson("/api/v1/mvg/stations/search?query=Xyzzyplatz", 404).at("detail").is_string());
}

TEST_F(CompatTest, StationListIsTheWholeCachedCatalogue) {
  const auto first = Get("/api/v1/mvg/stations/list");
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 300);
  const auto list = json::parse(first.body);
  ASSERT_TRUE(list.is_array());
  // As many stations as MVG's catalogue has (asked of the simulator directly).
  const auto catalogue = HttpGet(sim_.port(), "/api/bgw-pt/v3/stations");
  ASSERT_TRUE(catalogue && catalogue->status == 200);
  EXPECT_EQ(list.as_array().size(), json::parse(catalogue->body).at("stations").as_array().size());
  bool marienplatz = false;
  for (const auto& s : list.as_array()) {
    ExpectStation(s);
    marienplatz = marienplatz || (s.at("id") == "de:09162:2" && s.at("name") == "Marienplatz");
  }
  EXPECT_TRUE(marienplatz);
  const auto again = Get("/api/v1/mvg/stations/list");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.Header("x-cache-status"), "hit");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(sim_.Calls("stations"), 2) << "one fetch by the service, one by this test";
}

// The first plan's departure (or, arriving by a time, the last arrival) as RFC 3339 UTC.
struct PlanTimes {
  std::string first_departure, last_arrival;
};
PlanTimes Times(const json::value& answer) {
  const auto& plans = answer.at("plans").as_array();
  if (plans.empty()) return {};
  PlanTimes t{Utc(plans.front().at("departure"), "planned_time"), ""};
  for (const auto& p : plans) t.last_arrival = std::max(t.last_arrival, Utc(p.at("arrival"), "planned_time"));
  return t;
}

TEST_F(CompatTest, RoutePlanningTakesEveryTimeFormOfTheOriginal) {
  const std::string plan = "/api/v1/mvg/routes/plan?origin=Marienplatz&destination=Odeonsplatz";
  const struct {
    const char* time;
    const char* from;  // the instant it means
    const char* until;  // U-Bahn trains run every few minutes: the first one leaves before this
  } forms[] = {
      {"2025-01-15T10:00:00%2B01:00", "2025-01-15T09:00:00Z", "2025-01-15T09:30:00Z"},  // RFC 3339
      {"2025-01-15T10:00:00", "2025-01-15T09:00:00Z", "2025-01-15T09:30:00Z"},  // Munich winter time
      {"2025-07-15T10:00:00", "2025-07-15T08:00:00Z", "2025-07-15T08:30:00Z"},  // Munich summer time
      {"1736931600", "2025-01-15T09:00:00Z", "2025-01-15T09:30:00Z"},  // unix seconds
      {"2025-01-15T08:00:00Z", "2025-01-15T08:00:00Z", "2025-01-15T08:30:00Z"},
  };
  for (const auto& f : forms) {
    const auto answer = GetJson(plan + "&departure_time=" + f.time, 200);
    const auto t = Times(answer);
    EXPECT_GE(t.first_departure, f.from) << f.time;
    EXPECT_LT(t.first_departure, f.until) << f.time;
  }
  // A date is local midnight: arriving by 2025-01-15 means by 23:00 UTC the day before.
  const auto by_midnight = Times(GetJson(plan + "&arrival_time=2025-01-15", 200));
  EXPECT_LE(by_midnight.last_arrival, "2025-01-14T23:00:00Z");
  EXPECT_GE(by_midnight.last_arrival, "2025-01-14T22:00:00Z");

  const auto garbage = OnlyValidationError(plan + "&departure_time=tomorrow");
  EXPECT_EQ(garbage.at("loc"), (json::array{"query", "departure_time"}));
  EXPECT_EQ(garbage.at("input"), "tomorrow");
  const auto both = OnlyValidationError(plan + "&departure_time=1736931600&arrival_time=1736935200");
  EXPECT_EQ(both.at("loc"), (json::array{"query", "arrival_time"}));
  EXPECT_EQ(OnlyValidationError("/api/v1/mvg/routes/plan?destination=Odeonsplatz").at("loc"), (json::array{"query", "origin"}));
}

TEST_F(CompatTest, RouteLegsCarryWholeNonNegativeDistancesAndStationsAString) {
  const auto answer = GetJson("/api/v1/mvg/routes/plan?origin=de:09162:2&destination=de:09184:460", 200);
  ExpectStation(answer.at("origin"));
  ExpectStation(answer.at("destination"));
  int legs = 0, distances = 0;
  for (const auto& p : answer.at("plans").as_array()) {
    for (const auto& leg : p.at("legs").as_array()) {
      ++legs;
      const auto& d = leg.at("distance_meters");
      if (d.is_null()) continue;
      ++distances;
      EXPECT_TRUE(d.is_int64() || d.is_uint64()) << "an integer, as the original's int field: " << json::serialize(d);
      if (d.is_int64()) EXPECT_GE(d.as_int64(), 0);
    }
  }
  EXPECT_GT(legs, 0);
  EXPECT_GT(distances, 0) << "mvg-sim sends a distance per part";
  ExpectStation(GetJson("/api/v1/mvg/departures?station=Marienplatz&limit=5", 200).at("station"));
}

TEST_F(CompatTest, EveryValidationErrorIsAFastApiList) {
  const struct {
    const char* target;
    const char* param;
  } cases[] = {
      {"/api/v1/mvg/departures", "station"},
      {"/api/v1/mvg/departures?station=Marienplatz&limit=41", "limit"},
      {"/api/v1/mvg/departures?station=Marienplatz&offset=61", "offset"},
      {"/api/v1/mvg/departures?station=Marienplatz&transport_type=hovercraft", "transport_type"},
      {"/api/v1/mvg/stations/search?query=%FF", "query"},
      {"/api/v1/mvg/routes/plan?origin=Marienplatz", "destination"},
      {"/api/v1/mvg/routes/plan?origin=Marienplatz&destination=Odeonsplatz&transport_type=zeppelin", "transport_type"},
  };
  for (const auto& c : cases) {
    const auto error = OnlyValidationError(c.target);
    EXPECT_EQ(error.at("loc"), (json::array{"query", c.param})) << c.target;
  }
  // Several bad parameters: one entry each, in the order of the signature.
  const auto doc = GetJson("/api/v1/mvg/departures?limit=0&offset=99", 422);
  const auto& detail = doc.at("detail").as_array();
  ASSERT_EQ(detail.size(), 3u) << json::serialize(doc);
  EXPECT_EQ(detail[0].at("loc"), (json::array{"query", "station"}));
  EXPECT_EQ(detail[1].at("loc"), (json::array{"query", "limit"}));
  EXPECT_EQ(detail[1].at("input"), "0");
  EXPECT_EQ(detail[2].at("loc"), (json::array{"query", "offset"}));
}

}  // namespace
}  // namespace bv::test
