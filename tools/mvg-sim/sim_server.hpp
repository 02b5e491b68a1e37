// The mvg-sim process: loads the network, serves the simulated API and the admin endpoints
// until SIGTERM or SIGINT, then exits 0.
#pragma once

#include <span>
#include <string_view>

namespace bv::sim {

// Runs the simulator with command-line `args` (without argv[0]). Returns the exit status:
// 0 after a signal, 2 for bad options, 1 when the station file or the port is unusable.
int RunSimulator(std::span<const std::string_view> args);

}  // namespace bv::sim
