// The set of our own proxies (client_identity_test.cpp: what is believed from them).
#include "net/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace bv::net {
namespace {

TrustedProxies Proxies(std::vector<std::string> items) {
  auto parsed = TrustedProxies::Parse(items);
  EXPECT_TRUE(parsed) << parsed.error();
  return parsed ? *parsed : TrustedProxies{};
}

TEST(TrustedProxiesTest, ParsesAddressesAndNetworks) {
  const auto proxies = Proxies({"10.0.0.0/8", " 192.168.1.7 ", "fd00::/8"});
  EXPECT_TRUE(proxies.Contains("10.20.30.40"));
  EXPECT_TRUE(proxies.Contains("192.168.1.7"));
  EXPECT_FALSE(proxies.Contains("192.168.1.8"));
  EXPECT_TRUE(proxies.Contains("fd12::1"));
  EXPECT_FALSE(proxies.Contains("2001:db8::1"));
  EXPECT_TRUE(proxies.Contains("::ffff:10.1.2.3")) << "IPv4-mapped peers of a dual-stack socket";
  EXPECT_FALSE(proxies.Contains("not an address"));
}

TEST(TrustedProxiesTest, RefusesWhatIsNotAnAddress) {
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/33"}));
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/x"}));
  EXPECT_FALSE(TrustedProxies::Parse({"proxy.internal"}));
  EXPECT_FALSE(TrustedProxies::Parse({"::1/129"}));
}

}  // namespace
}  // namespace bv::net
