#include "wire.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace bv::sim {
namespace {

namespace json = boost::json;

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

json::array InfosJson(const std::vector<Notice>& infos, std::string_view network) {
  json::array out;
  for (const Notice& n : infos) {
    out.push_back(json::object{{"message", n.message}, {"type", n.type}, {"network", network}});
  }
  return out;
}

}  // namespace

json::object DepartureJson(const Departure& d) {
  json::object o;
  o["plannedDepartureTime"] = d.planned_ms;
  o["realtime"] = d.realtime;
  if (d.realtime) o["delayInMinutes"] = d.delay_minutes;
  o["realtimeDepartureTime"] = d.realtime_ms;
  o["transportType"] = ModeName(d.mode);
  o["label"] = d.label;
  o["divaId"] = d.diva_id;
  o["network"] = d.network;
  o["trainType"] = "";
  o["destination"] = d.destination;
  o["cancelled"] = d.cancelled;
  o["sev"] = false;
  if (d.platform) {
    o["platform"] = *d.platform;
    o["platformChanged"] = d.platform_changed;
  }
  if (d.stop_position) o["stopPositionNumber"] = *d.stop_position;
  o["messages"] = json::array();
  o["infos"] = InfosJson(d.infos, d.network);
  o["bannerHash"] = "";
  o["occupancy"] = d.occupancy;
  o["stationGlobalId"] = d.station_global_id;
  o["stopPointGlobalId"] = d.stop_point_global_id;
  o["lineId"] = d.line_id;
  o["tripId"] = d.trip_id;
  o["tripCode"] = d.trip_code;
  return o;
}

json::array DeparturesJson(std::span<const Departure> board) {
  json::array out;
  out.reserve(board.size());
  for (const Departure& d : board) out.push_back(DepartureJson(d));
  return out;
}

json::array TransportTypesJson(const Station& s) {
  json::array out;
  for (const std::string_view t : s.transport_types) out.push_back(json::string(t));
  return out;
}

json::object LocationJson(const Station& s) {
  return json::object{{"latitude", s.position.latitude},
                      {"longitude", s.position.longitude},
                      {"place", s.place},
                      {"name", s.name},
                      {"globalId", s.global_id},
                      {"divaId", s.diva_id},
                      {"hasZoomData", s.has_rail},
                      {"transportTypes", TransportTypesJson(s)},
                      {"aliases", ""},
                      {"tariffZones", s.tariff_zones},
                      {"type", "STATION"}};
}

json::object CatalogueStationJson(const Station& s) {
  return json::object{{"globalId", s.global_id},
                      {"name", s.name},
                      {"place", s.place},
                      {"latitude", s.position.latitude},
                      {"longitude", s.position.longitude},
                      {"transportTypes", TransportTypesJson(s)},
                      {"tariffZones", s.tariff_zones},
                      {"aliases", ""},
                      {"divaId", s.diva_id},
                      {"hasZoomData", s.has_rail}};
}

json::object NearbyJson(const Station& s, int distance_meters) {
  json::object o = CatalogueStationJson(s);
  o["distanceInMeters"] = distance_meters;
  return o;
}

json::object ZdmStationJson(const Station& s) {
  return json::object{{"name", s.name},
                      {"place", s.place},
                      {"id", s.global_id},
                      {"divaId", s.diva_id},
                      {"abbreviation", nullptr},
                      {"tariffZones", s.tariff_zones},
                      {"products", TransportTypesJson(s)},
                      {"latitude", s.position.latitude},
                      {"longitude", s.position.longitude}};
}

json::object LineJson(const Line& line) {
  return json::object{{"label", line.label},    {"transportType", ModeName(line.mode)},
                      {"trainType", ""},        {"network", Upper(line.network)},
                      {"divaId", line.diva_id}, {"sev", false}};
}

std::vector<const Line*> DistinctLines(std::span<const Line* const> lines) {
  std::vector<const Line*> out(lines.begin(), lines.end());
  const auto key = [](const Line* l) {
    return std::make_tuple(static_cast<int>(l->mode), l->label.size(), std::string_view(l->label));
  };
  std::sort(out.begin(), out.end(), [&](const Line* a, const Line* b) { return key(a) < key(b); });
  out.erase(
      std::unique(out.begin(), out.end(), [&](const Line* a, const Line* b) { return key(a) == key(b); }),
      out.end());
  return out;
}

}  // namespace bv::sim
