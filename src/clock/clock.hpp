// The service's one clock abstraction, so that time-dependent logic (cache freshness, circuit
// breakers, reconnect back-offs, lock waits) is tested by advancing a ManualClock instead of
// sleeping (STYLE.md rule 8: time is injected).
//   Now()       wall clock: timestamps shared with other replicas and clients (`fetched_at`,
//               `Age`, L2 entries), so it must be the system clock.
//   SteadyNow() monotonic: durations, deadlines and back-offs inside one process, immune to
//               wall-clock steps.
// Asio timers still run on the real steady clock: code that needs a wake-up uses a timer, and
// code that decides (is the breaker still open? may we reconnect?) reads the injected clock.
#pragma once

#include <atomic>
#include <chrono>

namespace bv::clock {

using SysTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime Now() const = 0;
  virtual SteadyTime SteadyNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime Now() const override { return std::chrono::system_clock::now(); }
  SteadyTime SteadyNow() const override { return std::chrono::steady_clock::now(); }
  // The process-wide instance: it outlives every object holding a reference to it (a breaker
  // touched by a coroutine frame destroyed late in shutdown still finds its clock).
  static const SystemClock& Instance();
};

// A clock that only moves when told to; both readings advance together. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SysTime start = SysTime{std::chrono::seconds{1'800'000'000}})
      : now_(start.time_since_epoch().count()), steady_(kSteadyStart.count()) {}
  SysTime Now() const override { return SysTime{SysTime::duration{now_.load()}}; }
  SteadyTime SteadyNow() const override { return SteadyTime{SteadyTime::duration{steady_.load()}}; }
  void Advance(std::chrono::milliseconds by) {
    now_ += std::chrono::duration_cast<SysTime::duration>(by).count();
    steady_ += std::chrono::duration_cast<SteadyTime::duration>(by).count();
  }

 private:
  // Well past a default-constructed time_point, as the real steady clock is.
  static constexpr SteadyTime::duration kSteadyStart = std::chrono::hours{1000};
  std::atomic<SysTime::rep> now_;
  std::atomic<SteadyTime::rep> steady_;
};

}  // namespace bv::clock
