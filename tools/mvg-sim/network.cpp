#include "network.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "hash.hpp"

namespace bv::sim {
namespace {

struct ModeInfo {
  Mode mode;
  std::string_view name;
  double meters_per_second;  // average running speed between stops
  int dwell_seconds;
};
// Speeds are chosen so that planned minutes come out close to MVG's timetables.
constexpr std::array<ModeInfo, 6> kModes = {{
    {Mode::kUbahn, "UBAHN", 10.5, 30},
    {Mode::kSbahn, "SBAHN", 14.0, 40},
    {Mode::kTram, "TRAM", 5.5, 20},
    {Mode::kBus, "BUS", 5.0, 20},
    {Mode::kRegionalBus, "REGIONAL_BUS", 9.0, 20},
    {Mode::kBahn, "BAHN", 22.0, 60},
}};
// Tracks and roads are longer than the straight line between two stops.
constexpr double kDetourFactor = 1.25;

const ModeInfo& InfoOf(Mode m) { return kModes[static_cast<std::size_t>(m)]; }

// Zone M is about the city; rings of about 6 km follow (MVV has M and 1..12; we stop at 6).
constexpr LatLon kCentre{48.137245, 11.575421};  // Marienplatz
constexpr double kZoneMRadius = 8000;
constexpr double kZoneWidth = 6000;
constexpr double kZoneOverlap = 700;  // stations just outside a border belong to both zones

void AssignZones(Station& s) {
  const double d = DistanceMeters(s.position, kCentre);
  const int zone = d < kZoneMRadius ? 0 : std::min(6, 1 + static_cast<int>((d - kZoneMRadius) / kZoneWidth));
  const double border = zone == 0 ? 0 : kZoneMRadius + (zone - 1) * kZoneWidth;
  const bool shared = zone > 0 && zone < 6 && d - border < kZoneOverlap;
  s.zone_max = zone;
  s.zone_min = shared ? zone - 1 : zone;
  const auto name = [](int z) { return z == 0 ? std::string("m") : std::to_string(z); };
  s.tariff_zones = shared ? name(zone - 1) + "|" + name(zone) : name(zone);
}

std::int64_t DivaOf(std::string_view global_id) {
  const auto colon = global_id.rfind(':');
  std::int64_t value = 0;
  const auto digits = global_id.substr(colon == std::string_view::npos ? 0 : colon + 1);
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// "de:09162:2" -> "09162": the district key groups a synthetic bus's destinations.
std::string_view DistrictOf(std::string_view global_id) {
  const auto first = global_id.find(':');
  const auto second = global_id.find(':', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return {};
  return global_id.substr(first + 1, second - first - 1);
}

std::vector<int> PlannedMinutes(Mode mode, const std::vector<double>& segment_meters) {
  const ModeInfo& info = InfoOf(mode);
  std::vector<int> minutes{0};
  double seconds = 0;
  for (const double m : segment_meters) {
    seconds += info.dwell_seconds + kDetourFactor * m / info.meters_per_second;
    // Whole minutes like MVG's timetables, and never two stops at the same minute.
    minutes.push_back(std::max(minutes.back() + 1, static_cast<int>(std::lround(seconds / 60))));
  }
  return minutes;
}

// Walking between two stations of the line graph: a footpath if they are this close.
constexpr double kMaxFootpathMeters = 450;
constexpr double kWalkMetersPerSecond = 1.1;

}  // namespace

std::string_view ModeName(Mode mode) { return InfoOf(mode).name; }

std::optional<Mode> ParseMode(std::string_view name) {
  for (const ModeInfo& info : kModes) {
    if (info.name == name) return info.mode;
  }
  return std::nullopt;
}

bool IsRail(Mode mode) { return mode == Mode::kUbahn || mode == Mode::kSbahn || mode == Mode::kBahn; }

Network::Network(std::span<const StationData> stations, std::span<const LineData> lines,
                 std::span<const FileStation> extra_stations) {
  for (const StationData& d : stations) {
    Station s;
    s.global_id = d.global_id;
    s.name = d.name;
    s.place = d.place;
    s.position = {d.latitude, d.longitude};
    s.builtin = true;
    AddStation(std::move(s));
  }
  for (const FileStation& f : extra_stations) {
    Station s;
    s.global_id = f.global_id;
    s.name = f.name;
    s.place = f.place;
    s.position = {f.latitude, f.longitude};
    AddStation(std::move(s));
  }
  for (const LineData& l : lines) AddLine(l);
  AddSyntheticLines();
  DeriveStationFacts();
  LinkFootpaths();
}

Network Network::Builtin(std::span<const FileStation> extra_stations) {
  return Network(BuiltinStations(), BuiltinLines(), extra_stations);
}

std::optional<StationIndex> Network::Find(std::string_view global_id) const {
  const auto it = index_.find(std::string(global_id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void Network::AddStation(Station station) {
  if (index_.count(station.global_id) > 0) return;  // the first (built-in) entry wins
  station.diva_id = DivaOf(station.global_id);
  AssignZones(station);
  index_.emplace(station.global_id, static_cast<StationIndex>(stations_.size()));
  stations_.push_back(std::move(station));
}

void Network::AddLine(const LineData& data) {
  Line line;
  line.label = data.label;
  line.mode = data.mode;
  line.diva_id = data.diva_id;
  line.network = data.network;
  for (const char* id : data.stops) {
    if (const auto i = Find(id)) line.stops.push_back(*i);
  }
  if (line.stops.size() < 2) return;
  for (std::size_t i = 0; i + 1 < line.stops.size(); ++i) {
    line.segment_meters.push_back(
        DistanceMeters(stations_[line.stops[i]].position, stations_[line.stops[i + 1]].position));
  }
  line.minutes = PlannedMinutes(line.mode, line.segment_meters);
  line.destination[0] = stations_[line.stops.back()].name;
  line.destination[1] = stations_[line.stops.front()].name;
  line.key = Combine(HashText(line.label), Combine(HashText(stations_[line.stops.front()].global_id),
                                                   HashText(stations_[line.stops.back()].global_id)));
  line.city = stations_[line.stops.front()].global_id.starts_with("de:09162:");
  const auto index = static_cast<LineIndex>(lines_.size());
  for (std::uint32_t i = 0; i < line.stops.size(); ++i) stations_[line.stops[i]].stops.push_back({index, i});
  lines_.push_back(std::move(line));
}

// Every station gets a departure board: one or two buses to other stops of its district.
void Network::AddSyntheticLines() {
  std::unordered_map<std::string_view, std::vector<StationIndex>> by_district;
  for (StationIndex i = 0; i < stations_.size(); ++i)
    by_district[DistrictOf(stations_[i].global_id)].push_back(i);
  for (StationIndex i = 0; i < stations_.size(); ++i) {
    Station& s = stations_[i];
    if (!s.stops.empty()) continue;
    const std::uint64_t h = HashText(s.global_id);
    const bool city = s.global_id.starts_with("de:09162:");
    const auto& neighbours = by_district[DistrictOf(s.global_id)];
    const int count = 1 + static_cast<int>(h % 2);
    for (int n = 0; n < count; ++n) {
      const std::uint64_t lh = Combine(h, n);
      Line line;
      const int number = city ? 100 + static_cast<int>(lh % 100) : 200 + static_cast<int>(lh % 800);
      line.label = std::to_string(number);
      line.mode = city ? Mode::kBus : Mode::kRegionalBus;
      line.diva_id = fmt::format("{}{:03}", city ? "03" : "19", number);
      line.network = city ? "swm" : "mvv";
      line.stops = {i};
      line.minutes = {0};
      for (int d = 0; d < 2; ++d) {
        const auto pick = neighbours.size() > 2 ? neighbours[Combine(lh, d) % neighbours.size()] : i;
        line.destination[d] =
            pick != i ? stations_[pick].name : fmt::format("{} {}", s.place, d == 0 ? "Bf." : "Ortsmitte");
      }
      line.key = lh;
      line.synthetic = true;
      line.city = city;
      s.stops.push_back({static_cast<LineIndex>(lines_.size()), 0});
      lines_.push_back(std::move(line));
    }
  }
}

void Network::DeriveStationFacts() {
  // Station-level types never say REGIONAL_BUS (MVG lists buses as BUS there).
  static constexpr std::array<std::pair<Mode, std::string_view>, 6> kOrder = {{{Mode::kSbahn, "SBAHN"},
                                                                               {Mode::kUbahn, "UBAHN"},
                                                                               {Mode::kTram, "TRAM"},
                                                                               {Mode::kBus, "BUS"},
                                                                               {Mode::kRegionalBus, "BUS"},
                                                                               {Mode::kBahn, "BAHN"}}};
  for (Station& s : stations_) {
    std::set<std::string_view> labels;
    for (const StopRef& ref : s.stops) {
      const Line& l = lines_[ref.line];
      // Invented buses must not outrank real hubs in search results.
      if (!l.synthetic) labels.insert(l.label);
      s.has_rail = s.has_rail || l.mode == Mode::kUbahn || l.mode == Mode::kSbahn;
      s.on_graph = s.on_graph || !l.synthetic;
    }
    s.popularity = static_cast<int>(labels.size());
    for (const auto& entry : kOrder) {
      const Mode mode = entry.first;
      const std::string_view name = entry.second;
      const bool served = std::any_of(s.stops.begin(), s.stops.end(),
                                      [&](const StopRef& r) { return lines_[r.line].mode == mode; });
      if (served &&
          std::find(s.transport_types.begin(), s.transport_types.end(), name) == s.transport_types.end()) {
        s.transport_types.push_back(name);
      }
    }
  }
}

void Network::LinkFootpaths() {
  footpaths_.assign(stations_.size(), {});
  std::vector<StationIndex> graph;
  for (StationIndex i = 0; i < stations_.size(); ++i) {
    if (stations_[i].on_graph) graph.push_back(i);
  }
  for (std::size_t a = 0; a < graph.size(); ++a) {
    for (std::size_t b = a + 1; b < graph.size(); ++b) {
      const double meters = DistanceMeters(stations_[graph[a]].position, stations_[graph[b]].position);
      if (meters > kMaxFootpathMeters) continue;
      // One minute to leave the platform, then the walk along streets (detour as for buses).
      const double seconds = 60 + kDetourFactor * meters / kWalkMetersPerSecond;
      const int minutes = std::clamp(static_cast<int>(std::ceil(seconds / 60)), 2, 8);
      footpaths_[graph[a]].push_back({graph[b], minutes, meters});
      footpaths_[graph[b]].push_back({graph[a], minutes, meters});
    }
  }
}

}  // namespace bv::sim
