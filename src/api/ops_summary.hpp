// GET /api/v1/ops/summary: a small JSON digest of the metrics registry for the operations
// page (request totals per route with p95, cache hit ratios, MVG results and latency, breaker
// and dependency states). Counters are cumulative since start; clients derive rates from two
// polls. Computed per request (an operator page, not a hot path).
#pragma once

#include <string>

#include "api/health.hpp"
#include "http/router.hpp"
#include "obs/metrics.hpp"

namespace bv::api {

struct OpsSummarySources {
  const obs::Registry& registry;
  const Readiness& readiness;
  std::string version;
  std::chrono::steady_clock::time_point started_at;
};

// The summary as JSON text (exposed for tests).
std::string RenderOpsSummary(const OpsSummarySources& sources);

void RegisterOpsSummaryRoute(http::Router& router, OpsSummarySources sources);

}  // namespace bv::api
