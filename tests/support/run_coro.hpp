// Runs a coroutine to completion on a private io_context (STYLE.md 9: RunCoro).
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace bv::test {

template <typename T>
T RunCoro(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

template <typename T>
T RunCoro(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  return RunCoro(io, std::move(task));
}

}  // namespace bv::test
