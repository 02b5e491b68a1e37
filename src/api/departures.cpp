// GET /api/v1/mvg/departures?station=&limit=&offset=&transport_type=
#include <algorithm>

#include <fmt/format.h>

#include "api/cached_response.hpp"
#include "api/endpoint_params.hpp"
#include "api/mvg_endpoints.hpp"
#include "api/render.hpp"

namespace bv::api {

namespace asio = boost::asio;

asio::awaitable<void> MvgEndpoints::Departures(http::Exchange& ex) {
  const http::Query query(ex.query);
  Params params(query);
  const DeparturesParams read = ReadDeparturesParams(params);
  const std::string_view station = read.station;
  const int limit = read.limit, offset = read.offset;
  const TypeSet types = read.types;
  if (!params.ok()) {
    params.WriteError(ex.response);
    co_return;
  }
  ex.station.Set(station);
  fmt::memory_buffer key;
  AppendFolded(key, station);
  fmt::format_to(std::back_inserter(key), "\x1f{}\x1f{}\x1f{}", limit, offset, types);
  const std::string_view key_view(key.data(), key.size());
  if (auto fresh = departures_.PeekFresh(key_view)) {
    WriteCached(ex, *fresh, cache::CacheStatus::kHit, clock_.Now());
    co_return;
  }
  cache::Fetcher fetch = [this, station = std::string(station), limit, offset, types, ctx = CallContextOf(ex)] {
    return FetchDepartures(station, limit, offset, types, ctx);
  };
  co_await Serve(ex, departures_, key_view, std::move(fetch));
}

asio::awaitable<cache::FetchOutcome> MvgEndpoints::FetchDepartures(std::string station_text, int limit, int offset,
                                                                   TypeSet types, mvg::CallContext ctx) {
  auto resolved = co_await resolver_.Resolve(station_text, ctx);
  if (resolved.error) {
    if (resolved.error->kind == cache::CacheError::Kind::kUpstream) co_return resolved.error->upstream;
    co_return mvg::UpstreamError{mvg::UpstreamError::Kind::kTimeout, {}, "station lookup wait timed out"};
  }
  if (!resolved.station) {
    co_return cache::Fill{cache::ValueKind::kNotFound, RenderDetail(fmt::format("Station '{}' not found", station_text)),
                          nullptr};
  }
  // SEV is not an MVG filter (MVG answers 400): replacement buses carry the `sev` flag, so a
  // filter including SEV asks MVG for more departures and keeps the flagged ones here.
  const bool sev = Contains(types, model::TransportType::kSev);
  std::vector<std::string> codes = MvgFilterCodes(types);
  const bool sev_only = sev && codes.empty();
  if (sev && !sev_only) codes.emplace_back("BUS");
  auto departures =
      co_await client_.Departures(resolved.station->id, sev ? 100 : limit, offset, std::move(codes), std::move(ctx));
  if (!departures) co_return departures.error();
  if (observations_) observations_->OnDepartures(*resolved.station, *departures, clock_.Now());
  if (sev) {
    const TypeSet others = types & ~(1u << static_cast<unsigned>(model::TransportType::kSev));
    std::erase_if(*departures, [&](const model::Departure& d) {
      const auto type = model::ParseTransportType(d.transport_type);
      const bool wanted_type = type && Contains(others, *type);
      return !(d.sev || wanted_type);
    });
    if (departures->size() > static_cast<std::size_t>(limit)) departures->resize(static_cast<std::size_t>(limit));
  }
  co_return cache::Fill{cache::ValueKind::kFound, RenderDepartures(*resolved.station, *departures), nullptr};
}

}  // namespace bv::api
