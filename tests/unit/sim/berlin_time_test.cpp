#include "berlin_time.hpp"

#include <gtest/gtest.h>

namespace bv::sim {
namespace {

// 2026-03-29 and 2026-10-25 are the last Sundays of March and October 2026.
constexpr std::int64_t kSpringSwitch = 1774746000;  // 2026-03-29T01:00:00Z
constexpr std::int64_t kAutumnSwitch = 1792890000;  // 2026-10-25T01:00:00Z

TEST(SimBerlinTimeTest, SummerTimeStartsAtOneUtcOnTheLastSundayOfMarch) {
  EXPECT_EQ(BerlinOffsetMinutes(kSpringSwitch - 1), 60);
  EXPECT_EQ(BerlinOffsetMinutes(kSpringSwitch), 120);
  EXPECT_EQ(FormatBerlinIso(kSpringSwitch - 60), "2026-03-29T01:59:00+01:00");
  EXPECT_EQ(FormatBerlinIso(kSpringSwitch), "2026-03-29T03:00:00+02:00");
}

TEST(SimBerlinTimeTest, SummerTimeEndsAtOneUtcOnTheLastSundayOfOctober) {
  EXPECT_EQ(BerlinOffsetMinutes(kAutumnSwitch - 1), 120);
  EXPECT_EQ(BerlinOffsetMinutes(kAutumnSwitch), 60);
  EXPECT_EQ(FormatBerlinIso(kAutumnSwitch - 60), "2026-10-25T02:59:00+02:00");
  EXPECT_EQ(FormatBerlinIso(kAutumnSwitch), "2026-10-25T02:00:00+01:00");
}

TEST(SimBerlinTimeTest, OtherYearsFollowTheSameRule) {
  // 2025: 30 March and 26 October.
  EXPECT_EQ(FormatBerlinIso(1743296400 - 1), "2025-03-30T01:59:59+01:00");
  EXPECT_EQ(FormatBerlinIso(1743296400), "2025-03-30T03:00:00+02:00");
  EXPECT_EQ(FormatBerlinIso(1761440400), "2025-10-26T02:00:00+01:00");
}

TEST(SimBerlinTimeTest, FormatsTheRouteSampleTime) {
  // The recorded route departs at plannedDepartureTime 1791481080000 of the departures sample.
  EXPECT_EQ(FormatBerlinIso(1791481080), "2026-10-08T19:38:00+02:00");
  EXPECT_EQ(FormatUtcIso(1791481080), "2026-10-08T17:38:00.000Z");
}

TEST(SimBerlinTimeTest, LocalTimeRoundTripsAndSkipsTheSpringGap) {
  const LocalTime t = ToBerlin(1791481080);
  EXPECT_EQ(t.minute_of_day, 19 * 60 + 38);
  EXPECT_EQ(t.weekday, 3);  // Thursday
  EXPECT_EQ(BerlinToUtcSeconds(t.days, t.minute_of_day), 1791481080);
  const std::int64_t spring_day = ToBerlin(kSpringSwitch).days;
  EXPECT_EQ(BerlinToUtcSeconds(spring_day, 2 * 60 + 30), kSpringSwitch + 30LL * 60);  // 02:30 does not exist
  EXPECT_EQ(BerlinToUtcSeconds(spring_day, 3LL * 60), kSpringSwitch);
  const std::int64_t autumn_day = ToBerlin(kAutumnSwitch).days;
  EXPECT_EQ(BerlinToUtcSeconds(autumn_day, 2 * 60 + 30), kAutumnSwitch - 30LL * 60);  // first 02:30
  EXPECT_EQ(BerlinToUtcSeconds(autumn_day, 24 * 60 + 60),
            kAutumnSwitch + 23LL * 3600);  // minutes past midnight
}

TEST(SimBerlinTimeTest, ParsesOnlyUtcTimesWithZ) {
  EXPECT_EQ(ParseUtcIso("2026-10-08T17:38:00.000Z"), 1791481080);
  EXPECT_EQ(ParseUtcIso("2026-10-08T17:38:00Z"), 1791481080);
  EXPECT_EQ(ParseUtcIso("2026-10-08T17:38Z"), 1791481080);
  EXPECT_FALSE(ParseUtcIso("2026-10-08T17:38:00.000"));
  EXPECT_FALSE(ParseUtcIso("2026-10-08T19:38:00+02:00"));
  EXPECT_FALSE(ParseUtcIso("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseUtcIso("2026-10-08 17:38:00Z"));
  EXPECT_FALSE(ParseUtcIso(""));
}

}  // namespace
}  // namespace bv::sim
