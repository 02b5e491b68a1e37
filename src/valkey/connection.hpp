// One pipelined TCP connection to Valkey: commands are written as they come and replies are
// matched to them in order. All state lives on the connection's strand; Execute() may be called
// from any executor. Guarantees: connecting (resolve, TCP, TLS, AUTH/SELECT) has one deadline
// of its own (connect_timeout), and a command's deadline (command_timeout) starts once the
// connection is ready, so a slow handshake is not cut off by the first command's timer; every
// command completes by connect_timeout + command_timeout (a command timeout closes the
// connection, failing everything pending, since the server is evidently stuck); a dead
// connection reconnects on the next command after an exponential back-off, never in a tight loop.
// With an AddressSource (Sentinel), the server is looked up before every connect attempt, and a
// connection that breaks or meets a read-only replica (`READONLY`) makes the source look again.
// Deadlines are Asio timers (real time); the back-off decision reads the injected clock, so
// tests advance a ManualClock past it instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "clock/clock.hpp"
#include "valkey/reply.hpp"
#include "valkey/resp.hpp"
#include "valkey/sentinel.hpp"

namespace bv::valkey {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  std::string port = "6379";
  std::optional<std::string> username;
  std::optional<std::string> password;
  int db = 0;
  std::chrono::milliseconds connect_timeout{2000};  // the whole handshake: TCP, TLS, AUTH, SELECT
  std::chrono::milliseconds command_timeout{500};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
  // TLS (rediss:// / valkeys://): the server's certificate is verified against the system's
  // trust store, or `tls_ca_file` when set, and must name `host`.
  bool tls = false;
  std::optional<std::string> tls_ca_file;
  // When set, host and port above are ignored: the source names the server for each connect.
  std::shared_ptr<AddressSource> address_source;
};

// How to reach one of the sentinels: its address, the sentinels' own password, and the TLS
// settings of the master (valkey/sentinel.hpp).
ConnectionOptions SentinelConnectionOptions(const SentinelOptions& sentinels, const Endpoint& address);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // Called with every reply in subscriber mode (on the strand).
  using PushHandler = std::function<void(const Reply&)>;

  // `clock` must outlive the connection.
  Connection(boost::asio::any_io_executor executor, ConnectionOptions options,
             const clock::Clock& clock = clock::SystemClock::Instance());

  // Sends one command and returns its reply (an error reply is a Reply of type kError).
  boost::asio::awaitable<Result> Execute(std::vector<std::string> args);

  // Subscriber mode: after each (re)connect `subscribe` is sent, and every reply goes to
  // `handler`. Call before the first Connect().
  void SetSubscriber(std::vector<std::string> subscribe, PushHandler handler);
  // Connects now if disconnected and the back-off allows (subscribers reconnect eagerly).
  boost::asio::awaitable<bool> Connect();

  // True while connected (approximate when read from another thread).
  bool connected() const { return state_ == State::kReady; }
  // Subscriber mode: 0 until every channel's subscription is confirmed on the current
  // connection, then a number that changes with every resubscription. While it stays the
  // same (and not 0), no message published since it was read has been lost. Any thread.
  std::uint64_t subscription_epoch() const { return subscription_epoch_.load(std::memory_order_acquire); }
  void Close();
  // Closes now and lets the next command connect at once (no back-off): the server moved.
  void Reconnect();

 private:
  enum class State { kDisconnected, kConnecting, kReady };
  using Mailbox = boost::asio::experimental::channel<void(boost::system::error_code, Result)>;
  struct Pending {
    std::shared_ptr<Mailbox> mailbox;  // null: an internal command (AUTH, SELECT)
  };

  boost::asio::awaitable<Result> ExecuteOnStrand(std::string bytes);
  boost::asio::awaitable<bool> ConnectOnStrand();
  boost::asio::awaitable<void> ReadLoop(std::uint64_t generation);
  boost::asio::awaitable<void> WriteLoop(std::uint64_t generation);
  void StartWriting();
  void Fail(Error::Kind kind, std::string detail);
  void Deliver(Result result);

  // Waits (on the strand) until a connection attempt in progress has ended, or the connect
  // deadline passes; true when the connection is ready.
  boost::asio::awaitable<bool> AwaitConnected();
  std::string Where() const;  // "host:port" of the current (or configured) server, for messages

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  ConnectionOptions options_;
  const clock::Clock& clock_;
  // Never expires; cancelled whenever a connection attempt ends, waking AwaitConnected().
  boost::asio::steady_timer attempt_ended_;
  boost::asio::ip::tcp::socket socket_;  // plain connections
  // TLS types stay in connection.cpp: this header is included widely and OpenSSL's are heavy.
  struct TlsContext;
  struct TlsStream;
  std::shared_ptr<TlsContext> tls_context_;  // set for TLS connections
  std::shared_ptr<TlsStream> tls_;  // the current TLS connection (owns its socket); loops hold a copy
  State state_ = State::kDisconnected;
  std::uint64_t generation_ = 0;  // bumped per connection attempt; stale loops exit
  std::optional<Endpoint> endpoint_;  // where the current attempt or connection goes
  clock::SteadyTime next_attempt_{};  // read on clock_
  std::chrono::milliseconds backoff_;
  std::string out_;      // bytes waiting to be written
  bool writing_ = false;
  std::deque<Pending> pending_;
  std::unique_ptr<ReplyParser> parser_;  // one per connection: leftover bytes die with it
  std::string last_failure_;  // why the connection last failed (for commands that waited for it)
  std::vector<std::string> subscribe_;
  PushHandler push_;
  std::atomic<std::uint64_t> subscription_epoch_{0};
};

}  // namespace bv::valkey
