// Our model -> the public API's JSON (ARCHITECTURE.md section 2): field names, types and null
// rules of the original BahnVision API v1. Runs once per cache fill, never per hit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "model/departure.hpp"
#include "model/route.hpp"
#include "model/station.hpp"

namespace bv::api {

std::string RenderDepartures(const model::Station& station, const std::vector<model::Departure>& departures);
std::string RenderStationSearch(std::string_view query, const std::vector<model::Station>& results);
// A bare JSON array of Station objects (GET /api/v1/mvg/stations/list).
std::string RenderStationList(const std::vector<model::Station>& stations);
std::string RenderRoutePlans(const model::Station& origin, const model::Station& destination,
                             const std::vector<model::RoutePlan>& plans);
// A Station object of the API ({id, name, place, latitude, longitude}).
boost::json::object StationJson(const model::Station& station);
// One station object, as in every answer that names stations.
std::string RenderStation(const model::Station& station);
// {"detail": "..."}
std::string RenderDetail(std::string_view detail);

}  // namespace bv::api
