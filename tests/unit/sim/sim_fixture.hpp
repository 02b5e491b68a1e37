// A small network for the simulator's tests, independent of the built-in data (which another
// change fills in): two U-Bahn lines, an S-Bahn trunk, a tram, a station only a footpath away
// from the S-Bahn, a station without lines and one outside the city.
#pragma once

#include <array>
#include <vector>

#include "berlin_time.hpp"
#include "network.hpp"

namespace bv::sim::test {

inline constexpr const char* kUniversitaet = "de:09162:70";
inline constexpr const char* kMarienplatz = "de:09162:2";
inline constexpr const char* kSendlingerTor = "de:09162:50";
inline constexpr const char* kKarlsplatz = "de:09162:1";
inline constexpr const char* kHauptbahnhofU = "de:09162:6";
inline constexpr const char* kHauptbahnhofS = "de:09162:100";
inline constexpr const char* kIsartor = "de:09162:3";
inline constexpr const char* kOstbahnhof = "de:09162:5";
inline constexpr const char* kLenbachplatz = "de:09162:14";  // served by no line
inline constexpr const char* kIsmaning = "de:09184:460";     // outside the city, no line

inline const std::array<StationData, 10> kFixtureStations = {{
    {kUniversitaet, "Universität", "München", 48.149012, 11.580515},
    {kMarienplatz, "Marienplatz", "München", 48.137245, 11.575421},
    {kSendlingerTor, "Sendlinger Tor", "München", 48.133444, 11.566681},
    {kKarlsplatz, "Karlsplatz (Stachus)", "München", 48.139367, 11.565396},
    {kHauptbahnhofU, "Hauptbahnhof", "München", 48.140315, 11.560228},
    {kHauptbahnhofS, "München Hbf", "München", 48.141088, 11.558331},
    {kIsartor, "Isartor", "München", 48.133894, 11.582823},
    {kOstbahnhof, "Ostbahnhof", "München", 48.128138, 11.604069},
    {kLenbachplatz, "Lenbachplatz", "München", 48.141707, 11.567139},
    {kIsmaning, "Ismaning", "Ismaning", 48.226312, 11.674178},
}};

inline const std::vector<LineData>& FixtureLines() {
  static const std::vector<LineData> lines = {
      {"U3", Mode::kUbahn, "010U3", "swm", {kUniversitaet, kMarienplatz, kSendlingerTor}},
      {"U2", Mode::kUbahn, "010U2", "swm", {kSendlingerTor, kHauptbahnhofU}},
      {"S1",
       Mode::kSbahn,
       "92M01",
       "ddb",
       {kHauptbahnhofS, kKarlsplatz, kMarienplatz, kIsartor, kOstbahnhof}},
      {"19", Mode::kTram, "02019", "swm", {kHauptbahnhofU, kKarlsplatz, kIsartor}},
  };
  return lines;
}

inline Network FixtureNetwork(std::span<const FileStation> extra = {}) {
  return Network(kFixtureStations, FixtureLines(), extra);
}

// Monday 2026-11-23 08:00 Berlin (07:00 UTC), in the morning peak.
inline constexpr std::int64_t kMondayPeakMs = 1795417200000;

// Minutes since the epoch of Berlin local time `hh:mm` on the day of kMondayPeakMs.
inline std::int64_t MondayAt(int hour, int minute) {
  const std::int64_t day = ToBerlin(kMondayPeakMs / 1000).days;
  return BerlinToUtcSeconds(day, hour * 60 + minute) / 60;
}

}  // namespace bv::sim::test
