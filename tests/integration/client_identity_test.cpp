// Who the client is, over real sockets: the service behind a "trusted proxy" (this test, on
// 127.0.0.1) limits by the forwarded client, never by what a client wrote into the left of the
// chain, reads every header line, and keys IPv6 clients per /64.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

// A limited route that needs no MVG.
constexpr const char* kLimited = "/api/v1/ops/summary";

// One GET with the given raw header lines (repeated names allowed); the status.
int GetWithLines(const ServiceProcess& service, const std::string& lines, const std::string& request_id = "") {
  std::string request = std::string("GET ") + kLimited + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + lines;
  if (!request_id.empty()) request += "X-Request-Id: " + request_id + "\r\n";
  request += "Connection: close\r\n\r\n";
  return StatusOf(RawExchange(service.port(), {request}, 0ms, 5s).received);
}

ServiceProcess LimitedService(std::map<std::string, std::string> env) {
  env.emplace("RATE_LIMIT_PER_MINUTE", "60");
  env.emplace("RATE_LIMIT_BURST", "3");
  return ServiceProcess(std::move(env));
}

TEST(ClientIdentityIntegrationTest, TwoHeaderLinesAndRotatingForgedAddressesAreOneClient) {
  auto service = LimitedService({{"RATE_LIMIT_TRUSTED_PROXIES", "127.0.0.1"}});
  // The client forges a new leftmost address each time; our proxy adds the real one as a
  // second header line.
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    statuses.push_back(GetWithLines(service, "X-Forwarded-For: 6.6.6." + std::to_string(i) + ", 7.7.7." +
                                                 std::to_string(i) + "\r\nX-Forwarded-For: 198.51.100.7\r\n",
                                     "ident-" + std::to_string(i)));
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 429, 429, 429}));
  EXPECT_EQ(GetWithLines(service, "X-Forwarded-For: 198.51.100.8\r\n"), 200) << "another client has its own bucket";
  // The access log names the same client.
  const auto line = service.process().WaitForLine("\"request_id\":\"ident-5\"", 5s);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line).as_object().at("client").as_string(), "198.51.100.7");
}

TEST(ClientIdentityIntegrationTest, TwoAddressesOfOneIpv6Slash64ShareABucket) {
  auto service = LimitedService({{"RATE_LIMIT_TRUSTED_PROXIES", "127.0.0.0/8"}});
  for (const char* address : {"2001:db8:1:2::1", "2001:db8:1:2::2", "[2001:db8:1:2:ffff::3]:4711"}) {
    EXPECT_EQ(GetWithLines(service, std::string("X-Forwarded-For: ") + address + "\r\n"), 200) << address;
  }
  EXPECT_EQ(GetWithLines(service, "X-Forwarded-For: 2001:db8:1:2:aaaa:bbbb:cccc:dddd\r\n"), 429)
      << "the same /64: the same bucket";
  EXPECT_EQ(GetWithLines(service, "X-Forwarded-For: 2001:db8:1:3::1\r\n"), 200) << "the next /64 is another client";
}

TEST(ClientIdentityIntegrationTest, TheForwardedHeaderIsReadWhenConfigured) {
  auto service = LimitedService({{"RATE_LIMIT_TRUSTED_PROXIES", "127.0.0.1"}, {"RATE_LIMIT_FORWARDED_HEADER", "forwarded"}});
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    statuses.push_back(GetWithLines(service, "Forwarded: for=6.6.6." + std::to_string(i) +
                                                 "\r\nForwarded: for=\"[2001:db8:cafe::17]:4711\";proto=http\r\n"
                                                 // X-Forwarded-For is not the configured header: ignored.
                                                 "X-Forwarded-For: 9.9.9." + std::to_string(i) + "\r\n"));
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 429}));
}

TEST(ClientIdentityIntegrationTest, WithoutTrustedProxiesForgedHeadersChangeNothing) {
  auto service = LimitedService({});
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    statuses.push_back(GetWithLines(service, "X-Forwarded-For: 6.6.6." + std::to_string(i) + "\r\nForwarded: for=7.7.7." +
                                                 std::to_string(i) + "\r\n",
                                     "noproxy-" + std::to_string(i)));
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 429})) << "all of them are 127.0.0.1";
  const auto line = service.process().WaitForLine("\"request_id\":\"noproxy-3\"", 5s);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line).as_object().at("client").as_string(), "127.0.0.1");
}

TEST(ClientIdentityIntegrationTest, AnIpv6PrefixOutOfRangeStopsTheStart) {
  for (const char* prefix : {"0", "129", "x"}) {
    TempDir dir;
    ProcessOptions options;
    options.argv = {kServiceBinary, "serve"};
    options.env = {{"PORT", "0"}, {"RATE_LIMIT_IPV6_PREFIX", prefix}};
    options.cwd = dir.path();
    ChildProcess process(std::move(options));
    EXPECT_EQ(process.WaitExit(10s), 2) << prefix;
    EXPECT_NE(process.Output().find("RATE_LIMIT_IPV6_PREFIX"), std::string::npos) << process.Output();
  }
}

}  // namespace
}  // namespace bv::test
