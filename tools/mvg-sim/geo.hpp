// Small geometry helpers: great-circle distances and Google's encoded polyline format (the
// `pathPolyline` of MVG route parts).
#pragma once

#include <span>
#include <string>

namespace bv::sim {

struct LatLon {
  double latitude = 0;
  double longitude = 0;
};

// Great-circle distance in metres (haversine, mean Earth radius).
double DistanceMeters(LatLon a, LatLon b);

// Google encoded polyline (precision 1e-5) of the points, in order; "" for no points.
std::string EncodePolyline(std::span<const LatLon> points);

}  // namespace bv::sim
