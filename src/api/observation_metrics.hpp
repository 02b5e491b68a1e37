// Business metrics from what the service observes at MVG: every departure board and route plan
// fetched (the feed that persistence stores as history) is counted before it goes on to the next
// sink. Metrics: bahnvision_departures_observed_total{transport_type},
// bahnvision_departures_cancelled_total{transport_type},
// bahnvision_departure_delay_seconds{transport_type} (realtime, not cancelled) and
// bahnvision_route_plans_observed_total. transport_type is the MVG code, OTHER for unknown codes.
// Thread-safe: called concurrently from fetching coroutines.
#pragma once

#include "model/observation_sink.hpp"
#include "obs/metrics.hpp"

namespace bv::api {

class ObservationMetrics final : public model::ObservationSink {
 public:
  // `next` (may be null) receives every observation afterwards; it must outlive this object.
  ObservationMetrics(obs::Registry& registry, model::ObservationSink* next);

  void OnDepartures(const model::Station& station, const std::vector<model::Departure>& departures,
                    std::chrono::system_clock::time_point fetched_at) override;
  void OnRoutes(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                std::chrono::system_clock::time_point fetched_at) override;

 private:
  model::ObservationSink* next_;
  obs::Family<obs::Counter>& observed_;
  obs::Family<obs::Counter>& cancelled_;
  obs::Family<obs::Histogram>& delay_;
  obs::Counter& route_plans_;
};

// Delay buckets in seconds: early, on time, then the minutes riders notice.
inline constexpr double kDelayBuckets[] = {-60, 0, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600};

}  // namespace bv::api
