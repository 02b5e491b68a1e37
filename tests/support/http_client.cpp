#include "support/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace bv::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

template <typename T>
T RunSync(asio::io_context& io, asio::awaitable<T> task) {
  auto future = asio::co_spawn(io, std::move(task), asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

HttpResult ToResult(bhttp::response<bhttp::string_body>& res) {
  HttpResult out;
  out.status = res.result_int();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = std::move(res.body());
  out.keep_alive = res.keep_alive();
  return out;
}

}  // namespace

struct HttpClient::Impl {
  Impl(std::string h, std::uint16_t p, std::chrono::milliseconds t)
      : host(std::move(h)), port(p), timeout(t) {}
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;

  asio::awaitable<std::optional<HttpResult>> Exchange(bhttp::request<bhttp::string_body> req,
                                                      bool* reused) {
    *reused = stream.has_value();
    if (!stream) {
      stream.emplace(io);
      stream->expires_after(timeout);
      auto [ec] = co_await stream->async_connect(
          tcp::endpoint(asio::ip::make_address(host), port), kNoThrow);
      if (ec) {
        stream.reset();
        co_return std::nullopt;
      }
      buffer.clear();
    }
    stream->expires_after(timeout);
    auto [wec, wn] = co_await bhttp::async_write(*stream, req, kNoThrow);
    if (wec) {
      stream.reset();
      co_return std::nullopt;
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (req.method() == bhttp::verb::head) parser.skip(true);
    auto [rec, rn] = co_await bhttp::async_read(*stream, buffer, parser, kNoThrow);
    if (rec) {
      stream.reset();
      co_return std::nullopt;
    }
    auto result = ToResult(parser.get());
    if (!result.keep_alive) stream.reset();
    co_return result;
  }
};

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout)) {}
HttpClient::~HttpClient() = default;

std::optional<HttpResult> HttpClient::Request(const std::string& method, const std::string& target,
                                              const Headers& headers, const std::string& body) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, impl_->host);
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.body() = body;
    req.prepare_payload();
  }
  return RunSync(impl_->io, impl_->Exchange(std::move(req), &reused_));
}

bool HttpClient::connected() const { return impl_->stream.has_value(); }
void HttpClient::Close() { impl_->stream.reset(); }

std::optional<HttpResult> HttpGet(std::uint16_t port, const std::string& target, const Headers& headers) {
  HttpClient client("127.0.0.1", port);
  return client.Get(target, headers);
}

RawResult RawExchange(std::uint16_t port, const std::vector<std::string>& chunks,
                      std::chrono::milliseconds pause, std::chrono::milliseconds timeout) {
  asio::io_context io;
  const auto started = std::chrono::steady_clock::now();
  auto task = [&]() -> asio::awaitable<RawResult> {
    RawResult result;
    tcp::socket socket(io);
    auto [cec] = co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), kNoThrow);
    if (cec) co_return result;
    asio::steady_timer timer(io);
    for (const auto& chunk : chunks) {
      auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(chunk), kNoThrow);
      if (wec) break;  // the server may have closed already; read what it sent
      if (pause.count() > 0) {
        timer.expires_after(pause);
        co_await timer.async_wait(kNoThrow);
      }
    }
    beast::tcp_stream stream(std::move(socket));
    char data[4096];
    for (;;) {
      const auto left = timeout - (std::chrono::steady_clock::now() - started);
      if (left <= std::chrono::milliseconds(0)) break;
      stream.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(left));
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(data), kNoThrow);
      result.received.append(data, n);
      if (rec == asio::error::eof || rec == asio::error::connection_reset) {
        result.closed_by_server = true;
        break;
      }
      if (rec) break;
    }
    co_return result;
  };
  auto result = RunSync(io, task());
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

namespace {
asio::awaitable<void> OneGet(asio::io_context& io, std::uint16_t port, std::string target,
                             std::chrono::milliseconds timeout, std::optional<HttpResult>* out) {
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  auto [cec] = co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), kNoThrow);
  if (cec) co_return;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kNoThrow);
  if (wec) co_return;
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  auto [rec, rn] = co_await bhttp::async_read(stream, buffer, res, kNoThrow);
  if (rec) co_return;
  *out = ToResult(res);
}
}  // namespace

std::vector<std::optional<HttpResult>> ConcurrentGets(std::uint16_t port, const std::string& target, int count,
                                                      std::chrono::milliseconds timeout) {
  return ConcurrentGets(port, std::vector<std::string>(static_cast<std::size_t>(count), target), timeout);
}

std::vector<std::optional<HttpResult>> ConcurrentGets(std::uint16_t port, const std::vector<std::string>& targets,
                                                      std::chrono::milliseconds timeout) {
  asio::io_context io;
  std::vector<std::optional<HttpResult>> results(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    asio::co_spawn(io, OneGet(io, port, targets[i], timeout, &results[i]), asio::detached);
  }
  io.run();
  return results;
}

int StatusOf(const std::string& raw) {
  if (raw.size() < 12 || raw.compare(0, 5, "HTTP/") != 0) return 0;
  return std::atoi(raw.substr(9, 3).c_str());
}

}  // namespace bv::test
