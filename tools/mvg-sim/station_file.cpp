#include "station_file.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace bv::sim {
namespace {

namespace json = boost::json;

std::string_view StringField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

std::optional<double> NumberField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

// The best stand-in for a missing municipality: "München (Stadt)" -> "München", but
// "München (Landkreis)" -> "Landkreis München" (the district around the city, not the city).
std::string PlaceFromDistrict(std::string_view district) {
  constexpr std::string_view kCity = " (Stadt)";
  constexpr std::string_view kCounty = " (Landkreis)";
  if (district.ends_with(kCity)) return std::string(district.substr(0, district.size() - kCity.size()));
  if (district.ends_with(kCounty)) {
    return "Landkreis " + std::string(district.substr(0, district.size() - kCounty.size()));
  }
  return std::string(district);
}

}  // namespace

boost::system::result<std::vector<FileStation>, std::string> ParseStationFile(std::string_view json_text) {
  boost::system::error_code ec;
  const json::value doc = json::parse(json_text, ec);
  if (ec) return "station file is not valid JSON: " + ec.message();
  if (!doc.is_array()) return std::string("station file must be a JSON array of station objects");
  std::vector<FileStation> stations;
  stations.reserve(doc.get_array().size());
  for (const json::value& item : doc.get_array()) {
    if (!item.is_object()) continue;
    const json::object& o = item.get_object();
    FileStation s;
    s.global_id = StringField(o, "globalId");
    s.name = StringField(o, "name");
    const auto lat = NumberField(o, "latitude");
    const auto lon = NumberField(o, "longitude");
    if (s.global_id.empty() || s.name.empty() || !lat || !lon) continue;
    s.latitude = *lat;
    s.longitude = *lon;
    s.place = StringField(o, "place");
    if (s.place.empty()) s.place = PlaceFromDistrict(StringField(o, "district"));
    stations.push_back(std::move(s));
  }
  return stations;
}

boost::system::result<std::vector<FileStation>, std::string> LoadStationFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open station file " + path;
  std::ostringstream text;
  text << in.rdbuf();
  return ParseStationFile(text.str());
}

}  // namespace bv::sim
