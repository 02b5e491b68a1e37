#include "cache/task_tracker.hpp"

#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::cache {

namespace asio = boost::asio;

TaskTracker::~TaskTracker() = default;

void TaskTracker::Spawn(asio::any_io_executor executor, asio::awaitable<void> task, const char* what) {
  auto signal = std::make_shared<asio::cancellation_signal>();
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    tasks_.emplace(id, Task{executor, signal});
  }
  running_.fetch_add(1, std::memory_order_acq_rel);
  // The handler owns the signal: a cancellation_signal must outlive the operation bound to it.
  auto on_done = [this, id, what, signal](std::exception_ptr error) {
    Finish(id);
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const boost::system::system_error& e) {
      if (e.code() == asio::error::operation_aborted && cancelled()) return;  // asked to stop
      log_.Error("background task failed", {{"task", what}, {"error", e.what()}});
    } catch (const std::exception& e) {
      log_.Error("background task failed", {{"task", what}, {"error", e.what()}});
    }
  };
  asio::co_spawn(executor, std::move(task), asio::bind_cancellation_slot(signal->slot(), std::move(on_done)));
  // Spawned after CancelAll() (a load that must still release its waiters): cancel it too. The
  // co_spawn above has connected the slot already, so the emit cannot be lost.
  if (cancelled()) Cancel(Task{executor, signal});
}

void TaskTracker::Finish(std::uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    tasks_.erase(id);
  }
  running_.fetch_sub(1, std::memory_order_acq_rel);
}

void TaskTracker::Cancel(const Task& task) {
  // A cancellation_signal is not thread-safe: emit it on the thread that runs the task.
  asio::post(task.executor, [signal = task.signal] { signal->emit(asio::cancellation_type::terminal); });
}

void TaskTracker::CancelAll() {
  cancelled_.store(true, std::memory_order_release);
  std::vector<Task> snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot.reserve(tasks_.size());
    for (const auto& [id, task] : tasks_) snapshot.push_back(task);
  }
  for (const auto& task : snapshot) Cancel(task);
}

asio::awaitable<std::size_t> TaskTracker::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  asio::steady_timer poll(co_await asio::this_coro::executor);
  while (running() > 0 && std::chrono::steady_clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return running();
}

}  // namespace bv::cache
