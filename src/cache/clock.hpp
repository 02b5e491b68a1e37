// Wall-clock time for cache freshness, injectable so that TTL logic is tested without sleeps.
// Wall clock (not steady): `fetched_at` is shared with other replicas through Valkey and
// drives the `Age` header.
#pragma once

#include <atomic>
#include <chrono>

namespace bv::cache {

using SysTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SysTime start = SysTime{std::chrono::seconds{1'800'000'000}}) : now_(start.time_since_epoch().count()) {}
  SysTime Now() const override { return SysTime{SysTime::duration{now_.load()}}; }
  void Advance(std::chrono::milliseconds by) { now_ += std::chrono::duration_cast<SysTime::duration>(by).count(); }

 private:
  std::atomic<SysTime::rep> now_;
};

}  // namespace bv::cache
