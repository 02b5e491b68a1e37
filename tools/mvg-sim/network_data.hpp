// The built-in model of Munich's rail network that mvg-sim serves: stations (real names,
// global ids and coordinates) and the lines through them, in order. Written from public facts
// (sources in SOURCES.md); data only, no logic.
#pragma once

#include <span>
#include <vector>

namespace bv::sim {

// Transport modes as MVG names them on the wire (UBAHN, SBAHN, TRAM, BUS, REGIONAL_BUS, BAHN).
enum class Mode { kUbahn, kSbahn, kTram, kBus, kRegionalBus, kBahn };

struct StationData {
  const char* global_id;  // "de:09162:2"
  const char* name;       // MVG's spelling, e.g. "Marienplatz", "Hauptbahnhof"
  const char* place;      // "München", or the municipality outside the city
  double latitude;        // WGS84
  double longitude;
};

struct LineData {
  const char* label;    // "U3", "S1", "19"
  Mode mode;
  const char* diva_id;  // MVG line diva id, e.g. "010U3", "92M01", "02019"
  const char* network;  // "swm" (MVG: U-Bahn, tram, bus) or "ddb" (DB: S-Bahn)
  // Stop global ids in travel order, terminus to terminus. A branching line (S1 to Freising and
  // to the airport) appears once per branch, with the same label.
  std::vector<const char*> stops;
};

// Every station the built-in network knows; each id appears once.
std::span<const StationData> BuiltinStations();
// Every line (branch) of the built-in network; every stop id is in BuiltinStations().
const std::vector<LineData>& BuiltinLines();

}  // namespace bv::sim
