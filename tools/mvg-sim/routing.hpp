// The journey planner behind MVG's /routes: time-dependent earliest-arrival searches over the
// line graph (Dijkstra on stations, boarding the next trip of the shared timetable, with
// change times and short footpaths), repeated to get the next few connections, or the last
// few that arrive in time. Trips and delays are the ones the departure boards show.
// Not thread-safe per Planner (it caches timetable days); use one Planner per request.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "http/query.hpp"
#include "params.hpp"
#include "timetable.hpp"

namespace bv::sim {

struct RouteQuery {
  StationIndex origin = 0;
  StationIndex destination = 0;
  Minutes time = 0;         // departure (or arrival) time
  bool is_arrival = false;  // find connections that arrive by `time`
  ModeFilter modes;
};

struct Leg {
  enum class Kind { kRide, kWalk };
  Kind kind = Kind::kRide;
  // kRide: the trip and the positions (in its direction) where it is boarded and left.
  Trip trip;
  std::size_t board = 0;
  std::size_t alight = 0;
  // kWalk: a footpath between two stations.
  StationIndex from = 0;
  StationIndex to = 0;
  Minutes start = 0;
  int minutes = 0;
  double meters = 0;
};

struct Journey {
  std::vector<Leg> legs;
  Minutes departure = 0;  // estimated, at the first stop
  Minutes arrival = 0;    // estimated, at the last stop
  int transfers = 0;      // rides minus one
};

// Minutes needed to change between two vehicles at one station.
int ChangeMinutes(Mode from, Mode to);

// Reads the /routes parameters. An error is a 400 text. nullopt (a 200 `[]` in MVG) means an
// unknown station, or one that no line serves. `now` is the default for routingDateTime.
ParamResult<std::optional<RouteQuery>> ParseRouteQuery(const http::Query& query, const Network& network,
                                                       Minutes now);

class Planner {
 public:
  // `now` decides which trips have live data (as on the boards).
  Planner(const Timetable& timetable, ModeFilter modes, Minutes now)
      : tt_(timetable), modes_(modes), now_(now) {}

  // The earliest-arriving journey that leaves `origin` at or after `depart_after`; fewer
  // changes break ties. nullopt if the destination cannot be reached within a day.
  std::optional<Journey> Earliest(StationIndex origin, StationIndex destination, Minutes depart_after);

  // 4 to 6 connections: leaving from `query.time` on (covering about an hour), or arriving
  // by `query.time` (the last ones before it). Sorted by departure; none is dominated by
  // another that leaves later and arrives no later.
  std::vector<Journey> Plan(const RouteQuery& query);

 private:
  struct Boarding {
    Trip trip;
    StopTime time;
  };
  const std::vector<Minutes>& Origins(LineIndex line, Direction dir, std::int64_t day);
  // The first trip (by estimated departure) at position `pos` leaving at or after `earliest`.
  // The first trip at `pos` estimated at or after `earliest` and planned at or after
  // `earliest_planned`.
  std::optional<Boarding> NextTrip(LineIndex line, Direction dir, std::size_t pos, Minutes earliest,
                                   Minutes earliest_planned);
  std::vector<Journey> Forward(const RouteQuery& query, Minutes from, Minutes until, std::size_t max_count);

  const Timetable& tt_;
  ModeFilter modes_;
  Minutes now_;
  std::map<std::tuple<LineIndex, Direction, std::int64_t>, std::vector<Minutes>> origins_;
};

}  // namespace bv::sim
