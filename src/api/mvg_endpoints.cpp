#include "api/mvg_endpoints.hpp"

#include "api/cached_response.hpp"

namespace bv::api {

namespace asio = boost::asio;

namespace {
cache::CachePolicy Policy(const char* name, MvgEndpointsOptions::Ttl ttl, const MvgEndpointsOptions& o) {
  return cache::CachePolicy{name, ttl.fresh, ttl.stale, o.not_found, o.wait_limit};
}
}  // namespace

MvgEndpoints::MvgEndpoints(mvg::Client& client, const MvgEndpointsOptions& options, cache::CacheShared shared,
                           model::ObservationSink* observations)
    : client_(client),
      clock_(shared.clock),
      observations_(observations),
      resolver_(client, Policy("station", options.station_list, options),
                Policy("station_lookup", options.station_search, options), shared),
      departures_(Policy("departures", options.departures, options), shared),
      search_(Policy("station_search", options.station_search, options), shared),
      routes_(Policy("routes", options.routes, options), shared),
      station_list_(Policy("station_list", options.station_list, options), shared) {}

void MvgEndpoints::Register(http::Router& router) {
  // Plain lambdas returning the member coroutine: the coroutine frame holds `this` and the
  // exchange, never a lambda's closure.
  router.Get("/api/v1/mvg/departures", [this](http::Exchange& ex) { return Departures(ex); });
  router.Get("/api/v1/mvg/stations/search", [this](http::Exchange& ex) { return SearchStations(ex); });
  router.Get("/api/v1/mvg/stations/list", [this](http::Exchange& ex) { return ListStations(ex); });
  router.Get("/api/v1/mvg/routes/plan", [this](http::Exchange& ex) { return PlanRoutes(ex); });
}

asio::awaitable<void> MvgEndpoints::Serve(http::Exchange& ex, cache::Cache& cache, std::string_view key,
                                          cache::Fetcher fetch) {
  auto served = co_await cache.Get(std::string(key), std::move(fetch));
  if (!served) {
    WriteCacheError(ex, served.error());
    co_return;
  }
  WriteCached(ex, *served->value, served->status, clock_.Now());
}

mvg::CallContext CallContextOf(const http::Exchange& ex) {
  const auto traceparent = obs::FormatTraceparent(ex.trace);
  return {std::string(traceparent.data(), traceparent.size())};
}

}  // namespace bv::api
