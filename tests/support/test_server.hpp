// An in-process HTTP server on 127.0.0.1:<free port> with routes chosen by the test: the real
// Server, Dispatcher and IoPool, talked to over loopback sockets.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "http/dispatcher.hpp"
#include "http/io_pool.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"

namespace bv::test {

class TestServer {
 public:
  struct Options {
    http::ServerOptions server;
    http::DispatcherOptions dispatcher;
    unsigned threads = 2;
    const obs::Logger* log = nullptr;  // default: NullLogger()
  };

  TestServer(const std::function<void(http::Router&)>& add_routes, Options options);
  explicit TestServer(const std::function<void(http::Router&)>& add_routes)
      : TestServer(add_routes, Options{}) {}
  ~TestServer();

  std::uint16_t port() const { return port_; }
  http::Server& server() { return *server_; }
  obs::Registry& registry() { return registry_; }
  http::Dispatcher& dispatcher() { return *dispatcher_; }

  // Runs Server::Drain on the pool with this grace period; returns the connections cut.
  std::size_t Drain(std::chrono::milliseconds grace);
  // Stops the worker threads (nothing runs any more). Objects that own sockets of the pool's
  // contexts (e.g. an MVG client's pooled connections) must then be destroyed before this.
  void Stop();

 private:
  obs::Registry registry_;
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::IoPool> pool_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace bv::test
