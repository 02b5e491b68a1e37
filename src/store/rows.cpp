#include "store/rows.hpp"

#include <map>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "model/time_text.hpp"
#include "model/transport_type.hpp"
#include "obs/json_writer.hpp"

namespace bv::store {
namespace {

namespace json = boost::json;
using std::chrono::duration_cast;
using std::chrono::seconds;

// A PostgreSQL array literal; nullopt elements become NULL. Every element is quoted, so any
// text (commas, braces, quotes) survives.
class ArrayLiteral {
 public:
  void Add(const std::optional<std::string>& item) {
    text_ += text_.size() > 1 ? "," : "";
    if (!item) {
      text_ += "NULL";
      return;
    }
    text_ += '"';
    for (char c : *item) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void Add(std::int64_t n) { Add(std::optional<std::string>(std::to_string(n))); }
  void Add(std::optional<std::int64_t> n) { Add(n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt); }
  void Add(double d) { Add(std::optional<std::string>(fmt::format("{}", d))); }
  std::string Take() { return std::move(text_) + "}"; }

 private:
  std::string text_ = "{";
};

constexpr char kRemarkSeparator = '\x1f';

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += kRemarkSeparator;
    for (char c : item) out += c == kRemarkSeparator ? ' ' : c;
  }
  return out;
}

StationRow ToStationRow(const model::Station& s) { return StationRow{s.id, s.name, s.place, s.latitude, s.longitude}; }

json::value StopJson(const model::RouteStop& stop) {
  json::object o;
  o["id"] = stop.id ? json::value(*stop.id) : json::value(nullptr);
  o["name"] = stop.name;
  o["planned_time"] = stop.planned_time ? json::value(model::FormatRfc3339Utc(*stop.planned_time)) : json::value(nullptr);
  o["realtime_time"] = stop.realtime_time ? json::value(model::FormatRfc3339Utc(*stop.realtime_time)) : json::value(nullptr);
  return o;
}

constexpr std::string_view kUpsertStations = R"sql(
INSERT INTO stations AS s (station_id, name, municipality, latitude, longitude, transport_modes)
SELECT id, name, place, lat, lon, string_to_array(modes, ',')::transport_mode[]
FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[]) AS u(id, name, place, lat, lon, modes)
ON CONFLICT (station_id) DO UPDATE SET
  name = excluded.name,
  municipality = coalesce(excluded.municipality, s.municipality),
  latitude = excluded.latitude,
  longitude = excluded.longitude,
  transport_modes = ARRAY(SELECT DISTINCT m FROM unnest(s.transport_modes || excluded.transport_modes) AS m ORDER BY m),
  updated_at = now()
WHERE (s.name, s.municipality, s.latitude, s.longitude) IS DISTINCT FROM
      (excluded.name, coalesce(excluded.municipality, s.municipality), excluded.latitude, excluded.longitude)
   OR NOT (s.transport_modes @> excluded.transport_modes))sql";

constexpr std::string_view kInsertLines = R"sql(
INSERT INTO transit_lines (line_id, transport_mode)
SELECT id, mode::transport_mode FROM unnest($1::text[], $2::text[]) AS u(id, mode)
ON CONFLICT (line_id) DO NOTHING)sql";

// A replayed or older observation never overwrites a newer one (valid_to only moves forward).
constexpr std::string_view kUpsertObservations = R"sql(
INSERT INTO departure_observations AS o (station_id, line_id, destination, planned_departure, observed_departure,
  delay_seconds, platform, transport_mode, status, remarks, valid_from, valid_to)
SELECT station, line, destination, to_timestamp(planned), to_timestamp(observed), delay, platform,
       mode::transport_mode, status::departure_status, string_to_array(remarks, E'\x1f'), to_timestamp(seen),
       to_timestamp(seen)
FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::int[], $7::text[], $8::text[],
            $9::text[], $10::text[], $11::bigint[])
  AS u(station, line, destination, planned, observed, delay, platform, mode, status, remarks, seen)
ON CONFLICT (station_id, line_id, destination, planned_departure) DO UPDATE SET
  observed_departure = excluded.observed_departure,
  delay_seconds = excluded.delay_seconds,
  platform = excluded.platform,
  status = excluded.status,
  remarks = excluded.remarks,
  valid_to = excluded.valid_to
WHERE o.valid_to <= excluded.valid_to)sql";

constexpr std::string_view kInsertSnapshots = R"sql(
INSERT INTO route_snapshots (origin_station_id, destination_station_id, requested_filters, itineraries,
  requested_at, mvg_status)
SELECT origin, destination, filters::jsonb, itineraries::jsonb, to_timestamp(requested), status::route_status
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
  AS u(origin, destination, filters, itineraries, requested, status))sql";

}  // namespace

std::string TransportMode(std::string_view code) {
  if (auto type = model::ParseTransportType(code)) return std::string(model::Code(*type));
  if (code == "PEDESTRIAN") return "PEDESTRIAN";
  return "UNKNOWN";
}

std::vector<ObservationRow> ToRows(const model::Station& station, const std::vector<model::Departure>& departures,
                                   std::chrono::system_clock::time_point fetched_at) {
  std::vector<ObservationRow> rows;
  if (station.id.empty()) return rows;
  rows.reserve(departures.size());
  const auto seen = duration_cast<seconds>(fetched_at.time_since_epoch()).count();
  for (const auto& d : departures) {
    if (d.line.empty()) continue;  // no line, no natural key
    ObservationRow row;
    row.station = ToStationRow(station);
    row.line_id = d.line;
    row.transport_mode = d.sev ? "SEV" : TransportMode(d.transport_type);
    row.destination = d.destination;
    row.planned_s = d.planned_time.time_since_epoch().count();
    if (d.realtime) {
      row.observed_s = d.realtime_time.time_since_epoch().count();
      row.delay_seconds = std::int64_t{d.delay_minutes} * 60;  // no int overflow for absurd delays
    }
    row.platform = d.platform;
    row.status = d.cancelled ? "CANCELLED"
                 : !d.realtime ? "UNKNOWN"
                 : d.delay_minutes <= kOnTimeMaxDelayMinutes ? "ON_TIME"
                                                             : "DELAYED";
    row.remarks = d.messages;
    row.seen_s = seen;
    rows.push_back(std::move(row));
  }
  return rows;
}

RouteSnapshotRow ToRow(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                       std::chrono::system_clock::time_point fetched_at) {
  RouteSnapshotRow row;
  row.origin = ToStationRow(request.origin);
  row.destination = ToStationRow(request.destination);
  json::object filters;
  filters["time"] = request.requested_time ? json::value(model::FormatRfc3339Utc(*request.requested_time))
                                           : json::value(nullptr);
  filters["arrive_by"] = request.arrive_by;
  json::array types;
  for (const auto& t : request.transport_types) types.emplace_back(t);
  filters["transport_types"] = std::move(types);
  row.filters_json = obs::WriteJson(filters);
  json::array itineraries;
  for (const auto& plan : plans) {
    json::object p;
    p["duration_minutes"] = plan.duration_minutes;
    p["transfers"] = plan.transfers;
    p["departure"] = StopJson(plan.departure);
    p["arrival"] = StopJson(plan.arrival);
    json::array legs;
    for (const auto& leg : plan.legs) {
      json::object l;
      l["transport_type"] = leg.transport_type ? json::value(*leg.transport_type) : json::value(nullptr);
      l["line"] = leg.line ? json::value(*leg.line) : json::value(nullptr);
      l["origin"] = StopJson(leg.origin);
      l["destination"] = StopJson(leg.destination);
      legs.push_back(std::move(l));
    }
    p["legs"] = std::move(legs);
    itineraries.push_back(std::move(p));
  }
  row.itineraries_json = obs::WriteJson(itineraries);
  row.requested_s = duration_cast<seconds>(fetched_at.time_since_epoch()).count();
  row.status = plans.empty() ? "NOT_FOUND" : "SUCCESS";
  return row;
}

PgOutcome<BatchWritten> WriteBatch(PgConnection& connection, std::span<const QueueItem> items) {
  // Stations (with the modes seen at each), lines and observations, each deduplicated: one
  // statement may not touch a row twice (ON CONFLICT DO UPDATE refuses that).
  std::map<std::string, std::pair<const StationRow*, std::set<std::string>>> stations;
  std::map<std::string, std::string> lines;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view, std::int64_t>, const ObservationRow*> observations;
  std::vector<const RouteSnapshotRow*> snapshots;
  for (const auto& item : items) {
    if (const auto* o = std::get_if<ObservationRow>(&item)) {
      auto& station = stations[o->station.id];
      station.first = &o->station;
      station.second.insert(o->transport_mode);
      lines.emplace(o->line_id, o->transport_mode);
      auto& slot = observations[{o->station.id, o->line_id, o->destination, o->planned_s}];
      if (!slot || slot->seen_s <= o->seen_s) slot = o;
    } else {
      const auto& r = std::get<RouteSnapshotRow>(item);
      if (r.origin.id.empty() || r.destination.id.empty()) continue;
      stations.try_emplace(r.origin.id).first->second.first = &r.origin;
      stations.try_emplace(r.destination.id).first->second.first = &r.destination;
      snapshots.push_back(&r);
    }
  }

  auto fail = [&connection](PgError e) -> PgOutcome<BatchWritten> {
    if (!e.connection_lost) (void)connection.Exec("ROLLBACK");  // the batch leaves nothing behind
    return e;
  };
  if (auto r = connection.Exec("BEGIN"); !r) return fail(r.error());
  if (!stations.empty()) {
    ArrayLiteral ids, names, places, lats, lons, modes;
    for (const auto& [id, entry] : stations) {
      ids.Add(std::optional(id));
      names.Add(std::optional(entry.first->name));
      places.Add(entry.first->place);
      lats.Add(entry.first->latitude);
      lons.Add(entry.first->longitude);
      std::string joined;
      for (const auto& m : entry.second) joined += (joined.empty() ? "" : ",") + m;
      modes.Add(std::optional(joined));
    }
    if (auto r = connection.Exec(kUpsertStations, {ids.Take(), names.Take(), places.Take(), lats.Take(), lons.Take(),
                                                   modes.Take()});
        !r) {
      return fail(r.error());
    }
  }
  if (!lines.empty()) {
    ArrayLiteral ids, modes;
    for (const auto& [id, mode] : lines) {
      ids.Add(std::optional(id));
      modes.Add(std::optional(mode));
    }
    if (auto r = connection.Exec(kInsertLines, {ids.Take(), modes.Take()}); !r) return fail(r.error());
  }
  BatchWritten written;
  if (!observations.empty()) {
    ArrayLiteral station, line, destination, planned, observed, delay, platform, mode, status, remarks, seen;
    for (const auto& [key, o] : observations) {
      station.Add(std::optional(o->station.id));
      line.Add(std::optional(o->line_id));
      destination.Add(std::optional(o->destination));
      planned.Add(o->planned_s);
      observed.Add(o->observed_s);
      delay.Add(o->delay_seconds);
      platform.Add(o->platform);
      mode.Add(std::optional(o->transport_mode));
      status.Add(std::optional(o->status));
      remarks.Add(std::optional(Join(o->remarks)));
      seen.Add(o->seen_s);
    }
    auto r = connection.Exec(kUpsertObservations,
                             {station.Take(), line.Take(), destination.Take(), planned.Take(), observed.Take(),
                              delay.Take(), platform.Take(), mode.Take(), status.Take(), remarks.Take(), seen.Take()});
    if (!r) return fail(r.error());
    written.observations = r->affected();
  }
  if (!snapshots.empty()) {
    ArrayLiteral origin, destination, filters, itineraries, requested, status;
    for (const auto* s : snapshots) {
      origin.Add(std::optional(s->origin.id));
      destination.Add(std::optional(s->destination.id));
      filters.Add(std::optional(s->filters_json));
      itineraries.Add(std::optional(s->itineraries_json));
      requested.Add(s->requested_s);
      status.Add(std::optional(s->status));
    }
    auto r = connection.Exec(kInsertSnapshots, {origin.Take(), destination.Take(), filters.Take(), itineraries.Take(),
                                                requested.Take(), status.Take()});
    if (!r) return fail(r.error());
    written.snapshots = r->affected();
  }
  if (auto r = connection.Exec("COMMIT"); !r) return fail(r.error());
  return written;
}

}  // namespace bv::store
