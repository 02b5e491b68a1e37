// Contract tests: every recorded MVG payload in ../shared/mvg/samples is mapped, and specific
// fields are asserted. Plus the failure paths of the mapping.
#include "mvg/mapping.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "model/time_text.hpp"
#include "support/shared_data.hpp"

namespace bv::mvg {
namespace {

using model::FormatRfc3339Utc;

TEST(MappingContractTest, DeparturesV3BusSample) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/departures_bgwptv3_2026-10-08_de-09162-318_bus_first11.json");
  const auto deps = MapDepartures(text);
  ASSERT_TRUE(deps) << deps.error();
  ASSERT_EQ(deps->size(), 11u);
  const auto& first = deps->front();
  EXPECT_EQ(FormatRfc3339Utc(first.planned_time), "2026-10-08T17:38:00Z");
  EXPECT_EQ(FormatRfc3339Utc(first.realtime_time), "2026-10-08T17:37:00Z");
  EXPECT_EQ(first.delay_minutes, -1);  // early buses have negative delays
  EXPECT_TRUE(first.realtime);
  EXPECT_EQ(first.line, "175");
  EXPECT_EQ(first.destination, "Ludwigsfeld Campingpl.");
  EXPECT_EQ(first.transport_type, "BUS");
  EXPECT_EQ(first.icon, "mdi:bus");
  EXPECT_FALSE(first.platform);  // buses have bays (stopPositionNumber), not platforms
  EXPECT_FALSE(first.cancelled);
  EXPECT_TRUE(first.messages.empty());
  // The rest of the record (API.md 3.1).
  EXPECT_FALSE(first.platform_changed);
  EXPECT_EQ(first.occupancy, "UNKNOWN");
  EXPECT_TRUE(first.infos.empty());
  EXPECT_EQ(first.trip_id, "3398713");
  EXPECT_EQ(first.trip_code, 296);
  EXPECT_EQ(first.line_id, "swm:03175:G:R:016");
  EXPECT_EQ(first.stop_point_id, "de:09162:318:2:2");
  EXPECT_EQ(first.stop_position, "3");
  EXPECT_EQ(first.network, "swm");
  // Without live data, delay is 0 and the real-time equals the planned time.
  const auto& second = (*deps)[1];
  EXPECT_EQ(second.line, "X35");
  EXPECT_EQ(second.delay_minutes, 0);
  EXPECT_EQ(second.realtime_time, second.planned_time);
}

TEST(MappingContractTest, DeparturesFibV2TramSample) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/departures_fibv2_2023-07_de-09162-79_tram16.json");
  const auto deps = MapDepartures(text);
  ASSERT_TRUE(deps) << deps.error();
  ASSERT_EQ(deps->size(), 20u);
  EXPECT_EQ(deps->front().line, "16");
  EXPECT_EQ(deps->front().transport_type, "TRAM");
  EXPECT_EQ(deps->front().icon, "mdi:tram");
  EXPECT_EQ(deps->front().destination, "Effnerplatz");
  EXPECT_EQ(deps->front().delay_minutes, 1);
  EXPECT_EQ(FormatRfc3339Utc(deps->front().planned_time), "2023-07-26T19:15:00Z");
}

TEST(MappingContractTest, DeparturesSbahnSampleHasPlatforms) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/departures_example_2023-11_sbahn_s3_unterhaching.json");
  const auto deps = MapDepartures(text);
  ASSERT_TRUE(deps) << deps.error();
  ASSERT_EQ(deps->size(), 2u);
  EXPECT_EQ(deps->front().line, "S3");
  EXPECT_EQ(deps->front().platform, "1");
  EXPECT_EQ(deps->front().icon, "mdi:subway-variant");
  EXPECT_EQ((*deps)[1].destination, "Deisenhofen");
  EXPECT_EQ((*deps)[1].delay_minutes, 2);
}

TEST(MappingContractTest, LocationsSample) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/locations_bgwptv3_example_marienplatz.json");
  const auto stations = MapLocations(text);
  ASSERT_TRUE(stations) << stations.error();
  ASSERT_EQ(stations->size(), 1u);
  EXPECT_EQ(stations->front().id, "de:09162:2");
  EXPECT_EQ(stations->front().name, "Marienplatz");
  EXPECT_EQ(stations->front().place, "München");
  EXPECT_DOUBLE_EQ(stations->front().latitude, 48.137245);
  EXPECT_DOUBLE_EQ(stations->front().longitude, 11.575421);
}

TEST(MappingContractTest, ZdmStationSample) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/zdm_station_de-09162-50.json");
  const auto station = MapZdmStation(text);
  ASSERT_TRUE(station) << station.error();
  EXPECT_EQ(station->id, "de:09162:50");
  EXPECT_EQ(station->name, "Sendlinger Tor");
  EXPECT_EQ(station->place, "München");
}

TEST(MappingContractTest, RoutesSampleComputesDurationTransfersAndDelays) {
  BV_READ_SHARED_OR_SKIP(text, "mvg/samples/routes_bgwptv3_2026-10-08_oez-west_to_am-hart_first-connection.json");
  const auto plans = MapRoutes(text);
  ASSERT_TRUE(plans) << plans.error();
  ASSERT_EQ(plans->size(), 1u);
  const auto& plan = plans->front();
  ASSERT_EQ(plan.legs.size(), 3u);
  // 19:38 +1 min late -> 19:39 local; arrival by foot 19:57: 18 minutes, one change (X35 -> 180).
  EXPECT_EQ(plan.duration_minutes, 18);
  EXPECT_EQ(plan.transfers, 1);
  EXPECT_EQ(plan.departure.name, "Olympia-Einkaufszentrum West");
  EXPECT_EQ(plan.departure.id, "de:09162:318");
  EXPECT_EQ(FormatRfc3339Utc(*plan.departure.planned_time), "2026-10-08T17:38:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*plan.departure.realtime_time), "2026-10-08T17:39:00Z");
  EXPECT_EQ(plan.departure.delay_minutes, 1);
  EXPECT_EQ(plan.arrival.name, "Am Hart");

  const auto& bus = plan.legs[0];
  EXPECT_EQ(bus.line, "X35");
  EXPECT_EQ(bus.transport_type, "BUS");
  EXPECT_EQ(bus.direction, "Alte Heide");
  EXPECT_EQ(bus.duration_minutes, 7);  // 19:39 -> 19:46 (arrival 2 min late)
  EXPECT_EQ(bus.destination.delay_minutes, 2);
  ASSERT_EQ(bus.intermediate_stops.size(), 1u);
  EXPECT_EQ(bus.intermediate_stops[0].name, "Oberwiesenfeld");
  EXPECT_NEAR(*bus.distance_meters, 2499.37, 0.01);

  const auto& second = plan.legs[1];
  EXPECT_EQ(second.line, "180");
  EXPECT_EQ(second.origin.delay_minutes, 0);  // live, on time: MVG omits the field
  EXPECT_EQ(second.intermediate_stops.size(), 3u);

  const auto& walk = plan.legs[2];
  EXPECT_EQ(walk.transport_type, "PEDESTRIAN");
  EXPECT_EQ(walk.line, "Fussweg");
  EXPECT_FALSE(walk.origin.delay_minutes);  // no live data for a walk
  EXPECT_EQ(walk.duration_minutes, 1);
}

TEST(MappingTest, PlatformChangesOccupancyAndInfosAreKept) {
  const auto deps = MapDepartures(R"([{"plannedDepartureTime": 1791481080000, "transportType": "SBAHN", "label": "S8",
      "destination": "Flughafen", "platform": 2, "platformChanged": true, "occupancy": "HIGH",
      "infos": [{"message": "Fährt nur bis Ismaning", "type": "EARLY_TERMINATION", "network": "unknown"},
                {"message": "", "type": "INFO"}, {"message": "Bauarbeiten"}],
      "messages": ["Fährt nur bis Ismaning"], "stopPointGlobalId": "", "tripId": 42},
     {"plannedDepartureTime": 1791481080000, "transportType": "BUS", "label": "54", "destination": "X",
      "occupancy": "CRAMMED"}])");
  ASSERT_TRUE(deps) << deps.error();
  const auto& s8 = (*deps)[0];
  EXPECT_TRUE(s8.platform_changed);
  EXPECT_EQ(s8.platform, "2");
  EXPECT_EQ(s8.occupancy, "HIGH");
  ASSERT_EQ(s8.infos.size(), 2u);  // an info without text says nothing
  EXPECT_EQ(s8.infos[0], (model::DepartureInfo{"Fährt nur bis Ismaning", "EARLY_TERMINATION"}));
  EXPECT_EQ(s8.infos[1], (model::DepartureInfo{"Bauarbeiten", "INFO"}));  // no type: INFO
  EXPECT_EQ(s8.messages, (std::vector<std::string>{"Fährt nur bis Ismaning", "Bauarbeiten"}));
  EXPECT_FALSE(s8.stop_point_id);  // "" is absent
  EXPECT_EQ(s8.trip_id, "42");     // a number where text was expected is still the id
  EXPECT_FALSE(s8.trip_code);
  EXPECT_EQ((*deps)[1].occupancy, "UNKNOWN");  // an undocumented level is not passed on
  EXPECT_FALSE((*deps)[1].platform_changed);
  const auto wrong = MapDepartures(R"([{"plannedDepartureTime": 1, "transportType": "BUS", "label": "54",
      "destination": "X", "platformChanged": "yes"}])");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().find("platformChanged"), std::string::npos) << wrong.error();
}

TEST(MappingTest, UnknownFieldsAreIgnoredAndMissingOptionalsAreEmpty) {
  const auto deps = MapDepartures(
      R"([{"plannedDepartureTime":1700000000000,"transportType":"FUTURE_MODE","label":"X1","destination":"Y",)"
      R"("brandNewField":{"a":[1,2]}}])");
  ASSERT_TRUE(deps) << deps.error();
  EXPECT_EQ(deps->front().transport_type, "FUTURE_MODE");  // unknown enum values pass through
  EXPECT_EQ(deps->front().icon, "mdi:help-circle");
  EXPECT_EQ(deps->front().realtime_time, deps->front().planned_time);
  EXPECT_FALSE(deps->front().realtime);
}

TEST(MappingTest, WrongTypesAreErrorsNamingTheField) {
  const auto deps = MapDepartures(
      R"([{"plannedDepartureTime":1,"transportType":"BUS","label":"1","destination":"a"},)"
      R"({"plannedDepartureTime":"soon","transportType":"BUS","label":"1","destination":"a"}])");
  ASSERT_FALSE(deps);
  EXPECT_EQ(deps.error(), "departures[1].plannedDepartureTime: expected an integer, got string");

  const auto missing = MapDepartures(R"([{"transportType":"BUS","label":"1","destination":"a"}])");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "departures[0].plannedDepartureTime: required field missing");

  const auto not_array = MapDepartures(R"({"error":"x"})");
  ASSERT_FALSE(not_array);
  EXPECT_EQ(not_array.error(), "expected a JSON array, got object");

  const auto html = MapDepartures("<html><body>404</body></html>");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().rfind("not JSON", 0), 0u);
}

// Regression: a double outside int64's range was converted to an integer before the range was
// checked (undefined behaviour; UBSan stops the test run without the fix).
TEST(MappingTest, RefusesIntegersOutsideInt64WhenSentAsDoubles) {
  const auto one = [](std::string_view planned) {
    return MapDepartures(fmt::format(R"([{{"plannedDepartureTime":{},"transportType":"BUS","label":"1","destination":"a"}}])",
                                     planned));
  };
  ASSERT_TRUE(one("1.7e12"));  // baseline: a whole double is an integer
  EXPECT_EQ(one("1.7e12")->front().planned_time.time_since_epoch().count(), 1'700'000'000);
  for (const char* huge : {"1e300", "-1e300", "9223372036854775808.0", "1.8446744073709552e19"}) {
    const auto got = one(huge);
    ASSERT_FALSE(got) << huge;
    EXPECT_EQ(got.error(), "departures[0].plannedDepartureTime: expected an integer, got number") << huge;
  }
  EXPECT_TRUE(one("-9223372036854775808.0"));  // -2^63 itself fits
  EXPECT_FALSE(one("1.5"));
}

TEST(MappingTest, LocationsSkipAddressesAndPois) {
  const auto stations = MapLocations(
      R"([{"type":"ADDRESS","name":"Marienplatz 1","place":"München","latitude":48.1,"longitude":11.5},)"
      R"({"type":"STATION","globalId":"de:09162:2","name":"Marienplatz","place":"München","latitude":48.1,"longitude":11.5}])");
  ASSERT_TRUE(stations);
  ASSERT_EQ(stations->size(), 1u);
  EXPECT_EQ(stations->front().id, "de:09162:2");
}

TEST(MappingTest, RoutesWithoutPartsAreRejected) {
  EXPECT_FALSE(MapRoutes(R"([{"uniqueId":1}])"));
  const auto empty = MapRoutes("[]");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace bv::mvg
