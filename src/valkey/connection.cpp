#include "valkey/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace bv::valkey {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using TimerClock = asio::steady_timer::clock_type;  // deadlines of Asio timers only; decisions read clock_
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct Connection::TlsContext : asio::ssl::context {
  TlsContext() : asio::ssl::context(asio::ssl::context::tls_client) {}
};
struct Connection::TlsStream : asio::ssl::stream<tcp::socket> {
  TlsStream(tcp::socket socket, asio::ssl::context& context) : asio::ssl::stream<tcp::socket>(std::move(socket), context) {}
};

Connection::Connection(asio::any_io_executor executor, ConnectionOptions options, const clock::Clock& clock)
    : strand_(asio::make_strand(executor)),
      options_(std::move(options)),
      clock_(clock),
      attempt_ended_(strand_, asio::steady_timer::time_point::max()),
      socket_(strand_),
      backoff_(options_.backoff_min) {
  if (options_.tls) {
    tls_context_ = std::make_shared<TlsContext>();
    tls_context_->set_verify_mode(asio::ssl::verify_peer);
    boost::system::error_code ec;  // a bad CA file shows up as failed handshakes (and in logs)
    if (options_.tls_ca_file) {
      tls_context_->load_verify_file(*options_.tls_ca_file, ec);
    } else {
      tls_context_->set_default_verify_paths(ec);
    }
  }
}

void Connection::SetSubscriber(std::vector<std::string> subscribe, PushHandler handler) {
  subscribe_ = std::move(subscribe);
  push_ = std::move(handler);
}

asio::awaitable<Result> Connection::Execute(std::vector<std::string> args) {
  // Enter the strand for the whole exchange; the caller resumes on its own executor.
  co_return co_await asio::co_spawn(strand_, ExecuteOnStrand(EncodeCommand(args)), asio::use_awaitable);
}

asio::awaitable<bool> Connection::Connect() {
  co_return co_await asio::co_spawn(strand_, ConnectOnStrand(), asio::use_awaitable);
}

void Connection::Close() {
  asio::post(strand_, [self = shared_from_this()] { self->Fail(Error::Kind::kClosed, "closed"); });
}

void Connection::Reconnect() {
  asio::post(strand_, [self = shared_from_this()] {
    if (self->state_ != State::kDisconnected) self->Fail(Error::Kind::kClosed, "the server moved");
    // A connection waiting out its back-off (it failed against the dead master) may try the
    // new one at once, too.
    self->next_attempt_ = {};
    self->backoff_ = self->options_.backoff_min;
  });
}

std::string Connection::Where() const {
  return endpoint_ ? endpoint_->text() : options_.host + ":" + options_.port;
}

asio::awaitable<bool> Connection::AwaitConnected() {
  asio::steady_timer limit(strand_, options_.connect_timeout);
  while (state_ == State::kConnecting) {
    auto first = co_await (attempt_ended_.async_wait(kNoThrow) || limit.async_wait(kNoThrow));
    if (first.index() == 1) break;
  }
  co_return state_ == State::kReady;
}

asio::awaitable<Result> Connection::ExecuteOnStrand(std::string bytes) {
  auto self = shared_from_this();
  if (state_ == State::kDisconnected) {
    if (clock_.SteadyNow() < next_attempt_) co_return Error{Error::Kind::kUnavailable, "reconnect back-off"};
    asio::co_spawn(strand_, ConnectOnStrand(), asio::detached);  // sets kConnecting at once
  }
  // The command's own deadline starts once connected: the handshake has its own. Giving up
  // here leaves the attempt running (the next command finds it done).
  if (state_ != State::kReady) {
    const bool ready = co_await AwaitConnected();  // not inside the condition: GCC 12 (docs/development.md)
    if (!ready && state_ == State::kDisconnected) co_return Error{Error::Kind::kUnavailable, last_failure_};
    if (!ready) {
      co_return Error{Error::Kind::kUnavailable, "connect " + Where() + ": not ready within " +
                                                     std::to_string(options_.connect_timeout.count()) + " ms"};
    }
  }
  auto mailbox = std::make_shared<Mailbox>(strand_, 1);
  pending_.push_back(Pending{mailbox});
  out_ += bytes;
  if (state_ == State::kReady) StartWriting();

  asio::steady_timer timer(strand_, options_.command_timeout);
  auto first = co_await (mailbox->async_receive(kNoThrow) || timer.async_wait(kNoThrow));
  if (first.index() == 0) {
    auto [ec, result] = std::get<0>(std::move(first));
    if (!ec) co_return result;
  }
  // No reply in time: the server is stuck or the network is. Replies still coming would be
  // matched to the wrong commands, so this connection is done.
  Fail(Error::Kind::kTimeout, "no reply within the command timeout");
  co_return Error{Error::Kind::kTimeout, "no reply within " + std::to_string(options_.command_timeout.count()) + " ms"};
}

asio::awaitable<bool> Connection::ConnectOnStrand() {
  auto self = shared_from_this();
  if (state_ != State::kDisconnected) co_return state_ == State::kReady;
  if (clock_.SteadyNow() < next_attempt_) co_return false;
  state_ = State::kConnecting;
  const std::uint64_t generation = ++generation_;
  // Whatever the outcome, wake the commands waiting for this attempt.
  struct WakeWaiters {
    asio::steady_timer& attempt_ended;
    ~WakeWaiters() { attempt_ended.cancel(); }
  } wake{attempt_ended_};
  // Sentinel: where the master is now (asking the sentinels takes their own timeouts).
  Endpoint endpoint{options_.host, options_.port};
  if (options_.address_source) {
    auto located = co_await options_.address_source->Locate();
    if (generation != generation_) co_return false;  // closed meanwhile
    if (!located.endpoint) {
      endpoint_.reset();
      Fail(Error::Kind::kUnavailable, located.failure);
      co_return false;
    }
    endpoint = std::move(*located.endpoint);
  }
  endpoint_ = endpoint;
  // One deadline for every step of the handshake.
  const auto deadline = TimerClock::now() + options_.connect_timeout;

  tcp::resolver resolver(strand_);
  asio::steady_timer timer(strand_, deadline);
  auto resolved = co_await (resolver.async_resolve(endpoint.host, endpoint.port, kNoThrow) || timer.async_wait(kNoThrow));
  boost::system::error_code ec = asio::error::timed_out;
  tcp::resolver::results_type endpoints;
  if (resolved.index() == 0) std::tie(ec, endpoints) = std::get<0>(std::move(resolved));
  if (!ec) {
    socket_ = tcp::socket(strand_);
    auto connected = co_await (asio::async_connect(socket_, endpoints, kNoThrow) || timer.async_wait(kNoThrow));
    ec = connected.index() == 0 ? std::get<0>(std::get<0>(connected)) : asio::error::timed_out;
  }
  if (generation != generation_) co_return false;  // closed meanwhile
  if (ec) {
    Fail(Error::Kind::kUnavailable, "connect " + endpoint.text() + ": " + ec.message());
    co_return false;
  }
  socket_.set_option(tcp::no_delay(true));
  if (tls_context_) {
    auto stream = std::make_shared<TlsStream>(std::move(socket_), *tls_context_);
    socket_ = tcp::socket(strand_);  // the stream owns the connection now
    SSL_set_tlsext_host_name(stream->native_handle(), endpoint.host.c_str());  // SNI
    stream->set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
    auto shaken = co_await (stream->async_handshake(asio::ssl::stream_base::client, kNoThrow) ||
                            timer.async_wait(kNoThrow));
    ec = shaken.index() == 0 ? std::get<0>(std::get<0>(shaken)) : asio::error::timed_out;
    if (generation != generation_) co_return false;
    if (ec) {
      boost::system::error_code ignored;
      stream->next_layer().close(ignored);
      Fail(Error::Kind::kUnavailable, "TLS handshake with " + endpoint.text() + ": " + ec.message());
      co_return false;
    }
    tls_ = std::move(stream);
  }
  parser_ = std::make_unique<ReplyParser>();
  // AUTH and SELECT must be answered before the connection counts as ready (within the same
  // deadline); the subscription, if any, is confirmed by push replies.
  std::string handshake;
  std::deque<Pending> internal;
  if (options_.password) {
    std::vector<std::string> auth = {"AUTH"};
    if (options_.username) auth.push_back(*options_.username);
    auth.push_back(*options_.password);
    handshake += EncodeCommand(auth);
    internal.push_back(Pending{nullptr});
  }
  if (options_.db != 0) {
    handshake += EncodeCommand({"SELECT", std::to_string(options_.db)});
    internal.push_back(Pending{nullptr});
  }
  std::shared_ptr<Mailbox> acknowledged;
  if (!internal.empty()) {
    acknowledged = std::make_shared<Mailbox>(strand_, 1);
    internal.back().mailbox = acknowledged;  // the last handshake reply
  }
  if (push_) handshake += EncodeCommand(subscribe_);
  out_ = handshake + out_;
  pending_.insert(pending_.begin(), internal.begin(), internal.end());
  asio::co_spawn(strand_, ReadLoop(generation), asio::detached);
  StartWriting();
  if (acknowledged) {
    auto answered = co_await (acknowledged->async_receive(kNoThrow) || timer.async_wait(kNoThrow));
    if (generation != generation_) co_return false;  // failed or closed meanwhile
    if (answered.index() == 1) {
      Fail(Error::Kind::kUnavailable, "handshake with " + endpoint.text() + ": timed out");
      co_return false;
    }
    auto [receive_ec, reply] = std::get<0>(std::move(answered));
    if (receive_ec || !reply || reply->is_error()) {
      Fail(Error::Kind::kUnavailable, "handshake refused" + (reply && reply->is_error() ? ": " + reply->text : ""));
      co_return false;
    }
  }
  state_ = State::kReady;
  backoff_ = options_.backoff_min;
  StartWriting();  // what queued up meanwhile
  co_return true;
}

void Connection::StartWriting() {
  // While connecting, only the handshake is in out_ (commands wait for kReady).
  if (writing_ || out_.empty() || state_ == State::kDisconnected) return;
  writing_ = true;
  asio::co_spawn(strand_, WriteLoop(generation_), asio::detached);
}

asio::awaitable<void> Connection::WriteLoop(std::uint64_t generation) {
  auto self = shared_from_this();
  const auto tls = tls_;  // this connection's stream, even if a reconnect replaces tls_
  std::string buffer;
  while (generation == generation_ && !out_.empty()) {
    buffer.swap(out_);
    out_.clear();
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls) {
      std::tie(ec, n) = co_await asio::async_write(*tls, asio::buffer(buffer), kNoThrow);
    } else {
      std::tie(ec, n) = co_await asio::async_write(socket_, asio::buffer(buffer), kNoThrow);
    }
    buffer.clear();
    if (generation != generation_) co_return;  // the connection this loop wrote to is gone
    if (ec) {
      writing_ = false;
      Fail(Error::Kind::kClosed, "write: " + ec.message());
      co_return;
    }
  }
  if (generation == generation_) writing_ = false;
}

asio::awaitable<void> Connection::ReadLoop(std::uint64_t generation) {
  auto self = shared_from_this();
  const auto tls = tls_;
  std::array<char, 16 * 1024> chunk;
  while (generation == generation_) {
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls) {
      std::tie(ec, n) = co_await tls->async_read_some(asio::buffer(chunk), kNoThrow);
    } else {
      std::tie(ec, n) = co_await socket_.async_read_some(asio::buffer(chunk), kNoThrow);
    }
    if (generation != generation_) co_return;
    if (ec) {
      Fail(Error::Kind::kClosed, "read: " + ec.message());
      co_return;
    }
    parser_->Feed(std::string_view(chunk.data(), n));
    while (auto next = parser_->Next()) {
      if (!*next) {
        Fail(Error::Kind::kProtocol, next->error().detail);
        co_return;
      }
      Deliver(std::move(*next));
      if (generation != generation_) co_return;
    }
  }
}

void Connection::Deliver(Result result) {
  if (pending_.empty()) {
    if (!push_) return;
    // ["subscribe", channel, channels subscribed so far]: the last confirmation starts an epoch.
    if (result && result->type == Reply::Type::kArray && result->elements.size() == 3 &&
        result->elements[0].text == "subscribe" &&
        result->elements[2].integer == static_cast<long long>(subscribe_.size()) - 1) {
      subscription_epoch_.store(generation_, std::memory_order_release);
    }
    push_(*result);  // a subscriber's message
    return;
  }
  Pending pending = std::move(pending_.front());
  pending_.pop_front();
  if (!pending.mailbox) {
    // AUTH or SELECT: a refusal means every later command would fail.
    if (result && result->is_error()) Fail(Error::Kind::kClosed, "handshake refused: " + result->text);
    return;
  }
  // A write to a replica: the master we knew was demoted (failover). The command fails; the
  // connection goes, so the next one asks the sentinels where the master is now.
  const bool read_only = result && result->is_error() && result->text.starts_with("READONLY");
  pending.mailbox->try_send(boost::system::error_code{}, std::move(result));
  if (read_only) Fail(Error::Kind::kClosed, "READONLY: " + Where() + " is a replica");
}

void Connection::Fail(Error::Kind kind, std::string detail) {
  ++generation_;
  if (options_.address_source && endpoint_) options_.address_source->Forget(*endpoint_);
  subscription_epoch_.store(0, std::memory_order_release);  // messages may be lost from now on
  last_failure_ = detail;
  boost::system::error_code ignored;  // the socket may be half-dead already
  socket_.close(ignored);
  if (tls_) {
    tls_->next_layer().close(ignored);  // no TLS close_notify: the peer may be gone already
    tls_.reset();
  }
  state_ = State::kDisconnected;
  attempt_ended_.cancel();  // commands waiting for a connect attempt give up now
  writing_ = false;
  out_.clear();
  next_attempt_ = clock_.SteadyNow() + backoff_;
  backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  for (auto& pending : pending_) {
    if (pending.mailbox) pending.mailbox->try_send(boost::system::error_code{}, Result(Error{kind, detail}));
  }
  pending_.clear();
}

}  // namespace bv::valkey
