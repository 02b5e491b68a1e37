#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/departure.hpp"

namespace bv::model {

// A stop of an itinerary. Every field but the name may be unknown.
struct RouteStop {
  std::optional<std::string> id;
  std::string name;
  std::optional<std::string> place;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::optional<TimePoint> planned_time;
  std::optional<TimePoint> realtime_time;
  std::optional<std::string> platform;
  std::optional<std::string> transport_type;
  std::optional<std::string> line;
  std::optional<std::string> destination;
  std::optional<int> delay_minutes;
  std::vector<std::string> messages;
};

struct RouteLeg {
  RouteStop origin;
  RouteStop destination;
  std::optional<std::string> transport_type;  // PEDESTRIAN for a walk
  std::optional<std::string> line;
  std::optional<std::string> direction;
  std::optional<int> duration_minutes;
  std::optional<double> distance_meters;
  std::vector<RouteStop> intermediate_stops;
};

struct RoutePlan {
  int duration_minutes = 0;  // first departure to last arrival, real-time where known
  int transfers = 0;         // vehicle changes (walks do not count)
  RouteStop departure;
  RouteStop arrival;
  std::vector<RouteLeg> legs;
};

}  // namespace bv::model
