#include "api/ops_summary.hpp"

#include <map>

#include <boost/json/value.hpp>

#include "http/json_response.hpp"
#include "obs/json_writer.hpp"

namespace bv::api {
namespace {

namespace json = boost::json;

template <typename M>
const obs::Family<M>* FamilyOf(const obs::Registry& registry, std::string_view name) {
  return dynamic_cast<const obs::Family<M>*>(registry.Find(name));
}

// Merges histogram children (e.g. all methods of a route) into one bucket vector.
struct MergedHistogram {
  std::span<const double> bounds;
  std::vector<std::uint64_t> counts;
  void Add(const obs::Histogram& h) {
    bounds = h.bounds();
    counts.resize(bounds.size() + 1, 0);
    for (std::size_t i = 0; i <= bounds.size(); ++i) counts[i] += h.BucketCount(i);
  }
  json::value QuantileMs(double q) const {
    const auto value = obs::HistogramQuantile(bounds, counts, q);
    return value ? json::value(*value * 1000.0) : json::value(nullptr);
  }
};

json::object Requests(const obs::Registry& registry) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> by_route;  // count, 5xx
  std::uint64_t total = 0, errors = 0;
  if (const auto* requests = FamilyOf<obs::Counter>(registry, "bahnvision_api_requests_total")) {
    requests->ForEach([&](const std::vector<std::string>& labels, const obs::Counter& c) {
      const bool error = labels[2].starts_with("5");
      total += c.Value();
      errors += error ? c.Value() : 0;
      auto& route = by_route[labels[0]];
      route.first += c.Value();
      route.second += error ? c.Value() : 0;
    });
  }
  std::map<std::string, MergedHistogram> latency;
  if (const auto* durations = FamilyOf<obs::Histogram>(registry, "bahnvision_api_request_duration_seconds")) {
    durations->ForEach([&](const std::vector<std::string>& labels, const obs::Histogram& h) { latency[labels[0]].Add(h); });
  }
  json::array routes;
  for (const auto& [route, counts] : by_route) {
    const auto it = latency.find(route);
    routes.push_back(json::object{{"route", route},
                                  {"count", counts.first},
                                  {"errors_5xx", counts.second},
                                  {"p95_ms", it == latency.end() ? json::value(nullptr) : it->second.QuantileMs(0.95)}});
  }
  double in_flight = 0;
  if (const auto* gauge = FamilyOf<obs::Gauge>(registry, "bahnvision_api_requests_in_flight")) {
    gauge->ForEach([&](const std::vector<std::string>&, const obs::Gauge& g) { in_flight = g.Value(); });
  }
  return {{"total", total}, {"errors_5xx", errors}, {"in_flight", static_cast<std::int64_t>(in_flight)},
          {"by_route", std::move(routes)}};
}

json::object Caches(const obs::Registry& registry) {
  std::map<std::string, std::map<std::string, std::uint64_t>> events;
  if (const auto* family = FamilyOf<obs::Counter>(registry, "bahnvision_cache_events_total")) {
    family->ForEach([&](const std::vector<std::string>& labels, const obs::Counter& c) {
      events[labels[0]][labels[1]] += c.Value();
    });
  }
  json::array by_cache;
  std::uint64_t served = 0, lookups = 0;
  for (auto& [cache, e] : events) {
    served += e["hit"] + e["stale_return"];
    lookups += e["hit"] + e["stale_return"] + e["miss"];
    by_cache.push_back(json::object{{"cache", cache},
                                    {"hit", e["hit"]},
                                    {"miss", e["miss"]},
                                    {"stale", e["stale_return"]},
                                    {"coalesced", e["coalesced"]},
                                    {"refresh_error", e["refresh_error"]}});
  }
  return {{"hit_ratio", lookups == 0 ? json::value(nullptr)
                                     : json::value(static_cast<double>(served) / static_cast<double>(lookups))},
          {"by_cache", std::move(by_cache)}};
}

json::object Mvg(const obs::Registry& registry) {
  std::uint64_t total = 0;
  json::object by_result;
  std::map<std::string, std::uint64_t> results;
  if (const auto* family = FamilyOf<obs::Counter>(registry, "bahnvision_mvg_requests_total")) {
    family->ForEach([&](const std::vector<std::string>& labels, const obs::Counter& c) {
      results[labels[1]] += c.Value();
      total += c.Value();
    });
  }
  for (const auto& [result, count] : results) by_result[result] = count;
  MergedHistogram latency;
  if (const auto* family = FamilyOf<obs::Histogram>(registry, "bahnvision_mvg_request_seconds")) {
    family->ForEach([&](const std::vector<std::string>&, const obs::Histogram& h) { latency.Add(h); });
  }
  json::array breakers;
  if (const auto* family = FamilyOf<obs::Gauge>(registry, "bahnvision_mvg_circuit_breaker_state")) {
    family->ForEach([&](const std::vector<std::string>& labels, const obs::Gauge& g) {
      const double v = g.Value();
      breakers.push_back(json::object{{"endpoint", labels[0]},
                                      {"state", v == 1 ? "open" : v == 2 ? "half_open" : "closed"}});
    });
  }
  return {{"requests", total},
          {"by_result", std::move(by_result)},
          {"latency_p50_ms", latency.QuantileMs(0.5)},
          {"latency_p95_ms", latency.QuantileMs(0.95)},
          {"breakers", std::move(breakers)}};
}

}  // namespace

std::string RenderOpsSummary(const OpsSummarySources& sources) {
  std::string valkey = "disabled", database = "disabled";
  for (const auto& [name, state] : sources.readiness.Evaluate().checks) {
    if (name == "valkey") valkey = state;
    if (name == "database") database = state;
  }
  const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - sources.started_at).count();
  return obs::WriteJson(json::object{{"version", sources.version},
                                      {"uptime_seconds", uptime},
                                      {"requests", Requests(sources.registry)},
                                      {"cache", Caches(sources.registry)},
                                      {"mvg", Mvg(sources.registry)},
                                      {"valkey", json::object{{"state", valkey}}},
                                      {"database", json::object{{"state", database}}}});
}

void RegisterOpsSummaryRoute(http::Router& router, OpsSummarySources sources) {
  router.Get("/api/v1/ops/summary", [sources](http::Exchange& ex) -> boost::asio::awaitable<void> {
    http::SetJson(ex.response, http::bhttp::status::ok, RenderOpsSummary(sources));
    ex.response.set(http::bhttp::field::cache_control, "no-store");
    co_return;
  });
}

}  // namespace bv::api
