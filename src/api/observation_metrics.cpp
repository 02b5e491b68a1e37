#include "api/observation_metrics.hpp"

#include "model/transport_type.hpp"

namespace bv::api {
namespace {

// A bounded label: the canonical MVG code, or OTHER for a code this build does not know.
std::string_view TypeLabel(std::string_view code) {
  const auto type = model::ParseTransportType(code);
  return type ? model::Code(*type) : std::string_view("OTHER");
}

}  // namespace

ObservationMetrics::ObservationMetrics(obs::Registry& registry, model::ObservationSink* next)
    : next_(next),
      observed_(registry.CounterFamily("bahnvision_departures_observed_total",
                                       "Departures seen in boards fetched from MVG, by transport type.",
                                       {"transport_type"})),
      cancelled_(registry.CounterFamily("bahnvision_departures_cancelled_total",
                                        "Cancelled departures seen in boards fetched from MVG, by transport type.",
                                        {"transport_type"})),
      delay_(registry.HistogramFamily("bahnvision_departure_delay_seconds",
                                      "Delay of realtime, not cancelled departures seen at MVG, by transport type.",
                                      {"transport_type"}, kDelayBuckets)),
      route_plans_(registry.AddCounter("bahnvision_route_plans_observed_total",
                                       "Itineraries in route plans fetched from MVG.")) {}

void ObservationMetrics::OnDepartures(const model::Station& station, const std::vector<model::Departure>& departures,
                                      std::chrono::system_clock::time_point fetched_at) {
  for (const auto& d : departures) {
    const std::string_view type = TypeLabel(d.transport_type);
    observed_.WithLabels({type}).Inc();
    if (d.cancelled) {
      cancelled_.WithLabels({type}).Inc();
    } else if (d.realtime) {
      delay_.WithLabels({type}).Observe(60.0 * d.delay_minutes);
    }
  }
  if (next_ != nullptr) next_->OnDepartures(station, departures, fetched_at);
}

void ObservationMetrics::OnRoutes(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                                  std::chrono::system_clock::time_point fetched_at) {
  route_plans_.Inc(plans.size());
  if (next_ != nullptr) next_->OnRoutes(request, plans, fetched_at);
}

}  // namespace bv::api
