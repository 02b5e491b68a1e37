// The simulator's control API under /__sim (never subject to faults, never counted):
//   GET /__sim/stats          {"requests":{"departures":N,...},"total":N}
//   POST /__sim/reset         zero the counters and clear the faults
//   GET|POST|DELETE /__sim/faults   read, replace (query or form parameters), clear the faults
//   GET|POST /__sim/clock     read, freeze (?now=ISO) or unfreeze (?now=real) the clock
//   GET /__sim/info           seed and network size
#pragma once

#include "http/router.hpp"
#include "simulator.hpp"

namespace bv::sim {

// Registers the admin routes. `sim` must outlive the router.
void RegisterAdminRoutes(http::Router& router, Simulator& sim);

}  // namespace bv::sim
