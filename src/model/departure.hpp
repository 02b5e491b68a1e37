#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bv::model {

using TimePoint = std::chrono::sys_time<std::chrono::seconds>;

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
};

}  // namespace bv::model
