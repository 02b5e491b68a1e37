// bahnvision_cache_events_total{cache,event} and bahnvision_cache_refresh_seconds{cache}, plus
// the size of the in-process tier. Events: hit, miss, stale_return, coalesced,
// refresh_started, refresh_success, refresh_error, not_found, lock_timeout, and with the fleet
// tier l2_hit, l2_stale, l2_miss, fleet_lead (took the fleet lock), fleet_fill (got another
// replica's fill). bahnvision_singleflight_waits_total{cache,scope} counts coalesced loads.
#pragma once

#include <string_view>

#include "obs/metrics.hpp"

namespace bv::cache {

class L1Store;

class CacheMetrics {
 public:
  CacheMetrics(obs::Registry& registry, const L1Store& l1);

  obs::Counter& Event(std::string_view cache, std::string_view event) {
    return events_.WithLabels({cache, event});
  }
  obs::Histogram& RefreshSeconds(std::string_view cache) { return refresh_seconds_.WithLabels({cache}); }
  obs::Counter& SingleFlightWaits(std::string_view cache, std::string_view scope) {
    return singleflight_waits_.WithLabels({cache, scope});
  }

 private:
  obs::Family<obs::Counter>& events_;
  obs::Family<obs::Histogram>& refresh_seconds_;
  obs::Family<obs::Counter>& singleflight_waits_;
};

}  // namespace bv::cache
