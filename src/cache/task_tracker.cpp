#include "cache/task_tracker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::cache {

void TaskTracker::Spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, const char* what) {
  running_.fetch_add(1, std::memory_order_acq_rel);
  boost::asio::co_spawn(std::move(executor), std::move(task), [this, what](std::exception_ptr error) {
    running_.fetch_sub(1, std::memory_order_acq_rel);
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log_.Error("background task failed", {{"task", what}, {"error", e.what()}});
    }
  });
}

boost::asio::awaitable<std::size_t> TaskTracker::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  boost::asio::steady_timer poll(co_await boost::asio::this_coro::executor);
  while (running() > 0 && std::chrono::steady_clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  co_return running();
}

}  // namespace bv::cache
