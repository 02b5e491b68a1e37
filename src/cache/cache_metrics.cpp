#include "cache/cache_metrics.hpp"

#include <fmt/format.h>

#include "cache/l1_store.hpp"

namespace bv::cache {

CacheMetrics::CacheMetrics(obs::Registry& registry, const L1Store& l1)
    : events_(registry.CounterFamily("bahnvision_cache_events_total",
                                     "Cache events by cache (departures, station_search, ...) and event.",
                                     {"cache", "event"})),
      refresh_seconds_(registry.HistogramFamily("bahnvision_cache_refresh_seconds",
                                                "Duration of cache fills and refreshes (the MVG call included).",
                                                {"cache"})),
      singleflight_waits_(registry.CounterFamily("bahnvision_singleflight_waits_total",
                                                 "Loads that waited for another one instead of calling MVG: in this "
                                                 "process (scope=process) or in another replica (scope=fleet).",
                                                 {"cache", "scope"})) {
  // Sizes are read at scrape time: the request path never updates a size gauge.
  registry.AddCollector([&l1](std::string& out) {
    fmt::format_to(std::back_inserter(out),
                   "# HELP bahnvision_cache_l1_bytes Bytes held by the in-process cache tier.\n"
                   "# TYPE bahnvision_cache_l1_bytes gauge\nbahnvision_cache_l1_bytes {}\n"
                   "# HELP bahnvision_cache_l1_entries Entries held by the in-process cache tier.\n"
                   "# TYPE bahnvision_cache_l1_entries gauge\nbahnvision_cache_l1_entries {}\n"
                   "# HELP bahnvision_cache_l1_evictions_total Entries evicted from the in-process tier to stay in its byte bound.\n"
                   "# TYPE bahnvision_cache_l1_evictions_total counter\nbahnvision_cache_l1_evictions_total {}\n",
                   l1.bytes(), l1.entries(), l1.evictions());
  });
}

}  // namespace bv::cache
