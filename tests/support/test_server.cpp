#include "support/test_server.hpp"

#include <future>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

namespace bv::test {

TestServer::TestServer(const std::function<void(http::Router&)>& add_routes, Options options) {
  add_routes(router_);
  const obs::Logger& log = options.log ? *options.log : obs::NullLogger();
  dispatcher_ = std::make_unique<http::Dispatcher>(router_, options.dispatcher, registry_, log);
  pool_ = std::make_unique<http::IoPool>(options.threads);
  options.server.host = "127.0.0.1";
  options.server.port = 0;
  server_ = std::make_unique<http::Server>(*pool_, options.server, *dispatcher_, log);
  const auto endpoint = server_->Listen();
  if (!endpoint) throw std::runtime_error("listen failed: " + endpoint.error().message());
  port_ = endpoint->port();
  server_->Start();
  pool_->Start();
}

void TestServer::Stop() {
  pool_->Stop();
  pool_->Join();
}

TestServer::~TestServer() {
  Stop();
  server_.reset();  // before the pool: its acceptor belongs to a pool context
  pool_.reset();
}

std::size_t TestServer::Drain(std::chrono::milliseconds grace) {
  auto result = boost::asio::co_spawn(pool_->context(0),
                                      server_->Drain(std::chrono::steady_clock::now() + grace),
                                      boost::asio::use_future);
  return result.get();
}

}  // namespace bv::test
