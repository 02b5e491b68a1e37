// GET /api/v1/mvg/routes/plan?origin=&destination=&departure_time=|arrival_time=&transport_type=
#include <fmt/format.h>

#include "api/cached_response.hpp"
#include "api/endpoint_params.hpp"
#include "api/mvg_endpoints.hpp"
#include "api/render.hpp"

namespace bv::api {

namespace asio = boost::asio;

asio::awaitable<void> MvgEndpoints::PlanRoutes(http::Exchange& ex) {
  const http::Query query(ex.query);
  Params params(query);
  RouteRequest request;
  const PlanParams read = ReadPlanParams(params);
  const std::string_view origin = read.origin, destination = read.destination;
  const auto& departure_time = read.departure_time;
  const auto& arrival_time = read.arrival_time;
  request.types = read.types;
  if (!params.ok()) {
    params.WriteError(ex.response);
    co_return;
  }
  ex.station.Set(origin);
  request.arrive_by = arrival_time.has_value();
  // MVG plans by the minute; keying by the minute lets clients that send seconds share entries.
  if (departure_time || arrival_time) {
    request.time = std::chrono::floor<std::chrono::minutes>(departure_time ? *departure_time : *arrival_time);
  }
  fmt::memory_buffer key;
  AppendFolded(key, origin);
  key.push_back('\x1f');
  AppendFolded(key, destination);
  fmt::format_to(std::back_inserter(key), "\x1f{}{}\x1f{}", request.arrive_by ? 'a' : 'd',
                 request.time ? request.time->time_since_epoch().count() : -1, request.types);
  const std::string_view key_view(key.data(), key.size());
  if (auto fresh = routes_.PeekFresh(key_view)) {
    WriteCached(ex, *fresh, cache::CacheStatus::kHit, clock_.Now());
    co_return;
  }
  request.origin = std::string(origin);
  request.destination = std::string(destination);
  cache::Fetcher fetch = [this, request, ctx = CallContextOf(ex)] { return FetchRoutes(request, ctx); };
  co_await Serve(ex, routes_, key_view, std::move(fetch));
}

asio::awaitable<cache::FetchOutcome> MvgEndpoints::FetchRoutes(RouteRequest request, mvg::CallContext ctx) {
  const auto upstream_error = [](const cache::CacheError& e) {
    return e.kind == cache::CacheError::Kind::kUpstream
               ? e.upstream
               : mvg::UpstreamError{mvg::UpstreamError::Kind::kTimeout, {}, "station lookup wait timed out"};
  };
  auto origin = co_await resolver_.Resolve(request.origin, ctx);
  if (origin.error) co_return upstream_error(*origin.error);
  auto destination = co_await resolver_.Resolve(request.destination, ctx);
  if (destination.error) co_return upstream_error(*destination.error);
  for (const auto* side : {&origin, &destination}) {
    if (!side->station) {
      const std::string& text = side == &origin ? request.origin : request.destination;
      co_return cache::Fill{cache::ValueKind::kNotFound, RenderDetail(fmt::format("Station '{}' not found", text)),
                            nullptr};
    }
  }
  mvg::RouteQuery query;
  query.origin_id = origin.station->id;
  query.destination_id = destination.station->id;
  query.time = request.time;
  query.time_is_arrival = request.arrive_by;
  query.transport_types = MvgFilterCodes(request.types);
  model::RouteSnapshotInfo snapshot{*origin.station, *destination.station, query.time, query.time_is_arrival,
                                    query.transport_types};
  auto plans = co_await client_.Routes(std::move(query), std::move(ctx));
  if (!plans) co_return plans.error();
  if (observations_) observations_->OnRoutes(snapshot, *plans, clock_.Now());
  if (plans->empty()) {
    co_return cache::Fill{cache::ValueKind::kNotFound,
                          RenderDetail(fmt::format("No route found from '{}' to '{}'", origin.station->name,
                                                   destination.station->name)),
                          nullptr};
  }
  co_return cache::Fill{cache::ValueKind::kFound, RenderRoutePlans(*origin.station, *destination.station, *plans),
                        nullptr};
}

}  // namespace bv::api
