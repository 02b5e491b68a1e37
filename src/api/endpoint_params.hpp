// Each endpoint's parameters, read and validated before any cache, MVG or database work: the
// handlers call these, and fuzz/query_params_fuzz.cpp feeds them arbitrary query strings.
// Views point into the http::Query (or `decoded`) they were read from.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "api/params.hpp"

namespace bv::api {

// GET /api/v1/mvg/departures?station=&limit=&offset=&transport_type=
struct DeparturesParams {
  std::string_view station;
  int limit = 10;
  int offset = 0;
  TypeSet types = 0;
};
DeparturesParams ReadDeparturesParams(Params& params);

// GET /api/v1/mvg/stations/search?query=|q=&limit=: `query` is the original BahnVision's name,
// `q` ours; both may be given only with the same text (else a 422 on `q`).
struct SearchParams {
  std::string_view q;
  int limit = 8;
};
SearchParams ReadSearchParams(Params& params);

// GET /api/v1/mvg/routes/plan?origin=&destination=&departure_time=|arrival_time=&transport_type=
struct PlanParams {
  std::string_view origin, destination;
  std::optional<model::TimePoint> departure_time, arrival_time;
  TypeSet types = 0;
};
PlanParams ReadPlanParams(Params& params);

// GET /api/v1/mvg/stations/{station_id}/stats?hours=: `raw_station_id` is the path segment as
// sent (percent-encoded); it is decoded into `decoded` and must be a station id.
inline constexpr std::array<int, 5> kStatsWindowsHours = {1, 6, 24, 168, 720};
struct StatsParams {
  std::string_view station_id;
  int hours = 24;
};
StatsParams ReadStatsParams(Params& params, std::string_view raw_station_id, std::string& decoded);

}  // namespace bv::api
