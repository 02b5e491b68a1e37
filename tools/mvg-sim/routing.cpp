#include "routing.hpp"

#include <algorithm>
#include <limits>
#include <queue>

#include "berlin_time.hpp"
#include "departures.hpp"

namespace bv::sim {
namespace {

constexpr Minutes kUnreached = std::numeric_limits<Minutes>::max();
constexpr Minutes kMaxJourneyMinutes = 1440;
constexpr std::size_t kMinConnections = 4;
constexpr std::size_t kMaxConnections = 6;
constexpr Minutes kForwardWindow = 60;  // connections leaving in the next hour (at least kMin)
constexpr int kMaxSearches = 24;        // earliest-arrival runs per request

// How a station was reached in one search. Trips live in a pool, so that relaxing the stops
// of a ride copies no Trip.
struct Label {
  enum class Via : std::uint8_t { kOrigin, kRide, kWalk };
  Minutes arrival = kUnreached;  // estimated (what the search minimises)
  // Planned: a connection must also hold by the timetable (a rider reads the planned times of
  // both legs; a change planned to depart before the feeder is planned to arrive is nonsense).
  Minutes planned_arrival = kUnreached;
  int rides = 0;
  StationIndex prev = 0;
  Via via = Via::kOrigin;
  std::uint32_t trip = 0;  // kRide: index into the pool
  std::uint32_t board = 0;
  std::uint32_t alight = 0;
  const Footpath* walk = nullptr;  // kWalk
};

struct QueueItem {
  Minutes arrival;
  int rides;
  StationIndex station;
  bool operator>(const QueueItem& o) const {
    return std::tie(arrival, rides, station) > std::tie(o.arrival, o.rides, o.station);
  }
};

std::optional<StationIndex> GraphStation(const Network& net, std::string_view id) {
  const auto s = net.Find(StationPartOf(id));
  if (!s || !net.station(*s).on_graph) return std::nullopt;
  return s;
}

// Two journeys are the same connection if they use the same trips and footpaths.
bool SameConnection(const Journey& a, const Journey& b) {
  if (a.legs.size() != b.legs.size()) return false;
  for (std::size_t i = 0; i < a.legs.size(); ++i) {
    const Leg& x = a.legs[i];
    const Leg& y = b.legs[i];
    if (x.kind != y.kind) return false;
    if (x.kind == Leg::Kind::kRide &&
        (x.trip.hash != y.trip.hash || x.board != y.board || x.alight != y.alight)) {
      return false;
    }
    if (x.kind == Leg::Kind::kWalk && (x.from != y.from || x.to != y.to)) return false;
  }
  return true;
}

// Appends `j` unless it repeats the last connection; drops earlier connections that `j`
// dominates (it leaves later and arrives no later).
void AddConnection(std::vector<Journey>& out, Journey j) {
  if (!out.empty() && SameConnection(out.back(), j)) return;
  while (!out.empty() && out.back().arrival >= j.arrival && out.back().transfers >= j.transfers)
    out.pop_back();
  out.push_back(std::move(j));
}

}  // namespace

int ChangeMinutes(Mode from, Mode to) {
  if (from == Mode::kSbahn || to == Mode::kSbahn || from == Mode::kBahn || to == Mode::kBahn) return 4;
  if (from == Mode::kUbahn || to == Mode::kUbahn) return 3;
  return 2;
}

ParamResult<std::optional<RouteQuery>> ParseRouteQuery(const http::Query& q, const Network& net,
                                                       Minutes now) {
  std::optional<RouteQuery> none;
  RouteQuery out;
  bool coordinates_only = false;
  for (const std::string_view end : {"origin", "destination"}) {
    const auto id = q.Get(std::string(end) + "StationGlobalId");
    if (!id || id->empty()) {
      const bool has_coordinates = q.Get(std::string(end) + "Latitude").has_value() &&
                                   q.Get(std::string(end) + "Longitude").has_value();
      if (!has_coordinates) {
        return "You must provide either station global id or coordinate for " + std::string(end);
      }
      coordinates_only = true;  // address routing is not simulated: no connections
    }
  }
  if (const auto text = q.Get("routingDateTime"); text && !text->empty()) {
    const auto seconds = ParseUtcIso(*text);
    if (!seconds) return "routingDateTime: must be a UTC date-time like 2026-05-21T08:00:00.000Z";
    out.time = *seconds / 60;
  } else {
    out.time = now;
  }
  const auto arrival = ParseBoolParam(q.Get("routingDateTimeIsArrival"), "routingDateTimeIsArrival");
  if (!arrival) return arrival.error();
  out.is_arrival = *arrival;
  const auto modes = ParseModeFilter(q.Get("transportTypes"), ModeListKind::kRoutes, "transportTypes");
  if (!modes) return modes.error();
  out.modes = *modes;
  if (coordinates_only) return none;
  const auto origin = GraphStation(net, *q.Get("originStationGlobalId"));
  const auto destination = GraphStation(net, *q.Get("destinationStationGlobalId"));
  if (!origin || !destination || *origin == *destination) return none;
  out.origin = *origin;
  out.destination = *destination;
  return std::optional<RouteQuery>(out);
}

const std::vector<Minutes>& Planner::Origins(LineIndex line, Direction dir, std::int64_t day) {
  const auto key = std::make_tuple(line, dir, day);
  auto it = origins_.find(key);
  if (it == origins_.end()) it = origins_.emplace(key, tt_.Origins(line, dir, day)).first;
  return it->second;
}

std::optional<Planner::Boarding> Planner::NextTrip(LineIndex line_index, Direction dir, std::size_t pos,
                                                   Minutes earliest, Minutes earliest_planned) {
  const Line& line = tt_.network().line(line_index);
  const int offset = line.MinutesAt(dir, pos);
  std::optional<Boarding> best;
  for (const std::int64_t day : Timetable::ServiceDays(earliest, earliest + kMaxJourneyMinutes)) {
    const auto& origins = Origins(line_index, dir, day);
    auto it = std::lower_bound(origins.begin(), origins.end(), earliest - offset - Timetable::kMaxDelay);
    for (; it != origins.end(); ++it) {
      // An estimate is never more than a minute before the plan: later trips cannot win.
      if (best && *it + offset - 1 > best->time.estimated) break;
      const auto number = static_cast<std::uint32_t>(it - origins.begin());
      Trip trip = tt_.MakeTrip(line_index, dir, day, number, *it, now_);
      if (trip.cancelled) continue;
      const StopTime st = tt_.At(trip, pos);
      if (st.estimated < earliest || st.planned < earliest_planned) continue;
      if (!best || st.estimated < best->time.estimated) best = Boarding{std::move(trip), st};
    }
  }
  return best;
}

std::optional<Journey> Planner::Earliest(StationIndex origin, StationIndex destination,
                                         Minutes depart_after) {
  const Network& net = tt_.network();
  if (origin == destination) return std::nullopt;
  std::vector<Label> labels(net.stations().size());
  std::vector<Trip> pool;
  std::priority_queue<QueueItem, std::vector<QueueItem>, std::greater<>> queue;
  labels[origin].arrival = depart_after;
  // The first vehicle may be planned before depart_after if it runs late enough to catch.
  labels[origin].planned_arrival = depart_after - Timetable::kMaxDelay;
  queue.push({depart_after, 0, origin});
  const auto improve = [&](StationIndex s, const Label& candidate) {
    Label& l = labels[s];
    if (std::tie(candidate.arrival, candidate.rides) >= std::tie(l.arrival, l.rides)) return;
    l = candidate;
    queue.push({candidate.arrival, candidate.rides, s});
  };
  while (!queue.empty()) {
    const QueueItem item = queue.top();
    queue.pop();
    const StationIndex s = item.station;
    const Label here = labels[s];
    if (item.arrival != here.arrival || item.rides != here.rides) continue;  // superseded
    if (s == destination || item.arrival > depart_after + kMaxJourneyMinutes) break;
    const Trip* arrived_on = here.via == Label::Via::kRide ? &pool[here.trip] : nullptr;
    const std::optional<Mode> arrived_mode =
        arrived_on != nullptr ? std::optional<Mode>(net.line(arrived_on->line).mode) : std::nullopt;
    const auto arrived_line = arrived_on != nullptr ? arrived_on->line : LineIndex{0};
    const auto arrived_direction = arrived_on != nullptr ? arrived_on->direction : Direction::kOutbound;
    for (const StopRef& ref : net.station(s).stops) {
      const Line& line = net.line(ref.line);
      if (line.synthetic || !modes_.Allows(line.mode)) continue;
      for (const Direction dir : {Direction::kOutbound, Direction::kReturn}) {
        const std::size_t pos = line.PositionOf(dir, ref.index);
        if (pos + 1 >= line.size()) continue;
        // Getting off and on the same line again never helps.
        if (arrived_mode && arrived_line == ref.line && arrived_direction == dir) continue;
        const int change = arrived_mode ? ChangeMinutes(*arrived_mode, line.mode) : 0;
        auto boarding = NextTrip(ref.line, dir, pos, here.arrival + change, here.planned_arrival + change);
        if (!boarding) continue;
        const auto trip_index = static_cast<std::uint32_t>(pool.size());
        pool.push_back(std::move(boarding->trip));
        for (std::size_t j = pos + 1; j < line.size(); ++j) {
          Label candidate;
          const StopTime at = tt_.At(pool[trip_index], j);
          candidate.arrival = at.estimated;
          candidate.planned_arrival = at.planned;
          candidate.rides = here.rides + 1;
          candidate.prev = s;
          candidate.via = Label::Via::kRide;
          candidate.trip = trip_index;
          candidate.board = static_cast<std::uint32_t>(pos);
          candidate.alight = static_cast<std::uint32_t>(j);
          improve(line.StopAt(dir, j), candidate);
        }
      }
    }
    if (here.via == Label::Via::kWalk) continue;  // no two footpaths in a row
    for (const Footpath& fp : net.footpaths(s)) {
      if (s == origin && fp.to == destination) continue;  // a walk alone is not a connection
      Label candidate;
      candidate.arrival = here.arrival + fp.minutes;
      candidate.planned_arrival = here.planned_arrival + fp.minutes;
      candidate.rides = here.rides;
      candidate.prev = s;
      candidate.via = Label::Via::kWalk;
      candidate.walk = &fp;
      improve(fp.to, candidate);
    }
  }
  if (labels[destination].arrival == kUnreached) return std::nullopt;

  Journey j;
  for (StationIndex s = destination; s != origin; s = labels[s].prev) {
    const Label& l = labels[s];
    const Label& before = labels[l.prev];
    Leg leg;
    if (l.via == Label::Via::kRide) {
      leg.trip = pool[l.trip];
      leg.board = l.board;
      leg.alight = l.alight;
    } else {
      leg.kind = Leg::Kind::kWalk;
      leg.from = l.prev;
      leg.to = s;
      leg.start = before.arrival;
      leg.minutes = l.walk->minutes;
      leg.meters = l.walk->meters;
    }
    j.legs.push_back(std::move(leg));
  }
  std::reverse(j.legs.begin(), j.legs.end());
  // Leave for a first footpath just in time for the vehicle, not at depart_after.
  if (j.legs.size() > 1 && j.legs[0].kind == Leg::Kind::kWalk) {
    j.legs[0].start = tt_.At(j.legs[1].trip, j.legs[1].board).estimated - j.legs[0].minutes;
  }
  const Leg& first = j.legs.front();
  j.departure = first.kind == Leg::Kind::kWalk ? first.start : tt_.At(first.trip, first.board).estimated;
  j.arrival = labels[destination].arrival;
  j.transfers = labels[destination].rides - 1;
  return j;
}

std::vector<Journey> Planner::Plan(const RouteQuery& query) {
  std::vector<Journey> out;
  if (!query.is_arrival) {
    Minutes t = query.time;
    for (int i = 0; i < kMaxSearches && out.size() < kMaxConnections; ++i) {
      auto j = Earliest(query.origin, query.destination, t);
      if (!j || (out.size() >= kMinConnections && j->departure > query.time + kForwardWindow)) break;
      t = j->departure + 1;
      AddConnection(out, std::move(*j));
    }
    return out;
  }
  // Arrive by query.time: walk forward from an estimate of when one has to leave.
  const auto probe = Earliest(query.origin, query.destination, query.time);
  if (!probe) return out;
  const Minutes duration = probe->arrival - probe->departure;
  for (const Minutes slack : {75, 195, 435}) {
    out.clear();
    Minutes t = query.time - duration - slack;
    for (int i = 0; i < kMaxSearches; ++i) {
      auto j = Earliest(query.origin, query.destination, t);
      if (!j || j->arrival > query.time) break;
      t = j->departure + 1;
      AddConnection(out, std::move(*j));
    }
    if (out.size() >= kMinConnections) break;
  }
  if (out.size() > kMaxConnections) out.erase(out.begin(), out.end() - kMaxConnections);
  return out;
}

}  // namespace bv::sim
