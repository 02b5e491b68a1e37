#include "api_routes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>

#include "departures.hpp"
#include "obs/json_writer.hpp"
#include "messages.hpp"
#include "obs/json_text.hpp"
#include "route_wire.hpp"
#include "routing.hpp"
#include "wire.hpp"

namespace bv::sim {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::bhttp::status;

constexpr std::string_view kText = "text/plain;charset=UTF-8";
constexpr std::string_view kHtml = "text/html;charset=UTF-8";
constexpr auto kHangLimit = std::chrono::minutes(10);
constexpr auto kHangPoll = std::chrono::milliseconds(50);
constexpr int kDefaultStationResults = 50;
constexpr int kMaxStationResults = 100;
constexpr double kNearbyRadiusMeters = 2000;
constexpr std::size_t kNearbyMax = 20;

// What MVG's web server sends for a path it does not know (with status 200).
constexpr std::string_view kHtmlNotFound =
    "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Seite nicht gefunden | "
    "MVG</title>"
    "</head><body><h1>404</h1><p>Die angeforderte Seite wurde leider nicht gefunden.</p></body></html>\n";

struct Reply {
  status code = status::ok;
  std::string_view content_type = kMvgJson;
  std::string body;
  std::shared_ptr<const std::string> shared;  // instead of body, for prebuilt answers

  static Reply Json(const json::value& v) { return {status::ok, kMvgJson, obs::WriteJson(v), nullptr}; }
  static Reply Text(status code, std::string text) { return {code, kText, std::move(text), nullptr}; }
};

using Produce = std::function<Reply(http::Exchange&)>;

void Send(http::Exchange& ex, Reply reply) {
  auto& res = ex.response;
  res.result(reply.code);
  res.set(http::bhttp::field::content_type, reply.content_type);
  res.set(http::bhttp::field::server, "SWM Webserver");
  if (reply.shared) {
    res.body().Share(std::move(reply.shared));
  } else {
    res.body().Assign(reply.body);
  }
}

asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

// Holds the request until the faults change or kHangLimit passes. Polls, because a timer may
// only be cancelled from its own executor and the admin request runs on another one.
asio::awaitable<void> Hang(Simulator& sim) {
  const auto generation = sim.faults().generation();
  const auto until = std::chrono::steady_clock::now() + kHangLimit;
  while (sim.faults().generation() == generation && std::chrono::steady_clock::now() < until) {
    co_await Sleep(kHangPoll);
  }
}

// Counts the request, applies the faults, and otherwise answers with `produce`.
asio::awaitable<void> Answer(Simulator& sim, http::Exchange& ex, Endpoint endpoint, Produce produce) {
  sim.stats().Count(endpoint);
  const FaultPlan plan = sim.faults().Next(endpoint);
  if (plan.delay.count() > 0) co_await Sleep(plan.delay);
  switch (plan.action) {
    case FaultAction::kOutage:
      ex.drop_connection = true;
      co_return;
    case FaultAction::kHang:
      co_await Hang(sim);
      ex.drop_connection = true;  // a hung upstream never answers
      co_return;
    case FaultAction::kRateLimit: {
      Send(ex, Reply::Text(status::too_many_requests, "Too Many Requests"));
      ex.response.set(http::bhttp::field::retry_after, std::to_string(plan.retry_after));
      co_return;
    }
    case FaultAction::kError: {
      // Spring's error shape, as MVG's backend would send it.
      const auto code = static_cast<status>(plan.status);
      std::string body = fmt::format(R"({{"status":{},"error":")", plan.status);
      body += http::bhttp::obsolete_reason(code);
      body += R"(","path":)";
      obs::AppendJsonString(body, ex.path);
      body += '}';
      Send(ex, {code, kMvgJson, std::move(body), nullptr});
      co_return;
    }
    case FaultAction::kHtml:
      Send(ex, {status::ok, kHtml, std::string(kHtmlNotFound), nullptr});
      co_return;
    case FaultAction::kMalformed:
    case FaultAction::kNone:
      break;
  }
  Reply reply = produce(ex);
  if (plan.action == FaultAction::kMalformed) {
    // Half of the real answer: a body that is cut off mid-transfer, with a JSON content type.
    const std::string full = reply.shared ? *reply.shared : reply.body;
    reply = {status::ok, kMvgJson, full.substr(0, full.size() / 2), nullptr};
  }
  Send(ex, std::move(reply));
}

void Route(http::Router& router, std::string_view path, Simulator& sim, Endpoint endpoint, Produce produce) {
  router.Get(path,
             [&sim, endpoint, produce = std::move(produce)](http::Exchange& ex) -> asio::awaitable<void> {
               return Answer(sim, ex, endpoint, produce);
             });
}

// The percent-decoded path parameter `name`.
std::string PathParam(const http::Exchange& ex, std::string_view name) {
  std::string out;
  if (!http::PercentDecode(ex.params.Get(name), out)) out.clear();
  return out;
}

Reply Departures(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  if (!q.valid()) return Reply::Text(status::bad_request, "malformed query string");
  const auto query = ParseDepartureQuery(q);
  if (!query) return Reply::Text(status::bad_request, query.error());
  const auto board = BuildDepartures(sim.timetable(), *query, sim.clock().NowMs());
  return Reply::Json(DeparturesJson(board));
}

Reply Locations(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  const auto text = q.Get("query");
  if (!q.valid() || !text || text->find_first_not_of(" \t") == std::string_view::npos) {
    return Reply::Text(status::bad_request, "getLocations.query: must not be blank");
  }
  const auto limit =
      ParseIntParam(q.Get("limitStations"), kDefaultStationResults, "getLocations.limitStations");
  if (!limit) return Reply::Text(status::bad_request, limit.error());
  // Only stations are simulated: a search for addresses or POIs alone finds nothing.
  if (const auto types = q.Get("locationTypes");
      types && !types->empty() && types->find("STATION") == std::string_view::npos) {
    return Reply::Json(json::array());
  }
  json::array out;
  const auto n = static_cast<std::size_t>(std::clamp<long long>(*limit, 0, kMaxStationResults));
  for (const StationIndex i : sim.search().Search(*text, n))
    out.push_back(LocationJson(sim.network().station(i)));
  return Reply::Json(out);
}

Reply Routes(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  if (!q.valid()) return Reply::Text(status::bad_request, "malformed query string");
  const Minutes now = sim.clock().NowMs() / 60'000;
  const auto query = ParseRouteQuery(q, sim.network(), now);
  if (!query) return Reply::Text(status::bad_request, query.error());
  if (!*query) return Reply::Json(json::array());
  Planner planner(sim.timetable(), (*query)->modes, now);
  const auto journeys = planner.Plan(**query);
  return Reply::Json(ConnectionsJson(sim.timetable(), journeys));
}

Reply Catalogue(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  if (const auto hash = q.Get("hash"); hash && *hash == sim.catalogue_hash()) {
    return Reply::Json(json::object{{"hash", sim.catalogue_hash()}, {"stations", json::array()}});
  }
  return {status::ok, kMvgJson, {}, sim.catalogue_json()};
}

Reply Nearby(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  const auto lat = ParseDoubleParam(q.Get("latitude"), "getNearbyStations.latitude");
  const auto lon = ParseDoubleParam(q.Get("longitude"), "getNearbyStations.longitude");
  if (!lat) return Reply::Text(status::bad_request, lat.error());
  if (!lon) return Reply::Text(status::bad_request, lon.error());
  if (!*lat || !*lon)
    return Reply::Text(status::bad_request, "getNearbyStations: latitude and longitude are required");
  const LatLon here{**lat, **lon};
  std::vector<std::pair<double, StationIndex>> near;
  for (StationIndex i = 0; i < sim.network().stations().size(); ++i) {
    const double d = DistanceMeters(here, sim.network().station(i).position);
    if (d <= kNearbyRadiusMeters) near.emplace_back(d, i);
  }
  std::sort(near.begin(), near.end());
  if (near.size() > kNearbyMax) near.resize(kNearbyMax);
  json::array out;
  for (const auto& [d, i] : near)
    out.push_back(NearbyJson(sim.network().station(i), static_cast<int>(std::lround(d))));
  return Reply::Json(out);
}

Reply StationLines(Simulator& sim, http::Exchange& ex) {
  json::array out;
  const auto station = sim.network().Find(StationPartOf(PathParam(ex, "globalId")));
  if (!station) return Reply::Json(out);
  std::vector<const Line*> lines;
  for (const StopRef& ref : sim.network().station(*station).stops)
    lines.push_back(&sim.network().line(ref.line));
  for (const Line* l : DistinctLines(lines)) out.push_back(LineJson(*l));
  return Reply::Json(out);
}

Reply Messages(Simulator& sim, http::Exchange& ex) {
  const http::Query q(ex.query);
  return Reply::Json(MessagesJson(sim.network(), sim.seed(), sim.clock().NowMs(), q.Get("messageType")));
}

Reply ZdmStation(Simulator& sim, http::Exchange& ex) {
  const auto station = sim.network().Find(PathParam(ex, "globalId"));
  if (!station) {
    return {status::not_found, kMvgJson, R"({"status":404,"error":"Not Found"})", nullptr};
  }
  return Reply::Json(ZdmStationJson(sim.network().station(*station)));
}

Reply DeadPath(Simulator&, http::Exchange&) {
  return {status::ok, kHtml, std::string(kHtmlNotFound), nullptr};
}

}  // namespace

void RegisterApiRoutes(http::Router& router, Simulator& sim) {
  const auto api = [](std::string_view path) { return fmt::format("{}{}", kApiBase, path); };
  const auto bind = [&sim](Reply (*fn)(Simulator&, http::Exchange&)) {
    return [&sim, fn](http::Exchange& ex) { return fn(sim, ex); };
  };
  Route(router, api("/departures"), sim, Endpoint::kDepartures, bind(Departures));
  Route(router, api("/locations"), sim, Endpoint::kLocations, bind(Locations));
  Route(router, api("/routes"), sim, Endpoint::kRoutes, bind(Routes));
  Route(router, api("/stations"), sim, Endpoint::kStations, bind(Catalogue));
  Route(router, api("/stations/nearby"), sim, Endpoint::kNearby, bind(Nearby));
  Route(router, api("/lines"), sim, Endpoint::kLines, [&sim](http::Exchange&) {
    return Reply{status::ok, kMvgJson, {}, sim.lines_json()};
  });
  Route(router, api("/lines/{globalId}"), sim, Endpoint::kLines, bind(StationLines));
  Route(router, api("/messages"), sim, Endpoint::kMessages, bind(Messages));
  Route(router, "/.rest/zdm/stations", sim, Endpoint::kStations, [&sim](http::Exchange&) {
    return Reply{status::ok, kMvgJson, {}, sim.zdm_stations_json()};
  });
  Route(router, "/.rest/zdm/stations/{globalId}", sim, Endpoint::kZdmStation, bind(ZdmStation));
  // Dead paths (old fib/v2 API, typos) below /api and /.rest: the router has no wildcard, so
  // one template per depth (at most four parameters per route).
  for (const std::string_view prefix : {"/api", "/api/bgw-pt", "/api/bgw-pt/v3", "/.rest", "/.rest/zdm"}) {
    std::string path(prefix);
    for (int depth = 1; depth <= 4; ++depth) {
      path += fmt::format("/{{p{}}}", depth);
      Route(router, path, sim, Endpoint::kOther, bind(DeadPath));
    }
  }
}

}  // namespace bv::sim
