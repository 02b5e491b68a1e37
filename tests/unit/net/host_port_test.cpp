#include "net/host_port.hpp"

#include <gtest/gtest.h>

namespace bv::net {
namespace {

TEST(HostPortTest, ParsesListsWithNamesAddressesAndBracketedIpv6) {
  const auto list = ParseHostPortList("sentinel-0.valkey:26379, 10.0.0.2:26379,[fd00::1]:26380");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0], (HostPort{"sentinel-0.valkey", "26379"}));
  EXPECT_EQ((*list)[1], (HostPort{"10.0.0.2", "26379"}));
  EXPECT_EQ((*list)[2], (HostPort{"fd00::1", "26380"}));
  EXPECT_EQ((*list)[2].text(), "[fd00::1]:26380");
  EXPECT_EQ((*list)[0].text(), "sentinel-0.valkey:26379");
}

TEST(HostPortTest, RefusesEveryMalformedItemAndSaysWhich) {
  for (const char* bad : {"", "host", "host:", ":26379", "host:0", "host:65536", "host:+1", "host:1x", "a:1,,b:2",
                          "a:1,", "fd00::1:26379", "[fd00::1]26379", "[]:1", "a b:1", "user@host:1", "h:123456"}) {
    std::string why;
    EXPECT_FALSE(ParseHostPortList(bad, &why)) << bad;
    EXPECT_NE(why.find("expected host:port"), std::string::npos) << bad;
  }
}

TEST(HostPortTest, PortsArePlainDigitsInRange) {
  EXPECT_TRUE(ValidPort("1"));
  EXPECT_TRUE(ValidPort("65535"));
  EXPECT_FALSE(ValidPort("0"));
  EXPECT_FALSE(ValidPort("65536"));
  EXPECT_FALSE(ValidPort("-1"));
  EXPECT_FALSE(ValidPort("00000080"));
}

}  // namespace
}  // namespace bv::net
