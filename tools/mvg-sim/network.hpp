// The simulated network: stations (built-in and from a --stations file), the lines through
// them with planned travel minutes, synthetic bus lines for stations no line serves, and
// footpaths between nearby line stations. Built once at start, then read-only and therefore
// safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo.hpp"
#include "network_data.hpp"
#include "station_file.hpp"

namespace bv::sim {

// MVG's wire name of a mode ("UBAHN", "REGIONAL_BUS", ...).
std::string_view ModeName(Mode mode);
// The mode for a wire name; nullopt for names that are not line modes (SEV, PEDESTRIAN, ...).
std::optional<Mode> ParseMode(std::string_view name);
bool IsRail(Mode mode);  // U-Bahn, S-Bahn, Bahn: platforms instead of stop positions

// The two directions of a line: H runs along `Line::stops`, R against it (MVG's lineId letter).
enum class Direction : std::uint8_t { kOutbound = 0, kReturn = 1 };
inline char DirectionLetter(Direction d) { return d == Direction::kOutbound ? 'H' : 'R'; }

using StationIndex = std::uint32_t;
using LineIndex = std::uint32_t;

struct StopRef {
  LineIndex line;
  std::uint32_t index;  // position in Line::stops
};

struct Station {
  std::string global_id;
  std::int64_t diva_id = 0;  // the number after the last colon
  std::string name;
  std::string place;
  LatLon position;
  std::string tariff_zones;  // "m", "2", "m|1" (synthesised from the distance to the centre)
  int zone_min = 0;          // M = 0
  int zone_max = 0;
  std::vector<std::string_view> transport_types;  // station level, MVG's order (SBAHN, UBAHN, ...)
  std::vector<StopRef> stops;                     // every call of a line here, synthetic ones too
  int popularity = 0;     // distinct real line labels calling here; ranks search results
  bool builtin = false;   // from network_data (else from the station file)
  bool has_rail = false;  // U-Bahn or S-Bahn station: MVG has "zoom" plans for those
  bool on_graph = false;  // served by a real (non-synthetic) line: routes can use it
};

struct Line {
  std::string label;  // "U3"
  Mode mode = Mode::kBus;
  std::string diva_id;                 // "010U3"
  std::string network;                 // "swm", "ddb", "mvv"
  std::vector<StationIndex> stops;     // outbound order; one stop for a synthetic line
  std::vector<int> minutes;            // planned minutes from the first stop, outbound order
  std::vector<double> segment_meters;  // stops[i] -> stops[i + 1]
  std::string destination[2];          // headsign per Direction
  std::uint64_t key = 0;               // stable identity hash; seeds the line's timetable
  bool synthetic = false;              // a bus invented for a station that no line serves
  bool city = true;                    // inside Munich: city headways, else regional

  std::size_t size() const { return stops.size(); }
  // Station index at position `pos` of a trip in direction `d` (0 = where the trip starts).
  StationIndex StopAt(Direction d, std::size_t pos) const {
    return d == Direction::kOutbound ? stops[pos] : stops[stops.size() - 1 - pos];
  }
  // Planned minutes from the trip's start to position `pos`.
  int MinutesAt(Direction d, std::size_t pos) const {
    return d == Direction::kOutbound ? minutes[pos] : minutes.back() - minutes[stops.size() - 1 - pos];
  }
  // Position in direction `d` of the stop with outbound index `index`.
  std::size_t PositionOf(Direction d, std::size_t index) const {
    return d == Direction::kOutbound ? index : stops.size() - 1 - index;
  }
};

struct Footpath {
  StationIndex to;
  int minutes;    // walking time, 2..8
  double meters;  // straight line
};

class Network {
 public:
  // Builds the network. Built-in stations win over file stations with the same id; line stops
  // that name no known station are skipped, and a line left with fewer than two stops dropped.
  Network(std::span<const StationData> stations, std::span<const LineData> lines,
          std::span<const FileStation> extra_stations = {});

  // The built-in network plus `extra_stations`.
  static Network Builtin(std::span<const FileStation> extra_stations = {});

  std::optional<StationIndex> Find(std::string_view global_id) const;
  const Station& station(StationIndex i) const { return stations_[i]; }
  const Line& line(LineIndex i) const { return lines_[i]; }
  const std::vector<Station>& stations() const { return stations_; }
  const std::vector<Line>& lines() const { return lines_; }
  std::span<const Footpath> footpaths(StationIndex i) const { return footpaths_[i]; }

 private:
  void AddStation(Station station);
  void AddLine(const LineData& data);
  void AddSyntheticLines();
  void DeriveStationFacts();
  void LinkFootpaths();

  std::vector<Station> stations_;
  std::vector<Line> lines_;
  std::vector<std::vector<Footpath>> footpaths_;
  std::unordered_map<std::string, StationIndex> index_;
};

}  // namespace bv::sim
