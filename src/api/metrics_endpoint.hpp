// GET /metrics: the Prometheus text exposition of the process registry.
#pragma once

#include "http/router.hpp"
#include "obs/metrics.hpp"

namespace bv::api {

void RegisterMetricsRoute(http::Router& router, const obs::Registry& registry);

}  // namespace bv::api
