#include "api/endpoint_params.hpp"

#include "http/query.hpp"

namespace bv::api {

DeparturesParams ReadDeparturesParams(Params& params) {
  DeparturesParams p;
  p.station = params.Station("station", 200);
  p.limit = params.Int("limit", p.limit, 1, 40);
  p.offset = params.Int("offset", p.offset, 0, 60);
  p.types = params.TransportTypes("transport_type");
  return p;
}

SearchParams ReadSearchParams(Params& params) {
  SearchParams p;
  // Clients of the original send `query`; our web UI and earlier clients send `q`. Two
  // different texts are refused rather than one silently winning: the client has a bug, and
  // guessing would answer a search it did not mean.
  const bool has_q = params.Has("q"), has_query = params.Has("query");
  if (has_query || !has_q) p.q = params.Text("query", 1, 100);  // neither: "missing" names `query`
  if (has_q) {
    const std::string_view q = params.Text("q", 1, 100);
    if (!has_query) {
      p.q = q;
    } else if (!q.empty() && !p.q.empty() && q != p.q) {
      params.Fail("q", "value_error", "differs from 'query': give the search text once, as query or as q");
    }
  }
  p.limit = params.Int("limit", p.limit, 1, 50);
  return p;
}

PlanParams ReadPlanParams(Params& params) {
  PlanParams p;
  p.origin = params.Station("origin", 200);
  p.destination = params.Station("destination", 200);
  p.departure_time = params.Time("departure_time");
  p.arrival_time = params.Time("arrival_time");
  p.types = params.TransportTypes("transport_type");
  if (p.departure_time && p.arrival_time) {
    params.Fail("arrival_time", "value_error", "give either departure_time or arrival_time, not both");
  }
  return p;
}

StatsParams ReadStatsParams(Params& params, std::string_view raw_station_id, std::string& decoded) {
  StatsParams p;
  // The path segment must decode to exactly a station id: anything else (a NUL, invalid UTF-8,
  // a name) would reach PostgreSQL as a key no row can have, or be cut short by libpq at a NUL
  // and answer for another station.
  decoded.clear();
  const bool decodes = http::PercentDecode(raw_station_id, decoded);
  if (!decodes || !IsStationId(decoded)) {
    params.FailPath("station_id", "value_error", "must be a station id such as de:09162:2",
                    decodes ? std::string_view(decoded) : raw_station_id);
  } else {
    p.station_id = decoded;
  }
  p.hours = params.OneOf("hours", p.hours, kStatsWindowsHours);
  return p;
}

}  // namespace bv::api
