// The departure board of a station (MVG's /departures): every line calling there, both
// directions, trips from the shared timetable, sorted by estimated time. Pure: the caller
// passes `now`, so boards are reproducible in tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/query.hpp"
#include "params.hpp"
#include "timetable.hpp"

namespace bv::sim {

struct DepartureQuery {
  std::string global_id;   // a station id; a stop-point id is reduced to its station
  int limit = 10;          // clamped to 0..kMaxLimit
  int offset_minutes = 0;  // the board starts this many minutes after now
  ModeFilter modes;
};

inline constexpr int kDefaultLimit = 10;
inline constexpr int kMaxLimit = 100;

// Reads globalId, limit, offsetInMinutes and transportTypes from a request's query (SEV and
// unknown transport types, a missing globalId and malformed numbers are errors).
ParamResult<DepartureQuery> ParseDepartureQuery(const http::Query& query);

struct Departure {
  std::int64_t planned_ms = 0;
  std::int64_t realtime_ms = 0;
  bool realtime = false;
  int delay_minutes = 0;  // sent only when realtime
  Mode mode = Mode::kBus;
  std::string label;
  std::string diva_id;
  std::string network;
  std::string destination;
  bool cancelled = false;
  std::optional<int> platform;  // UBAHN/SBAHN (and BAHN)
  bool platform_changed = false;
  std::optional<int> stop_position;  // BUS/TRAM
  std::vector<Notice> infos;
  std::string_view occupancy;
  std::string station_global_id;
  std::string stop_point_global_id;
  std::string line_id;  // "swm:010U3:G:H:016"
  std::string trip_id;
  int trip_code = 0;
};

// The board at `now_ms` (UTC milliseconds). An unknown station gives an empty board.
std::vector<Departure> BuildDepartures(const Timetable& timetable, const DepartureQuery& query,
                                       std::int64_t now_ms);

// The station part of an id: "de:09162:1108:5:5" -> "de:09162:1108".
std::string_view StationPartOf(std::string_view global_id);

}  // namespace bv::sim
