// The simulated MVG endpoints (bgw-pt v3 under /api/bgw-pt/v3, ZDM under /.rest/zdm) and the
// HTML "404" MVG gives for any other path under /api. Every request is counted in Stats and
// passes through the fault settings before it is answered.
#pragma once

#include "http/router.hpp"
#include "simulator.hpp"

namespace bv::sim {

inline constexpr std::string_view kApiBase = "/api/bgw-pt/v3";
inline constexpr std::string_view kMvgJson = "application/json;charset=UTF-8";

// Registers the API routes. `sim` must outlive the router.
void RegisterApiRoutes(http::Router& router, Simulator& sim);

}  // namespace bv::sim
