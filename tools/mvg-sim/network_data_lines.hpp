// Internal to bv_sim_data: the per-mode line tables that BuiltinLines() concatenates.
#pragma once

#include <vector>

#include "network_data.hpp"

namespace bv::sim {

std::vector<LineData> UbahnLines();
std::vector<LineData> SbahnLines();
std::vector<LineData> TramLines();

}  // namespace bv::sim
