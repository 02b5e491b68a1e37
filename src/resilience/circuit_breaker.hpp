// A circuit breaker (closed -> open -> half-open -> closed) for one dependency: it stops calls
// to a dependency that is failing, so that callers answer at once (from a stale copy, or 503)
// instead of piling up timeouts, and it lets a few probe calls through after a pause to find
// out whether the dependency is back.
//
//   closed     calls go through; outcomes are kept in a sliding window of the last N calls.
//              At least `min_calls` outcomes and a failure share >= `failure_ratio` -> open;
//              so does a run of `consecutive_failures` failures in a row (when set).
//   open       calls are refused until `open_for` has passed (or longer, see HoldOpen).
//   half-open  up to `half_open_probes` calls go through at a time (the probe budget); the
//              first success -> closed; a failure -> open again.
//
// Thread-safe; a mutex guards the state (callers are on miss/refresh paths, never on the
// cache-hit path). Time is read from the injected clock (SteadyNow), so tests advance a
// ManualClock instead of sleeping through open periods.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "clock/clock.hpp"

namespace bv::resilience {

enum class BreakerState : int { kClosed = 0, kOpen = 1, kHalfOpen = 2 };  // gauge values

struct BreakerOptions {
  std::size_t window = 20;
  std::size_t min_calls = 5;
  double failure_ratio = 0.5;
  std::chrono::milliseconds open_for{std::chrono::seconds{30}};
  std::size_t half_open_probes = 1;
  std::size_t consecutive_failures = 0;  // this many failures in a row open it too; 0: off
};

class CircuitBreaker {
 public:
  // Called (outside the lock) after every state change, with the new state.
  using StateListener = std::function<void(BreakerState)>;

  // `clock` must outlive the breaker.
  explicit CircuitBreaker(BreakerOptions options, StateListener on_change = {},
                          const clock::Clock& clock = clock::SystemClock::Instance());

  struct Permit {
    bool allowed = true;
    std::chrono::milliseconds retry_after{0};  // when refused: until the breaker may let a probe through
  };
  // Asks to make one call. An allowed call must be followed by exactly one Record*().
  Permit Acquire();
  void RecordSuccess();
  void RecordFailure();
  // Ends an allowed call that never reached the dependency (refused by our own limits): frees
  // its probe slot and records no outcome.
  void Release();
  // Opens now (or extends the open time) for at least `duration`: the dependency told us when
  // to come back (Retry-After of a 429/403).
  void HoldOpen(std::chrono::milliseconds duration);

  BreakerState state() const;
  // Whether Acquire() would allow a call now (without taking a probe slot): callers use it to
  // skip work that only makes sense when the dependency may be called.
  bool WouldAllow() const;

 private:
  // Returns the state to announce if it changed. Called with mutex_ held.
  std::optional<BreakerState> OpenLocked(clock::SteadyTime until);
  // Announces a change outside the lock (the listener may take other locks).
  void Notify(std::optional<BreakerState> changed);

  const BreakerOptions options_;
  const StateListener on_change_;
  const clock::Clock& clock_;
  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::kClosed;
  std::vector<bool> outcomes_;  // ring buffer of the last `window` outcomes (true = failure)
  std::size_t next_ = 0;
  std::size_t recorded_ = 0;
  std::size_t failures_ = 0;
  std::size_t failures_in_a_row_ = 0;
  clock::SteadyTime open_until_{};
  std::size_t probes_in_flight_ = 0;
  std::size_t probes_succeeded_ = 0;
  clock::SteadyTime half_open_since_{};
};

}  // namespace bv::resilience
