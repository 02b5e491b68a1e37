// GET /api/v1/mvg/stations/search?query=|q=&limit= and GET /api/v1/mvg/stations/list
#include <fmt/format.h>

#include "api/cached_response.hpp"
#include "api/endpoint_params.hpp"
#include "api/mvg_endpoints.hpp"
#include "api/render.hpp"

namespace bv::api {

namespace asio = boost::asio;

asio::awaitable<void> MvgEndpoints::SearchStations(http::Exchange& ex) {
  const http::Query query(ex.query);
  Params params(query);
  const SearchParams read = ReadSearchParams(params);
  const std::string_view q = read.q;
  const int limit = read.limit;
  if (!params.ok()) {
    params.WriteError(ex.response);
    co_return;
  }
  // The answer echoes `q`, so the key keeps its case (only surrounding blanks are trimmed).
  fmt::memory_buffer key;
  fmt::format_to(std::back_inserter(key), "{}\x1f{}", q, limit);
  const std::string_view key_view(key.data(), key.size());
  if (auto fresh = search_.PeekFresh(key_view)) {
    WriteCached(ex, *fresh, cache::CacheStatus::kHit, clock_.Now());
    co_return;
  }
  cache::Fetcher fetch = [this, q = std::string(q), limit, ctx = CallContextOf(ex)] { return FetchSearch(q, limit, ctx); };
  co_await Serve(ex, search_, key_view, std::move(fetch));
}

asio::awaitable<cache::FetchOutcome> MvgEndpoints::FetchSearch(std::string query, int limit, mvg::CallContext ctx) {
  auto stations = co_await client_.SearchStations(query, std::move(ctx));
  if (!stations) co_return stations.error();
  if (stations->empty()) {
    co_return cache::Fill{cache::ValueKind::kNotFound, RenderDetail(fmt::format("No stations found for '{}'", query)),
                          nullptr};
  }
  if (stations->size() > static_cast<std::size_t>(limit)) stations->resize(static_cast<std::size_t>(limit));
  co_return cache::Fill{cache::ValueKind::kFound, RenderStationSearch(query, *stations), nullptr};
}

asio::awaitable<void> MvgEndpoints::ListStations(http::Exchange& ex) {
  // No parameters: like the original (FastAPI), unknown ones are ignored. The catalogue changes
  // rarely, so it is cached with the station-list TTLs (MVG_STATION_LIST_CACHE_TTL_SECONDS).
  constexpr std::string_view kKey = "all";
  if (auto fresh = station_list_.PeekFresh(kKey)) {
    WriteCached(ex, *fresh, cache::CacheStatus::kHit, clock_.Now());
    co_return;
  }
  cache::Fetcher fetch = [this, ctx = CallContextOf(ex)] { return FetchStationList(ctx); };
  co_await Serve(ex, station_list_, kKey, std::move(fetch));
}

asio::awaitable<cache::FetchOutcome> MvgEndpoints::FetchStationList(mvg::CallContext ctx) {
  auto stations = co_await client_.StationCatalogue(std::move(ctx));
  if (!stations) co_return stations.error();
  // An empty catalogue is an answer (200 []), as in the original, not a 404.
  co_return cache::Fill{cache::ValueKind::kFound, RenderStationList(*stations), nullptr};
}

}  // namespace bv::api
