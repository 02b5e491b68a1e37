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
