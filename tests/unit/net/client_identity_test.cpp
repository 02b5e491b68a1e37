// Who the client is: forwarding headers are believed only from our own proxies, read from the
// right, across every header line; IPv6 clients are keyed per network.
#include "net/client_identity.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bv::net {
namespace {

namespace ip = boost::asio::ip;

ClientIdentity Identity(std::vector<std::string> proxies, ForwardedHeader header = ForwardedHeader::kXForwardedFor,
                        unsigned ipv6_prefix = 64) {
  auto parsed = TrustedProxies::Parse(proxies);
  EXPECT_TRUE(parsed);
  return ClientIdentity(parsed ? *parsed : TrustedProxies{}, header, ipv6_prefix);
}

// The client's address as text, from a peer and the header lines.
std::string Client(const ClientIdentity& identity, std::string_view peer, std::vector<std::string_view> lines) {
  const auto address = ParseHopAddress(peer);
  EXPECT_TRUE(address) << peer;
  AddressText text;
  text.Assign(identity.Resolve(*address, lines));
  return std::string(text.view());
}

std::string Key(const ClientIdentity& identity, std::string_view address) {
  AddressText text;
  identity.KeyOf(*ParseHopAddress(address), text);
  return std::string(text.view());
}

TEST(ClientIdentityTest, HeadersAreIgnoredWithoutTrustedProxies) {
  const ClientIdentity none;
  EXPECT_EQ(Client(none, "10.0.0.1", {"198.51.100.1"}), "10.0.0.1");
  const auto forwarded = Identity({}, ForwardedHeader::kForwarded);
  EXPECT_EQ(Client(forwarded, "10.0.0.1", {"for=198.51.100.1"}), "10.0.0.1");
}

TEST(ClientIdentityTest, HeadersAreIgnoredFromUntrustedPeers) {
  const auto identity = Identity({"10.0.0.0/8"});
  EXPECT_EQ(Client(identity, "203.0.113.9", {"198.51.100.1"}), "203.0.113.9");
}

TEST(ClientIdentityTest, TheRightmostUntrustedHopIsTheClientNeverTheLeftmost) {
  const auto identity = Identity({"10.0.0.0/8"});
  // The client forged the first entry; our ingress (10.0.0.5) appended the real one.
  EXPECT_EQ(Client(identity, "10.0.0.1", {"1.2.3.4, 198.51.100.7, 10.0.0.5"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"1.1.1.1,2.2.2.2,3.3.3.3"}), "3.3.3.3");
}

TEST(ClientIdentityTest, AllHeaderLinesAreJoinedInOrder) {
  const auto identity = Identity({"10.0.0.0/8"});
  // A proxy that adds a second line instead of appending to the first.
  EXPECT_EQ(Client(identity, "10.0.0.1", {"6.6.6.6", "198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"6.6.6.6, 7.7.7.7", "198.51.100.7, 10.0.0.9", "10.0.0.8"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"198.51.100.7", "10.0.0.9"}), "198.51.100.7");
}

TEST(ClientIdentityTest, OnlyTrustedHopsMeanTheLeftmostOfThem) {
  const auto identity = Identity({"10.0.0.0/8"});
  EXPECT_EQ(Client(identity, "10.0.0.1", {"10.0.0.9, 10.0.0.5"}), "10.0.0.9");
  EXPECT_EQ(Client(identity, "10.0.0.1", {}), "10.0.0.1") << "no header: the proxy itself";
  EXPECT_EQ(Client(identity, "10.0.0.1", {""}), "10.0.0.1");
  EXPECT_EQ(Client(identity, "10.0.0.1", {" , ,"}), "10.0.0.1");
}

TEST(ClientIdentityTest, GarbageEndsTheWalkAtTheProxyThatReportedIt) {
  const auto identity = Identity({"10.0.0.0/8"});
  const std::vector<std::string_view> garbages = {"garbage", "unknown", "_hidden", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "1.2.3.4:99999",
        "1.2.3.4:", "[2001:db8::1", "[2001:db8::1]x", "fe80::1%eth0", "::1::2", "\"", "\"\"", "1.2.3.4 5.6.7.8",
        "\x01\x02", "-", std::string_view("\0", 1)};
  for (const std::string_view garbage : garbages) {
    EXPECT_EQ(Client(identity, "10.0.0.1", {garbage}), "10.0.0.1") << garbage;
    EXPECT_EQ(Client(identity, "10.0.0.1", {std::string("9.9.9.9, ") + std::string(garbage) + ", 10.0.0.7"}),
              "10.0.0.7")
        << garbage << ": the forged part left of the garbage is never reached";
  }
  EXPECT_EQ(Client(identity, "10.0.0.1", {std::string(5000, ',') + "198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {std::string(5000, 'x')}), "10.0.0.1");
}

TEST(ClientIdentityTest, PortsBracketsAndQuotesAreUnderstood) {
  const auto identity = Identity({"10.0.0.0/8"});
  EXPECT_EQ(Client(identity, "10.0.0.1", {"198.51.100.7:4711"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"2001:db8::7"}), "2001:db8::7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"[2001:db8::7]"}), "2001:db8::7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"[2001:db8::7]:4711"}), "2001:db8::7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"\"[2001:db8::7]:4711\""}), "2001:db8::7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"::ffff:198.51.100.7"}), "198.51.100.7") << "IPv4-mapped is IPv4";
  EXPECT_EQ(Client(identity, "::ffff:10.0.0.1", {"198.51.100.7"}), "198.51.100.7") << "a dual-stack peer";
}

TEST(ClientIdentityTest, ForwardedHeaderIsReadTheSameWay) {
  const auto identity = Identity({"10.0.0.0/8", "fd00::/8"}, ForwardedHeader::kForwarded);
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=1.2.3.4, for=198.51.100.7;proto=https;by=10.0.0.1"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"For=\"[2001:db8:cafe::17]:4711\""}), "2001:db8:cafe::17");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"proto=https;for=198.51.100.7;host=x.example"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=6.6.6.6", "for=198.51.100.7, for=10.0.0.3"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=\"[fd00::3]\", for=10.0.0.4"}), "fd00::3")
      << "only trusted hops: the leftmost";
  // A quoted-string may hold "," and ";": they do not split elements.
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=1.2.3.4;ext=\"a, b; c\", for=198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=198.51.100.7;ext=\"a, for=6.6.6.6\""}), "198.51.100.7");
}

TEST(ClientIdentityTest, ForwardedObfuscatedUnknownAndBrokenElementsStopAtTheProxy) {
  const auto identity = Identity({"10.0.0.0/8"}, ForwardedHeader::kForwarded);
  for (const std::string_view line :
       {"for=unknown", "for=_hidden", "for=\"_SEVKISEK\"", "proto=https", "for=\"198.51.100.7", "for", "for=1.2.3.4 junk",
        "=1.2.3.4", "for=\"[2001:db8::1]:notaport\"", "for=\"\\[2001:db8::1]\""}) {
    EXPECT_EQ(Client(identity, "10.0.0.1", {line}), "10.0.0.1") << line;
  }
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=6.6.6.6, for=unknown, for=10.0.0.8"}), "10.0.0.8");
  EXPECT_EQ(Client(identity, "10.0.0.1", {"for=6.6.6.6, , for=198.51.100.7"}), "198.51.100.7")
      << "empty elements are no hops";
}

TEST(ClientIdentityTest, OnlyTheConfiguredHeaderCounts) {
  // The resolver sees the lines of one header: the dispatcher passes the configured one.
  EXPECT_EQ(HeaderName(Identity({"10.0.0.0/8"}).header()), "X-Forwarded-For");
  EXPECT_EQ(HeaderName(Identity({"10.0.0.0/8"}, ForwardedHeader::kForwarded).header()), "Forwarded");
  EXPECT_EQ(ParseForwardedHeader("Forwarded"), ForwardedHeader::kForwarded);
  EXPECT_EQ(ParseForwardedHeader("x-forwarded-for"), ForwardedHeader::kXForwardedFor);
  EXPECT_FALSE(ParseForwardedHeader("x-real-ip"));
}

TEST(ClientIdentityTest, ALongChainOfTrustedHopsEndsAtTheLeftmostKept) {
  const auto identity = Identity({"10.0.0.0/8"});
  std::string chain = "6.6.6.6";
  for (int i = 0; i < 100; ++i) chain += ", 10.0.0." + std::to_string(i % 250);
  const std::string client = Client(identity, "10.0.0.1", {chain});
  EXPECT_TRUE(client.starts_with("10.0.0.")) << client << ": never the forged left end";
}

TEST(ClientIdentityTest, Ipv4IsKeyedPerAddressIpv6PerPrefix) {
  const auto identity = Identity({});
  EXPECT_EQ(Key(identity, "198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(Key(identity, "::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(Key(identity, "2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(Key(identity, "2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  EXPECT_NE(Key(identity, "2001:db8:1:3::1"), Key(identity, "2001:db8:1:2::1"));
  EXPECT_EQ(Key(Identity({}, ForwardedHeader::kXForwardedFor, 48), "2001:db8:1:2::1"), "2001:db8:1::/48");
  EXPECT_EQ(Key(Identity({}, ForwardedHeader::kXForwardedFor, 128), "2001:db8::1"), "2001:db8::1/128");
  EXPECT_EQ(Key(Identity({}, ForwardedHeader::kXForwardedFor, 1), "ffff::1"), "8000::/1");
}

TEST(ClientIdentityTest, ParsesHopAddressesStrictly) {
  EXPECT_EQ(ParseHopAddress("198.51.100.7"), ip::make_address("198.51.100.7"));
  EXPECT_EQ(ParseHopAddress(" 198.51.100.7 "), ip::make_address("198.51.100.7"));
  EXPECT_EQ(ParseHopAddress("[::1]:80"), ip::make_address("::1"));
  EXPECT_FALSE(ParseHopAddress(""));
  EXPECT_FALSE(ParseHopAddress("[]"));
  EXPECT_FALSE(ParseHopAddress("[1.2.3.4]"));
  EXPECT_FALSE(ParseHopAddress(std::string(100, '1')));
  EXPECT_FALSE(ParseHopAddress("0x7f.0.0.1"));
}

}  // namespace
}  // namespace bv::net
