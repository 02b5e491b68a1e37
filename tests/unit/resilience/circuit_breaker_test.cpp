// The circuit breaker's state machine: when it opens, what it refuses, how probes close it.
// Time is a ManualClock: open periods pass when the test says so, not by sleeping.
#include "resilience/circuit_breaker.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace bv::resilience {
namespace {

using namespace std::chrono_literals;

BreakerOptions Options(std::chrono::milliseconds open_for = 50ms, std::size_t probes = 2) {
  return BreakerOptions{10, 4, 0.5, open_for, probes};
}

// Every test's breaker reads this clock; it starts anew for each test.
class CircuitBreakerTest : public ::testing::Test {
 protected:
  clock::ManualClock clock_;
};

void Call(CircuitBreaker& breaker, bool fail) {
  ASSERT_TRUE(breaker.Acquire().allowed);
  if (fail) {
    breaker.RecordFailure();
  } else {
    breaker.RecordSuccess();
  }
}

TEST_F(CircuitBreakerTest, StaysClosedBelowTheMinimumNumberOfCalls) {
  CircuitBreaker breaker(Options(), {}, clock_);
  for (int i = 0; i < 3; ++i) Call(breaker, true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  Call(breaker, true);  // 4 of 4 failed
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, OpensAtTheFailureRatioOfTheWindow) {
  CircuitBreaker breaker(Options(), {}, clock_);
  for (int i = 0; i < 6; ++i) Call(breaker, false);
  for (int i = 0; i < 5; ++i) Call(breaker, true);  // window of 10: 5 failures, 5 successes
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, OldOutcomesLeaveTheWindow) {
  CircuitBreaker healthy(Options(), {}, clock_);
  // One failure in three never reaches half of the last 10 (at most 4 of them).
  for (int i = 0; i < 50; ++i) Call(healthy, i % 3 == 1);
  EXPECT_EQ(healthy.state(), BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, RefusesWhileOpenWithTheTimeLeft) {
  CircuitBreaker breaker(Options(2s), {}, clock_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  const auto permit = breaker.Acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_EQ(permit.retry_after, 2000ms);
  EXPECT_FALSE(breaker.WouldAllow());
  clock_.Advance(1500ms);
  EXPECT_EQ(breaker.Acquire().retry_after, 500ms) << "the time left, not the whole open period";
  clock_.Advance(499ms);
  EXPECT_FALSE(breaker.WouldAllow());
  clock_.Advance(1ms);
  EXPECT_TRUE(breaker.WouldAllow()) << "open for exactly open_for";
}

TEST_F(CircuitBreakerTest, HalfOpenLetsTheProbeBudgetThroughAndASuccessClosesIt) {
  CircuitBreaker breaker(Options(30ms, 2), {}, clock_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  clock_.Advance(40ms);
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

TEST_F(CircuitBreakerTest, AFailedProbeReopensIt) {
  CircuitBreaker breaker(Options(30ms, 1), {}, clock_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  clock_.Advance(40ms);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  EXPECT_FALSE(breaker.Acquire().allowed);
}

TEST_F(CircuitBreakerTest, HoldOpenHonoursTheDependencysRetryAfter) {
  CircuitBreaker breaker(Options(10ms), {}, clock_);
  breaker.HoldOpen(300ms);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  clock_.Advance(50ms);
  EXPECT_FALSE(breaker.Acquire().allowed) << "held open past its own open time";
  breaker.HoldOpen(100ms);  // a shorter hold never shortens the open time
  clock_.Advance(120ms);
  EXPECT_FALSE(breaker.Acquire().allowed);
  clock_.Advance(129ms);  // 299 ms after the first hold
  EXPECT_FALSE(breaker.Acquire().allowed);
  clock_.Advance(1ms);
  EXPECT_TRUE(breaker.Acquire().allowed);
}

TEST_F(CircuitBreakerTest, AnyFailureOpensABreakerWithAWindowOfOne) {
  CircuitBreaker breaker({1, 1, 0.0, 1s, 1}, {}, clock_);
  Call(breaker, false);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  Call(breaker, true);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, ARunOfConsecutiveFailuresOpensItBeforeTheRatioDoes) {
  BreakerOptions options{20, 10, 0.5, std::chrono::seconds{30}, 1, 3};
  CircuitBreaker breaker(options, {}, clock_);
  for (int i = 0; i < 2; ++i) breaker.RecordFailure();
  breaker.RecordSuccess();  // breaks the run
  for (int i = 0; i < 2; ++i) breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kClosed) << "4 of 5 failed, but below min_calls and never 3 in a row";
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, ListenerHearsEveryTransitionOnce) {
  std::vector<BreakerState> seen;
  CircuitBreaker breaker(Options(20ms, 1), [&seen](BreakerState s) { seen.push_back(s); }, clock_);
  for (int i = 0; i < 6; ++i) {
    if (breaker.Acquire().allowed) breaker.RecordFailure();
  }
  clock_.Advance(30ms);
  ASSERT_TRUE(breaker.Acquire().allowed);
  breaker.RecordSuccess();
  EXPECT_EQ(seen, (std::vector<BreakerState>{BreakerState::kOpen, BreakerState::kHalfOpen, BreakerState::kClosed}));
}

TEST_F(CircuitBreakerTest, AProbeThatNeverReportsDoesNotWedgeIt) {
  CircuitBreaker breaker(Options(20ms, 1), {}, clock_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  clock_.Advance(30ms);
  ASSERT_TRUE(breaker.Acquire().allowed);  // this probe's caller vanishes
  EXPECT_FALSE(breaker.Acquire().allowed);
  clock_.Advance(30ms);
  EXPECT_TRUE(breaker.Acquire().allowed) << "the probe slot is handed out again after another open period";
}

}  // namespace
}  // namespace bv::resilience
