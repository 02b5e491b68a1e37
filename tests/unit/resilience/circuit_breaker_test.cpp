// The circuit breaker's state machine: when it opens, what it refuses, how probes close it.
#include "resilience/circuit_breaker.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace bv::resilience {
namespace {

using namespace std::chrono_literals;

BreakerOptions Options(std::chrono::milliseconds open_for = 50ms, std::size_t probes = 2) {
  return BreakerOptions{10, 4, 0.5, open_for, probes};
}

void Call(CircuitBreaker& breaker, bool fail) {
  ASSERT_TRUE(breaker.Acquire().allowed);
  if (fail) {
    breaker.RecordFailure();
  } else {
    breaker.RecordSuccess();
  }
}

TEST(CircuitBreakerTest, StaysClosedBelowTheMinimumNumberOfCalls) {
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 3; ++i) Call(breaker, true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  Call(breaker, true);  // 4 of 4 failed
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, OpensAtTheFailureRatioOfTheWindow) {
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 6; ++i) Call(breaker, false);
  for (int i = 0; i < 5; ++i) Call(breaker, true);  // window of 10: 5 failures, 5 successes
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, OldOutcomesLeaveTheWindow) {
  CircuitBreaker healthy(Options());
  // One failure in three never reaches half of the last 10 (at most 4 of them).
  for (int i = 0; i < 50; ++i) Call(healthy, i % 3 == 1);
  EXPECT_EQ(healthy.state(), BreakerState::kClosed);
}

TEST(CircuitBreakerTest, RefusesWhileOpenWithTheTimeLeft) {
  CircuitBreaker breaker(Options(2s));
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  const auto permit = breaker.Acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_GT(permit.retry_after, 1900ms);
  EXPECT_LE(permit.retry_after, 2000ms);
  EXPECT_FALSE(breaker.WouldAllow());
}

TEST(CircuitBreakerTest, HalfOpenLetsTheProbeBudgetThroughAndASuccessClosesIt) {
  CircuitBreaker breaker(Options(30ms, 2));
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  std::this_thread::sleep_for(40ms);
  EXPECT_TRUE(breaker.WouldAllow());
  ASSERT_TRUE(breaker.Acquire().allowed);
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
  ASSERT_TRUE(breaker.Acquire().allowed);
  EXPECT_FALSE(breaker.Acquire().allowed) << "only two probes at a time";
  EXPECT_FALSE(breaker.WouldAllow());
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  breaker.RecordSuccess();  // the other probe reports late: still closed
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  // The window starts empty again (the four old failures are gone): two more do not reopen it.
  for (int i = 0; i < 2; ++i) Call(breaker, true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
}

TEST(CircuitBreakerTest, AFailedProbeReopensIt) {
  CircuitBreaker breaker(Options(30ms, 1));
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  std::this_thread::sleep_for(40ms);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  EXPECT_FALSE(breaker.Acquire().allowed);
}

TEST(CircuitBreakerTest, HoldOpenHonoursTheDependencysRetryAfter) {
  CircuitBreaker breaker(Options(10ms));
  breaker.HoldOpen(300ms);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(breaker.Acquire().allowed) << "held open past its own open time";
  breaker.HoldOpen(100ms);  // a shorter hold never shortens the open time
  std::this_thread::sleep_for(120ms);
  EXPECT_FALSE(breaker.Acquire().allowed);
  std::this_thread::sleep_for(150ms);
  EXPECT_TRUE(breaker.Acquire().allowed);
}

TEST(CircuitBreakerTest, AnyFailureOpensABreakerWithAWindowOfOne) {
  CircuitBreaker breaker({1, 1, 0.0, 1s, 1});
  Call(breaker, false);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  Call(breaker, true);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, ARunOfConsecutiveFailuresOpensItBeforeTheRatioDoes) {
  BreakerOptions options{20, 10, 0.5, std::chrono::seconds{30}, 1, 3};
  CircuitBreaker breaker(options);
  for (int i = 0; i < 2; ++i) breaker.RecordFailure();
  breaker.RecordSuccess();  // breaks the run
  for (int i = 0; i < 2; ++i) breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kClosed) << "4 of 5 failed, but below min_calls and never 3 in a row";
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, ListenerHearsEveryTransitionOnce) {
  std::vector<BreakerState> seen;
  CircuitBreaker breaker(Options(20ms, 1), [&seen](BreakerState s) { seen.push_back(s); });
  for (int i = 0; i < 6; ++i) {
    if (breaker.Acquire().allowed) breaker.RecordFailure();
  }
  std::this_thread::sleep_for(30ms);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.RecordSuccess();
  EXPECT_EQ(seen, (std::vector<BreakerState>{BreakerState::kOpen, BreakerState::kHalfOpen, BreakerState::kClosed}));
}

TEST(CircuitBreakerTest, AProbeThatNeverReportsDoesNotWedgeIt) {
  CircuitBreaker breaker(Options(20ms, 1));
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  std::this_thread::sleep_for(30ms);
  ASSERT_TRUE(breaker.Acquire().allowed);  // this probe's caller vanishes
  EXPECT_FALSE(breaker.Acquire().allowed);
  std::this_thread::sleep_for(30ms);
  EXPECT_TRUE(breaker.Acquire().allowed) << "the probe slot is handed out again after another open period";
}

}  // namespace
}  // namespace bv::resilience
