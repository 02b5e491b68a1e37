// What the write-behind queue holds and how a batch of it becomes SQL: observations are
// upserted by their natural key (station, line, destination, planned departure), so a replay or
// a later observation of the same departure updates one row and never adds a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "model/observation_sink.hpp"
#include "store/pg.hpp"

namespace bv::store {

struct StationRow {
  std::string id, name;
  std::optional<std::string> place;
  double latitude = 0, longitude = 0;
};

struct ObservationRow {
  StationRow station;
  std::string line_id;          // the line's label, e.g. "U3"
  std::string transport_mode;   // a value of the transport_mode enum
  std::string destination;
  std::int64_t planned_s = 0;   // Unix seconds
  std::optional<std::int64_t> observed_s;     // real-time departure, when known
  // When real-time data exists. 64 bits: minutes x 60 never overflows here; a delay beyond the
  // column's integer is refused by PostgreSQL, for that item alone (WriteBehind).
  std::optional<std::int64_t> delay_seconds;
  std::optional<std::string> platform;
  std::string status;           // ON_TIME, DELAYED, CANCELLED, UNKNOWN
  std::vector<std::string> remarks;
  std::int64_t seen_s = 0;      // when MVG answered
};

struct RouteSnapshotRow {
  StationRow origin, destination;
  std::string filters_json, itineraries_json;
  std::int64_t requested_s = 0;
  std::string status;  // SUCCESS or NOT_FOUND
};

using QueueItem = std::variant<ObservationRow, RouteSnapshotRow>;

// A delay of at most this is "on time" (status ON_TIME); more is DELAYED.
inline constexpr int kOnTimeMaxDelayMinutes = 1;

// One departure board -> rows (one per departure whose station has an id).
std::vector<ObservationRow> ToRows(const model::Station& station, const std::vector<model::Departure>& departures,
                                   std::chrono::system_clock::time_point fetched_at);
// The transport_mode enum value for an MVG code (unknown codes -> UNKNOWN).
std::string TransportMode(std::string_view mvg_code);
RouteSnapshotRow ToRow(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                       std::chrono::system_clock::time_point fetched_at);

// Writes `items` in one transaction (stations and lines first). Rows of one natural key keep
// the last observation. Returns rows affected per table, or the error (the transaction is
// rolled back).
struct BatchWritten {
  long long observations = 0, snapshots = 0;
};
PgOutcome<BatchWritten> WriteBatch(PgConnection& connection, std::span<const QueueItem> items);

}  // namespace bv::store
