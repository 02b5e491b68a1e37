// Where what the service observes from MVG goes besides the cache: persistence (write-behind
// to PostgreSQL) implements it; with persistence off there is none. Implementations must not
// block or throw: they are called on the fetching coroutine, once per successful MVG fetch.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/departure.hpp"
#include "model/route.hpp"
#include "model/station.hpp"

namespace bv::model {

struct RouteSnapshotInfo {
  Station origin;
  Station destination;
  std::optional<TimePoint> requested_time;  // unset: "now"
  bool arrive_by = false;
  std::vector<std::string> transport_types;  // MVG codes requested; empty = all
};

class ObservationSink {
 public:
  virtual ~ObservationSink() = default;
  // A departure board fetched from MVG at `fetched_at`.
  virtual void OnDepartures(const Station& station, const std::vector<Departure>& departures,
                            std::chrono::system_clock::time_point fetched_at) = 0;
  // Itineraries fetched from MVG (possibly none).
  virtual void OnRoutes(const RouteSnapshotInfo& request, const std::vector<RoutePlan>& plans,
                        std::chrono::system_clock::time_point fetched_at) = 0;
};

}  // namespace bv::model
