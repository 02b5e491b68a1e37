#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bv::model {

using TimePoint = std::chrono::sys_time<std::chrono::seconds>;

// A structured note MVG attaches to a departure (`infos`), e.g. an early termination.
struct DepartureInfo {
  std::string message;
  std::string type;  // INCIDENT, SCHEDULE_CHANGE, EARLY_TERMINATION, INFO, ... (new values may appear)
  bool operator==(const DepartureInfo&) const = default;
};

struct Departure {
  TimePoint planned_time;
  TimePoint realtime_time;           // equals planned_time when there is no live data
  int delay_minutes = 0;
  std::optional<std::string> platform;
  bool realtime = false;
  std::string line;                  // "U3", "S1", "19"
  std::string destination;
  std::string transport_type;        // MVG code: UBAHN, SBAHN, TRAM, BUS, ...
  std::string icon;                  // "mdi:subway"
  bool cancelled = false;
  bool sev = false;                  // rail replacement service (MVG's `sev` flag)
  std::vector<std::string> messages;
  // The rest of MVG's record (API.md 3.1); absent fields stay empty.
  bool platform_changed = false;
  std::string occupancy = "UNKNOWN";  // LOW, MEDIUM, HIGH or UNKNOWN (anything else reads UNKNOWN)
  std::vector<DepartureInfo> infos;
  std::optional<std::string> trip_id;        // numeric text; absent on some entries
  std::optional<std::int64_t> trip_code;     // the same vehicle trip across stops on a day
  std::optional<std::string> line_id;        // "swm:03175:G:R:016"
  std::optional<std::string> stop_point_id;  // "de:09162:1108:5:5"
  std::optional<std::string> stop_position;  // bay number (mostly bus and tram)
  std::optional<std::string> network;        // swm, ddb, mvv, ...
};

}  // namespace bv::model
