#include "departures.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace bv::sim {
namespace {

using namespace test;

class SimDeparturesTest : public ::testing::Test {
 protected:
  ParamResult<DepartureQuery> Parse(const std::string& raw) {
    const http::Query q(raw);
    return ParseDepartureQuery(q);
  }
  std::vector<Departure> Board(const std::string& raw, std::int64_t now_ms = kMondayPeakMs) {
    const auto query = Parse(raw);
    EXPECT_TRUE(query) << (query ? "" : query.error());
    return query ? BuildDepartures(tt_, *query, now_ms) : std::vector<Departure>{};
  }

  Network net_ = FixtureNetwork();
  Timetable tt_{net_, 1};
};

TEST_F(SimDeparturesTest, SortedByEstimatedTimeWithTheDefaultLimitOfTen) {
  const auto board = Board("globalId=de:09162:2");
  ASSERT_EQ(board.size(), 10u);
  for (std::size_t i = 1; i < board.size(); ++i) {
    EXPECT_LE(board[i - 1].realtime_ms, board[i].realtime_ms);
  }
  for (const Departure& d : board) {
    EXPECT_GE(d.realtime_ms, kMondayPeakMs);
    EXPECT_EQ(d.station_global_id, kMarienplatz);
    EXPECT_EQ(d.realtime_ms, d.planned_ms + std::int64_t{d.delay_minutes} * 60'000);
    if (!d.realtime) {
      EXPECT_EQ(d.delay_minutes, 0);
    }
  }
}

TEST_F(SimDeparturesTest, SameInputsGiveTheSameBoard) {
  const auto a = Board("globalId=de:09162:2&limit=40");
  const auto b = Board("globalId=de:09162:2&limit=40");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].trip_id, b[i].trip_id);
    EXPECT_EQ(a[i].realtime_ms, b[i].realtime_ms);
    EXPECT_EQ(a[i].occupancy, b[i].occupancy);
  }
}

TEST_F(SimDeparturesTest, ServesBothDirectionsOfEveryLineWithTheTerminusAsDestination) {
  const auto board = Board("globalId=de:09162:2&limit=100");
  std::set<std::string> seen;
  for (const Departure& d : board) seen.insert(d.label + ">" + d.destination + ":" + d.line_id);
  EXPECT_TRUE(seen.count("U3>Sendlinger Tor:swm:010U3:G:H:016"));
  EXPECT_TRUE(seen.count("U3>Universität:swm:010U3:G:R:016"));
  EXPECT_TRUE(seen.count("S1>Ostbahnhof:ddb:92M01:G:H:016"));
  EXPECT_TRUE(seen.count("S1>München Hbf:ddb:92M01:G:R:016"));
  // Sendlinger Tor is U3's terminus: no U3 leaves there towards itself.
  for (const Departure& d : Board("globalId=de:09162:50&limit=100")) {
    EXPECT_NE(d.destination, "Sendlinger Tor");
  }
}

TEST_F(SimDeparturesTest, LimitIsClampedAtOneHundred) {
  EXPECT_EQ(Board("globalId=de:09162:2&limit=3").size(), 3u);
  EXPECT_EQ(Board("globalId=de:09162:2&limit=500").size(), 100u);
  EXPECT_TRUE(Board("globalId=de:09162:2&limit=0").empty());
}

TEST_F(SimDeparturesTest, OffsetShiftsTheStartOfTheBoard) {
  const auto later = Board("globalId=de:09162:2&offsetInMinutes=45");
  ASSERT_FALSE(later.empty());
  for (const Departure& d : later) {
    EXPECT_GE(d.realtime_ms, kMondayPeakMs + 45LL * 60'000);
  }
  EXPECT_LT(later.front().realtime_ms, kMondayPeakMs + 55LL * 60'000);
}

TEST_F(SimDeparturesTest, TransportTypesFilterAndSevIsRejected) {
  const auto sbahn = Board("globalId=de:09162:2&transportTypes=SBAHN&limit=20");
  ASSERT_EQ(sbahn.size(), 20u);
  for (const Departure& d : sbahn) {
    EXPECT_EQ(d.mode, Mode::kSbahn);
  }
  EXPECT_TRUE(Board("globalId=de:09162:2&transportTypes=TRAM").empty());
  EXPECT_EQ(Board("globalId=de:09162:2&transportTypes=BAHN,SBAHN,UBAHN,TRAM,BUS,REGIONAL_BUS,SCHIFF").size(),
            10u);

  const auto sev = Parse("globalId=de:09162:2&transportTypes=UBAHN,SEV");
  ASSERT_FALSE(sev);
  EXPECT_NE(sev.error().find("SEV"), std::string::npos);
  EXPECT_FALSE(Parse("globalId=de:09162:2&transportTypes=HOVERCRAFT"));
  EXPECT_FALSE(Parse("globalId=de:09162:2&limit=ten"));
  EXPECT_FALSE(Parse("limit=10"));
}

TEST_F(SimDeparturesTest, UnknownStationsHaveAnEmptyBoardAndStopPointsMapToTheirStation) {
  EXPECT_TRUE(Board("globalId=de:09162:999999").empty());
  EXPECT_TRUE(Board("globalId=nonsense").empty());
  const auto station = Board("globalId=de:09162:2");
  const auto stop_point = Board("globalId=de:09162:2:1:1");
  ASSERT_EQ(station.size(), stop_point.size());
  EXPECT_EQ(station.front().trip_id, stop_point.front().trip_id);
}

TEST_F(SimDeparturesTest, PlatformsForRailStopPositionsForRoadVehicles) {
  for (const Departure& d : Board("globalId=de:09162:1&limit=60")) {
    const bool rail = d.mode == Mode::kUbahn || d.mode == Mode::kSbahn;
    EXPECT_EQ(d.platform.has_value(), rail) << d.label;
    EXPECT_EQ(d.stop_position.has_value(), !rail) << d.label;
    if (d.mode == Mode::kSbahn) {
      EXPECT_EQ(d.stop_point_global_id, "");
    }
    if (d.mode == Mode::kTram) {
      EXPECT_TRUE(d.stop_point_global_id.starts_with("de:09162:1:"));
    }
  }
}

TEST_F(SimDeparturesTest, StationsWithoutLinesGetSyntheticBuses) {
  const auto city = Board("globalId=de:09162:14");
  ASSERT_EQ(city.size(), 10u);
  for (const Departure& d : city) {
    EXPECT_EQ(d.mode, Mode::kBus);
    EXPECT_EQ(d.network, "swm");
    EXPECT_FALSE(d.destination.empty());
  }
  const auto regional = Board("globalId=de:09184:460");
  ASSERT_FALSE(regional.empty());
  EXPECT_EQ(regional.front().mode, Mode::kRegionalBus);
  EXPECT_EQ(regional.front().network, "mvv");
  // At 03:00 nothing runs, but the board still fills with the morning's first trips.
  const auto night = Board("globalId=de:09162:2", (MondayAt(3, 0)) * 60'000);
  ASSERT_EQ(night.size(), 10u);
  EXPECT_GE(night.front().planned_ms, MondayAt(4, 30) * 60'000);
}

TEST_F(SimDeparturesTest, CancelledTripsStayOnTheBoard) {
  int cancelled = 0;
  int total = 0;
  for (int hour = 6; hour < 22; ++hour) {
    for (const Departure& d : Board("globalId=de:09162:2&limit=100", MondayAt(hour, 0) * 60'000)) {
      ++total;
      cancelled += d.cancelled ? 1 : 0;
      if (d.cancelled) {
        EXPECT_FALSE(d.infos.empty());
      }
    }
  }
  EXPECT_GT(cancelled, 0);
  EXPECT_LT(cancelled, total / 20);
}

TEST_F(SimDeparturesTest, StationPartOfStopPointIds) {
  EXPECT_EQ(StationPartOf("de:09162:1108:5:5"), "de:09162:1108");
  EXPECT_EQ(StationPartOf("de:09162:1108"), "de:09162:1108");
  EXPECT_EQ(StationPartOf("x"), "x");
}

}  // namespace
}  // namespace bv::sim
