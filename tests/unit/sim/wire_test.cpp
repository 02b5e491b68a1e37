// The simulator's JSON against MVG's recorded answers (shared/mvg/samples): same field names,
// same JSON types, optional fields only where MVG has them.
#include "wire.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "obs/json_writer.hpp"
#include "route_wire.hpp"
#include "sim_fixture.hpp"
#include "support/paths.hpp"

namespace bv::sim {
namespace {

using namespace test;
namespace json = boost::json;

std::optional<json::value> Sample(const std::string& name) {
  std::ifstream in(std::string(bv::test::kSourceDir) + "/../shared/mvg/samples/" + name);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Our value as a client sees it: serialised by WriteJson and parsed again.
json::object RoundTrip(const json::object& o) { return json::parse(obs::WriteJson(o)).as_object(); }

bool SameKind(const json::value& a, const json::value& b) {
  const auto k = [](const json::value& v) { return v.is_uint64() ? json::kind::int64 : v.kind(); };
  return k(a) == k(b);
}

// Every field of `ours` is in `sample` with the same JSON type, and every field of `sample`
// is in `ours` unless listed as optional.
void ExpectShape(const json::object& ours, const json::object& sample,
                 const std::set<std::string>& optional = {}) {
  for (const auto& member : ours) {
    const json::value* expected = sample.if_contains(member.key());
    if (expected == nullptr) {
      ADD_FAILURE() << "field not in MVG's sample: " << member.key();
    } else {
      EXPECT_TRUE(SameKind(member.value(), *expected)) << member.key() << ": " << obs::WriteJson(member.value());
    }
  }
  for (const auto& member : sample) {
    if (!ours.contains(member.key()) && !optional.count(std::string(member.key()))) {
      ADD_FAILURE() << "field missing: " << member.key();
    }
  }
}

class SimWireTest : public ::testing::Test {
 protected:
  Departure FirstDeparture(const char* station, Mode mode, bool realtime) {
    DepartureQuery q;
    q.global_id = station;
    q.limit = 100;
    for (const Departure& d : BuildDepartures(tt_, q, kMondayPeakMs)) {
      if (d.mode == mode && d.realtime == realtime) return d;
    }
    ADD_FAILURE() << "no such departure at " << station;
    return {};
  }

  Network net_ = FixtureNetwork();
  Timetable tt_{net_, 1};
};

TEST_F(SimWireTest, BusDeparturesHaveTheFieldsOfTheV3Sample) {
  const auto sample = Sample("departures_bgwptv3_2026-10-08_de-09162-318_bus_first11.json");
  if (!sample) GTEST_SKIP() << "shared samples not available";
  const json::object& live_sample = sample->as_array()[0].as_object();  // realtime, with delay
  const json::object& plan_sample = sample->as_array()[1].as_object();  // not realtime
  ASSERT_TRUE(live_sample.at("realtime").as_bool());
  const json::object live = RoundTrip(DepartureJson(FirstDeparture(kLenbachplatz, Mode::kBus, true)));
  const json::object planned = RoundTrip(DepartureJson(FirstDeparture(kLenbachplatz, Mode::kBus, false)));
  ExpectShape(live, live_sample);
  ExpectShape(planned, plan_sample);
  EXPECT_FALSE(planned.contains("delayInMinutes"));
  EXPECT_EQ(planned.at("realtimeDepartureTime"), planned.at("plannedDepartureTime"));
}

TEST_F(SimWireTest, RailDeparturesCarryPlatformsLikeTheSbahnSample) {
  const auto sample = Sample("departures_example_2023-11_sbahn_s3_unterhaching.json");
  if (!sample) GTEST_SKIP() << "shared samples not available";
  const json::object& s3 = sample->as_array()[0].as_object();
  const json::object ours = RoundTrip(DepartureJson(FirstDeparture(kMarienplatz, Mode::kSbahn, true)));
  // The 2023 sample predates the v3 additions; everything it has, we have with its type.
  for (const auto& member : s3) {
    ASSERT_TRUE(ours.contains(member.key())) << member.key();
    EXPECT_TRUE(SameKind(ours.at(member.key()), member.value())) << member.key();
  }
  EXPECT_FALSE(ours.contains("stopPositionNumber"));
  EXPECT_EQ(ours.at("stopPointGlobalId").as_string(), "");
}

TEST_F(SimWireTest, RoutePartsHaveTheFieldsOfTheRoutesSample) {
  const auto sample = Sample("routes_bgwptv3_2026-10-08_oez-west_to_am-hart_first-connection.json");
  if (!sample) GTEST_SKIP() << "shared samples not available";
  const json::object& connection = sample->as_array()[0].as_object();
  const json::array& parts = connection.at("parts").as_array();
  const json::object& bus_part = parts[0].as_object();
  const json::object& walk_part = parts[2].as_object();

  // A tram ride with a footpath appended by hand, so that both kinds of part are checked.
  ModeFilter only_tram;
  only_tram.modes.fill(false);
  only_tram.modes[static_cast<std::size_t>(Mode::kTram)] = true;
  Planner planner(tt_, only_tram, kMondayPeakMs / 60'000);
  const auto tram =
      planner.Earliest(*net_.Find(kHauptbahnhofU), *net_.Find(kIsartor), kMondayPeakMs / 60'000);
  ASSERT_TRUE(tram);
  Journey j = *tram;
  Leg walk;
  walk.kind = Leg::Kind::kWalk;
  walk.from = *net_.Find(kIsartor);
  walk.to = *net_.Find(kMarienplatz);
  walk.start = j.arrival;
  walk.minutes = 5;
  walk.meters = 650.5;
  j.legs.push_back(walk);

  const json::object ours = RoundTrip(ConnectionJson(tt_, j));
  ExpectShape(ours, connection);
  ExpectShape(ours.at("ticketingInformation").as_object(), connection.at("ticketingInformation").as_object());
  const json::array& our_parts = ours.at("parts").as_array();
  const json::object& ride = our_parts[0].as_object();
  ASSERT_EQ(ride.at("line").at("transportType").as_string(), "TRAM");
  ExpectShape(ride, bus_part, {"changeStatus"});
  ExpectShape(ride.at("line").as_object(), bus_part.at("line").as_object());
  const std::set<std::string> delays = {"departureDelayInMinutes", "arrivalDelayInMinutes",
                                        "stopPositionNumber"};
  ExpectShape(ride.at("from").as_object(), bus_part.at("from").as_object(), delays);
  ExpectShape(ride.at("to").as_object(), bus_part.at("to").as_object(), delays);
  const json::object& our_walk = our_parts.back().as_object();
  ExpectShape(our_walk, walk_part);
  EXPECT_EQ(our_walk.at("line").at("label").as_string(), "Fussweg");
  EXPECT_EQ(our_walk.at("line").at("network").as_string(), "unknown");
  EXPECT_EQ(our_walk.at("intermediateStops").as_array().size(), 2u);
  for (const auto& part : our_parts) {
    EXPECT_FALSE(part.as_object().contains("duration"));
    EXPECT_FALSE(part.as_object().at("to").as_object().contains("plannedArrival"));
  }
  // Times are Berlin local with offset.
  EXPECT_TRUE(std::string_view(ride.at("from").at("plannedDeparture").as_string()).ends_with("+01:00"));
}

TEST_F(SimWireTest, RailStopsInRoutesHavePlatforms) {
  Planner planner(tt_, {}, kMondayPeakMs / 60'000);
  const auto j =
      planner.Earliest(*net_.Find(kUniversitaet), *net_.Find(kSendlingerTor), kMondayPeakMs / 60'000);
  ASSERT_TRUE(j);
  const json::object ours = RoundTrip(ConnectionJson(tt_, *j));
  const json::object& from = ours.at("parts").at(0).at("from").as_object();
  EXPECT_TRUE(from.at("platform").is_int64());
  EXPECT_TRUE(from.at("platformChanged").is_bool());
  EXPECT_FALSE(ours.at("parts").at(0).as_object().contains("departureStopPositionNumber"));
}

TEST_F(SimWireTest, LocationsAndZdmMatchTheirSamples) {
  const auto location = Sample("locations_bgwptv3_example_marienplatz.json");
  const auto zdm = Sample("zdm_station_de-09162-50.json");
  if (!location || !zdm) GTEST_SKIP() << "shared samples not available";
  const json::object ours = RoundTrip(LocationJson(net_.station(*net_.Find(kMarienplatz))));
  for (const auto& member : location->as_array()[0].as_object()) {
    ASSERT_TRUE(ours.contains(member.key())) << member.key();
    EXPECT_TRUE(SameKind(ours.at(member.key()), member.value())) << member.key();
  }
  EXPECT_EQ(ours.at("type").as_string(), "STATION");
  const json::object our_zdm = RoundTrip(ZdmStationJson(net_.station(*net_.Find(kSendlingerTor))));
  ASSERT_EQ(our_zdm.size(), zdm->as_object().size());
  for (const auto& member : zdm->as_object()) {
    ASSERT_TRUE(our_zdm.contains(member.key())) << member.key();
    if (member.key() != "abbreviation") {
      EXPECT_TRUE(SameKind(our_zdm.at(member.key()), member.value())) << member.key();
    }
  }
  EXPECT_EQ(our_zdm.at("tariffZones").as_string(), "m");
}

TEST(SimJsonWriterTest, WritesPlainDoublesAndRawUtf8) {
  const json::value v = json::object{{"lat", 48.137245}, {"zero", 0.0}, {"n", 3}, {"s", "München \"x\""}};
  EXPECT_EQ(obs::WriteJson(v), R"({"lat":48.137245,"zero":0.0,"n":3,"s":"München \"x\""})");
  EXPECT_EQ(obs::WriteJson(json::array{1.5, nullptr, true}), "[1.5,null,true]");
}

}  // namespace
}  // namespace bv::sim
