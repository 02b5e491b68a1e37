// The HTTP server over real loopback sockets: keep-alive, limits, timeouts and the drain.
#include "http/server.hpp"

#include <future>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "http/json_response.hpp"
#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace bv::http {
namespace {

using namespace std::chrono_literals;
using bv::test::HttpClient;
using bv::test::RawExchange;
using bv::test::StatusOf;
using bv::test::TestServer;
namespace bhttp = boost::beast::http;

// Answers after `delay` (a request that is "in flight" for a while).
Handler Slow(std::chrono::milliseconds delay) {
  return [delay](Exchange& ex) -> boost::asio::awaitable<void> {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
    co_await timer.async_wait(boost::asio::use_awaitable);
    SetJson(ex.response, bhttp::status::ok, R"({"slow":true})");
  };
}

void Routes(Router& router) {
  router.Get("/fast", [](Exchange& ex) -> boost::asio::awaitable<void> {
    SetJson(ex.response, bhttp::status::ok, R"({"fast":true})");
    co_return;
  });
  router.Get("/drop", [](Exchange& ex) -> boost::asio::awaitable<void> {
    ex.drop_connection = true;
    co_return;
  });
  router.Get("/slow", Slow(300ms));
  router.Get("/very-slow", Slow(5s));
}

TestServer::Options Quick() {
  TestServer::Options o;
  o.server.header_timeout = 300ms;
  o.server.idle_timeout = 400ms;
  return o;
}

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server(Routes);
  HttpClient client("127.0.0.1", server.port());
  auto first = client.Get("/fast");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_TRUE(first->keep_alive);
  auto second = client.Get("/fast");
  ASSERT_TRUE(second);
  EXPECT_TRUE(client.reused());
  EXPECT_EQ(second->body, R"({"fast":true})");
}

TEST(ServerTest, HeadAnswersHeadersWithoutBody) {
  TestServer server(Routes);
  HttpClient client("127.0.0.1", server.port());
  auto res = client.Request("HEAD", "/fast");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-length"), "13");
  EXPECT_TRUE(res->body.empty());
  // The connection is still usable: no stray body bytes were sent.
  auto next = client.Get("/fast");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, R"({"fast":true})");
}

TEST(ServerTest, HeaderBlockOver8KiBIs431AndTheConnectionCloses) {
  TestServer server(Routes);
  const std::string big(9 * 1024, 'x');
  auto raw = RawExchange(server.port(), {"GET /fast HTTP/1.1\r\nHost: t\r\nX-Big: " + big + "\r\n\r\n"}, 0ms, 3s);
  EXPECT_EQ(StatusOf(raw.received), 431) << raw.received.substr(0, 200);
  EXPECT_NE(raw.received.find(R"J({"detail":"Request header fields too large (limit 8 KiB)"})J"), std::string::npos);
  EXPECT_TRUE(raw.closed_by_server);

  // Baseline: the same request with a header under the limit is served.
  const std::string fits(7 * 1024, 'x');
  auto ok = RawExchange(server.port(), {"GET /fast HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Big: " + fits + "\r\n\r\n"}, 0ms, 3s);
  EXPECT_EQ(StatusOf(ok.received), 200);
}

TEST(ServerTest, BodyOver1MiBIs413) {
  TestServer server(Routes);
  // Declared length over the limit: refused before the body is read.
  auto declared = RawExchange(server.port(),
                              {"POST /fast HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n", std::string(64 * 1024, 'a')},
                              0ms, 3s);
  EXPECT_EQ(StatusOf(declared.received), 413);
  EXPECT_NE(declared.received.find("Request body too large"), std::string::npos);

  // Chunked body that grows past the limit.
  std::vector<std::string> chunks = {"POST /fast HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"};
  const std::string piece(256 * 1024, 'b');
  for (int i = 0; i < 5; ++i) chunks.push_back("40000\r\n" + piece + "\r\n");
  chunks.push_back("0\r\n\r\n");
  auto chunked = RawExchange(server.port(), chunks, 0ms, 3s);
  EXPECT_EQ(StatusOf(chunked.received), 413);
}

TEST(ServerTest, WrongMethodWithASmallBodyIs405AndTheConnectionStaysUsable) {
  TestServer server(Routes);
  HttpClient client("127.0.0.1", server.port());
  auto post = client.Request("POST", "/fast", {{"Content-Type", "application/json"}}, R"({"a":1})");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->Header("allow"), "GET, HEAD, OPTIONS");
  auto get = client.Get("/fast");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_TRUE(client.reused());
}

TEST(ServerTest, MalformedRequestIs400) {
  TestServer server(Routes);
  auto raw = RawExchange(server.port(), {"GARBAGE\r\n\r\n"}, 0ms, 3s);
  EXPECT_EQ(StatusOf(raw.received), 400);
  EXPECT_NE(raw.received.find(R"({"detail":"Malformed HTTP request"})"), std::string::npos);
}

TEST(ServerTest, SlowHeaderIsCutAtTheHeaderTimeout) {
  TestServer server(Routes, Quick());
  // A slowloris client: one header byte-run every 100 ms, for 3 s.
  std::vector<std::string> drip = {"GET /fast HTTP/1.1\r\n"};
  for (int i = 0; i < 30; ++i) drip.push_back("X-" + std::to_string(i) + ": y\r\n");
  auto raw = RawExchange(server.port(), drip, 100ms, 5s);
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_LT(raw.elapsed, 3s) << "the header deadline must not be extended by each new byte";
  EXPECT_EQ(StatusOf(raw.received), 0);
  EXPECT_NE(server.registry().Expose().find(R"(bahnvision_api_requests_total{route="unmatched",method="OTHER",status="408"} 1)"),
            std::string::npos);
}

TEST(ServerTest, SilentAndIdleConnectionsAreClosedAtTheIdleTimeout) {
  TestServer server(Routes, Quick());
  // Connected but never sends a byte (half-open client).
  auto silent = RawExchange(server.port(), {}, 0ms, 5s);
  EXPECT_TRUE(silent.closed_by_server);
  EXPECT_LT(silent.elapsed, 2s);

  // Keep-alive connection left idle after a request.
  auto after_request = RawExchange(server.port(), {"GET /fast HTTP/1.1\r\nHost: t\r\n\r\n"}, 0ms, 5s);
  EXPECT_EQ(StatusOf(after_request.received), 200);
  EXPECT_TRUE(after_request.closed_by_server);
  EXPECT_LT(after_request.elapsed, 2s);
  EXPECT_GE(after_request.elapsed, 350ms);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server(Routes);
  auto raw = RawExchange(server.port(),
                         {"GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: first\r\n\r\n"
                          "GET /nope HTTP/1.1\r\nHost: t\r\nX-Request-Id: second\r\nConnection: close\r\n\r\n"},
                         0ms, 3s);
  const auto first = raw.received.find("X-Request-Id: first");
  const auto second = raw.received.find("X-Request-Id: second");
  ASSERT_NE(first, std::string::npos) << raw.received;
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(raw.received.find("HTTP/1.1 404"), std::string::npos);
}

TEST(ServerTest, ConnectionsOverTheLimitGet503WithRetryAfter) {
  TestServer::Options options;
  options.server.max_connections = 2;
  TestServer server(Routes, options);
  HttpClient a("127.0.0.1", server.port()), b("127.0.0.1", server.port());
  ASSERT_TRUE(a.Get("/fast"));
  ASSERT_TRUE(b.Get("/fast"));
  auto refused = bv::test::HttpGet(server.port(), "/fast");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "1");
  a.Close();
  // Once a slot is free the server accepts again.
  for (int i = 0; i < 50; ++i) {
    auto res = bv::test::HttpGet(server.port(), "/fast");
    if (res && res->status == 200) return;
    std::this_thread::sleep_for(20ms);
  }
  FAIL() << "the freed connection slot was never reused";
}

TEST(ServerTest, DroppedExchangeClosesTheConnectionWithoutAnswer) {
  TestServer server(Routes);
  auto raw = RawExchange(server.port(), {"GET /drop HTTP/1.1\r\nHost: t\r\n\r\n"}, 0ms, 3s);
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_TRUE(raw.received.empty()) << raw.received;
}

TEST(ServerTest, DrainLetsEveryInFlightRequestFinish) {
  TestServer server(Routes);
  constexpr int kClients = 20;
  std::vector<std::future<std::optional<bv::test::HttpResult>>> results;
  for (int i = 0; i < kClients; ++i) {
    results.push_back(std::async(std::launch::async, [port = server.port()] {
      HttpClient client("127.0.0.1", port);
      return client.Get("/slow");
    }));
  }
  // Wait until all 20 are being handled, then drain with a generous grace period.
  for (int i = 0; i < 100 && server.server().active_connections() < kClients; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(server.server().active_connections(), static_cast<std::size_t>(kClients));
  const std::size_t cut = server.Drain(5s);
  EXPECT_EQ(cut, 0u);
  for (auto& f : results) {
    auto res = f.get();
    ASSERT_TRUE(res) << "an in-flight request failed during the drain";
    EXPECT_EQ(res->status, 200);
    EXPECT_FALSE(res->keep_alive) << "answers during a drain must carry Connection: close";
  }
  // The listener is closed: new connections are refused.
  EXPECT_FALSE(bv::test::HttpGet(server.port(), "/fast"));
}

TEST(ServerTest, DrainClosesIdleKeepAliveConnectionsAtOnce) {
  TestServer server(Routes);
  HttpClient idle("127.0.0.1", server.port());
  ASSERT_TRUE(idle.Get("/fast"));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Drain(5s), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(server.server().active_connections(), 0u);
}

TEST(ServerTest, DrainCutsRequestsThatOutliveTheGracePeriod) {
  TestServer server(Routes);
  auto pending = std::async(std::launch::async, [port = server.port()] {
    HttpClient client("127.0.0.1", port);
    return client.Get("/very-slow");
  });
  for (int i = 0; i < 100 && server.server().active_connections() < 1; ++i) std::this_thread::sleep_for(5ms);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Drain(300ms), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_FALSE(pending.get());
}

}  // namespace
}  // namespace bv::http
