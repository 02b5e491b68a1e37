#include "clock/clock.hpp"

namespace bv::clock {

const SystemClock& SystemClock::Instance() {
  static const SystemClock instance;
  return instance;
}

}  // namespace bv::clock
