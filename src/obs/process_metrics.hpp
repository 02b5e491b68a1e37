// The standard process_* metrics (as client_golang and prometheus_client export them), read from
// /proc at scrape time so that the request path never pays for them.
#pragma once

#include "obs/metrics.hpp"

namespace bv::obs {

// Registers a collector for process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds on `registry`.
void RegisterProcessMetrics(Registry& registry);

}  // namespace bv::obs
