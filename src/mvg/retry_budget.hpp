// Caps retries at a fraction of the original calls (Envoy/Finagle-style retry budget): each
// call deposits `ratio` tokens (up to `max_tokens`), each retry withdraws one. The bucket starts
// full, so a quiet service can still retry its first failures; under a sustained outage the
// extra load on MVG converges to `ratio` of the call rate. Thread-safe.
#pragma once

#include <mutex>

namespace bv::mvg {

class RetryBudget {
 public:
  explicit RetryBudget(double ratio = 0.2, double max_tokens = 10.0) : ratio_(ratio), max_tokens_(max_tokens) {}

  void OnCall() {
    std::lock_guard lock(mutex_);
    tokens_ = std::min(max_tokens_, tokens_ + ratio_);
  }
  // True (and one token spent) if a retry is allowed now.
  bool TryRetry() {
    std::lock_guard lock(mutex_);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  std::mutex mutex_;
  double ratio_;
  double max_tokens_;
  double tokens_ = max_tokens_;
};

}  // namespace bv::mvg
