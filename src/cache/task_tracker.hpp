// A task group for background work (cache loads and refreshes, fleet heartbeats and lock
// renewals, rate-limit syncs) that must outlive the request that started it but not the
// process. Each task can be cancelled (an Asio terminal cancellation, emitted on the task's
// own executor), and shutdown awaits them with a bound. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>

#include "obs/log.hpp"

namespace bv::cache {

class TaskTracker {
 public:
  explicit TaskTracker(const obs::Logger& log) : log_(log) {}
  ~TaskTracker();

  // Runs `task` on `executor`, detached from the caller; an exception is logged, not lost. After
  // CancelAll() a new task still runs (its RAII clean-up, e.g. releasing single-flight waiters,
  // must happen) but is cancelled at once.
  void Spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, const char* what);

  std::size_t running() const { return running_.load(std::memory_order_acquire); }

  // Cancels every running task and every later one: the operation a task awaits completes
  // with operation_aborted and its next co_await throws, so it unwinds through its destructors
  // while everything it references still exists. Returns at once; WaitIdle() awaits the end.
  void CancelAll();
  // True once CancelAll() was called.
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Waits until no task runs or `deadline` passes; returns the number still running.
  boost::asio::awaitable<std::size_t> WaitIdle(std::chrono::steady_clock::time_point deadline);

 private:
  struct Task {
    boost::asio::any_io_executor executor;
    std::shared_ptr<boost::asio::cancellation_signal> signal;
  };
  void Finish(std::uint64_t id);
  static void Cancel(const Task& task);

  const obs::Logger& log_;
  std::atomic<std::size_t> running_{0};
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;  // guards tasks_ and next_id_; never held across co_await
  std::unordered_map<std::uint64_t, Task> tasks_;
  std::uint64_t next_id_ = 0;
};

}  // namespace bv::cache
