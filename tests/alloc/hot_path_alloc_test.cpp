// Proves the hot-path promise: answering a request on a keep-alive connection does not touch
// the heap. malloc is wrapped to count calls; the client below sends pre-built bytes from a
// fixed buffer, so every counted allocation is the server's.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "api/health.hpp"
#include "api/rate_limit_admission.hpp"
#include "net/client_identity.hpp"
#include "ratelimit/rate_limiter.hpp"
#include "support/test_server.hpp"

namespace {
std::atomic<long> g_mallocs{0};
}  // namespace

extern "C" void* __libc_malloc(size_t);
extern "C" void* malloc(size_t size) {
  g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}

namespace bv::http {
namespace {

// A keep-alive client socket to the test server on loopback (TCP_NODELAY); -1 on failure.
int ConnectLoopbackNoDelay(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Sends `request` and reads one response of `response_size` bytes, without allocating.
bool RoundTrip(int fd, const std::string& request, std::size_t response_size) {
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) return false;
  char buffer[4096];
  std::size_t got = 0;
  while (got < response_size) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return got == response_size;
}

TEST(HotPathAllocationTest, KeepAliveRequestsDoNotAllocate) {
  api::Readiness readiness;
  // Buffered per thread, as the service writes its access log.
  const obs::Logger access_log(obs::LogLevel::kInfo, obs::LogFormat::kJson, open("/dev/null", O_WRONLY),
                               obs::LogBuffering::kPerThread);
  test::TestServer::Options options;
  options.log = &access_log;  // the access-log line is part of the hot path
  test::TestServer server(
      [&](Router& r) { api::RegisterHealthRoutes(r, {"1.0.0", std::chrono::steady_clock::now()}, readiness); },
      options);

  const int fd = ConnectLoopbackNoDelay(server.port());
  ASSERT_GE(fd, 0);

  const std::string request =
      "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\nUser-Agent: alloc-test\r\nAccept: */*\r\n"
      "X-Request-Id: 0123456789abcdef0123456789abcdef\r\n\r\n";
  // Learn the response size once (the uptime's digits are fixed-width: "%.3f" of < 10 s).
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char first[4096];
  const ssize_t first_size = recv(fd, first, sizeof first, 0);
  ASSERT_GT(first_size, 0);
  ASSERT_NE(std::string(first, static_cast<std::size_t>(first_size)).find("\r\n\r\n{\"status\":\"ok\""), std::string::npos);

  // Warm-up: thread-local recycling caches, the first metric children, the first log line.
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(RoundTrip(fd, request, static_cast<std::size_t>(first_size)));

  constexpr int kRequests = 2000;
  const long before = g_mallocs.load();
  for (int i = 0; i < kRequests; ++i) ASSERT_TRUE(RoundTrip(fd, request, static_cast<std::size_t>(first_size)));
  const long allocations = g_mallocs.load() - before;
  close(fd);
  // The wrapper itself works: a heap string is counted.
  const long probe_before = g_mallocs.load();
  auto probe = std::make_unique<std::string>(1000, 'x');
  EXPECT_GT(g_mallocs.load(), probe_before);
  std::printf("heap allocations for %d keep-alive requests: %ld\n", kRequests, allocations);
  EXPECT_LE(allocations, kRequests / 100) << allocations << " heap allocations for " << kRequests << " requests";
}

// The client identity behind a trusted proxy (two X-Forwarded-For lines, an IPv6 client keyed
// per /64) and the rate limiter's admission of a client it already tracks add no allocation.
TEST(HotPathAllocationTest, ClientIdentityAndRateLimitDoNotAllocate) {
  obs::Registry limiter_registry;
  ratelimit::LimiterOptions limits{1'000'000, 1'000'000};  // nobody is refused; Remaining keeps 6 digits
  ratelimit::RateLimiter limiter(limits, limiter_registry, nullptr);
  const auto proxies = net::TrustedProxies::Parse({"127.0.0.1"});
  ASSERT_TRUE(proxies);
  const net::ClientIdentity identity(*proxies, net::ForwardedHeader::kXForwardedFor, 64);
  const obs::Logger access_log(obs::LogLevel::kInfo, obs::LogFormat::kJson, open("/dev/null", O_WRONLY),
                               obs::LogBuffering::kPerThread);
  test::TestServer::Options options;
  options.log = &access_log;
  options.dispatcher.clients = &identity;
  options.dispatcher.admission = api::RateLimitAdmission(limiter);
  test::TestServer server(
      [&](Router& r) {
        r.Get("/api/v1/thing", [](Exchange& ex) -> boost::asio::awaitable<void> {
          ex.response.result(bhttp::status::ok);
          ex.response.body().Assign("{}");
          co_return;
        });
      },
      options);

  const int fd = ConnectLoopbackNoDelay(server.port());
  ASSERT_GE(fd, 0);

  const std::string request =
      "GET /api/v1/thing HTTP/1.1\r\nHost: bench\r\nX-Forwarded-For: 6.6.6.6, 2001:db8:1:2:3:4:5:6\r\n"
      "X-Forwarded-For: 127.0.0.1\r\nX-Request-Id: 0123456789abcdef0123456789abcdef\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char first[4096];
  const ssize_t first_size = recv(fd, first, sizeof first, 0);
  ASSERT_GT(first_size, 0);
  ASSERT_NE(std::string(first, static_cast<std::size_t>(first_size)).find("RateLimit-Remaining: 999999"), std::string::npos)
      << std::string(first, static_cast<std::size_t>(first_size));

  for (int i = 0; i < 200; ++i) ASSERT_TRUE(RoundTrip(fd, request, static_cast<std::size_t>(first_size)));
  constexpr int kRequests = 2000;
  const long before = g_mallocs.load();
  for (int i = 0; i < kRequests; ++i) ASSERT_TRUE(RoundTrip(fd, request, static_cast<std::size_t>(first_size)));
  const long allocations = g_mallocs.load() - before;
  close(fd);
  EXPECT_EQ(limiter.clients(), 1u) << "one client: the /64 behind the proxy";
  std::printf("heap allocations for %d limited keep-alive requests behind a proxy: %ld\n", kRequests, allocations);
  EXPECT_LE(allocations, kRequests / 100) << allocations << " heap allocations for " << kRequests << " requests";
}

}  // namespace
}  // namespace bv::http
