// The task group of background work: cancellation reaches a task on its own executor, unwinds
// it through its destructors, and reaches tasks spawned after the cancellation too.
#include "cache/task_tracker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

namespace bv::cache {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Sets `*destroyed` when the frame unwinds.
struct Flag {
  bool* destroyed;
  ~Flag() { *destroyed = true; }
};

// Waits an hour (a hung upstream); counts how far it got.
asio::awaitable<void> WaitsAnHour(bool* destroyed, int* resumed) {
  Flag flag{destroyed};
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
  co_await timer.async_wait(asio::use_awaitable);
  ++*resumed;
}

// Runs what is ready, a few rounds (cancellation is posted, then the task unwinds).
void Settle(asio::io_context& io) {
  for (int i = 0; i < 10; ++i) {
    io.restart();
    io.poll();
  }
}

TEST(TaskTrackerTest, CancelAllEndsAWaitingTaskThroughItsDestructors) {
  asio::io_context io;
  TaskTracker tasks(obs::NullLogger());
  bool destroyed = false;
  int resumed = 0;
  tasks.Spawn(io.get_executor(), WaitsAnHour(&destroyed, &resumed), "test");
  Settle(io);
  ASSERT_EQ(tasks.running(), 1u);
  EXPECT_FALSE(tasks.cancelled());

  tasks.CancelAll();
  Settle(io);
  EXPECT_TRUE(tasks.cancelled());
  EXPECT_EQ(tasks.running(), 0u);
  EXPECT_TRUE(destroyed);
  EXPECT_EQ(resumed, 0) << "the cancelled wait throws; the task does not carry on";
}

TEST(TaskTrackerTest, TaskSpawnedAfterCancelAllRunsItsCleanUpAndEnds) {
  asio::io_context io;
  TaskTracker tasks(obs::NullLogger());
  tasks.CancelAll();
  bool destroyed = false;
  int resumed = 0;
  tasks.Spawn(io.get_executor(), WaitsAnHour(&destroyed, &resumed), "test");
  Settle(io);
  EXPECT_EQ(tasks.running(), 0u);
  EXPECT_TRUE(destroyed);
  EXPECT_EQ(resumed, 0);
}

}  // namespace
}  // namespace bv::cache
