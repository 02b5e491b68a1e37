#include "api/station_stats.hpp"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "api/cached_response.hpp"
#include "api/endpoint_params.hpp"
#include "api/params.hpp"
#include "api/render.hpp"
#include "http/json_response.hpp"
#include "model/time_text.hpp"
#include "obs/json_writer.hpp"
#include "store/station_stats.hpp"

namespace bv::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace bhttp = boost::beast::http;

json::value OrNull(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

void AddFigures(json::object& o, const store::StatsFigures& f) {
  o["departures"] = f.departures;
  o["cancellations"] = f.cancellations;
  o["on_time_share"] = OrNull(f.on_time_share);
  o["mean_delay_minutes"] = OrNull(f.mean_delay_minutes);
  o["p90_delay_minutes"] = OrNull(f.p90_delay_minutes);
}

std::string RenderStats(const store::StationStats& s) {
  json::object summary;
  AddFigures(summary, s.total);
  json::array lines;
  for (const auto& l : s.by_line) {
    json::object o{{"line", l.line}, {"transport_type", l.transport_type}};
    AddFigures(o, l.figures);
    lines.push_back(std::move(o));
  }
  json::array hours;
  for (const auto& h : s.by_hour) {
    json::object o{{"hour", h.hour}};
    AddFigures(o, h.figures);
    hours.push_back(std::move(o));
  }
  using model::FormatRfc3339Utc;
  using model::TimePoint;
  return obs::WriteJson(json::object{{"station", StationJson(s.station)},
                                     {"hours", s.hours},
                                     {"from", FormatRfc3339Utc(TimePoint{std::chrono::seconds{s.from_s}})},
                                     {"to", FormatRfc3339Utc(TimePoint{std::chrono::seconds{s.to_s}})},
                                     {"summary", std::move(summary)},
                                     {"by_line", std::move(lines)},
                                     {"by_hour", std::move(hours)}});
}

constexpr std::chrono::seconds kQueueFullRetryAfter{1};

// The fetch's way of saying "the read-query queue was full" (see Fetch).
bool IsQueueFull(const cache::CacheError& e) {
  return e.kind == cache::CacheError::Kind::kUpstream && e.upstream.kind == mvg::UpstreamError::Kind::kOverloaded;
}

void WriteUnavailable(http::Exchange& ex, std::string_view detail, std::chrono::seconds retry_after = std::chrono::seconds{5}) {
  http::SetJsonError(ex.response, bhttp::status::service_unavailable, detail);
  ex.response.set(bhttp::field::retry_after, std::to_string(retry_after.count()));
  ex.response.set(bhttp::field::cache_control, "no-store");
}

}  // namespace

StationStatsEndpoint::StationStatsEndpoint(store::QueryPool* pool, cache::CachePolicy policy, cache::CacheShared shared)
    : pool_(pool), clock_(shared.clock), cache_(std::move(policy), shared) {}

void StationStatsEndpoint::Register(http::Router& router) {
  router.Get("/api/v1/mvg/stations/{station_id}/stats", [this](http::Exchange& ex) { return Stats(ex); });
}

asio::awaitable<void> StationStatsEndpoint::Stats(http::Exchange& ex) {
  const http::Query query(ex.query);
  Params params(query);
  std::string decoded;
  const StatsParams read = ReadStatsParams(params, ex.params.Get("station_id"), decoded);
  const int hours = read.hours;
  if (!params.ok()) {
    params.WriteError(ex.response);
    co_return;
  }
  if (pool_ == nullptr) {
    WriteUnavailable(ex, "Station history is not available: persistence is off");
    co_return;
  }
  std::string station_id(read.station_id);
  const std::string key = fmt::format("{}\x1f{}", station_id, hours);
  if (auto fresh = cache_.PeekFresh(key)) {
    WriteCached(ex, *fresh, cache::CacheStatus::kHit, clock_.Now());
    co_return;
  }
  // A named Fetcher, not a lambda inside co_await (docs/development.md, GCC 12 pitfall 1).
  cache::Fetcher fetch = [this, station_id, hours] { return Fetch(station_id, hours); };
  auto served = co_await cache_.Get(key, std::move(fetch));
  if (!served && served.error().kind == cache::CacheError::Kind::kShuttingDown) {
    WriteUnavailable(ex, "The service is shutting down and no cached copy is available; retry on another replica",
                     std::chrono::seconds{1});
    co_return;
  }
  if (!served && IsQueueFull(served.error())) {
    WriteUnavailable(ex, "The station history database (PostgreSQL) has too many queries waiting; try again shortly",
                     kQueueFullRetryAfter);
    co_return;
  }
  if (!served) {
    WriteUnavailable(ex, "The station history store is unavailable and no cached copy exists; try again shortly");
    co_return;
  }
  WriteCached(ex, *served->value, served->status, clock_.Now());
}

asio::awaitable<cache::FetchOutcome> StationStatsEndpoint::Fetch(std::string station_id, int hours) {
  auto stats = co_await store::LoadStationStats(*pool_, station_id, hours);
  if (!stats && stats.error().rejected) {
    // Shed load, not a failure: a stale copy is still served, and the retry waits a moment.
    co_return mvg::UpstreamError{mvg::UpstreamError::Kind::kOverloaded, kQueueFullRetryAfter, stats.error().message};
  }
  if (!stats) co_return mvg::UpstreamError{mvg::UpstreamError::Kind::kConnect, {}, stats.error().message};
  if (!*stats) {
    co_return cache::Fill{cache::ValueKind::kNotFound,
                          RenderDetail(fmt::format("Station '{}' has no recorded history", station_id)), nullptr};
  }
  co_return cache::Fill{cache::ValueKind::kFound, RenderStats(**stats), nullptr};
}

}  // namespace bv::api
