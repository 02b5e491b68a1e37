// History of one station from the stored observations, computed in SQL: departures, on-time
// share, mean and p90 delay, cancellations; overall, by line and by hour of day (station-local
// time). Window: departures planned in [now - hours, now).
// Definitions (docs/api.md): cancellations count CANCELLED rows; on-time share and delays use
// only departures with real-time data that ran (ON_TIME or DELAYED); delays in minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "model/station.hpp"
#include "store/query_pool.hpp"

namespace bv::store {

struct StatsFigures {
  long long departures = 0;
  long long cancellations = 0;
  std::optional<double> on_time_share;  // 0..1; none without real-time departures
  std::optional<double> mean_delay_minutes;
  std::optional<double> p90_delay_minutes;
};

struct LineStats {
  std::string line, transport_type;
  StatsFigures figures;
};

struct HourStats {
  int hour = 0;  // 0..23, station-local
  StatsFigures figures;
};

struct StationStats {
  model::Station station;
  int hours = 0;
  std::int64_t from_s = 0, to_s = 0;  // the window, Unix seconds
  StatsFigures total;
  std::vector<LineStats> by_line;  // by departures, descending
  std::vector<HourStats> by_hour;  // hours with departures, ascending
};

// nullopt: no such station stored.
boost::asio::awaitable<PgOutcome<std::optional<StationStats>>> LoadStationStats(QueryPool& pool, std::string station_id,
                                                                                int hours);

}  // namespace bv::store
