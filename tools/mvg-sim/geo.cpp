#include "geo.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace bv::sim {
namespace {

constexpr double kEarthRadiusMeters = 6371008.8;

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// One signed value of the polyline format: zig-zag, then 5-bit groups, low group first.
void AppendValue(std::string& out, std::int64_t value) {
  std::uint64_t v =
      value < 0 ? ~(static_cast<std::uint64_t>(value) << 1) : static_cast<std::uint64_t>(value) << 1;
  while (v >= 0x20) {
    out.push_back(static_cast<char>((0x20 | (v & 0x1f)) + 63));
    v >>= 5;
  }
  out.push_back(static_cast<char>(v + 63));
}

}  // namespace

double DistanceMeters(LatLon a, LatLon b) {
  const double dlat = Radians(b.latitude - a.latitude);
  const double dlon = Radians(b.longitude - a.longitude);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(Radians(a.latitude)) *
                                                                 std::cos(Radians(b.latitude)) *
                                                                 std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string EncodePolyline(std::span<const LatLon> points) {
  std::string out;
  std::int64_t last_lat = 0;
  std::int64_t last_lon = 0;
  for (const LatLon& p : points) {
    const auto lat = static_cast<std::int64_t>(std::llround(p.latitude * 1e5));
    const auto lon = static_cast<std::int64_t>(std::llround(p.longitude * 1e5));
    AppendValue(out, lat - last_lat);
    AppendValue(out, lon - last_lon);
    last_lat = lat;
    last_lon = lon;
  }
  return out;
}

}  // namespace bv::sim
