// MVG's JSON shapes (bgw-pt v3 and ZDM) for departures, stations and lines. Field names,
// order and presence follow the recorded samples in shared/mvg/samples/.
#pragma once

#include <span>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "departures.hpp"
#include "network.hpp"

namespace bv::sim {

// One /departures element: delayInMinutes only when realtime, platform + platformChanged only
// for rail, stopPositionNumber only for bus and tram.
boost::json::object DepartureJson(const Departure& d);
boost::json::array DeparturesJson(std::span<const Departure> board);

// One /locations element (type STATION).
boost::json::object LocationJson(const Station& s);
// One element of /stations (the catalogue).
boost::json::object CatalogueStationJson(const Station& s);
// One /stations/nearby element.
boost::json::object NearbyJson(const Station& s, int distance_meters);
// /.rest/zdm/stations/{id}: abbreviation is null (the simulator has none).
boost::json::object ZdmStationJson(const Station& s);

// /lines elements: one per label and mode, network in upper case as MVG's /lines has it.
boost::json::object LineJson(const Line& line);
// Distinct lines (by label and mode) of `lines`, sorted by mode then label.
std::vector<const Line*> DistinctLines(std::span<const Line* const> lines);

// "UBAHN" etc. for the station-level list.
boost::json::array TransportTypesJson(const Station& s);

}  // namespace bv::sim
