// HTTP/1.1 server on Boost.Beast with C++20 coroutines: keep-alive, limits, timeouts, drain.
// Guarantees: a slow or half-open client cannot hold a connection past the header/idle
// timeouts; oversized headers get 431, oversized bodies 413; Drain() lets in-flight requests
// finish and closes idle keep-alive connections.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/result.hpp>

#include "http/dispatcher.hpp"
#include "http/io_pool.hpp"
#include "obs/log.hpp"

namespace bv::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;  // 0: pick a free port; Listen() returns it
  std::chrono::milliseconds header_timeout{std::chrono::seconds{10}};  // first byte -> full header
  std::chrono::milliseconds idle_timeout{std::chrono::seconds{60}};    // keep-alive wait between requests
  std::chrono::milliseconds body_timeout{std::chrono::seconds{30}};
  std::chrono::milliseconds write_timeout{std::chrono::seconds{30}};
  std::size_t header_limit = 8 * 1024;    // -> 431
  std::size_t body_limit = 1024 * 1024;   // -> 413
  std::size_t max_connections = 10000;    // beyond: 503 and close
};

// Lifetime: destroy the Server before the IoPool it runs on.
class Server {
 public:
  Server(IoPool& pool, ServerOptions options, Dispatcher& dispatcher, const obs::Logger& log);
  ~Server();

  // Binds and listens on options.host:port. Returns the bound endpoint or the OS error.
  boost::system::result<boost::asio::ip::tcp::endpoint> Listen();
  // Starts accepting (on the pool's first context). Precondition: Listen() succeeded.
  void Start();

  // The drain, step by step (thread-safe; App::Run sequences them on signals):
  // Stops accepting new connections and closes the listening socket.
  void StopAccepting();
  // From now on every answer carries `Connection: close`, and idle keep-alive connections are
  // closed (unless a request is already waiting in the socket); requests in flight run to
  // completion.
  void BeginDrain();
  // Closes connections that wait for a request and have no request bytes pending.
  void CloseIdle();
  // Closes every connection at once (the grace period is over).
  void CloseAll();
  std::size_t active_connections() const { return shared_->active.load(std::memory_order_acquire); }

  // StopAccepting + BeginDrain, then waits until no connection is left or `deadline` passes,
  // then (kCloseAll) CloseAll. Returns the number of connections still open at the deadline.
  // kKeepOpen leaves them open: the caller first cancels what they wait for, so that they can
  // still answer (App's shutdown sequence), and calls WaitConnections and CloseAll itself.
  enum class AtDeadline { kCloseAll, kKeepOpen };
  boost::asio::awaitable<std::size_t> Drain(std::chrono::steady_clock::time_point deadline,
                                            AtDeadline at_deadline = AtDeadline::kCloseAll);
  // Waits until no connection is left or `deadline` passes; returns the number left.
  boost::asio::awaitable<std::size_t> WaitConnections(std::chrono::steady_clock::time_point deadline);

 private:
  struct Connection;
  // Connections of one worker context; touched only from that context's thread.
  struct Worker {
    std::unordered_set<Connection*> connections;
  };
  // What connection coroutines touch when their frames are destroyed. Shared, because the
  // frames of connections still open at exit are destroyed with the io_contexts, after the
  // Server itself (the Server must go first: its acceptor belongs to a context).
  struct Shared {
    explicit Shared(std::size_t workers) : workers(workers) {}
    std::vector<Worker> workers;
    std::atomic<std::size_t> active{0};
    std::atomic<bool> draining{false};
  };

  boost::asio::awaitable<void> AcceptLoop();
  boost::asio::awaitable<void> RunConnection(std::shared_ptr<Connection> conn);
  boost::asio::awaitable<void> RefuseConnection(std::shared_ptr<Connection> conn);
  void ForEachConnection(void (*action)(Connection&));

  IoPool& pool_;
  ServerOptions options_;
  Dispatcher& dispatcher_;
  const obs::Logger& log_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace bv::http
