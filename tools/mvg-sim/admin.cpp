#include "admin.hpp"

#include <boost/json/object.hpp>

#include "berlin_time.hpp"
#include "http/json_response.hpp"
#include "obs/json_writer.hpp"

namespace bv::sim {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::bhttp::status;

// Parameters come in the query string or, for a POST, as a form body.
std::string_view Parameters(const http::Exchange& ex) {
  if (!ex.query.empty() || ex.request == nullptr) return ex.query;
  return ex.req().body();
}

void Ok(http::Exchange& ex, const json::value& v) { http::SetJson(ex.response, status::ok, obs::WriteJson(v)); }

json::object ClockJson(Simulator& sim) {
  const std::int64_t now_ms = sim.clock().NowMs();
  return json::object{
      {"now_ms", now_ms}, {"now", FormatUtcIso(now_ms / 1000)}, {"frozen", sim.clock().frozen()}};
}

}  // namespace

void RegisterAdminRoutes(http::Router& router, Simulator& sim) {
  router.Get("/__sim/stats", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    Ok(ex, sim.stats().Json());
    co_return;
  });
  router.Add(http::Method::kPost, "/__sim/reset", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    sim.stats().Reset();
    sim.faults().Clear();
    Ok(ex, json::object{{"reset", true}});
    co_return;
  });
  router.Get("/__sim/faults", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    Ok(ex, FaultsJson(sim.faults().Get()));
    co_return;
  });
  router.Add(http::Method::kPost, "/__sim/faults", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    const http::Query q(Parameters(ex));
    const auto faults = q.valid() ? ParseFaults(q) : ParamResult<Faults>(std::string("malformed parameters"));
    if (!faults) {
      http::SetJsonError(ex.response, status::bad_request, faults.error());
      co_return;
    }
    sim.faults().Set(*faults);
    Ok(ex, FaultsJson(*faults));
  });
  router.Add(http::Method::kDelete, "/__sim/faults", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    sim.faults().Clear();
    Ok(ex, FaultsJson(sim.faults().Get()));
    co_return;
  });
  router.Get("/__sim/clock", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    Ok(ex, ClockJson(sim));
    co_return;
  });
  router.Add(http::Method::kPost, "/__sim/clock", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    const http::Query q(Parameters(ex));
    const auto now = q.Get("now");
    if (!now || *now == "real") {
      sim.clock().Unfreeze();
    } else if (const auto seconds = ParseUtcIso(*now)) {
      sim.clock().Freeze(*seconds * 1000);
    } else {
      http::SetJsonError(ex.response, status::bad_request,
                         "now: expected a UTC time like 2026-11-23T08:00:00Z or 'real'");
      co_return;
    }
    Ok(ex, ClockJson(sim));
  });
  router.Get("/__sim/info", [&sim](http::Exchange& ex) -> asio::awaitable<void> {
    std::size_t graph = 0;
    std::size_t lines = 0;
    for (const Station& s : sim.network().stations()) graph += s.on_graph ? 1 : 0;
    for (const Line& l : sim.network().lines()) lines += l.synthetic ? 0 : 1;
    Ok(ex, json::object{{"seed", sim.seed()},
                        {"stations", sim.network().stations().size()},
                        {"graph_stations", graph},
                        {"lines", lines}});
    co_return;
  });
}

}  // namespace bv::sim
