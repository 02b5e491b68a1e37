// N worker threads, each running its own io_context (one thread per context, like nginx's
// workers): handlers on one context never run concurrently, so per-context state needs no lock
// and the scheduler takes no cross-thread lock on the hot path.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace bv::http {

class IoPool {
 public:
  explicit IoPool(unsigned threads);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& context(std::size_t i) { return *contexts_[i]; }
  // Round-robin over the contexts, for spreading connections. Thread-safe.
  std::size_t NextIndex() { return next_.fetch_add(1, std::memory_order_relaxed) % size(); }

  // Starts the threads. Returns at once.
  void Start();
  // Makes every context's run() return (pending handlers are abandoned). Thread-safe.
  void Stop();
  // Waits for the threads to finish (after Stop()).
  void Join();
  // Destroys the contexts, and with them every unfinished coroutine frame. Call after Join(),
  // once the objects owning sockets or timers of these contexts are gone, and while the state
  // those frames reference still exists (App::Serve shows the order). Two phases: first every
  // context destroys its pending work, while the services of all contexts still exist (a frame
  // of one context may own a timer, socket or channel of another), then the contexts go.
  void DestroyContexts();

 private:
  // An io_context whose shutdown (destroying pending handlers and coroutine frames) can be run
  // on its own, before the destructor frees the services.
  class Context : public boost::asio::io_context {
   public:
    using boost::asio::io_context::io_context;
    using boost::asio::execution_context::shutdown;
  };
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<Context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace bv::http
