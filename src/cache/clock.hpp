// The cache reads time through the service's one clock abstraction (clock/clock.hpp); these
// names keep the cache's spelling.
#pragma once

#include "clock/clock.hpp"

namespace bv::cache {

using clock::Clock;
using clock::ManualClock;
using clock::SysTime;
using clock::SystemClock;

}  // namespace bv::cache
