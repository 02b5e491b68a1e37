#include "route_wire.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "berlin_time.hpp"
#include "geo.hpp"
#include "hash.hpp"
#include "wire.hpp"

namespace bv::sim {
namespace {

namespace json = boost::json;

struct StopFacts {
  Minutes planned = 0;
  std::optional<int> departure_delay;
  std::optional<int> arrival_delay;
  std::optional<int> platform;
  bool platform_changed = false;
  std::optional<int> stop_position;
};

json::object StopJson(const Station& s, const StopFacts& f) {
  json::object o;
  o["latitude"] = s.position.latitude;
  o["longitude"] = s.position.longitude;
  o["stationGlobalId"] = s.global_id;
  o["stationDivaId"] = s.diva_id;
  if (f.stop_position) o["stopPositionNumber"] = *f.stop_position;
  if (f.platform) {
    o["platform"] = *f.platform;
    o["platformChanged"] = f.platform_changed;
  }
  o["place"] = s.place;
  o["name"] = s.name;
  o["plannedDeparture"] = FormatBerlinIso(f.planned * 60);
  if (f.departure_delay) o["departureDelayInMinutes"] = *f.departure_delay;
  if (f.arrival_delay) o["arrivalDelayInMinutes"] = *f.arrival_delay;
  o["transportTypes"] = TransportTypesJson(s);
  o["isViaStop"] = false;
  o["surroundingPlanLink"] = "";
  o["occupancy"] = "UNKNOWN";
  o["hasZoomData"] = s.has_rail;
  o["hasOutOfOrderEscalator"] = false;
  o["hasOutOfOrderElevator"] = false;
  return o;
}

json::object LineObject(std::string_view label, std::string_view type, std::string_view destination,
                        std::string_view network, std::string_view diva) {
  return json::object{{"label", label},  {"transportType", type}, {"destination", destination},
                      {"trainType", ""}, {"network", network},    {"divaId", diva},
                      {"sev", false}};
}

// Delay fields are sent only for live trips, and only when non-zero.
std::optional<int> LiveDelay(const Trip& trip, int delay) {
  if (!trip.realtime || delay == 0) return std::nullopt;
  return delay;
}

struct PartResult {
  json::object part;
  double meters = 0;
};

PartResult RidePart(const Timetable& tt, const Leg& leg, std::optional<std::string_view> change_status) {
  const Network& net = tt.network();
  const Line& line = net.line(leg.trip.line);
  const Direction dir = leg.trip.direction;
  const auto facts = [&](std::size_t pos) {
    const StationIndex s = line.StopAt(dir, pos);
    const StopTime st = tt.At(leg.trip, pos);
    StopFacts f;
    f.planned = st.planned;
    if (pos != leg.alight) f.departure_delay = LiveDelay(leg.trip, st.delay);
    if (pos != leg.board) f.arrival_delay = LiveDelay(leg.trip, st.delay);
    if (IsRail(line.mode)) {
      f.platform_changed = tt.PlatformChanged(leg.trip);
      f.platform = tt.PlatformAt(leg.trip.line, s, dir) + (f.platform_changed ? 2 : 0);
    } else if (pos == leg.board) {
      f.stop_position = tt.PlatformAt(leg.trip.line, s, dir);
    }
    return f;
  };
  PartResult r;
  json::array intermediate;
  std::vector<LatLon> path;
  for (std::size_t pos = leg.board; pos <= leg.alight; ++pos) {
    const StationIndex s = line.StopAt(dir, pos);
    path.push_back(net.station(s).position);
    if (pos > leg.board) r.meters += DistanceMeters(path[path.size() - 2], path.back());
    if (pos != leg.board && pos != leg.alight) intermediate.push_back(StopJson(net.station(s), facts(pos)));
  }
  json::object& p = r.part;
  p["from"] = StopJson(net.station(line.StopAt(dir, leg.board)), facts(leg.board));
  p["to"] = StopJson(net.station(line.StopAt(dir, leg.alight)), facts(leg.alight));
  p["intermediateStops"] = std::move(intermediate);
  p["noChangeRequired"] = false;
  p["line"] = LineObject(line.label, ModeName(line.mode), line.destination[static_cast<int>(dir)],
                         line.network, line.diva_id);
  p["pathPolyline"] = EncodePolyline(path);
  p["interchangePathPolyline"] = "";
  if (change_status) p["changeStatus"] = *change_status;
  p["pathDescription"] = json::array();
  p["exitLetter"] = "";
  p["distance"] = r.meters;
  if (!IsRail(line.mode))
    p["departureStopPositionNumber"] = tt.PlatformAt(leg.trip.line, line.StopAt(dir, leg.board), dir);
  p["occupancy"] = tt.Occupancy(leg.trip, leg.board);
  p["messages"] = json::array();
  json::array infos;
  for (const Notice& n : leg.trip.notices) {
    infos.push_back(json::object{{"message", n.message}, {"type", n.type}, {"network", line.network}});
  }
  p["infos"] = std::move(infos);
  p["realTime"] = leg.trip.realtime;
  p["isCancelled"] = false;
  return r;
}

PartResult WalkPart(const Network& net, const Leg& leg) {
  StopFacts from;
  from.planned = leg.start;
  StopFacts to;
  to.planned = leg.start + leg.minutes;
  const Station& a = net.station(leg.from);
  const Station& b = net.station(leg.to);
  const LatLon path[] = {a.position, b.position};
  PartResult r;
  r.meters = leg.meters;
  json::object& p = r.part;
  p["from"] = StopJson(a, from);
  p["to"] = StopJson(b, to);
  // MVG lists a footpath's two ends again as its intermediate stops.
  p["intermediateStops"] = json::array{StopJson(a, from), StopJson(b, to)};
  p["noChangeRequired"] = false;
  p["line"] = LineObject("Fussweg", "PEDESTRIAN", "", "unknown", "");
  p["pathPolyline"] = EncodePolyline(path);
  p["interchangePathPolyline"] = "";
  p["pathDescription"] = json::array();
  p["exitLetter"] = "";
  p["distance"] = leg.meters;
  p["occupancy"] = "UNKNOWN";
  p["messages"] = json::array();
  p["infos"] = json::array();
  p["realTime"] = false;
  p["isCancelled"] = false;
  return r;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) fmt::format_to(std::back_inserter(out), "{:02x}", static_cast<unsigned char>(c));
  return out;
}

}  // namespace

json::object ConnectionJson(const Timetable& tt, const Journey& journey) {
  const Network& net = tt.network();
  json::array parts;
  double meters = 0;
  int zone_min = 99;
  int zone_max = 0;
  std::uint64_t id = 0x5eed;
  std::string refresh = "bvsim1";
  const auto touch = [&](StationIndex s) {
    zone_min = std::min(zone_min, net.station(s).zone_min);
    zone_max = std::max(zone_max, net.station(s).zone_max);
  };
  std::optional<Minutes> last_arrival;  // of the previous ride, for changeStatus
  Mode last_mode = Mode::kBus;
  for (const Leg& leg : journey.legs) {
    PartResult part;
    if (leg.kind == Leg::Kind::kWalk) {
      part = WalkPart(net, leg);
      touch(leg.from);
      touch(leg.to);
      id = Combine(id, Combine(leg.from, leg.to));
      refresh += fmt::format(";w{}-{}@{}", leg.from, leg.to, leg.start);
    } else {
      const Line& line = net.line(leg.trip.line);
      std::optional<std::string_view> status;
      if (last_arrival) {
        const Minutes slack = tt.At(leg.trip, leg.board).estimated - *last_arrival;
        status = slack <= ChangeMinutes(last_mode, line.mode) + 2 ? "TIGHT" : "OK";
      }
      part = RidePart(tt, leg, status);
      for (std::size_t pos = leg.board; pos <= leg.alight; ++pos) touch(line.StopAt(leg.trip.direction, pos));
      last_arrival = tt.At(leg.trip, leg.alight).estimated;
      last_mode = line.mode;
      id = Combine(id, Combine(leg.trip.hash, leg.board * 1000 + leg.alight));
      refresh += fmt::format(";t{}:{}-{}", leg.trip.trip_id(), leg.board, leg.alight);
    }
    meters += part.meters;
    parts.push_back(std::move(part.part));
  }
  json::array zones;
  for (int z = zone_min; z <= zone_max; ++z) zones.push_back(z);
  json::array tickets{"9999"};
  for (const std::string_view product : {"EINE", "TKS", "TKG"}) {
    tickets.push_back(json::string(fmt::format("{}-M{}", product, zone_max)));
  }
  return json::object{
      {"uniqueId", static_cast<std::int64_t>(id)},
      {"parts", std::move(parts)},
      {"ticketingInformation", json::object{{"zones", std::move(zones)},
                                            {"alternativeZones", json::array()},
                                            {"unifiedTicketIds", std::move(tickets)}}},
      {"distance", meters},
      {"bannerHash", ""},
      {"refreshId", Hex(refresh)},
  };
}

json::array ConnectionsJson(const Timetable& tt, std::span<const Journey> journeys) {
  json::array out;
  for (const Journey& j : journeys) out.push_back(ConnectionJson(tt, j));
  return out;
}

}  // namespace bv::sim
