// Background tasks (cache refreshes and loads) that must outlive the request that started
// them but not the process: shutdown waits for them, bounded. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "obs/log.hpp"

namespace bv::cache {

class TaskTracker {
 public:
  explicit TaskTracker(const obs::Logger& log) : log_(log) {}

  // Runs `task` on `executor`, detached from the caller; an exception is logged, not lost.
  void Spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, const char* what);

  std::size_t running() const { return running_.load(std::memory_order_acquire); }

  // Waits until no task runs or `deadline` passes; returns the number still running.
  boost::asio::awaitable<std::size_t> WaitIdle(std::chrono::steady_clock::time_point deadline);

 private:
  const obs::Logger& log_;
  std::atomic<std::size_t> running_{0};
};

}  // namespace bv::cache
