#include "mvg/transport.hpp"

#include <openssl/ssl.h>

#include <optional>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace bv::mvg {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

TransportError Classify(const boost::system::error_code& ec, std::string_view step) {
  using Kind = TransportError::Kind;
  std::string detail = std::string(step) + ": " + ec.message();
  if (ec == beast::error::timeout) return {Kind::kTimeout, std::move(detail)};
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return {Kind::kProtocol, std::move(detail)};
  }
  return {Kind::kClosed, std::move(detail)};
}

std::string HostHeader(const TransportOptions& o) {
  const bool default_port = (o.scheme == "https" && o.port == "443") || (o.scheme == "http" && o.port == "80");
  return default_port ? o.host : o.host + ":" + o.port;
}

}  // namespace

struct Transport::Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;
  Pool* pool = nullptr;  // counted in pool->open while it exists

  ~Connection();
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

// The connections of one io_context (worker). `open` and `waiters` are only touched by that
// context's thread (or after the threads stopped); `idle` is guarded by Impl::mutex.
struct Transport::Pool {
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t open = 0;     // connections that exist: connecting, in use or idle
  // Calls waiting for a connection (max_connections reached): each waits on its own timer (in
  // its frame, so nothing here outlives the context), cancelled to wake it.
  std::vector<asio::steady_timer*> waiters;

  // A connection was given back or closed: the waiters try again.
  void Release() {
    for (auto* waiter : waiters) waiter->cancel();
  }
};

Transport::Connection::~Connection() {
  if (pool == nullptr) return;
  --pool->open;
  pool->Release();
}

struct Transport::Impl {
  explicit Impl(TransportOptions o) : options(std::move(o)), host_header(HostHeader(options)) {
    ssl_context.set_default_verify_paths();
    ssl_context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  }

  // The pool of the io_context running `executor`. Connections are pooled per io_context: a
  // socket is only ever used by coroutines of the context (the worker thread) that created it.
  Pool& PoolOf(const asio::any_io_executor& executor) {
    const void* owner = &asio::query(executor, asio::execution::context);
    std::lock_guard lock(mutex);
    auto& pool = pools[owner];
    if (!pool) pool = std::make_unique<Pool>();
    return *pool;
  }

  // The most recently used idle connection of `pool` (likeliest to be alive); stale ones are
  // dropped.
  std::unique_ptr<Connection> TakeIdle(Pool& pool) {
    std::unique_ptr<Connection> taken;
    std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
    {
      std::lock_guard lock(mutex);
      const auto now = Clock::now();
      while (!pool.idle.empty() && !taken) {
        auto conn = std::move(pool.idle.back());
        pool.idle.pop_back();
        if (now - conn->idle_since < options.max_idle_time) {
          taken = std::move(conn);
        } else {
          stale.push_back(std::move(conn));
        }
      }
    }
    return taken;
  }

  void GiveBack(Pool& pool, std::unique_ptr<Connection> conn) {
    conn->idle_since = Clock::now();
    {
      std::lock_guard lock(mutex);
      if (pool.idle.size() < options.max_idle_connections) pool.idle.push_back(std::move(conn));
    }
    conn.reset();  // closed if the idle list was full
    pool.Release();
  }

  asio::awaitable<boost::system::result<std::unique_ptr<Connection>, TransportError>> Connect(Clock::time_point deadline) {
    using Kind = TransportError::Kind;
    auto executor = co_await asio::this_coro::executor;
    const auto connect_deadline = std::min(deadline, Clock::now() + options.connect_timeout);

    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor, connect_deadline);
    auto resolved = co_await (resolver.async_resolve(options.host, options.port, kNoThrow) || timer.async_wait(kNoThrow));
    if (resolved.index() == 1) co_return TransportError{Kind::kTimeout, "resolve " + options.host + ": timed out"};
    auto [resolve_ec, endpoints] = std::get<0>(std::move(resolved));
    if (resolve_ec) co_return TransportError{Kind::kConnect, "resolve " + options.host + ": " + resolve_ec.message()};

    auto conn = std::make_unique<Connection>();
    if (options.scheme == "https") {
      conn->tls.emplace(executor, ssl_context);
    } else {
      conn->plain.emplace(executor);
    }
    conn->lowest().expires_at(connect_deadline);
    auto [connect_ec, endpoint] = co_await conn->lowest().async_connect(endpoints, kNoThrow);
    if (connect_ec) {
      const Kind kind = connect_ec == beast::error::timeout ? Kind::kTimeout : Kind::kConnect;
      co_return TransportError{kind, "connect " + options.host + ":" + options.port + ": " + connect_ec.message()};
    }
    conn->lowest().socket().set_option(tcp::no_delay(true));
    if (conn->tls) {
      // SNI, then verify the chain and that the certificate is for this host.
      if (!SSL_set_tlsext_host_name(conn->tls->native_handle(), options.host.c_str())) {
        co_return TransportError{Kind::kConnect, "TLS: cannot set SNI"};
      }
      conn->tls->set_verify_mode(ssl::verify_peer);
      conn->tls->set_verify_callback(ssl::host_name_verification(options.host));
      auto [handshake_ec] = co_await conn->tls->async_handshake(ssl::stream_base::client, kNoThrow);
      if (handshake_ec) {
        const Kind kind = handshake_ec == beast::error::timeout ? Kind::kTimeout : Kind::kConnect;
        co_return TransportError{kind, "TLS handshake with " + options.host + ": " + handshake_ec.message()};
      }
    }
    co_return conn;
  }

  template <typename Stream>
  asio::awaitable<boost::system::result<TransportResponse, TransportError>> Exchange(
      Stream& stream, Connection& conn, const bhttp::request<bhttp::empty_body>& request, Clock::time_point deadline,
      bool& keep_alive) {
    conn.lowest().expires_at(deadline);
    auto [write_ec, written] = co_await bhttp::async_write(stream, request, kNoThrow);
    if (write_ec) co_return Classify(write_ec, "send request");
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    auto [read_ec, read] = co_await bhttp::async_read(stream, conn.buffer, parser, kNoThrow);
    if (read_ec) co_return Classify(read_ec, "read answer");
    auto& message = parser.get();
    TransportResponse response;
    response.status = message.result_int();
    response.content_type = std::string(message[bhttp::field::content_type]);
    response.retry_after = std::string(message[bhttp::field::retry_after]);
    response.body = std::move(message.body());
    keep_alive = message.keep_alive();
    co_return response;
  }

  TransportOptions options;
  std::string host_header;
  ssl::context ssl_context{ssl::context::tls_client};
  mutable std::mutex mutex;  // guards `pools` and each pool's `idle`; never held across co_await
  // Per owning io_context (the key is the context's address). Pools are never removed: a
  // connection destroyed with an unfinished frame at exit still counts itself out of its pool.
  std::unordered_map<const void*, std::unique_ptr<Pool>> pools;
};

Transport::Transport(TransportOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Transport::~Transport() = default;

asio::awaitable<boost::system::result<TransportResponse, TransportError>> Transport::Get(
    std::string target, std::vector<std::pair<std::string, std::string>> headers, Clock::time_point deadline) {
  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, target, 11};
  request.set(bhttp::field::host, impl_->host_header);
  request.set(bhttp::field::user_agent, impl_->options.user_agent);
  request.set(bhttp::field::accept, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);

  const auto executor = co_await asio::this_coro::executor;
  Pool& pool = impl_->PoolOf(executor);
  // A pooled connection may have been closed by the server while idle: that shows as kClosed
  // on first use and earns one more try on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<Connection> conn = attempt == 0 ? impl_->TakeIdle(pool) : nullptr;
    const bool reused = conn != nullptr;
    const std::size_t max_open = impl_->options.max_connections;
    // At the connection limit: wait (bounded by max_pending and the deadline) for one to be
    // given back or closed.
    while (!conn && max_open > 0 && pool.open >= max_open) {
      if (pool.waiters.size() >= impl_->options.max_pending) {
        co_return TransportError{TransportError::Kind::kLimited,
                                 "MVG connection limit reached and too many calls waiting", "pending"};
      }
      asio::steady_timer wake(executor, deadline);
      struct Waiting {  // registered only while this frame waits, however it ends
        Pool& pool;
        asio::steady_timer* timer;
        ~Waiting() { std::erase(pool.waiters, timer); }
      } waiting{pool, &wake};
      pool.waiters.push_back(&wake);
      auto [woken] = co_await wake.async_wait(kNoThrow);
      if (!woken) {  // the timer expired: the deadline passed (a wake-up cancels it)
        co_return TransportError{TransportError::Kind::kLimited, "no MVG connection free before the deadline",
                                 "connections"};
      }
      conn = impl_->TakeIdle(pool);
    }
    if (!conn) {
      ++pool.open;  // counted while connecting, so concurrent calls respect the limit
      auto connected = co_await impl_->Connect(deadline);
      if (!connected) {
        --pool.open;
        pool.Release();
        co_return connected.error();
      }
      conn = std::move(*connected);
      conn->pool = &pool;
    }
    bool keep_alive = false;
    // Not a ?: expression: GCC 12 destroys the result of a co_await inside ?: twice.
    boost::system::result<TransportResponse, TransportError> result = TransportError{TransportError::Kind::kClosed, ""};
    if (conn->tls) {
      result = co_await impl_->Exchange(*conn->tls, *conn, request, deadline, keep_alive);
    } else {
      result = co_await impl_->Exchange(*conn->plain, *conn, request, deadline, keep_alive);
    }
    if (result) {
      if (keep_alive) impl_->GiveBack(pool, std::move(conn));
      co_return result;
    }
    if (!(reused && result.error().kind == TransportError::Kind::kClosed)) co_return result;
  }
  co_return TransportError{TransportError::Kind::kClosed, "connection closed twice"};
}

void Transport::CloseIdle() {
  std::vector<std::unique_ptr<Connection>> closing;  // closed outside the lock
  std::lock_guard lock(impl_->mutex);
  for (auto& [owner, pool] : impl_->pools) {
    for (auto& conn : pool->idle) closing.push_back(std::move(conn));
    pool->idle.clear();
  }
}

}  // namespace bv::mvg
