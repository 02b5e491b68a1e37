#include "resilience/circuit_breaker.hpp"

#include <algorithm>
#include <optional>

namespace bv::resilience {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

CircuitBreaker::CircuitBreaker(BreakerOptions options, StateListener on_change, const clock::Clock& clock)
    : options_(options), on_change_(std::move(on_change)), clock_(clock), outcomes_(std::max<std::size_t>(1, options.window), false) {}

CircuitBreaker::Permit CircuitBreaker::Acquire() {
  std::optional<BreakerState> changed;
  Permit permit;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.SteadyNow();
    if (state_ == BreakerState::kOpen) {
      if (now < open_until_) {
        permit = {false, std::max(milliseconds{1}, duration_cast<milliseconds>(open_until_ - now))};
      } else {
        state_ = BreakerState::kHalfOpen;
        half_open_since_ = now;
        probes_in_flight_ = probes_succeeded_ = 0;
        changed = state_;
      }
    }
    if (state_ == BreakerState::kHalfOpen) {
      // A probe whose caller never reported back (a cancelled task) must not wedge the
      // breaker half-open forever: after another open period, the probe slots are handed out anew.
      if (now - half_open_since_ > options_.open_for) {
        half_open_since_ = now;
        probes_in_flight_ = probes_succeeded_ = 0;
      }
      if (probes_in_flight_ + probes_succeeded_ < options_.half_open_probes) {
        ++probes_in_flight_;
      } else {
        permit = {false, duration_cast<milliseconds>(std::max(milliseconds{1000}, options_.open_for / 10))};
      }
    }
  }
  Notify(changed);
  return permit;
}

void CircuitBreaker::RecordSuccess() {
  std::optional<BreakerState> changed;
  {
    std::lock_guard lock(mutex_);
    if (state_ == BreakerState::kHalfOpen) {
      if (probes_in_flight_ > 0) --probes_in_flight_;
      if (++probes_succeeded_ >= 1) {
        state_ = BreakerState::kClosed;
        std::fill(outcomes_.begin(), outcomes_.end(), false);
        next_ = recorded_ = failures_ = 0;
        changed = state_;
      }
    } else if (state_ == BreakerState::kClosed) {
      failures_in_a_row_ = 0;
      if (outcomes_[next_]) --failures_;
      outcomes_[next_] = false;
      next_ = (next_ + 1) % outcomes_.size();
      recorded_ = std::min(recorded_ + 1, outcomes_.size());
    }
  }
  Notify(changed);
}

void CircuitBreaker::RecordFailure() {
  std::optional<BreakerState> changed;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.SteadyNow();
    if (state_ == BreakerState::kHalfOpen) {
      changed = OpenLocked(now + options_.open_for);
    } else if (state_ == BreakerState::kClosed) {
      if (!outcomes_[next_]) ++failures_;
      outcomes_[next_] = true;
      next_ = (next_ + 1) % outcomes_.size();
      recorded_ = std::min(recorded_ + 1, outcomes_.size());
      ++failures_in_a_row_;
      const bool ratio = recorded_ >= std::max<std::size_t>(1, options_.min_calls) &&
                         static_cast<double>(failures_) >= options_.failure_ratio * static_cast<double>(recorded_);
      const bool run = options_.consecutive_failures > 0 && failures_in_a_row_ >= options_.consecutive_failures;
      if (ratio || run) changed = OpenLocked(now + options_.open_for);
    }
  }
  Notify(changed);
}

void CircuitBreaker::Release() {
  std::lock_guard lock(mutex_);
  if (state_ == BreakerState::kHalfOpen && probes_in_flight_ > 0) --probes_in_flight_;
}

void CircuitBreaker::HoldOpen(milliseconds duration) {
  std::optional<BreakerState> changed;
  {
    std::lock_guard lock(mutex_);
    const auto until = clock_.SteadyNow() + duration;
    if (state_ == BreakerState::kOpen) {
      open_until_ = std::max(open_until_, until);
    } else {
      changed = OpenLocked(until);
    }
  }
  Notify(changed);
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

bool CircuitBreaker::WouldAllow() const {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case BreakerState::kClosed: return true;
    case BreakerState::kOpen: return clock_.SteadyNow() >= open_until_;
    case BreakerState::kHalfOpen:
      return probes_in_flight_ + probes_succeeded_ < options_.half_open_probes ||
             clock_.SteadyNow() - half_open_since_ > options_.open_for;
  }
  return true;
}

std::optional<BreakerState> CircuitBreaker::OpenLocked(clock::SteadyTime until) {
  const bool changed = state_ != BreakerState::kOpen;
  state_ = BreakerState::kOpen;
  open_until_ = until;
  probes_in_flight_ = probes_succeeded_ = 0;
  failures_in_a_row_ = 0;
  return changed ? std::optional(state_) : std::nullopt;
}

void CircuitBreaker::Notify(std::optional<BreakerState> changed) {
  if (changed && on_change_) on_change_(*changed);
}

}  // namespace bv::resilience
