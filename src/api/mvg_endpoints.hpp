// The MVG-backed endpoints of API v1: departures, station search and list, and route planning
// (ARCHITECTURE.md section 2). Each handler validates its parameters (422), answers a fresh
// cached copy without any JSON work, and otherwise goes through the endpoint's Cache, whose
// fetcher resolves stations, calls MVG and renders the answer once.
#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>

#include "api/params.hpp"
#include "api/station_resolver.hpp"
#include "cache/cache.hpp"
#include "http/router.hpp"
#include "model/observation_sink.hpp"
#include "mvg/client.hpp"

namespace bv::api {

struct MvgEndpointsOptions {
  struct Ttl {
    std::chrono::seconds fresh, stale;
  };
  Ttl departures{std::chrono::seconds{30}, std::chrono::seconds{300}};
  Ttl station_search{std::chrono::seconds{60}, std::chrono::seconds{600}};
  Ttl station_list{std::chrono::seconds{86400}, std::chrono::seconds{172800}};  // lookups by id, the catalogue
  Ttl routes{std::chrono::seconds{120}, std::chrono::seconds{900}};
  std::chrono::seconds not_found{15};
  std::chrono::milliseconds wait_limit{std::chrono::seconds{5}};
};

class MvgEndpoints {
 public:
  // `observations` (may be null: persistence off) hears of every successful MVG fetch.
  MvgEndpoints(mvg::Client& client, const MvgEndpointsOptions& options, cache::CacheShared shared,
               model::ObservationSink* observations = nullptr);
  // Registers the routes; `this` must outlive the router's use.
  void Register(http::Router& router);

 private:
  boost::asio::awaitable<void> Departures(http::Exchange& ex);
  boost::asio::awaitable<void> SearchStations(http::Exchange& ex);
  boost::asio::awaitable<void> PlanRoutes(http::Exchange& ex);
  boost::asio::awaitable<void> ListStations(http::Exchange& ex);

  boost::asio::awaitable<cache::FetchOutcome> FetchDepartures(std::string station, int limit, int offset,
                                                              TypeSet types, mvg::CallContext ctx);
  boost::asio::awaitable<cache::FetchOutcome> FetchSearch(std::string query, int limit, mvg::CallContext ctx);
  boost::asio::awaitable<cache::FetchOutcome> FetchStationList(mvg::CallContext ctx);
  struct RouteRequest {
    std::string origin, destination;
    std::optional<model::TimePoint> time;
    bool arrive_by = false;
    TypeSet types = 0;
  };
  boost::asio::awaitable<cache::FetchOutcome> FetchRoutes(RouteRequest request, mvg::CallContext ctx);

  // Serves `key` from `cache`, fetching with `fetch` when needed, and writes the answer.
  boost::asio::awaitable<void> Serve(http::Exchange& ex, cache::Cache& cache, std::string_view key,
                                     cache::Fetcher fetch);

  mvg::Client& client_;
  const cache::Clock& clock_;
  model::ObservationSink* observations_;
  StationResolver resolver_;
  cache::Cache departures_;
  cache::Cache search_;
  cache::Cache routes_;
  cache::Cache station_list_;  // one entry: the whole catalogue
};

// What a request forwards to MVG: its W3C traceparent, with this service's span as the parent
// (the trace id is the client's when it sent a valid traceparent, else a new one).
mvg::CallContext CallContextOf(const http::Exchange& ex);

}  // namespace bv::api
