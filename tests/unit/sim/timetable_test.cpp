#include "timetable.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace bv::sim {
namespace {

using namespace test;

LineIndex LineNamed(const Network& net, std::string_view label) {
  for (LineIndex i = 0; i < net.lines().size(); ++i) {
    if (net.line(i).label == label) return i;
  }
  ADD_FAILURE() << "no line " << label;
  return 0;
}

std::int64_t Day(Minutes m) { return ToBerlin(m * 60).days; }

// Gaps between consecutive origins that start within [from, to) local time.
std::vector<Minutes> Gaps(const std::vector<Minutes>& origins, Minutes from, Minutes to) {
  std::vector<Minutes> gaps;
  for (std::size_t i = 0; i + 1 < origins.size(); ++i) {
    if (origins[i] >= from && origins[i + 1] < to) gaps.push_back(origins[i + 1] - origins[i]);
  }
  return gaps;
}

TEST(SimTimetableTest, SameSeedGivesTheSameTripsAndAnotherSeedOtherOnes) {
  const Network net = FixtureNetwork();
  const Timetable a(net, 7);
  const Timetable b(net, 7);
  const Timetable c(net, 8);
  const LineIndex u3 = LineNamed(net, "U3");
  const auto day = Day(MondayAt(8, 0));
  EXPECT_EQ(a.Origins(u3, Direction::kOutbound, day), b.Origins(u3, Direction::kOutbound, day));
  const auto origins = a.Origins(u3, Direction::kOutbound, day);
  ASSERT_GT(origins.size(), 50u);
  const Minutes now = MondayAt(8, 0);
  bool any_difference = false;
  for (std::uint32_t i = 0; i < origins.size(); ++i) {
    const Trip x = a.MakeTrip(u3, Direction::kOutbound, day, i, origins[i], now);
    const Trip y = b.MakeTrip(u3, Direction::kOutbound, day, i, origins[i], now);
    EXPECT_EQ(x.hash, y.hash);
    EXPECT_EQ(x.base_delay, y.base_delay);
    EXPECT_EQ(x.trip_id(), y.trip_id());
    any_difference =
        any_difference || x.hash != c.MakeTrip(u3, Direction::kOutbound, day, i, origins[i], now).hash;
  }
  EXPECT_TRUE(any_difference);
}

TEST(SimTimetableTest, UbahnRunsEveryFiveMinutesInThePeakTenByDayTwentyLateAndNotAtNight) {
  const Network net = FixtureNetwork();
  const Timetable tt(net, 1);
  const auto origins = tt.Origins(LineNamed(net, "U3"), Direction::kOutbound, Day(MondayAt(8, 0)));
  for (const Minutes gap : Gaps(origins, MondayAt(6, 30), MondayAt(8, 45))) {
    EXPECT_EQ(gap, 5);
  }
  for (const Minutes gap : Gaps(origins, MondayAt(10, 0), MondayAt(15, 0))) {
    EXPECT_EQ(gap, 10);
  }
  for (const Minutes gap : Gaps(origins, MondayAt(22, 30), MondayAt(24, 40))) {
    EXPECT_EQ(gap, 20);
  }
  // Nothing between 01:00 and 04:30 (the night gap).
  for (const Minutes o : origins) {
    EXPECT_FALSE(o >= MondayAt(25, 0) && o < MondayAt(28, 30)) << o;
    EXPECT_GE(o, MondayAt(4, 30));
  }
}

TEST(SimTimetableTest, SbahnAndTramHeadways) {
  const Network net = FixtureNetwork();
  const Timetable tt(net, 1);
  const auto day = Day(MondayAt(8, 0));
  const auto s1 = tt.Origins(LineNamed(net, "S1"), Direction::kReturn, day);
  for (const Minutes gap : Gaps(s1, MondayAt(6, 30), MondayAt(8, 45))) {
    EXPECT_EQ(gap, 10);
  }
  for (const Minutes gap : Gaps(s1, MondayAt(10, 0), MondayAt(15, 0))) {
    EXPECT_EQ(gap, 20);
  }
  const auto tram = tt.Origins(LineNamed(net, "19"), Direction::kOutbound, day);
  for (const Minutes gap : Gaps(tram, MondayAt(7, 0), MondayAt(19, 0))) {
    EXPECT_EQ(gap, 10);
  }
}

TEST(SimTimetableTest, StopTimesFollowTheLineAndLiveDataOnlyNearNow) {
  const Network net = FixtureNetwork();
  const Timetable tt(net, 1);
  const LineIndex s1 = LineNamed(net, "S1");
  const auto day = Day(MondayAt(8, 0));
  const Minutes now = MondayAt(8, 0);
  const auto origins = tt.Origins(s1, Direction::kOutbound, day);
  int live = 0;
  for (std::uint32_t i = 0; i < origins.size(); ++i) {
    const Trip trip = tt.MakeTrip(s1, Direction::kOutbound, day, i, origins[i], now);
    if (origins[i] > now + 60) {
      EXPECT_FALSE(trip.realtime);
    }
    live += trip.realtime ? 1 : 0;
    Minutes previous = 0;
    for (std::size_t pos = 0; pos < net.line(s1).size(); ++pos) {
      const StopTime st = tt.At(trip, pos);
      EXPECT_EQ(st.planned, origins[i] + net.line(s1).MinutesAt(Direction::kOutbound, pos));
      EXPECT_EQ(st.estimated, st.planned + st.delay);
      if (!trip.realtime) {
        EXPECT_EQ(st.delay, 0);
      }
      EXPECT_GE(st.estimated, previous);  // a trip never arrives before it left the last stop
      previous = st.estimated;
    }
  }
  EXPECT_GT(live, 3);
}

TEST(SimTimetableTest, DelaysAreMostlySmallWorseOnTheSbahnAndAboutOnePercentIsCancelled) {
  const Network net = FixtureNetwork();
  const Timetable tt(net, 3);
  const auto stats = [&](std::string_view label) {
    const LineIndex line = LineNamed(net, label);
    int trips = 0, small = 0, cancelled = 0;
    double total = 0;
    for (int d = 0; d < 60; ++d) {
      const auto day = Day(MondayAt(8, 0)) + d;
      const auto origins = tt.Origins(line, Direction::kOutbound, day);
      for (std::uint32_t i = 0; i < origins.size(); ++i) {
        // Seen from the trip's own start, every trip is "near now".
        const Trip t = tt.MakeTrip(line, Direction::kOutbound, day, i, origins[i], origins[i]);
        if (!t.realtime) continue;
        ++trips;
        total += t.base_delay;
        small += t.base_delay >= -1 && t.base_delay <= 2 ? 1 : 0;
        cancelled += t.cancelled ? 1 : 0;
        EXPECT_LE(t.base_delay, Timetable::kMaxDelay);
      }
    }
    return std::make_tuple(trips, total / trips, static_cast<double>(small) / trips,
                           static_cast<double>(cancelled) / trips);
  };
  const auto [u_trips, u_mean, u_small, u_cancelled] = stats("U3");
  const auto [s_trips, s_mean, s_small, s_cancelled] = stats("S1");
  EXPECT_GT(u_small, 0.85);
  EXPECT_GT(s_small, 0.6);
  EXPECT_GT(s_mean, u_mean);
  EXPECT_GT(u_cancelled, 0.002);
  EXPECT_LT(u_cancelled, 0.03);
  EXPECT_GT(u_trips + s_trips, 5000);
}

TEST(SimTimetableTest, PlatformsPairUbahnLinesAndBusesUseBays) {
  const Network net = FixtureNetwork();
  const Timetable tt(net, 1);
  const auto marienplatz = *net.Find(kMarienplatz);
  EXPECT_EQ(tt.PlatformAt(LineNamed(net, "U3"), marienplatz, Direction::kOutbound), 1);
  EXPECT_EQ(tt.PlatformAt(LineNamed(net, "U3"), marienplatz, Direction::kReturn), 2);
  const int tram = tt.PlatformAt(LineNamed(net, "19"), *net.Find(kKarlsplatz), Direction::kOutbound);
  EXPECT_GE(tram, 1);
  EXPECT_LE(tram, 4);
}

}  // namespace
}  // namespace bv::sim
