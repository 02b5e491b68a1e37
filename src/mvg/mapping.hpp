// MVG wire JSON (bgw-pt v3, see ../shared/mvg/API.md) -> our model. Tolerant of unknown and
// missing optional fields; strict about types: a wrong type is an error naming the field.
// Pure functions: no I/O, safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "model/departure.hpp"
#include "model/route.hpp"
#include "model/station.hpp"

namespace bv::mvg {

template <typename T>
using Mapped = boost::system::result<T, std::string>;  // error: what was wrong, with its path

// GET /departures: a bare array of departures.
Mapped<std::vector<model::Departure>> MapDepartures(std::string_view json_text);

// GET /locations: stations only (addresses and POIs are skipped), best match first.
Mapped<std::vector<model::Station>> MapLocations(std::string_view json_text);

// GET /.rest/zdm/stations/{id}: one station object.
Mapped<model::Station> MapZdmStation(std::string_view json_text);

// GET /stations: the full catalogue, {"hash": ..., "stations": [station objects]}, in MVG's order.
Mapped<std::vector<model::Station>> MapStationCatalogue(std::string_view json_text);

// GET /routes: connections -> plans. Durations and transfers are computed from the stops'
// times (MVG sends neither): duration = last arrival - first departure, real-time where known;
// transfers = vehicle legs - 1 (walks do not count).
Mapped<std::vector<model::RoutePlan>> MapRoutes(std::string_view json_text);

}  // namespace bv::mvg
