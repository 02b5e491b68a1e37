// Valkey Sentinel support against real servers: a master, a replica and three sentinels on
// loopback (Debian's redis-server and redis-sentinel), killed with SIGKILL for a real failover.
#include "valkey/sentinel.hpp"

#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/run_coro.hpp"
#include "support/sentinel_group.hpp"
#include "support/valkey_server.hpp"
#include "valkey/client.hpp"

namespace bv::valkey {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// What `redis-cli -p port GET key` prints (without the newline).
std::string GetVia(std::uint16_t port, const std::string& key) {
  auto out = test::RunCommand("redis-cli -p " + std::to_string(port) + " GET " + key).output;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A client whose io_context runs on a thread of its own, as in the service: subscriptions
// (failover announcements) arrive while the test waits.
class RunningClient {
 public:
  explicit RunningClient(ClientOptions options)
      : client_(std::make_unique<Client>(std::vector<asio::any_io_executor>{io_.get_executor()}, std::move(options))),
        thread_([this] { io_.run(); }) {
    client_->Start();
  }
  ~RunningClient() {
    client_->Stop();
    guard_.reset();
    io_.stop();
    thread_.join();
    io_.restart();
    io_.poll();
    client_.reset();
  }
  Result Run(std::vector<std::string> args) {
    return asio::co_spawn(io_, client_->Command(std::move(args)), asio::use_future).get();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::unique_ptr<Client> client_;
  std::thread thread_;
};

ClientOptions SentinelClientOptions(const std::string& sentinels) {
  ClientOptions o;
  o.connection.connect_timeout = 500ms;
  o.connection.command_timeout = 300ms;
  o.connection.backoff_min = 50ms;
  o.connection.backoff_max = 200ms;
  SentinelOptions s;
  s.sentinels = *net::ParseHostPortList(sentinels);
  s.master_name = test::SentinelGroup::kMasterName;
  s.connect_timeout = 500ms;
  s.command_timeout = 300ms;
  o.sentinel = s;
  return o;
}

TEST(MasterLocatorTest, LearnsOnlyItsOwnMastersSwitchOnce) {
  MasterLocator locator(SentinelOptions{{{"127.0.0.1", "1"}}, "bvmaster", {}, false, {}, 100ms, 100ms});
  int moves = 0;
  locator.OnMoved([&] { ++moves; });
  EXPECT_FALSE(locator.Learn("other 127.0.0.1 6379 127.0.0.1 6380"));
  EXPECT_FALSE(locator.Learn("bvmaster 127.0.0.1 6379 127.0.0.1"));
  EXPECT_FALSE(locator.Learn("bvmaster 127.0.0.1 6379 127.0.0.1 0"));
  EXPECT_FALSE(locator.Learn(""));
  EXPECT_EQ(moves, 0);
  EXPECT_FALSE(locator.known_master());
  EXPECT_TRUE(locator.Learn("bvmaster 127.0.0.1 6379 127.0.0.1 6380"));
  EXPECT_EQ(locator.known_master(), (Endpoint{"127.0.0.1", "6380"}));
  // Every sentinel announces the same failover: one move.
  EXPECT_FALSE(locator.Learn("bvmaster 127.0.0.1 6379 127.0.0.1 6380"));
  EXPECT_EQ(moves, 1);
  locator.Forget(Endpoint{"127.0.0.1", "6379"});  // not the master: nothing forgotten
  EXPECT_TRUE(locator.known_master());
  locator.Forget(Endpoint{"127.0.0.1", "6380"});
  EXPECT_FALSE(locator.known_master());
}

TEST(MasterLocatorTest, NoSentinelAnsweringIsAnUnavailableErrorSoon) {
  // Nothing listens on these ports (the kernel picked them a moment ago).
  const std::string dead = "127.0.0.1:" + std::to_string(test::FreePort()) + ",127.0.0.1:" + std::to_string(test::FreePort());
  RunningClient client(SentinelClientOptions(dead));
  const auto started = Clock::now();
  const auto reply = client.Run({"SET", "k", "v"});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, Error::Kind::kUnavailable);
  EXPECT_NE(reply.error().detail.find("no sentinel named the master"), std::string::npos) << reply.error().detail;
  EXPECT_LT(Clock::now() - started, 2s);
}

// Names the replica first (a stale answer), the master after it was forgotten.
class StaleThenRightSource final : public AddressSource {
 public:
  StaleThenRightSource(Endpoint replica, Endpoint master) : replica_(std::move(replica)), master_(std::move(master)) {}
  asio::awaitable<Located> Locate() override { co_return Located{forgotten_ ? master_ : replica_, {}}; }
  void Forget(const Endpoint& endpoint) override {
    if (endpoint == replica_) forgotten_ = true;
  }
  bool forgotten() const { return forgotten_; }

 private:
  Endpoint replica_;
  Endpoint master_;
  std::atomic<bool> forgotten_{false};
};

TEST(SentinelTest, AWriteToAReplicaFailsOnceThenGoesToTheMaster) {
  test::ValkeyServer master;
  test::ValkeyServer replica({"--replicaof", "127.0.0.1", std::to_string(master.port())});
  auto source = std::make_shared<StaleThenRightSource>(Endpoint{"127.0.0.1", std::to_string(replica.port())},
                                                       Endpoint{"127.0.0.1", std::to_string(master.port())});
  ConnectionOptions o;
  o.address_source = source;
  o.backoff_min = 1ms;
  asio::io_context io;
  auto connection = std::make_shared<Connection>(io.get_executor(), o);
  const auto refused = test::RunCoro(io, connection->Execute({"SET", "k", "v"}));
  ASSERT_TRUE(refused);
  ASSERT_TRUE(refused->is_error());
  EXPECT_TRUE(refused->text.starts_with("READONLY")) << refused->text;
  EXPECT_TRUE(source->forgotten());  // the READONLY made the connection ask again
  std::this_thread::sleep_for(5ms);   // the back-off after the dropped connection
  const auto written = test::RunCoro(io, connection->Execute({"SET", "k", "v"}));
  ASSERT_TRUE(written);
  EXPECT_EQ(written->text, "OK");
  EXPECT_EQ(GetVia(master.port(), "k"), "v");
  connection->Close();
  io.restart();
  io.poll();
}

TEST(SentinelTest, TheClientFindsTheMasterAndFollowsAFailoverWithinTwoSeconds) {
  test::SentinelGroup group;
  RunningClient client(SentinelClientOptions(group.sentinels()));
  const auto before = client.Run({"SET", "before", "1"});
  ASSERT_TRUE(before) << before.error().detail;
  EXPECT_EQ(before->text, "OK");
  EXPECT_EQ(GetVia(group.master().port(), "before"), "1");

  group.KillMasterAndAwaitFailover();
  const auto promoted = Clock::now();
  // Commands fail while the client learns of the new master, then succeed there: within 2 s
  // of the sentinels naming it.
  Result after = Error{Error::Kind::kUnavailable, "not tried"};
  while (Clock::now() - promoted < 2s) {
    after = client.Run({"SET", "after", "2"});
    if (after && !after->is_error()) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(after) << after.error().detail;
  ASSERT_FALSE(after->is_error()) << after->text;
  EXPECT_EQ(GetVia(group.master().port(), "after"), "2");  // group.master() is the promoted one
}

}  // namespace
}  // namespace bv::valkey
