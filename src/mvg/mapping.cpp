#include "mvg/mapping.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "model/time_text.hpp"
#include "model/transport_type.hpp"
#include "mvg/json_fields.hpp"

namespace bv::mvg {
namespace {

namespace json = boost::json;
using model::TimePoint;

// An error for any Mapped<T>. Spelled out because result<T, std::string> cannot tell an error
// from a value when T is constructible from a string (json::value, aggregates in C++20).
struct Failure {
  std::string message;
  template <typename T>
  operator Mapped<T>() && {  // NOLINT(google-explicit-constructor): that is the point
    return Mapped<T>(boost::system::in_place_error, std::move(message));
  }
};

Mapped<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) return Failure{fmt::format("not JSON: {}", ec.message())};
  return value;
}

Mapped<const json::array*> TopLevelArray(const json::value& value) {
  if (!value.is_array()) return Failure{fmt::format("expected a JSON array, got {}", KindName(value))};
  return &value.get_array();
}

TimePoint FromMillis(std::int64_t ms) {
  return std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
}

// Free-text messages of a departure or route part: `messages` strings plus `infos[].message`,
// without duplicates.
std::vector<std::string> Messages(JsonFields& f, std::string& error) {
  std::vector<std::string> messages = f.OptionalStrings("messages");
  if (const json::array* infos = f.OptionalArray("infos")) {
    for (std::size_t i = 0; i < infos->size(); ++i) {
      JsonFields info((*infos)[i], fmt::format("{}.infos[{}]", f.path(), i), error);
      if (auto text = info.OptionalString("message"); text && !text->empty()) {
        if (std::find(messages.begin(), messages.end(), *text) == messages.end()) messages.push_back(std::move(*text));
      }
    }
  }
  return messages;
}

// MVG sends "" for some absent values (stopPointGlobalId): the same as absent.
std::optional<std::string> NonEmpty(std::optional<std::string> text) {
  if (text && text->empty()) text.reset();
  return text;
}

// The four documented levels; anything new reads as UNKNOWN rather than leaking an
// undocumented value to clients that switch on it.
std::string Occupancy(const std::optional<std::string>& text) {
  if (text && (*text == "LOW" || *text == "MEDIUM" || *text == "HIGH")) return *text;
  return "UNKNOWN";
}

std::vector<model::DepartureInfo> Infos(JsonFields& f, std::string& error) {
  std::vector<model::DepartureInfo> infos;
  if (const json::array* items = f.OptionalArray("infos")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      JsonFields info((*items)[i], fmt::format("{}.infos[{}]", f.path(), i), error);
      auto message = info.OptionalString("message");
      if (!message || message->empty()) continue;
      infos.push_back(model::DepartureInfo{std::move(*message), info.OptionalString("type").value_or("INFO")});
    }
  }
  return infos;
}

model::Departure MapDeparture(const json::value& v, std::string path, std::string& error) {
  JsonFields f(v, std::move(path), error);
  model::Departure d;
  d.planned_time = FromMillis(f.RequiredInt("plannedDepartureTime"));
  d.realtime_time = FromMillis(f.OptionalInt("realtimeDepartureTime").value_or(
      std::chrono::duration_cast<std::chrono::milliseconds>(d.planned_time.time_since_epoch()).count()));
  d.realtime = f.OptionalBool("realtime").value_or(false);
  d.delay_minutes = static_cast<int>(f.OptionalInt("delayInMinutes").value_or(0));
  d.transport_type = f.RequiredString("transportType");
  d.line = f.RequiredString("label");
  d.destination = f.RequiredString("destination");
  d.platform = f.OptionalIntOrString("platform");
  if (d.platform && d.platform->empty()) d.platform.reset();
  d.cancelled = f.OptionalBool("cancelled").value_or(false);
  d.sev = f.OptionalBool("sev").value_or(false);
  d.messages = Messages(f, error);
  d.icon = std::string(model::IconForCode(d.transport_type));
  d.platform_changed = f.OptionalBool("platformChanged").value_or(false);
  d.occupancy = Occupancy(f.OptionalString("occupancy"));
  d.infos = Infos(f, error);
  d.trip_id = NonEmpty(f.OptionalIntOrString("tripId"));
  d.trip_code = f.OptionalInt("tripCode");
  d.line_id = NonEmpty(f.OptionalString("lineId"));
  d.stop_point_id = NonEmpty(f.OptionalString("stopPointGlobalId"));
  d.stop_position = NonEmpty(f.OptionalIntOrString("stopPositionNumber"));
  d.network = NonEmpty(f.OptionalString("network"));
  return d;
}

model::Station MapStationObject(JsonFields& f, std::string_view id_key) {
  model::Station s;
  s.id = f.RequiredString(id_key);
  s.name = f.RequiredString("name");
  s.place = f.OptionalString("place");
  s.latitude = f.RequiredNumber("latitude");
  s.longitude = f.RequiredNumber("longitude");
  return s;
}

struct Line {
  std::optional<std::string> label, transport_type, destination;
};

model::RouteStop MapStop(const json::value& v, std::string path, std::string& error, const Line& line,
                         std::string_view delay_key, bool live) {
  JsonFields f(v, std::move(path), error);
  model::RouteStop stop;
  stop.name = f.RequiredString("name");
  stop.id = f.OptionalString("stationGlobalId");
  stop.place = f.OptionalString("place");
  stop.latitude = f.OptionalNumber("latitude");
  stop.longitude = f.OptionalNumber("longitude");
  stop.platform = f.OptionalIntOrString("platform");
  if (auto planned = f.OptionalString("plannedDeparture")) {
    stop.planned_time = model::ParseRfc3339(*planned);
    if (!stop.planned_time) f.Invalid("plannedDeparture", "expected an ISO 8601 time with offset");
  }
  // MVG sends delays only when they are live and non-zero.
  if (auto delay = f.OptionalInt(delay_key)) {
    stop.delay_minutes = static_cast<int>(*delay);
  } else if (live) {
    stop.delay_minutes = 0;
  }
  if (stop.planned_time && stop.delay_minutes) {
    stop.realtime_time = *stop.planned_time + std::chrono::minutes(*stop.delay_minutes);
  }
  stop.transport_type = line.transport_type;
  stop.line = line.label;
  stop.destination = line.destination;
  return stop;
}

std::optional<TimePoint> Effective(const model::RouteStop& stop) {
  return stop.realtime_time ? stop.realtime_time : stop.planned_time;
}

std::optional<int> MinutesBetween(const model::RouteStop& from, const model::RouteStop& to) {
  const auto a = Effective(from), b = Effective(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(*b - *a).count());
}

model::RouteLeg MapPart(const json::value& v, const std::string& path, std::string& error) {
  JsonFields f(v, path, error);
  Line line;
  if (const json::value* line_value = f.Required("line")) {
    JsonFields lf(*line_value, path + ".line", error);
    line.label = lf.OptionalString("label");
    line.transport_type = lf.OptionalString("transportType");
    line.destination = lf.OptionalString("destination");
  }
  const bool live = f.OptionalBool("realTime").value_or(false);
  model::RouteLeg leg;
  if (const json::value* from = f.Required("from")) {
    leg.origin = MapStop(*from, path + ".from", error, line, "departureDelayInMinutes", live);
  }
  if (const json::value* to = f.Required("to")) {
    leg.destination = MapStop(*to, path + ".to", error, line, "arrivalDelayInMinutes", live);
  }
  if (const json::array* stops = f.OptionalArray("intermediateStops")) {
    for (std::size_t i = 0; i < stops->size(); ++i) {
      leg.intermediate_stops.push_back(MapStop((*stops)[i], fmt::format("{}.intermediateStops[{}]", path, i), error,
                                               line, "departureDelayInMinutes", live));
    }
  }
  leg.origin.messages = Messages(f, error);
  leg.transport_type = line.transport_type;
  leg.line = line.label;
  leg.direction = line.destination;
  leg.distance_meters = f.OptionalNumber("distance");
  leg.duration_minutes = MinutesBetween(leg.origin, leg.destination);
  return leg;
}

}  // namespace

Mapped<std::vector<model::Departure>> MapDepartures(std::string_view json_text) {
  auto value = ParseJson(json_text);
  if (!value) return Failure{value.error()};
  auto items = TopLevelArray(*value);
  if (!items) return Failure{items.error()};
  std::string error;
  std::vector<model::Departure> departures;
  departures.reserve((*items)->size());
  for (std::size_t i = 0; i < (*items)->size() && error.empty(); ++i) {
    departures.push_back(MapDeparture((**items)[i], fmt::format("departures[{}]", i), error));
  }
  if (!error.empty()) return Failure{error};
  return departures;
}

Mapped<std::vector<model::Station>> MapLocations(std::string_view json_text) {
  auto value = ParseJson(json_text);
  if (!value) return Failure{value.error()};
  auto items = TopLevelArray(*value);
  if (!items) return Failure{items.error()};
  std::string error;
  std::vector<model::Station> stations;
  for (std::size_t i = 0; i < (*items)->size() && error.empty(); ++i) {
    JsonFields f((**items)[i], fmt::format("locations[{}]", i), error);
    if (f.OptionalString("type").value_or("STATION") != "STATION") continue;
    stations.push_back(MapStationObject(f, "globalId"));
  }
  if (!error.empty()) return Failure{error};
  return stations;
}

Mapped<std::vector<model::Station>> MapStationCatalogue(std::string_view json_text) {
  auto value = ParseJson(json_text);
  if (!value) return Failure{value.error()};
  std::string error;
  JsonFields top(*value, "catalogue", error);
  const json::array* items = top.OptionalArray("stations");
  if (items == nullptr) {
    if (error.empty()) top.Fail("stations", "an array", nullptr);
    return Failure{error};
  }
  std::vector<model::Station> stations;
  stations.reserve(items->size());
  for (std::size_t i = 0; i < items->size() && error.empty(); ++i) {
    JsonFields f((*items)[i], fmt::format("catalogue.stations[{}]", i), error);
    stations.push_back(MapStationObject(f, "globalId"));
  }
  if (!error.empty()) return Failure{error};
  return stations;
}

Mapped<model::Station> MapZdmStation(std::string_view json_text) {
  auto value = ParseJson(json_text);
  if (!value) return Failure{value.error()};
  std::string error;
  JsonFields f(*value, "station", error);
  model::Station station = MapStationObject(f, "id");
  if (!error.empty()) return Failure{error};
  return station;
}

Mapped<std::vector<model::RoutePlan>> MapRoutes(std::string_view json_text) {
  auto value = ParseJson(json_text);
  if (!value) return Failure{value.error()};
  auto items = TopLevelArray(*value);
  if (!items) return Failure{items.error()};
  std::string error;
  std::vector<model::RoutePlan> plans;
  for (std::size_t c = 0; c < (*items)->size() && error.empty(); ++c) {
    const std::string path = fmt::format("routes[{}]", c);
    JsonFields f((**items)[c], path, error);
    const json::array* parts = f.OptionalArray("parts");
    if (parts == nullptr || parts->empty()) {
      if (error.empty()) f.Fail("parts", "a non-empty array", nullptr);
      break;
    }
    model::RoutePlan plan;
    for (std::size_t p = 0; p < parts->size() && error.empty(); ++p) {
      plan.legs.push_back(MapPart((*parts)[p], fmt::format("{}.parts[{}]", path, p), error));
    }
    if (!error.empty()) break;
    plan.departure = plan.legs.front().origin;
    plan.arrival = plan.legs.back().destination;
    plan.duration_minutes = MinutesBetween(plan.departure, plan.arrival).value_or(0);
    const auto vehicles = std::count_if(plan.legs.begin(), plan.legs.end(),
                                        [](const model::RouteLeg& leg) { return leg.transport_type != "PEDESTRIAN"; });
    plan.transfers = static_cast<int>(std::max<std::ptrdiff_t>(0, vehicles - 1));
    plans.push_back(std::move(plan));
  }
  if (!error.empty()) return Failure{error};
  return plans;
}

}  // namespace bv::mvg
