#include "model/http_date.hpp"

#include <gtest/gtest.h>

namespace bv::model {
namespace {

using namespace std::chrono;

TEST(HttpDateTest, FormatsTheImfFixdateOfWholeSeconds) {
  HttpDateBuffer buffer;
  EXPECT_EQ(FormatHttpDate(system_clock::from_time_t(784111777), buffer), "Sun, 06 Nov 1994 08:49:37 GMT");
  // Fractions are cut, not rounded: Last-Modified must not lie in the future.
  EXPECT_EQ(FormatHttpDate(system_clock::time_point(seconds(1'800'000'000) + milliseconds(999)), buffer),
            "Fri, 15 Jan 2027 08:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(system_clock::time_point(sys_days{year{2028} / February / 29}), buffer),
            "Tue, 29 Feb 2028 00:00:00 GMT");
}

TEST(HttpDateTest, ParsesWhatItFormats) {
  for (const std::int64_t t : {0LL, 784111777LL, 1'800'000'000LL, 4'102'444'799LL}) {
    HttpDateBuffer buffer;
    const auto text = FormatHttpDate(system_clock::time_point(seconds(t)), buffer);
    const auto parsed = ParseHttpDate(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(parsed->time_since_epoch().count(), t) << text;
  }
}

TEST(HttpDateTest, RefusesEverythingButAnImfFixdate) {
  for (const char* bad : {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT",
                          "Sun Nov  6 08:49:37 1994", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nvm 1994 08:49:37 GMT",
                          "Mon, 06 Nov 1994 08:49:37 GMT",  // a Sunday: the weekday contradicts the date
                          "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 06 Nov -994 08:49:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(ParseHttpDate(bad)) << bad;
  }
  // Beyond the system clock's nanosecond range (2262) but a valid date: written back exactly
  // (found by the time_text fuzz target as an overflow).
  const auto far = ParseHttpDate("Wed, 23 Dec 4944 23:59:59 GMT");
  ASSERT_TRUE(far);
  HttpDateBuffer buffer;
  EXPECT_EQ(FormatHttpDate(*far, buffer), "Wed, 23 Dec 4944 23:59:59 GMT");
  // A leap second reads as the second before it.
  EXPECT_EQ(ParseHttpDate("Sat, 31 Dec 2016 23:59:60 GMT"), ParseHttpDate("Sat, 31 Dec 2016 23:59:59 GMT"));
}

}  // namespace
}  // namespace bv::model
