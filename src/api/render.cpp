#include "api/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/json/value.hpp>

#include "model/time_text.hpp"
#include "obs/json_writer.hpp"

namespace bv::api {
namespace {

namespace json = boost::json;

template <typename T>
json::value OrNull(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value Time(const std::optional<model::TimePoint>& t) {
  return t ? json::value(model::FormatRfc3339Utc(*t)) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::array Infos(const std::vector<model::DepartureInfo>& infos) {
  json::array out;
  for (const auto& info : infos) out.push_back(json::object{{"message", info.message}, {"type", info.type}});
  return out;
}

// `place` is a string in the original's Station model, never null: "" when MVG gives none.
json::object Station(const model::Station& s) {
  return {{"id", s.id}, {"name", s.name}, {"place", s.place.value_or("")}, {"latitude", s.latitude}, {"longitude", s.longitude}};
}

// The original's `distance_meters: int | None` (>= 0): MVG's fractional metres, rounded; a
// negative or non-finite value (a broken payload) becomes 0 rather than failing the plan.
json::value WholeMeters(const std::optional<double>& meters) {
  if (!meters) return nullptr;
  if (!std::isfinite(*meters) || *meters <= 0) return 0;
  return static_cast<std::int64_t>(std::llround(std::min(*meters, 1e12)));
}

json::object Departure(const model::Departure& d) {
  return {{"planned_time", model::FormatRfc3339Utc(d.planned_time)},
          {"realtime_time", model::FormatRfc3339Utc(d.realtime_time)},
          {"delay_minutes", d.delay_minutes},
          {"platform", OrNull(d.platform)},
          {"realtime", d.realtime},
          {"line", d.line},
          {"destination", d.destination},
          {"transport_type", d.transport_type},
          {"icon", d.icon},
          {"cancelled", d.cancelled},
          {"messages", Strings(d.messages)},
          {"platform_changed", d.platform_changed},
          {"occupancy", d.occupancy},
          {"infos", Infos(d.infos)},
          {"trip_id", OrNull(d.trip_id)},
          {"trip_code", OrNull(d.trip_code)},
          {"line_id", OrNull(d.line_id)},
          {"stop_point_id", OrNull(d.stop_point_id)},
          {"stop_position", OrNull(d.stop_position)},
          {"network", OrNull(d.network)}};
}

json::object Stop(const model::RouteStop& s) {
  return {{"id", OrNull(s.id)},
          {"name", s.name},
          {"place", OrNull(s.place)},
          {"latitude", OrNull(s.latitude)},
          {"longitude", OrNull(s.longitude)},
          {"planned_time", Time(s.planned_time)},
          {"realtime_time", Time(s.realtime_time)},
          {"platform", OrNull(s.platform)},
          {"transport_type", OrNull(s.transport_type)},
          {"line", OrNull(s.line)},
          {"destination", OrNull(s.destination)},
          {"delay_minutes", OrNull(s.delay_minutes)},
          {"messages", Strings(s.messages)}};
}

json::object Leg(const model::RouteLeg& leg) {
  json::array stops;
  for (const auto& s : leg.intermediate_stops) stops.emplace_back(Stop(s));
  return {{"origin", Stop(leg.origin)},
          {"destination", Stop(leg.destination)},
          {"transport_type", OrNull(leg.transport_type)},
          {"line", OrNull(leg.line)},
          {"direction", OrNull(leg.direction)},
          {"duration_minutes", OrNull(leg.duration_minutes)},
          {"distance_meters", WholeMeters(leg.distance_meters)},
          {"intermediate_stops", std::move(stops)}};
}

json::object Plan(const model::RoutePlan& plan) {
  json::array legs;
  for (const auto& leg : plan.legs) legs.emplace_back(Leg(leg));
  return {{"duration_minutes", plan.duration_minutes},
          {"transfers", plan.transfers},
          {"departure", Stop(plan.departure)},
          {"arrival", Stop(plan.arrival)},
          {"legs", std::move(legs)}};
}

}  // namespace

boost::json::object StationJson(const model::Station& station) { return Station(station); }
std::string RenderStation(const model::Station& station) { return obs::WriteJson(Station(station)); }

std::string RenderDepartures(const model::Station& station, const std::vector<model::Departure>& departures) {
  json::array items;
  for (const auto& d : departures) items.emplace_back(Departure(d));
  return obs::WriteJson(json::object{{"station", Station(station)}, {"departures", std::move(items)}});
}

std::string RenderStationSearch(std::string_view query, const std::vector<model::Station>& results) {
  json::array items;
  for (const auto& s : results) items.emplace_back(Station(s));
  return obs::WriteJson(json::object{{"query", query}, {"results", std::move(items)}});
}

std::string RenderStationList(const std::vector<model::Station>& stations) {
  json::array items;
  items.reserve(stations.size());
  for (const auto& s : stations) items.emplace_back(Station(s));
  return obs::WriteJson(items);
}

std::string RenderRoutePlans(const model::Station& origin, const model::Station& destination,
                             const std::vector<model::RoutePlan>& plans) {
  json::array items;
  for (const auto& p : plans) items.emplace_back(Plan(p));
  return obs::WriteJson(
      json::object{{"origin", Station(origin)}, {"destination", Station(destination)}, {"plans", std::move(items)}});
}

std::string RenderDetail(std::string_view detail) { return obs::WriteJson(json::object{{"detail", detail}}); }

}  // namespace bv::api
