#include "network_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "support/paths.hpp"

namespace bv::sim {
namespace {

// Great-circle distance in kilometres.
double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kDegToRad;
  const double dlon = (lon2 - lon1) * kDegToRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kDegToRad) *
                                                                 std::cos(lat2 * kDegToRad) *
                                                                 std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

std::map<std::string, const StationData*> StationsById() {
  std::map<std::string, const StationData*> by_id;
  for (const StationData& s : BuiltinStations()) by_id[s.global_id] = &s;
  return by_id;
}

std::vector<const LineData*> LinesLabelled(const std::string& label) {
  std::vector<const LineData*> found;
  for (const LineData& l : BuiltinLines()) {
    if (label == l.label) found.push_back(&l);
  }
  return found;
}

bool LineVisits(const std::string& label, const std::string& id) {
  for (const LineData* l : LinesLabelled(label)) {
    if (std::find(l->stops.begin(), l->stops.end(), id) != l->stops.end()) return true;
  }
  return false;
}

TEST(NetworkDataTest, HasEnoughStationsWithUniqueWellFormedIds) {
  const auto stations = BuiltinStations();
  EXPECT_GE(stations.size(), 150u);
  const std::regex id_form(R"(de:\d{5}:\d+)");
  std::set<std::string> seen;
  for (const StationData& s : stations) {
    EXPECT_TRUE(std::regex_match(s.global_id, id_form)) << s.global_id;
    EXPECT_TRUE(seen.insert(s.global_id).second) << "duplicate id " << s.global_id;
    EXPECT_STRNE(s.name, "") << s.global_id;
    EXPECT_STRNE(s.place, "") << s.global_id;
    if (std::string(s.global_id).starts_with("de:09162:")) {
      EXPECT_STREQ(s.place, "München") << s.global_id;
    }
  }
}

TEST(NetworkDataTest, CoordinatesLieInTheMvvArea) {
  for (const StationData& s : BuiltinStations()) {
    EXPECT_GT(s.latitude, 47.70) << s.global_id;
    EXPECT_LT(s.latitude, 48.60) << s.global_id;
    EXPECT_GT(s.longitude, 10.90) << s.global_id;
    EXPECT_LT(s.longitude, 12.30) << s.global_id;
  }
}

TEST(NetworkDataTest, EveryLineStopIsAKnownStationAndVisitedOnce) {
  const auto by_id = StationsById();
  for (const LineData& l : BuiltinLines()) {
    EXPECT_GE(l.stops.size(), 2u) << l.label;
    std::set<std::string> visited;
    for (const char* stop : l.stops) {
      EXPECT_TRUE(by_id.contains(stop)) << l.label << " stops at unknown " << stop;
      EXPECT_TRUE(visited.insert(stop).second) << l.label << " visits " << stop << " twice";
    }
  }
}

TEST(NetworkDataTest, RequiredLinesExistWithMvgIdsAndNetworks) {
  const std::map<std::string, std::pair<Mode, std::string>> required = {
      {"U1", {Mode::kUbahn, "010U1"}}, {"U2", {Mode::kUbahn, "010U2"}}, {"U3", {Mode::kUbahn, "010U3"}},
      {"U4", {Mode::kUbahn, "010U4"}}, {"U5", {Mode::kUbahn, "010U5"}}, {"U6", {Mode::kUbahn, "010U6"}},
      {"U7", {Mode::kUbahn, "010U7"}}, {"U8", {Mode::kUbahn, "010U8"}}, {"S1", {Mode::kSbahn, "92M01"}},
      {"S2", {Mode::kSbahn, "92M02"}}, {"S3", {Mode::kSbahn, "92M03"}}, {"S4", {Mode::kSbahn, "92M04"}},
      {"S5", {Mode::kSbahn, "92M05"}}, {"S6", {Mode::kSbahn, "92M06"}}, {"S7", {Mode::kSbahn, "92M07"}},
      {"S8", {Mode::kSbahn, "92M08"}}, {"12", {Mode::kTram, "02012"}},  {"16", {Mode::kTram, "02016"}},
      {"17", {Mode::kTram, "02017"}},  {"18", {Mode::kTram, "02018"}},  {"19", {Mode::kTram, "02019"}},
      {"20", {Mode::kTram, "02020"}},  {"21", {Mode::kTram, "02021"}},  {"23", {Mode::kTram, "02023"}},
      {"25", {Mode::kTram, "02025"}},  {"27", {Mode::kTram, "02027"}},  {"28", {Mode::kTram, "02028"}},
  };
  for (const auto& [label, expected] : required) {
    const auto lines = LinesLabelled(label);
    ASSERT_FALSE(lines.empty()) << "missing line " << label;
    for (const LineData* l : lines) {
      EXPECT_EQ(l->mode, expected.first) << label;
      EXPECT_EQ(std::string(l->diva_id), expected.second) << label;
      EXPECT_STREQ(l->network, l->mode == Mode::kSbahn ? "ddb" : "swm") << label;
    }
  }
  // Branching lines appear once per branch.
  EXPECT_EQ(LinesLabelled("S1").size(), 2u);
}

TEST(NetworkDataTest, ConsecutiveStopsArePlausiblyClose) {
  const auto by_id = StationsById();
  for (const LineData& l : BuiltinLines()) {
    const double limit_km = l.mode == Mode::kSbahn ? 15.0 : 6.0;
    for (size_t i = 1; i < l.stops.size(); ++i) {
      const auto a = by_id.find(l.stops[i - 1]);
      const auto b = by_id.find(l.stops[i]);
      if (a == by_id.end() || b == by_id.end()) continue;  // reported by another test
      const double km =
          HaversineKm(a->second->latitude, a->second->longitude, b->second->latitude, b->second->longitude);
      EXPECT_LT(km, limit_km) << l.label << ": " << a->second->name << " -> " << b->second->name;
      EXPECT_GT(km, 0.05) << l.label << ": " << a->second->name << " -> " << b->second->name;
    }
  }
}

TEST(NetworkDataTest, InterchangesShareStationIds) {
  const std::string marienplatz = "de:09162:2";
  for (const char* line : {"U3", "U6", "S1", "S2", "S3", "S4", "S5", "S6", "S8"}) {
    EXPECT_TRUE(LineVisits(line, marienplatz)) << line << " misses Marienplatz";
  }
  for (const char* line : {"U1", "U2", "U3", "U6", "U7", "U8"}) {
    EXPECT_TRUE(LineVisits(line, "de:09162:50")) << line << " misses Sendlinger Tor";
  }
  for (const char* line : {"U3", "U4", "U5", "U6"}) {
    EXPECT_TRUE(LineVisits(line, "de:09162:60")) << line << " misses Odeonsplatz";
  }
  for (const char* line : {"U4", "U5", "S1", "S8", "19"}) {
    EXPECT_TRUE(LineVisits(line, "de:09162:1")) << line << " misses Karlsplatz (Stachus)";
  }
  // U-Bahn/tram Hauptbahnhof and the S-Bahn's München Hbf are different stations.
  for (const char* line : {"U1", "U2", "U4", "U5", "U7", "U8", "19"}) {
    EXPECT_TRUE(LineVisits(line, "de:09162:6")) << line << " misses Hauptbahnhof";
  }
  for (const char* line : {"S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"}) {
    EXPECT_TRUE(LineVisits(line, "de:09162:100")) << line << " misses München Hbf";
    EXPECT_FALSE(LineVisits(line, "de:09162:6")) << line;
  }
  EXPECT_TRUE(LineVisits("U5", "de:09162:5") && LineVisits("S3", "de:09162:5"));        // Ostbahnhof
  EXPECT_TRUE(LineVisits("U3", "de:09162:300") && LineVisits("S1", "de:09162:300"));    // Moosach
  EXPECT_TRUE(LineVisits("U6", "de:09162:1130") && LineVisits("S7", "de:09162:1130"));  // Harras
  EXPECT_TRUE(LineVisits("U2", "de:09162:1110") && LineVisits("S3", "de:09162:1110"));  // Giesing
  EXPECT_TRUE(LineVisits("U6", "de:09184:460"));  // Garching, Forschungszentrum
  // The trunk line in order, on every line that runs through it.
  const std::vector<std::string> trunk = {"de:09162:8", "de:09162:7", "de:09162:100", "de:09162:1",
                                          "de:09162:2", "de:09162:3", "de:09162:4",   "de:09162:5"};
  for (const LineData& l : BuiltinLines()) {
    if (l.mode != Mode::kSbahn || std::string(l.label) == "S7" ||
        std::find(l.stops.begin(), l.stops.end(), trunk[0]) == l.stops.end()) {
      continue;
    }
    const auto start = std::find(l.stops.begin(), l.stops.end(), trunk[0]);
    ASSERT_GE(static_cast<size_t>(l.stops.end() - start), trunk.size()) << l.label;
    for (size_t i = 0; i < trunk.size(); ++i) EXPECT_EQ(start[i], trunk[i]) << l.label << " trunk stop " << i;
  }
}

// The project's MVV station data set (shared/data/mvg/mvv_stations.json, from MVV open data):
// every built-in id must exist there, at most 500 m from our coordinates. Names are not
// compared: MVG's spelling legitimately differs from MVV's in places.
TEST(NetworkDataTest, MatchesTheSharedMvvStationList) {
  const std::filesystem::path path =
      std::filesystem::path(bv::test::kSourceDir) / ".." / "shared" / "data" / "mvg" / "mvv_stations.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const boost::json::value doc = boost::json::parse(text.str());
  std::map<std::string, std::pair<double, double>> reference;
  for (const boost::json::value& v : doc.as_array()) {
    const auto& o = v.as_object();
    reference[std::string(o.at("globalId").as_string())] = {o.at("latitude").to_number<double>(),
                                                            o.at("longitude").to_number<double>()};
  }
  ASSERT_GT(reference.size(), 1000u);

  std::ostringstream mismatches;
  int count = 0;
  for (const StationData& s : BuiltinStations()) {
    const auto it = reference.find(s.global_id);
    if (it == reference.end()) {
      mismatches << "\n  " << s.global_id << " (" << s.name << "): not in the MVV list";
      ++count;
      continue;
    }
    const double km = HaversineKm(s.latitude, s.longitude, it->second.first, it->second.second);
    if (km > 0.5) {
      mismatches << "\n  " << s.global_id << " (" << s.name << "): " << static_cast<int>(km * 1000)
                 << " m from MVV's position";
      ++count;
    }
  }
  EXPECT_EQ(count, 0) << mismatches.str();
}

}  // namespace
}  // namespace bv::sim
