#include "model/time_text.hpp"

#include <gtest/gtest.h>

#include "model/transport_type.hpp"

namespace bv::model {
namespace {

TEST(TimeTextTest, ParsesOffsetsAndFormatsUtc) {
  const auto local = ParseRfc3339("2026-10-08T19:38:00+02:00");
  ASSERT_TRUE(local);
  EXPECT_EQ(FormatRfc3339Utc(*local), "2026-10-08T17:38:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseRfc3339("2026-11-23T07:41:00.123Z")), "2026-11-23T07:41:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseRfc3339("2026-01-01T00:30:00-01:00")), "2026-01-01T01:30:00Z");
  EXPECT_EQ(FormatMvgRoutingTime(*local), "2026-10-08T17:38:00.000Z");
}

TEST(TimeTextTest, RefusesAmbiguousOrMalformedTimes) {
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:00"));  // no offset
  EXPECT_FALSE(ParseRfc3339("2026-13-08T19:38:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-02-30T19:38:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T25:38:00Z"));
  EXPECT_FALSE(ParseRfc3339("tomorrow"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:00Zjunk"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:00+2:00"));
}

// Regression: the digit reader took a sign, so "-1" was an hour and "-001" a year.
TEST(TimeTextTest, RefusesSignedFieldsWhenDigitsAreExpected) {
  EXPECT_FALSE(ParseRfc3339("2026-10-08T-1:38:00Z"));
  EXPECT_FALSE(ParseRfc3339("-001-10-08T19:38:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:-5:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:+1Z"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:00+-1:00"));
  EXPECT_FALSE(ParseRfc3339("2026-10-08T19:38:00+01:-1"));
  EXPECT_TRUE(ParseRfc3339("2026-10-08T19:38:00+01:00"));  // baseline
}

// Regression (fuzz/time_text_fuzz.cpp): an offset moved the instant to year 10000 (or -1), which
// FormatRfc3339Utc then wrote with five digits (or a sign): not RFC 3339.
TEST(TimeTextTest, RefusesInstantsOutsideFourDigitYearsInUtc) {
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:60-23:59"));
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:00:00-01:00"));
  EXPECT_FALSE(ParseRfc3339("0000-01-01T00:00:00+00:01"));
  const auto last = ParseRfc3339("9999-12-31T23:59:59Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(FormatRfc3339Utc(*last), "9999-12-31T23:59:59Z");
  const auto first = ParseRfc3339("0000-01-01T00:00:00Z");
  ASSERT_TRUE(first);
  EXPECT_EQ(FormatRfc3339Utc(*first), "0000-01-01T00:00:00Z");
}

std::string Utc(std::string_view text) {
  const auto t = ParseClientTime(text);
  return t ? FormatRfc3339Utc(*t) : "refused";
}

TEST(ClientTimeTest, ReadsEveryFormOfTheOriginal) {
  EXPECT_EQ(Utc("2025-01-15T10:00:00+01:00"), "2025-01-15T09:00:00Z");  // RFC 3339, as before
  EXPECT_EQ(Utc("2025-01-15T10:00:00Z"), "2025-01-15T10:00:00Z");
  EXPECT_EQ(Utc("2025-01-15T10:00:00"), "2025-01-15T09:00:00Z");  // Munich winter time
  EXPECT_EQ(Utc("2025-07-15T10:00:00"), "2025-07-15T08:00:00Z");  // Munich summer time
  EXPECT_EQ(Utc("2025-07-15T10:00"), "2025-07-15T08:00:00Z");
  EXPECT_EQ(Utc("2025-07-15 10:00:30.250"), "2025-07-15T08:00:30Z");
  EXPECT_EQ(Utc("2025-01-15"), "2025-01-14T23:00:00Z");  // local midnight
  EXPECT_EQ(Utc("2025-07-15"), "2025-07-14T22:00:00Z");
  EXPECT_EQ(Utc("1736931600"), "2025-01-15T09:00:00Z");  // unix seconds
  EXPECT_EQ(Utc("1736931600.9"), "2025-01-15T09:00:00Z");
  EXPECT_EQ(Utc("1736931600000"), "2025-01-15T09:00:00Z");  // milliseconds, as pydantic reads them
  EXPECT_EQ(Utc("0"), "1970-01-01T00:00:00Z");
}

TEST(ClientTimeTest, MunichLocalTimeFollowsSummerTimeToTheMinute) {
  // 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC.
  EXPECT_EQ(Utc("2025-03-30T01:59:00"), "2025-03-30T00:59:00Z");  // last winter minute
  EXPECT_EQ(Utc("2025-03-30T03:00:00"), "2025-03-30T01:00:00Z");  // first summer minute
  EXPECT_EQ(Utc("2025-03-30T02:30:00"), "2025-03-30T01:30:00Z");  // the gap: read as 03:30 summer time
  EXPECT_EQ(Utc("2025-03-29T02:30:00"), "2025-03-29T01:30:00Z");  // the day before: winter
  EXPECT_EQ(Utc("2025-10-26T01:59:00"), "2025-10-25T23:59:00Z");
  EXPECT_EQ(Utc("2025-10-26T02:30:00"), "2025-10-26T00:30:00Z");  // occurs twice: the first (summer) one
  EXPECT_EQ(Utc("2025-10-26T03:00:00"), "2025-10-26T02:00:00Z");  // winter again
  EXPECT_EQ(Utc("2025-10-27T02:30:00"), "2025-10-27T01:30:00Z");
  // Another year's last Sundays (2026: 29 March, 25 October).
  EXPECT_EQ(Utc("2026-03-29T12:00:00"), "2026-03-29T10:00:00Z");
  EXPECT_EQ(Utc("2026-03-28T12:00:00"), "2026-03-28T11:00:00Z");
  EXPECT_EQ(Utc("2026-10-25T12:00:00"), "2026-10-25T11:00:00Z");
  EXPECT_EQ(Utc("2026-10-24T12:00:00"), "2026-10-24T10:00:00Z");
  EXPECT_EQ(Utc("2026-03-29"), "2026-03-28T23:00:00Z");  // midnight is before the switch
}

TEST(ClientTimeTest, RefusesGarbage) {
  for (const char* bad : {"", "tomorrow", "now", "2025-01-15T", "2025-01-15T10", "2025-01-15T10:0", "2025-01-15T24:00:00",
                          "2025-01-15T10:60", "2025-02-30", "2025-13-01", "2025-1-15", "15.01.2025", "2025-01-15T10:00:00.",
                          "2025-01-15T10:00:00+2:00", "2025-01-15T10:00:00 junk", "2025-01-15x", "-1736931600", "+1736931600",
                          "1736931600.", "1736931600.x", "1e9", "0x10", "1736931600 ", "9999999999999999",
                          "999999999999999", "0000-01-01T00:30:00"}) {
    EXPECT_FALSE(ParseClientTime(bad)) << bad;
  }
}

TEST(TransportTypeTest, AcceptsCodesAndDisplayNamesCaseInsensitively) {
  EXPECT_EQ(ParseTransportType("UBAHN"), TransportType::kUbahn);
  EXPECT_EQ(ParseTransportType("U-Bahn"), TransportType::kUbahn);
  EXPECT_EQ(ParseTransportType("ubahn"), TransportType::kUbahn);
  EXPECT_EQ(ParseTransportType("S Bahn"), TransportType::kSbahn);
  EXPECT_EQ(ParseTransportType("Regionalbus"), TransportType::kRegionalBus);
  EXPECT_EQ(ParseTransportType("REGIONAL_BUS"), TransportType::kRegionalBus);
  EXPECT_EQ(ParseTransportType("tram"), TransportType::kTram);
  EXPECT_EQ(ParseTransportType("SEV"), TransportType::kSev);
  EXPECT_FALSE(ParseTransportType("hovercraft"));
  EXPECT_FALSE(IsMvgFilter(TransportType::kSev));
  EXPECT_EQ(Code(TransportType::kRegionalBus), "REGIONAL_BUS");
  EXPECT_EQ(IconForCode("UBAHN"), "mdi:subway");
}

}  // namespace
}  // namespace bv::model
