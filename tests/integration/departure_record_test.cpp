// The whole departure record reaches the client: for boards of mvg-sim (real processes on
// loopback), every field MVG sent (platform changes, occupancy, infos, trip and line ids, stop
// point and bay, network) is in our answer, compared departure by departure with what the
// simulator's MVG API answers directly. Answers are also checked against docs/openapi.yaml.
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

namespace json = boost::json;

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  return {};
}

TEST(DepartureRecordTest, EveryFieldMvgSendsIsPassedOnForEachDeparture) {
  SimProcess sim;
  ServiceProcess service({{"MVG_BASE_URL", sim.base_url()}, {"ACCESS_LOG", "false"}});
  int compared = 0, platform_changes = 0, with_infos = 0, with_bay = 0;
  std::set<std::string> occupancies;
  // U-Bahn and S-Bahn hubs (platforms, platform changes) and bus/tram stops (bays).
  for (const std::string station : {"de:09162:2", "de:09162:6", "de:09162:1", "de:09162:50", "de:09162:3"}) {
    const auto ours = HttpGet(service.port(), "/api/v1/mvg/departures?station=" + station + "&limit=40");
    ASSERT_TRUE(ours);
    ASSERT_EQ(ours->status, 200) << ours->body;
    const auto problems = OpenApiContract::Instance().Check("/api/v1/mvg/departures", "GET", 200,
                                                            ours->Header("content-type"), ours->body);
    EXPECT_TRUE(problems.empty()) << problems.front();
    const auto raw = HttpGet(sim.port(), "/api/bgw-pt/v3/departures?globalId=" + station + "&limit=40");
    ASSERT_TRUE(raw);
    ASSERT_EQ(raw->status, 200);
    // The board moves with the clock between the two requests: match departures by trip.
    std::map<std::string, json::object> mvg_by_trip;
    const json::value mvg_board = json::parse(raw->body);  // named: the loop refers into it
    for (const auto& d : mvg_board.as_array()) {
      const auto& o = d.as_object();
      mvg_by_trip[Text(o.at("label")) + "/" + Text(o.at("tripCode")) + "/" + Text(o.at("plannedDepartureTime"))] = o;
    }
    const auto answer = json::parse(ours->body);
    for (const auto& d : answer.at("departures").as_array()) {
      const auto& o = d.as_object();
      ASSERT_TRUE(o.at("trip_code").is_int64()) << json::serialize(o);
      // planned_time is RFC 3339; the simulator's is milliseconds: compare through the trip.
      std::string prefix = Text(o.at("line")) + "/" + std::to_string(o.at("trip_code").as_int64()) + "/";
      const auto it = std::find_if(mvg_by_trip.begin(), mvg_by_trip.end(),
                                   [&](const auto& entry) { return entry.first.starts_with(prefix); });
      if (it == mvg_by_trip.end()) continue;
      const json::object& mvg = it->second;
      ++compared;
      EXPECT_EQ(o.at("platform_changed").as_bool(), mvg.contains("platformChanged") && mvg.at("platformChanged").as_bool());
      EXPECT_EQ(o.at("occupancy"), mvg.at("occupancy"));
      EXPECT_EQ(Text(o.at("line_id")), Text(mvg.at("lineId")));
      EXPECT_EQ(Text(o.at("stop_point_id")), Text(mvg.at("stopPointGlobalId")));
      EXPECT_EQ(Text(o.at("network")), Text(mvg.at("network")));
      EXPECT_EQ(Text(o.at("trip_id")), mvg.contains("tripId") ? Text(mvg.at("tripId")) : "");
      EXPECT_EQ(Text(o.at("stop_position")), mvg.contains("stopPositionNumber") ? Text(mvg.at("stopPositionNumber")) : "");
      const auto& infos = o.at("infos").as_array();
      const auto& mvg_infos = mvg.at("infos").as_array();
      ASSERT_EQ(infos.size(), mvg_infos.size());
      for (std::size_t i = 0; i < infos.size(); ++i) {
        EXPECT_EQ(infos[i].at("message"), mvg_infos[i].at("message"));
        EXPECT_EQ(infos[i].at("type"), mvg_infos[i].at("type"));
      }
      platform_changes += o.at("platform_changed").as_bool();
      with_infos += !infos.empty();
      with_bay += !o.at("stop_position").is_null();
      occupancies.insert(Text(o.at("occupancy")));
    }
  }
  EXPECT_GE(compared, 100) << "departures matched between our answer and the simulator's";
  std::printf("departure record: %d departures compared, %d platform changes, %d with infos, %d with a bay, "
              "%zu occupancy levels\n",
              compared, platform_changes, with_infos, with_bay, occupancies.size());
  EXPECT_GT(with_bay, 0);
  EXPECT_GE(occupancies.size(), 2u) << "occupancy varies by line and hour";
}

}  // namespace
}  // namespace bv::test
