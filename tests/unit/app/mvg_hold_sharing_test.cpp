// The wire format replicas use to share MVG rate limits (app/mvg_hold_sharing): what another
// replica (or a corrupt publisher) sends must either parse exactly or be ignored.
#include "app/mvg_hold_sharing.hpp"

#include <gtest/gtest.h>

namespace bv::app {
namespace {

TEST(HoldMessageTest, ParsesEndpointMillisecondsAndReplica) {
  const auto m = ParseHoldMessage("departures 6000 3f2a9c");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->endpoint, "departures");
  EXPECT_EQ(m->hold_ms, 6000);
  EXPECT_EQ(m->replica, "3f2a9c");
}

TEST(HoldMessageTest, MalformedMessagesAreRefused) {
  for (const char* bad : {"", "departures", "departures 6000", "departures 6000 ", " 6000 r", "departures x r",
                          "departures 60x0 r", "departures -5 r", "departures 0 r", "departures  r",
                          "departures 99999999999999999999999 r"}) {
    EXPECT_FALSE(ParseHoldMessage(bad)) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace bv::app
