// Deterministic trips: for every line and direction, departures from the first stop at a
// headway that depends on the mode and the Berlin time of day (peaks, evenings, a night gap),
// and for every trip its live state (delay, cancellation, occupancy, notices). Everything is a
// pure function of (seed, line, direction, service day, trip number, now), so departures and
// routes computed separately agree, and a restart with the same seed repeats them.
// Thread-safe: all methods are const and touch no shared mutable state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "network.hpp"

namespace bv::sim {

using Minutes = std::int64_t;  // minutes since the Unix epoch, UTC

struct Notice {
  std::string_view message;  // static text
  std::string_view type;     // INCIDENT, INFO, ...
};

struct Trip {
  LineIndex line = 0;
  Direction direction = Direction::kOutbound;
  std::int64_t service_day = 0;  // Berlin calendar day (days since 1970-01-01) the trip belongs to
  std::uint32_t number = 0;      // index among that day's trips of the line and direction
  Minutes origin = 0;            // planned departure at the first stop of its direction
  std::uint64_t hash = 0;        // seeds every derived attribute
  bool realtime = false;         // live data: only for trips running around `now`
  bool cancelled = false;
  int base_delay = 0;  // minutes at the first stop (may be negative for buses)
  int delay_step = 0;  // the delay grows by a minute every `delay_step` stops (0: never)
  std::vector<Notice> notices;

  std::string trip_id() const;  // numeric string, stable for the trip
  int trip_code() const;
};

struct StopTime {
  Minutes planned = 0;
  Minutes estimated = 0;  // planned + delay when realtime, else planned
  int delay = 0;          // 0 unless realtime
};

class Timetable {
 public:
  // Precondition: `network` outlives the timetable.
  Timetable(const Network& network, std::uint64_t seed) : network_(network), seed_(seed) {}

  const Network& network() const { return network_; }

  // Planned departures at the first stop of `direction` for one service day (Berlin local
  // day, from about 04:30 until the night gap), ascending. Empty for a line with no service.
  std::vector<Minutes> Origins(LineIndex line, Direction direction, std::int64_t service_day) const;

  // The trip with `number` and planned `origin` (an element of Origins()), with its live state
  // as seen at `now`.
  Trip MakeTrip(LineIndex line, Direction direction, std::int64_t service_day, std::uint32_t number,
                Minutes origin, Minutes now) const;

  // Time of `trip` at position `pos` of its direction (0 = its first stop).
  StopTime At(const Trip& trip, std::size_t pos) const;

  // Service days whose trips may run within [from, to].
  static std::vector<std::int64_t> ServiceDays(Minutes from, Minutes to);

  // Occupancy of `trip` at `pos`: LOW, MEDIUM, HIGH or UNKNOWN.
  std::string_view Occupancy(const Trip& trip, std::size_t pos) const;

  // Platform (rail) or stop position (bus, tram) where `line` leaves `station` in `direction`.
  int PlatformAt(LineIndex line, StationIndex station, Direction direction) const;
  // Whether the platform of `trip` moved at short notice (rail only).
  bool PlatformChanged(const Trip& trip) const;

  // The longest delay the model produces, for search windows.
  static constexpr int kMaxDelay = 20;

 private:
  const Network& network_;
  std::uint64_t seed_;
};

}  // namespace bv::sim
