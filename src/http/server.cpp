#include "http/server.hpp"

#include <array>
#include <cstddef>
#include <memory_resource>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <fmt/format.h>

#include "http/request_parser.hpp"
#include "http/response_head.hpp"

namespace bv::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// First read of a request: enough for a typical GET in one go.
constexpr std::size_t kReadChunk = 4096;
// Bytes of arena per connection for header fields; beyond it the arena falls back to the heap.
constexpr std::size_t kArenaBytes = 8192;
// After an error answer, read and discard what the client is still sending for this long, so
// that our close does not reset the connection before the client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 256 * 1024;
// During a drain, a client that connected just before the listener closed is about to send
// its request; its connection counts as idle only after this long.
constexpr auto kNewConnectionGrace = std::chrono::milliseconds(500);

struct Rejection {
  bhttp::status status;
  std::string_view detail;
  bool can_answer;  // false: the socket is already closed (timeout)
};

// What to answer when reading a request failed; nullopt when the client went away.
std::optional<Rejection> RejectionFor(const boost::system::error_code& ec) {
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    return Rejection{bhttp::status::request_header_fields_too_large,
                     "Request header fields too large (limit 8 KiB)", true};
  }
  if (ec == bhttp::error::body_limit) {
    return Rejection{bhttp::status::payload_too_large, "Request body too large (limit 1 MiB)", true};
  }
  if (ec == beast::error::timeout) {
    // Beast closed the socket when the deadline passed: count it, answer nothing.
    return Rejection{bhttp::status::request_timeout, "Request timeout", false};
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return Rejection{bhttp::status::bad_request, "Malformed HTTP request", true};
  }
  return std::nullopt;
}

}  // namespace

struct Server::Connection {
  Connection(tcp::socket socket, std::size_t worker_index, std::shared_ptr<Shared> shared_state)
      : stream(std::move(socket)), worker(worker_index), shared(std::move(shared_state)) {
    boost::system::error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    if (!ec) {
      const auto text = peer.address().to_string();
      client_length = std::min(text.size(), client.size());
      std::copy_n(text.data(), client_length, client.data());
    }
    stream.socket().set_option(tcp::no_delay(true), ec);
  }
  std::string_view client_view() const { return {client.data(), client_length}; }

  beast::tcp_stream stream;
  std::size_t worker;
  std::shared_ptr<Shared> shared;
  bool idle = false;  // waiting for the first byte of the next request
  std::size_t requests = 0;  // answered on this connection so far
  std::array<char, 64> client{};
  std::size_t client_length = 0;
  ResponseHead head;  // kept here, not in WriteResponse's frame: a frame over 1 KiB is a malloc
};

Server::Server(IoPool& pool, ServerOptions options, Dispatcher& dispatcher, const obs::Logger& log)
    : pool_(pool),
      options_(std::move(options)),
      dispatcher_(dispatcher),
      log_(log),
      acceptor_(pool.context(0)),
      shared_(std::make_shared<Shared>(pool.size())) {}

Server::~Server() = default;

boost::system::result<tcp::endpoint> Server::Listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) return ec;
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close();
    return ec;
  }
  return acceptor_.local_endpoint();
}

void Server::Start() {
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), [this](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log_.Error("accept loop failed", {{"error", ex.what()}});
    }
  });
}

asio::awaitable<void> Server::AcceptLoop() {
  asio::steady_timer backoff(acceptor_.get_executor());
  while (acceptor_.is_open()) {
    const std::size_t w = pool_.NextIndex();
    auto [ec, socket] = co_await acceptor_.async_accept(pool_.context(w), kNoThrow);
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // Typically EMFILE: back off instead of spinning on a listening socket that stays ready.
      log_.Warn("accept failed", {{"error", ec.message()}});
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    auto conn = std::make_shared<Connection>(std::move(socket), w, shared_);
    const bool over_limit =
        shared_->active.fetch_add(1, std::memory_order_acq_rel) >= options_.max_connections;
    auto task = over_limit ? RefuseConnection(std::move(conn)) : RunConnection(std::move(conn));
    asio::co_spawn(pool_.context(w), std::move(task), [this](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log_.Error("connection failed", {{"error", ex.what()}});
      }
    });
  }
}

namespace {

// Writes ex.response (header only for HEAD) in one gather write of head and body (see
// http/response_head.hpp). Returns the body bytes sent, or nullopt on error.
asio::awaitable<std::optional<std::size_t>> WriteResponse(beast::tcp_stream& stream, ResponseHead& head,
                                                          Exchange& ex, std::chrono::milliseconds timeout) {
  ex.response.prepare_payload();
  SerializeResponseHead(ex.response, head);
  const std::string_view body = ex.method == Method::kHead ? std::string_view{} : ex.response.body().view();
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head.data(), head.size()),
                                                  asio::buffer(body.data(), body.size())};
  stream.expires_after(timeout);
  auto [ec, n] = co_await asio::async_write(stream, buffers, kNoThrow);
  if (ec) co_return std::nullopt;
  co_return body.size();
}

// Half-closes, then discards what the client still sends (bounded), then closes.
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTime);
  std::array<char, 4096> sink;
  std::size_t discarded = 0;
  while (discarded < kLingerBytes) {
    auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (read_ec) break;
    discarded += n;
  }
  stream.close();
}

}  // namespace

asio::awaitable<void> Server::RunConnection(std::shared_ptr<Connection> conn) {
  conn->shared->workers[conn->worker].connections.insert(conn.get());
  struct Unregister {
    Connection* conn;
    ~Unregister() {
      conn->shared->workers[conn->worker].connections.erase(conn);
      conn->shared->active.fetch_sub(1, std::memory_order_acq_rel);
    }
  } unregister{conn.get()};

  beast::tcp_stream& stream = conn->stream;
  beast::flat_buffer buffer(options_.header_limit + kReadChunk);
  alignas(std::max_align_t) std::array<std::byte, kArenaBytes> arena_bytes;
  std::pmr::monotonic_buffer_resource arena(arena_bytes.data(), arena_bytes.size());

  for (;;) {
    arena.release();  // the previous exchange and parser are gone: reuse the arena
    if (buffer.size() == 0) {
      // Idle keep-alive phase: a drain may close us here without cutting off a request. A
      // fresh connection accepted just before the drain still gets to send its first request.
      const bool draining = shared_->draining.load(std::memory_order_acquire);
      if (draining && conn->requests > 0) break;
      conn->idle = true;
      stream.expires_after(draining ? std::min(options_.idle_timeout, kNewConnectionGrace)
                                    : options_.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      conn->idle = false;
      if (ec) break;  // idle timeout, client closed, or drain
      buffer.commit(n);
    }

    Exchange ex{FieldAllocator(&arena)};
    ex.client = conn->client_view();
    ex.start = Clock::now();
    RequestParser parser(std::piecewise_construct, std::make_tuple(),
                         std::make_tuple(FieldAllocator(&arena)));
    ApplyRequestLimits(parser, options_.header_limit, options_.body_limit);

    // One deadline for the whole header: a client trickling bytes cannot extend it.
    stream.expires_after(options_.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    if (!ec && !parser.is_done()) {
      stream.expires_after(options_.body_timeout);
      std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    }
    if (ec) {
      const auto rejection = RejectionFor(ec);
      if (!rejection) break;  // the client went away; there is no one to answer
      if (parser.is_header_done()) {
        ex.request = &parser.get();
        dispatcher_.Begin(ex);
      } else {
        dispatcher_.BeginUnparsed(ex);
      }
      dispatcher_.Reject(ex, rejection->status, rejection->detail);
      std::size_t sent = 0;
      if (rejection->can_answer) {
        ex.response.keep_alive(false);
        sent = (co_await WriteResponse(stream, conn->head, ex, options_.write_timeout)).value_or(0);
      }
      dispatcher_.Finish(ex, sent);
      if (rejection->can_answer) co_await LingeringClose(stream);
      co_return;
    }

    ex.request = &parser.get();
    dispatcher_.Begin(ex);
    co_await dispatcher_.Handle(ex);
    if (ex.drop_connection) {
      dispatcher_.Finish(ex, 0);
      break;
    }
    const bool keep_alive =
        ex.req().keep_alive() && !ex.close_after && !shared_->draining.load(std::memory_order_acquire);
    ex.response.keep_alive(keep_alive);
    const auto sent = co_await WriteResponse(stream, conn->head, ex, options_.write_timeout);
    dispatcher_.Finish(ex, sent.value_or(0));
    ++conn->requests;
    if (!sent || !keep_alive) break;
  }
  boost::system::error_code ignored;  // the peer may be gone already; nothing to do about it
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
}

asio::awaitable<void> Server::RefuseConnection(std::shared_ptr<Connection> conn) {
  struct Release {
    Connection* conn;
    ~Release() { conn->shared->active.fetch_sub(1, std::memory_order_acq_rel); }
  } release{conn.get()};
  std::array<std::byte, 1024> arena_bytes;
  std::pmr::monotonic_buffer_resource arena(arena_bytes.data(), arena_bytes.size());
  Exchange ex{FieldAllocator(&arena)};
  ex.client = conn->client_view();
  ex.start = Clock::now();
  dispatcher_.BeginUnparsed(ex);
  dispatcher_.Reject(ex, bhttp::status::service_unavailable, "Server is at its connection limit");
  ex.response.set(bhttp::field::retry_after, "1");
  ex.response.keep_alive(false);
  const auto sent = co_await WriteResponse(conn->stream, conn->head, ex, std::chrono::seconds(1));
  dispatcher_.Finish(ex, sent.value_or(0));
  co_await LingeringClose(conn->stream);
}

void Server::StopAccepting() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;  // closing twice is harmless
    acceptor_.close(ignored);
  });
}

void Server::ForEachConnection(void (*action)(Connection&)) {
  for (std::size_t i = 0; i < shared_->workers.size(); ++i) {
    asio::post(pool_.context(i), [shared = shared_, i, action] {
      // Copy: an action may complete a connection's coroutine, which erases it from the set.
      const auto& set = shared->workers[i].connections;
      const std::vector<Connection*> snapshot(set.begin(), set.end());
      for (Connection* c : snapshot) action(*c);
    });
  }
}

namespace {
// An idle connection is closed by a drain only when no request bytes wait in its socket: a
// request the kernel already holds is served (with Connection: close), not cut off.
bool NothingToRead(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  return stream.socket().available(ec) == 0 || ec;
}
}  // namespace

void Server::BeginDrain() {
  shared_->draining.store(true, std::memory_order_release);
  // A fresh connection whose request has not arrived yet gets kNewConnectionGrace (see Drain).
  ForEachConnection([](Connection& c) {
    if (c.idle && c.requests > 0 && NothingToRead(c.stream)) c.stream.cancel();
  });
}

void Server::CloseIdle() {
  ForEachConnection([](Connection& c) {
    if (c.idle && NothingToRead(c.stream)) c.stream.cancel();
  });
}

void Server::CloseAll() {
  ForEachConnection([](Connection& c) { c.stream.close(); });
}

asio::awaitable<std::size_t> Server::Drain(Clock::time_point deadline, AtDeadline at_deadline) {
  StopAccepting();
  BeginDrain();
  const auto close_fresh_at = Clock::now() + kNewConnectionGrace;
  bool fresh_closed = false;
  asio::steady_timer poll(co_await asio::this_coro::executor);
  while (active_connections() > 0 && Clock::now() < deadline) {
    if (!fresh_closed && Clock::now() >= close_fresh_at) {
      CloseIdle();
      fresh_closed = true;
    }
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(kNoThrow);
  }
  const std::size_t cut = active_connections();
  if (cut > 0 && at_deadline == AtDeadline::kCloseAll) CloseAll();
  co_return cut;
}

asio::awaitable<std::size_t> Server::WaitConnections(Clock::time_point deadline) {
  asio::steady_timer poll(co_await asio::this_coro::executor);
  while (active_connections() > 0 && Clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(kNoThrow);
  }
  co_return active_connections();
}

}  // namespace bv::http
