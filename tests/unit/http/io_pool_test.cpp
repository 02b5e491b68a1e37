// IoPool's teardown: frames still pending when the contexts are destroyed may own objects of
// other contexts (a load on worker 1 holding a timer of worker 0); destroying them must not
// touch a context that is already gone (ASan reports a use-after-free otherwise).
#include "http/io_pool.hpp"

#include <atomic>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

namespace bv::http {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> WaitOn(std::shared_ptr<asio::steady_timer> timer, std::atomic<bool>* started, bool* destroyed) {
  struct Flag {
    bool* destroyed;
    ~Flag() { *destroyed = true; }
  } flag{destroyed};
  started->store(true);
  co_await timer->async_wait(asio::use_awaitable);
}

TEST(IoPoolTest, DestroyingContextsDestroysFramesOwningObjectsOfOtherContexts) {
  bool destroyed = false;
  std::atomic<bool> started{false};
  {
    IoPool pool(2);
    // The frame runs on context 1 and owns (the last reference to) a timer of context 0.
    auto timer = std::make_shared<asio::steady_timer>(pool.context(0), std::chrono::hours(1));
    asio::co_spawn(pool.context(1), WaitOn(std::move(timer), &started, &destroyed), asio::detached);
    pool.Start();
    while (!started.load()) std::this_thread::yield();
    pool.Stop();
    pool.Join();
    pool.DestroyContexts();
  }
  EXPECT_TRUE(destroyed);
}

}  // namespace
}  // namespace bv::http
