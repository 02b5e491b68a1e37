#include "timetable.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <span>

#include "berlin_time.hpp"
#include "hash.hpp"

namespace bv::sim {
namespace {

// A headway band in Berlin local minutes after midnight of the service day (may pass 24:00).
struct Band {
  int from;
  int to;
  int headway;
};

// clang-format off
// Weekday peaks 06:00-09:00 and 15:30-19:00; the night gap is whatever no band covers.
constexpr Band kUbahnWeekday[] = {{270, 360, 10}, {360, 540, 5}, {540, 930, 10}, {930, 1140, 5}, {1140, 1320, 10}, {1320, 1500, 20}};
constexpr Band kUbahnSaturday[] = {{300, 1320, 10}, {1320, 1560, 20}};
constexpr Band kUbahnSunday[] = {{360, 1320, 10}, {1320, 1500, 20}};
constexpr Band kSbahnWeekday[] = {{270, 360, 20}, {360, 540, 10}, {540, 930, 20}, {930, 1140, 10}, {1140, 1380, 20}, {1380, 1530, 40}};
constexpr Band kSbahnWeekend[] = {{300, 1380, 20}, {1380, 1530, 40}};
constexpr Band kTramWeekday[] = {{285, 360, 20}, {360, 1200, 10}, {1200, 1440, 15}, {1440, 1500, 30}};
constexpr Band kTramSaturday[] = {{330, 1200, 10}, {1200, 1500, 15}};
constexpr Band kTramSunday[] = {{390, 1200, 15}, {1200, 1500, 20}};
constexpr Band kBusWeekday[] = {{300, 360, 20}, {360, 540, 10}, {540, 930, 20}, {930, 1140, 10}, {1140, 1470, 20}};
constexpr Band kBusWeekend[] = {{360, 1440, 20}};
constexpr Band kRegionalWeekday[] = {{330, 420, 60}, {420, 540, 30}, {540, 960, 60}, {960, 1110, 30}, {1110, 1320, 60}};
constexpr Band kRegionalSaturday[] = {{420, 1200, 60}};
constexpr Band kRegionalSunday[] = {{480, 1140, 120}};
constexpr Band kBahn[] = {{300, 1380, 60}};
// clang-format on

// weekday: 0 = Monday .. 6 = Sunday
std::span<const Band> BandsFor(Mode mode, int weekday) {
  using Bands = std::span<const Band>;
  const auto pick = [weekday](Bands weekdays, Bands saturday, Bands sunday) {
    return weekday == 6 ? sunday : weekday == 5 ? saturday : weekdays;
  };
  switch (mode) {
    case Mode::kUbahn:
      return pick(kUbahnWeekday, kUbahnSaturday, kUbahnSunday);
    case Mode::kSbahn:
      return pick(kSbahnWeekday, kSbahnWeekend, kSbahnWeekend);
    case Mode::kTram:
      return pick(kTramWeekday, kTramSaturday, kTramSunday);
    case Mode::kBus:
      return pick(kBusWeekday, kBusWeekend, kBusWeekend);
    case Mode::kRegionalBus:
      return pick(kRegionalWeekday, kRegionalSaturday, kRegionalSunday);
    case Mode::kBahn:
      return kBahn;
  }
  return kBahn;
}

int WeekdayOf(std::int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

// Probability that a running trip reports live data, by mode (MVG's buses report less often).
double LiveShare(Mode mode) {
  switch (mode) {
    case Mode::kUbahn:
      return 0.85;
    case Mode::kSbahn:
      return 0.95;
    case Mode::kTram:
      return 0.8;
    case Mode::kBus:
      return 0.45;
    case Mode::kRegionalBus:
      return 0.35;
    case Mode::kBahn:
      return 0.9;
  }
  return 0.5;
}

// Cumulative shares of delay classes: on time, 1, 2, early (-1), 3..5, then 6..max.
struct DelayProfile {
  double on_time, one, two, early, small;
  int large_max;
};
DelayProfile ProfileFor(Mode mode) {
  switch (mode) {
    case Mode::kUbahn:
      return {0.70, 0.88, 0.95, 0.95, 0.99, 10};
    case Mode::kSbahn:
    case Mode::kBahn:
      return {0.40, 0.62, 0.75, 0.75, 0.90, Timetable::kMaxDelay - 5};
    case Mode::kTram:
      return {0.55, 0.78, 0.88, 0.93, 0.98, 10};
    case Mode::kBus:
    case Mode::kRegionalBus:
      return {0.40, 0.62, 0.75, 0.85, 0.95, 10};
  }
  return {1, 1, 1, 1, 1, 0};
}

int DrawDelay(Mode mode, std::uint64_t h) {
  const DelayProfile p = ProfileFor(mode);
  const double u = Uniform(h, 1);
  const double v = Uniform(h, 2);
  if (u < p.on_time) return 0;
  if (u < p.one) return 1;
  if (u < p.two) return 2;
  if (u < p.early) return -1;
  if (u < p.small) return 3 + static_cast<int>(v * 3);
  return 6 + static_cast<int>(v * (p.large_max - 5));
}

constexpr std::array<Notice, 4> kNotices = {{
    {"Verspätungen wegen einer Betriebsstörung", "INCIDENT"},
    {"Bitte beachten Sie geänderte Abfahrtszeiten", "SCHEDULE_CHANGE"},
    {"Dieses Fahrzeug ist nicht barrierefrei", "INFO"},
    {"Fährt heute mit verkürztem Zug", "INFO"},
}};

bool IsPeak(int weekday, int minute_of_day) {
  return weekday < 5 &&
         ((minute_of_day >= 420 && minute_of_day < 540) || (minute_of_day >= 960 && minute_of_day < 1140));
}

}  // namespace

std::string Trip::trip_id() const { return std::to_string(3'000'000 + hash % 1'000'000); }

int Trip::trip_code() const { return 1 + static_cast<int>((hash >> 32) % 1500); }

std::vector<Minutes> Timetable::Origins(LineIndex line_index, Direction direction,
                                        std::int64_t service_day) const {
  const Line& line = network_.line(line_index);
  const auto bands = BandsFor(line.mode, WeekdayOf(service_day));
  std::vector<Minutes> origins;
  if (bands.empty()) return origins;
  const std::uint64_t h = Combine(Combine(seed_, line.key), static_cast<std::uint64_t>(direction));
  int local = bands.front().from + static_cast<int>(h % static_cast<std::uint64_t>(bands.front().headway));
  for (const Band& band : bands) {
    while (local < band.to) {
      if (local >= band.from) {
        origins.push_back(BerlinToUtcSeconds(service_day, local) / 60);
        local += band.headway;
      } else {
        local = band.from;
      }
    }
  }
  return origins;
}

Trip Timetable::MakeTrip(LineIndex line_index, Direction direction, std::int64_t service_day,
                         std::uint32_t number, Minutes origin, Minutes now) const {
  const Line& line = network_.line(line_index);
  Trip t;
  t.line = line_index;
  t.direction = direction;
  t.service_day = service_day;
  t.number = number;
  t.origin = origin;
  t.hash = Combine(Combine(Combine(seed_, line.key), static_cast<std::uint64_t>(direction)),
                   Combine(static_cast<std::uint64_t>(service_day), number));
  // MVG has live data only for trips about to start or under way.
  const Minutes duration = line.minutes.back();
  const bool near_now = origin <= now + 60 && origin + duration + 30 >= now;
  // Cancellations are live information too: only trips around now are cancelled, and those
  // report live data.
  t.cancelled = near_now && Uniform(t.hash, 3) < 0.01;
  t.realtime = t.cancelled || (near_now && Uniform(t.hash, 0) < LiveShare(line.mode));
  if (t.realtime) {
    t.base_delay = DrawDelay(line.mode, t.hash);
    t.delay_step = Uniform(t.hash, 4) < 0.25 ? 4 : 0;
  }
  if (t.cancelled) {
    t.notices.push_back({"Fahrt fällt aus", "INCIDENT"});
  } else if (Uniform(t.hash, 5) < 0.03) {
    t.notices.push_back(kNotices[Combine(t.hash, 6) % kNotices.size()]);
  }
  return t;
}

StopTime Timetable::At(const Trip& trip, std::size_t pos) const {
  const Line& line = network_.line(trip.line);
  StopTime st;
  st.planned = trip.origin + line.MinutesAt(trip.direction, pos);
  if (trip.realtime) {
    const int growth = trip.delay_step > 0 ? std::min<int>(5, static_cast<int>(pos) / trip.delay_step) : 0;
    st.delay = std::min(kMaxDelay, trip.base_delay + growth);
  }
  st.estimated = st.planned + st.delay;
  return st;
}

std::vector<std::int64_t> Timetable::ServiceDays(Minutes from, Minutes to) {
  // A service day runs until about 02:00 the next night, and long trips end up to 3 h later.
  const std::int64_t first = ToBerlin((from - 6LL * 60) * 60).days;
  const std::int64_t last = ToBerlin(to * 60).days;
  std::vector<std::int64_t> days;
  for (std::int64_t d = first; d <= last; ++d) days.push_back(d);
  return days;
}

std::string_view Timetable::Occupancy(const Trip& trip, std::size_t pos) const {
  const Line& line = network_.line(trip.line);
  const double u = Uniform(Combine(trip.hash, pos / 3), 7);
  if (line.mode == Mode::kBus || line.mode == Mode::kRegionalBus) {
    if (u < 0.75) return "UNKNOWN";
    return u < 0.92 ? "LOW" : "MEDIUM";
  }
  const LocalTime local = ToBerlin(At(trip, pos).planned * 60);
  if (IsPeak(local.weekday, local.minute_of_day)) return u < 0.35 ? "MEDIUM" : u < 0.8 ? "HIGH" : "LOW";
  if (local.minute_of_day >= 21 * 60 || local.minute_of_day < 6 * 60) return "LOW";
  return u < 0.6 ? "LOW" : "MEDIUM";
}

int Timetable::PlatformAt(LineIndex line_index, StationIndex station, Direction direction) const {
  const Line& line = network_.line(line_index);
  const int side = direction == Direction::kOutbound ? 1 : 2;
  if (!IsRail(line.mode)) {
    // Two bays per line and direction pair, spread over the stop's bays by label.
    return 2 * static_cast<int>(Combine(HashText(line.label), station) % 2) + side;
  }
  // Lines of one mode share tracks the way Munich's do: U-Bahn lines in pairs on one island
  // platform (U3/U6), all S-Bahn lines on the trunk's two tracks.
  std::set<std::string_view> labels;
  for (const StopRef& ref : network_.station(station).stops) {
    if (network_.line(ref.line).mode == line.mode) labels.insert(network_.line(ref.line).label);
  }
  const auto group = static_cast<int>(std::distance(labels.begin(), labels.find(line.label)));
  const int pair = line.mode == Mode::kUbahn ? group / 2 : line.mode == Mode::kSbahn ? 0 : group;
  return 2 * pair + side;
}

bool Timetable::PlatformChanged(const Trip& trip) const {
  return IsRail(network_.line(trip.line).mode) && trip.realtime && Uniform(trip.hash, 8) < 0.02;
}

}  // namespace bv::sim
