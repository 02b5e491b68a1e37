#include "departures.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace bv::sim {
namespace {

// Look this far ahead first; widen only when the board is not full yet (night, rural buses).
constexpr int kHorizonsMinutes[] = {60, 240, 720, 1440};
// A board more than a week away or back is not a board any client asks for.
constexpr long long kMaxOffsetMinutes = 7LL * 1440;

std::string StopPointId(const Station& station, const Line& line, int platform) {
  // S-Bahn departures carry an empty stop point in MVG's answers.
  if (line.mode == Mode::kSbahn) return {};
  return fmt::format("{}:{}:{}", station.global_id, (platform + 1) / 2, platform);
}

Departure Render(const Timetable& tt, const Trip& trip, std::size_t pos, const StopTime& st,
                 StationIndex station_index) {
  const Network& net = tt.network();
  const Line& line = net.line(trip.line);
  const Station& station = net.station(station_index);
  Departure d;
  d.planned_ms = st.planned * 60'000;
  d.realtime_ms = st.estimated * 60'000;
  d.realtime = trip.realtime;
  d.delay_minutes = st.delay;
  d.mode = line.mode;
  d.label = line.label;
  d.diva_id = line.diva_id;
  d.network = line.network;
  d.destination = line.destination[static_cast<int>(trip.direction)];
  d.cancelled = trip.cancelled;
  int place = tt.PlatformAt(trip.line, station_index, trip.direction);
  if (IsRail(line.mode)) {
    d.platform_changed = tt.PlatformChanged(trip);
    if (d.platform_changed) place += 2;
    d.platform = place;
  } else {
    d.stop_position = place;
  }
  d.infos = trip.notices;
  d.occupancy = tt.Occupancy(trip, pos);
  d.station_global_id = station.global_id;
  d.stop_point_global_id = StopPointId(station, line, place);
  d.line_id = fmt::format("{}:{}:G:{}:016", line.network, line.diva_id, DirectionLetter(trip.direction));
  d.trip_id = trip.trip_id();
  d.trip_code = trip.trip_code();
  return d;
}

// Appends the departures of one line and direction at `station` with estimated times in
// [from, to).
void Collect(const Timetable& tt, StationIndex station, StopRef ref, Direction dir, Minutes from, Minutes to,
             Minutes now, std::vector<Departure>& out) {
  const Line& line = tt.network().line(ref.line);
  const std::size_t pos = line.PositionOf(dir, ref.index);
  // Trips end at the last stop: no departure there (a synthetic bus has only one stop).
  if (!line.synthetic && pos + 1 == line.size()) return;
  const int offset = line.MinutesAt(dir, pos);
  for (const std::int64_t day : Timetable::ServiceDays(from, to)) {
    const auto origins = tt.Origins(ref.line, dir, day);
    // Negative delays reach one minute back; positive ones up to kMaxDelay.
    auto it = std::lower_bound(origins.begin(), origins.end(), from - offset - Timetable::kMaxDelay);
    for (; it != origins.end() && *it + offset <= to + 1; ++it) {
      const auto number = static_cast<std::uint32_t>(it - origins.begin());
      const Trip trip = tt.MakeTrip(ref.line, dir, day, number, *it, now);
      const StopTime st = tt.At(trip, pos);
      if (st.estimated >= from && st.estimated < to) out.push_back(Render(tt, trip, pos, st, station));
    }
  }
}

}  // namespace

std::string_view StationPartOf(std::string_view global_id) {
  std::size_t colon = std::string_view::npos;
  for (int i = 0; i < 3; ++i) {
    colon = global_id.find(':', colon == std::string_view::npos ? 0 : colon + 1);
    if (colon == std::string_view::npos) return global_id;
  }
  return global_id.substr(0, colon);
}

ParamResult<DepartureQuery> ParseDepartureQuery(const http::Query& q) {
  DepartureQuery out;
  const auto id = q.Get("globalId");
  if (!id || id->empty()) return ParamError{"getDepartures.globalId: must not be blank"};
  out.global_id = std::string(*id);
  const auto limit = ParseIntParam(q.Get("limit"), kDefaultLimit, "getDepartures.limit");
  if (!limit) return ParamError{limit.error()};
  out.limit = static_cast<int>(std::clamp<long long>(*limit, 0, kMaxLimit));
  const auto offset = ParseIntParam(q.Get("offsetInMinutes"), 0, "getDepartures.offsetInMinutes");
  if (!offset) return ParamError{offset.error()};
  out.offset_minutes =
      static_cast<int>(std::clamp<long long>(*offset, -kMaxOffsetMinutes, kMaxOffsetMinutes));
  const auto modes =
      ParseModeFilter(q.Get("transportTypes"), ModeListKind::kDepartures, "getDepartures.transportTypes");
  if (!modes) return ParamError{modes.error()};
  out.modes = *modes;
  return out;
}

std::vector<Departure> BuildDepartures(const Timetable& tt, const DepartureQuery& query,
                                       std::int64_t now_ms) {
  std::vector<Departure> board;
  const auto station = tt.network().Find(StationPartOf(query.global_id));
  if (!station || query.limit <= 0) return board;
  const Minutes now = now_ms / 60'000;
  const Minutes from = now + query.offset_minutes;
  for (const int horizon : kHorizonsMinutes) {
    board.clear();
    for (const StopRef& ref : tt.network().station(*station).stops) {
      if (!query.modes.Allows(tt.network().line(ref.line).mode)) continue;
      for (const Direction dir : {Direction::kOutbound, Direction::kReturn}) {
        Collect(tt, *station, ref, dir, from, from + horizon, now, board);
      }
    }
    if (static_cast<int>(board.size()) >= query.limit) break;
  }
  std::sort(board.begin(), board.end(), [](const Departure& a, const Departure& b) {
    return std::tie(a.realtime_ms, a.planned_ms, a.label, a.destination, a.trip_id) <
           std::tie(b.realtime_ms, b.planned_ms, b.label, b.destination, b.trip_id);
  });
  if (static_cast<int>(board.size()) > query.limit) board.resize(static_cast<std::size_t>(query.limit));
  return board;
}

}  // namespace bv::sim
