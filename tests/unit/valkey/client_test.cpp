// The Valkey client against a real redis-server (Debian's, speaking the Valkey protocol):
// pipelining, errors, AUTH/SELECT, outages, hangs and pub/sub. The reconnect back-off reads a
// ManualClock in the outage tests: they advance it instead of sleeping.
#include "valkey/client.hpp"

#include <array>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "support/run_coro.hpp"
#include "support/valkey_server.hpp"

namespace bv::valkey {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

ClientOptions Options(const test::ValkeyServer& server, int db = 0) {
  auto parsed = ParseUrl(server.url(db));
  EXPECT_TRUE(parsed);
  ClientOptions o;
  o.connection = *parsed;
  o.connection.command_timeout = 300ms;
  o.connection.backoff_min = 50ms;
  o.connection.backoff_max = 200ms;
  return o;
}

// Owns the io_context the client's sockets belong to; the client is destroyed first.
class Harness {
 public:
  explicit Harness(ClientOptions options, const clock::Clock& clock = clock::SystemClock::Instance())
      : client_(std::make_unique<Client>(std::vector<asio::any_io_executor>{io_.get_executor()}, std::move(options),
                                         clock)) {}
  ~Harness() {
    client_->Stop();
    io_.restart();
    io_.poll();
    client_.reset();
  }
  Result Run(std::vector<std::string> args) { return test::RunCoro(io_, client_->Command(std::move(args))); }
  Client& client() { return *client_; }
  asio::io_context& io() { return io_; }

 private:
  asio::io_context io_;
  std::unique_ptr<Client> client_;
};

TEST(ValkeyClientTest, SetAndGet) {
  test::ValkeyServer server;
  Harness h(Options(server));
  auto set = h.Run({"SET", "greeting", "Grüß Gott"});
  ASSERT_TRUE(set) << set.error().detail;
  EXPECT_EQ(set->text, "OK");
  auto get = h.Run({"GET", "greeting"});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->type, Reply::Type::kString);
  EXPECT_EQ(get->text, "Grüß Gott");
  EXPECT_TRUE(h.Run({"GET", "absent"})->is_nil());
}

asio::awaitable<void> Increment(Client* client, int* ok) {
  std::vector<std::string> args = {"INCR", "counter"};  // not a braced list inside co_await (GCC 12)
  auto r = co_await client->Command(std::move(args));
  if (r && r->type == Reply::Type::kInteger) ++*ok;
}

TEST(ValkeyClientTest, ConcurrentCommandsArePipelinedAndMatchedInOrder) {
  test::ValkeyServer server;
  Harness h(Options(server));
  int ok = 0;
  for (int i = 0; i < 1000; ++i) asio::co_spawn(h.io(), Increment(&h.client(), &ok), asio::detached);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (ok < 1000 && std::chrono::steady_clock::now() < deadline) h.io().run_one_for(100ms);
  EXPECT_EQ(ok, 1000);
  EXPECT_EQ(h.Run({"GET", "counter"})->text, "1000");
}

TEST(ValkeyClientTest, AnErrorReplyIsAReplyNotAFailure) {
  test::ValkeyServer server;
  Harness h(Options(server));
  ASSERT_TRUE(h.Run({"SET", "s", "text"}));
  auto r = h.Run({"INCR", "s"});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_error());
  EXPECT_TRUE(h.Run({"PING"}));  // the connection is still good
}

TEST(ValkeyClientTest, AuthenticatesAndSelectsTheDatabase) {
  test::ValkeyServer server({"--requirepass", "s3cret"});
  auto options = Options(server, 3);
  options.connection.password = "s3cret";
  Harness h(options);
  ASSERT_TRUE(h.Run({"SET", "k", "in-db-3"}));
  auto db = h.Run({"CLIENT", "INFO"});
  ASSERT_TRUE(db) << db.error().detail;
  EXPECT_NE(db->text.find("db=3"), std::string::npos) << db->text;

  auto wrong = Options(server);
  wrong.connection.password = "nope";
  Harness refused(wrong);
  EXPECT_FALSE(refused.Run({"GET", "k"}));
}

TEST(ValkeyClientTest, ServerDownIsUnavailableAndTheClientReconnectsAfterARestart) {
  test::ValkeyServer server;
  clock::ManualClock clock;
  auto options = Options(server);
  options.connections = 1;  // every command on the connection whose back-off the test steers
  Harness h(options, clock);
  ASSERT_TRUE(h.Run({"SET", "k", "1"}));
  server.Kill();
  auto down = h.Run({"GET", "k"});
  ASSERT_FALSE(down);
  // Later commands fail fast during the back-off instead of dialling every time.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(h.Run({"GET", "k"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);
  server.Restart();
  auto backing_off = h.Run({"PING"});
  ASSERT_FALSE(backing_off) << "no dial before the back-off has passed, even with the server back";
  EXPECT_EQ(backing_off.error().detail, "reconnect back-off");
  clock.Advance(200ms);  // backoff_max
  auto recovered = h.Run({"PING"});
  EXPECT_TRUE(recovered) << recovered.error().detail;
}

TEST(ValkeyClientTest, AHungServerTimesOutAtTheCommandDeadline) {
  test::ValkeyServer server;
  clock::ManualClock clock;
  auto options = Options(server);
  options.connections = 1;  // every command on the connection whose back-off the test steers
  Harness h(options, clock);
  ASSERT_TRUE(h.Run({"PING"}));
  server.Pause();
  const auto started = std::chrono::steady_clock::now();
  auto hung = h.Run({"GET", "k"});
  const auto took = std::chrono::steady_clock::now() - started;
  server.Resume();
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().kind, Error::Kind::kTimeout);
  EXPECT_GE(took, 290ms) << "the deadline is a real timer";
  EXPECT_LT(took, 1000ms);
  clock.Advance(50ms);  // backoff_min: the first failure's back-off
  auto recovered = h.Run({"PING"});
  EXPECT_TRUE(recovered) << recovered.error().detail;
}

TEST(ValkeyClientTest, SubscriberReceivesMessagesAndResubscribesAfterARestart) {
  test::ValkeyServer server;
  Harness h(Options(server));
  std::vector<std::string> received;
  h.client().Subscribe("fills", [&](std::string_view payload) { received.emplace_back(payload); });
  h.client().Start();
  const auto publish_until_received = [&](const std::string& payload) {
    for (int i = 0; i < 100; ++i) {
      (void)h.Run({"PUBLISH", "fills", payload});  // 0 receivers until subscribed: try again
      h.io().restart();
      h.io().run_for(20ms);
      if (!received.empty() && received.back() == payload) return true;
    }
    return false;
  };
  EXPECT_TRUE(publish_until_received("departures:a"));
  server.Kill();
  server.Restart();
  EXPECT_TRUE(publish_until_received("departures:b"));
}

TEST(ValkeyClientTest, EachChannelReachesItsOwnHandler) {
  test::ValkeyServer server;
  Harness h(Options(server));
  std::vector<std::string> fills, holds;
  h.client().Subscribe("fills", [&](std::string_view payload) { fills.emplace_back(payload); });
  h.client().Subscribe("holds", [&](std::string_view payload) { holds.emplace_back(payload); });
  h.client().Start();
  bool both = false;
  for (int i = 0; i < 100 && !both; ++i) {
    (void)h.Run({"PUBLISH", "holds", "departures 3000"});
    (void)h.Run({"PUBLISH", "fills", "departures:a"});
    (void)h.Run({"PUBLISH", "unrelated", "x"});
    h.io().restart();
    h.io().run_for(20ms);
    both = !fills.empty() && !holds.empty();
  }
  ASSERT_TRUE(both);
  EXPECT_EQ(fills.back(), "departures:a");
  EXPECT_EQ(holds.back(), "departures 3000");
}

// A Valkey stand-in whose AUTH answer takes `auth_delay` (a slow TLS/AUTH path); PING -> PONG.
asio::awaitable<void> SlowAuthServer(asio::ip::tcp::acceptor& acceptor, std::chrono::milliseconds auth_delay) {
  constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
  auto [accept_ec, socket] = co_await acceptor.async_accept(kNoThrow);
  if (accept_ec) co_return;
  std::string input;
  std::size_t auths = 0, pings = 0;
  std::array<char, 1024> chunk;
  asio::steady_timer timer(socket.get_executor());
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kNoThrow);
    if (ec) co_return;
    input.append(chunk.data(), n);
    std::string answer;
    for (std::size_t at = 0, seen = 0; (at = input.find("AUTH", at)) != std::string::npos; ++at) {
      if (++seen > auths) {
        timer.expires_after(auth_delay);
        co_await timer.async_wait(kNoThrow);
        answer += "+OK\r\n";
        ++auths;
      }
    }
    for (std::size_t at = 0, seen = 0; (at = input.find("PING", at)) != std::string::npos; ++at) {
      if (++seen > pings) {
        answer += "+PONG\r\n";
        ++pings;
      }
    }
    co_await asio::async_write(socket, asio::buffer(answer), kNoThrow);
  }
}

// Connecting has a deadline of its own: an AUTH answer slower than the command timeout (but
// within the connect timeout) no longer fails the first command and tears the connection down.
TEST(ValkeyClientTest, AHandshakeSlowerThanTheCommandTimeoutCompletesWithinTheConnectTimeout) {
  asio::io_context server_io;
  asio::ip::tcp::acceptor acceptor(server_io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::co_spawn(server_io, SlowAuthServer(acceptor, 600ms), asio::detached);
  struct Running {  // stopped and joined however the test ends
    asio::io_context& io;
    std::thread thread{[this] { io.run(); }};
    ~Running() {
      io.stop();
      thread.join();
    }
  } server{server_io};

  ClientOptions o;
  o.connections = 1;  // the stand-in serves one connection
  o.connection.host = "127.0.0.1";
  o.connection.port = std::to_string(acceptor.local_endpoint().port());
  o.connection.password = "secret";
  o.connection.command_timeout = 300ms;
  o.connection.connect_timeout = 2s;
  {
    Harness h(o);
    const auto started = std::chrono::steady_clock::now();
    auto pong = h.Run({"PING"});
    ASSERT_TRUE(pong) << pong.error().detail;
    EXPECT_EQ(pong->text, "PONG");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 600ms) << "the command waited for the handshake";
    auto again = h.Run({"PING"});
    ASSERT_TRUE(again) << again.error().detail;
  }
}

TEST(ValkeyUrlTest, ParsesHostPortPasswordAndDatabase) {
  auto full = ParseUrl("redis://user:pw@cache.internal:6380/4");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->host, "cache.internal");
  EXPECT_EQ(full->port, "6380");
  EXPECT_EQ(full->username, "user");
  EXPECT_EQ(full->password, "pw");
  EXPECT_EQ(full->db, 4);
  auto plain = ParseUrl("valkey://127.0.0.1");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, "6379");
  EXPECT_EQ(plain->db, 0);
  EXPECT_FALSE(plain->password);
  auto password_only = ParseUrl("redis://:pw@h:1/0");
  ASSERT_TRUE(password_only);
  EXPECT_FALSE(password_only->username);
  EXPECT_EQ(password_only->password, "pw");
  EXPECT_FALSE(ParseUrl("http://h"));
  EXPECT_FALSE(plain->tls);
  auto tls = ParseUrl("rediss://cache.internal:6380/1");
  ASSERT_TRUE(tls);
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->port, "6380");
  EXPECT_TRUE(ParseUrl("valkeys://h")->tls);
}

TEST(ValkeyClientTest, SpeaksTlsAndVerifiesTheServerCertificate) {
  test::ValkeyServer server({}, /*tls=*/true);
  auto options = Options(server);
  ASSERT_TRUE(options.connection.tls) << server.url();
  options.connection.tls_ca_file = server.tls_ca_file();
  {
    Harness h(options);
    auto set = h.Run({"SET", "k", "over TLS"});
    ASSERT_TRUE(set) << set.error().detail;
    auto get = h.Run({"GET", "k"});
    ASSERT_TRUE(get);
    EXPECT_EQ(get->text, "over TLS");
  }
  // Without our CA the self-signed certificate is not trusted: no connection, a clear error.
  options.connection.tls_ca_file.reset();
  Harness untrusted(options);
  auto refused = untrusted.Run({"PING"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Error::Kind::kUnavailable);
  EXPECT_NE(refused.error().detail.find("TLS handshake"), std::string::npos) << refused.error().detail;
}

}  // namespace
}  // namespace bv::valkey
