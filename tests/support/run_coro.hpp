// Runs a coroutine to completion on an io_context (STYLE.md 9: RunCoro). Returns as soon as the
// coroutine finishes, even if other work (a connection's read loop, detached tasks) remains.
#pragma once

#include <chrono>
#include <future>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace bv::test {

template <typename T>
T RunCoro(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (io.run_one() == 0) io.restart();  // stopped or out of work: the future is about to be ready
  }
  return future.get();
}

template <typename T>
T RunCoro(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  return RunCoro(io, std::move(task));
}

}  // namespace bv::test
