#include "network.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace bv::sim {
namespace {

using namespace test;

TEST(SimNetworkTest, BuiltinStationsWinOverFileStationsWithTheSameId) {
  const std::vector<FileStation> extra = {
      {kMarienplatz, "Marienplatz (file)", "München", 48.0, 11.0},
      {"de:09184:9999", "Neue Haltestelle", "Garching", 48.25, 11.65},
  };
  const Network net = FixtureNetwork(extra);
  EXPECT_EQ(net.stations().size(), kFixtureStations.size() + 1);
  EXPECT_EQ(net.station(*net.Find(kMarienplatz)).name, "Marienplatz");
  const Station& added = net.station(*net.Find("de:09184:9999"));
  EXPECT_FALSE(added.builtin);
  EXPECT_EQ(added.diva_id, 9999);
  EXPECT_FALSE(added.on_graph);
  EXPECT_EQ(added.transport_types, std::vector<std::string_view>{"BUS"});
  EXPECT_FALSE(net.Find("de:09162:123456"));
}

TEST(SimNetworkTest, LinesGetPlannedMinutesAndStationsTheirTypes) {
  const Network net = FixtureNetwork();
  const Station& marienplatz = net.station(*net.Find(kMarienplatz));
  EXPECT_EQ(marienplatz.transport_types, (std::vector<std::string_view>{"SBAHN", "UBAHN"}));
  EXPECT_EQ(marienplatz.popularity, 2);
  EXPECT_TRUE(marienplatz.has_rail);
  EXPECT_EQ(marienplatz.tariff_zones, "m");
  for (const Line& line : net.lines()) {
    if (line.synthetic) continue;
    ASSERT_EQ(line.minutes.size(), line.size());
    for (std::size_t i = 1; i < line.size(); ++i) {
      EXPECT_GE(line.minutes[i] - line.minutes[i - 1], 1);
      EXPECT_LE(line.minutes[i] - line.minutes[i - 1], 6);  // short inner-city hops
    }
    EXPECT_EQ(line.MinutesAt(Direction::kReturn, 0), 0);
    EXPECT_EQ(line.MinutesAt(Direction::kReturn, line.size() - 1), line.minutes.back());
  }
  const Line& u3 = net.line(marienplatz.stops[0].line);
  EXPECT_EQ(u3.destination[0], "Sendlinger Tor");
  EXPECT_EQ(u3.destination[1], "Universität");
}

TEST(SimNetworkTest, StationsWithoutLinesGetSyntheticBusesOffTheGraph) {
  const Network net = FixtureNetwork();
  const Station& lenbach = net.station(*net.Find(kLenbachplatz));
  ASSERT_FALSE(lenbach.stops.empty());
  EXPECT_FALSE(lenbach.on_graph);
  for (const StopRef& ref : lenbach.stops) {
    EXPECT_TRUE(net.line(ref.line).synthetic);
    EXPECT_EQ(net.line(ref.line).mode, Mode::kBus);
  }
  const Station& ismaning = net.station(*net.Find(kIsmaning));
  EXPECT_EQ(net.line(ismaning.stops[0].line).mode, Mode::kRegionalBus);
  EXPECT_NE(ismaning.tariff_zones, "m");
}

TEST(SimNetworkTest, FootpathsLinkCloseGraphStations) {
  const Network net = FixtureNetwork();
  const auto hbf_u = *net.Find(kHauptbahnhofU);
  const auto hbf_s = *net.Find(kHauptbahnhofS);
  const auto paths = net.footpaths(hbf_u);
  const auto it = std::find_if(paths.begin(), paths.end(), [&](const Footpath& f) { return f.to == hbf_s; });
  ASSERT_NE(it, paths.end());
  EXPECT_GE(it->minutes, 2);
  EXPECT_LE(it->minutes, 5);
  EXPECT_TRUE(net.footpaths(*net.Find(kLenbachplatz)).empty());  // not on the graph
}

TEST(SimNetworkTest, LinesWithUnknownStopsKeepTheKnownOnes) {
  const std::vector<LineData> lines = {
      {"U9", Mode::kUbahn, "010U9", "swm", {kMarienplatz, "de:09162:777777", kSendlingerTor}},
      {"U8", Mode::kUbahn, "010U8", "swm", {"de:09162:777777", kSendlingerTor}},
  };
  const Network net(kFixtureStations, lines);
  std::size_t real = 0;
  for (const Line& l : net.lines()) real += l.synthetic ? 0 : 1;
  EXPECT_EQ(real, 1u);
  EXPECT_EQ(net.lines()[0].size(), 2u);
}

TEST(SimNetworkTest, ModeNames) {
  EXPECT_EQ(ModeName(Mode::kRegionalBus), "REGIONAL_BUS");
  EXPECT_EQ(ParseMode("UBAHN"), Mode::kUbahn);
  EXPECT_FALSE(ParseMode("SEV"));
  EXPECT_FALSE(ParseMode("ubahn"));
}

}  // namespace
}  // namespace bv::sim
