#include "api/station_resolver.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "api/params.hpp"
#include "api/render.hpp"
#include "cache/footprint.hpp"

namespace bv::api {

namespace asio = boost::asio;

std::optional<std::string_view> StationIdOf(std::string_view text) {
  // de:<district key, 2-5 digits>:<number>[:<stop point parts>]
  if (!text.starts_with("de:")) return std::nullopt;
  std::size_t pos = 3;
  const auto digits = [&](std::size_t min, std::size_t max) {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < max) ++pos;
    return pos - start >= min;
  };
  if (!digits(2, 5) || pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  if (!digits(1, 10)) return std::nullopt;
  if (pos < text.size() && text[pos] != ':') return std::nullopt;
  return text.substr(0, pos);
}

std::size_t StationBytes(const model::Station& station) {
  return cache::MakeSharedFootprint<model::Station>() + cache::HeapBytes(station.id) + cache::HeapBytes(station.name) +
         (station.place ? cache::HeapBytes(*station.place) : 0);
}

cache::Fill StationFill(model::Station station) {
  std::string body = RenderStation(station);
  const std::size_t bytes = StationBytes(station);
  auto object = std::make_shared<const model::Station>(std::move(station));
  return cache::Fill{cache::ValueKind::kFound, std::move(body), std::move(object), bytes};
}

namespace {

// The resolver caches keep the station as its API JSON, so that other replicas can rebuild it
// from the fleet tier.
cache::Decoded DecodeStation(std::string_view body) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  const auto* object = value.if_object();
  if (ec || !object) return {};
  const auto* id = object->if_contains("id");
  const auto* name = object->if_contains("name");
  const auto* place = object->if_contains("place");
  const auto* latitude = object->if_contains("latitude");
  const auto* longitude = object->if_contains("longitude");
  if (!id || !id->is_string() || !name || !name->is_string() || !latitude || !latitude->is_number() || !longitude ||
      !longitude->is_number()) {
    return {};
  }
  model::Station station;
  station.id = id->as_string();
  station.name = name->as_string();
  if (place && place->is_string()) station.place = std::string(place->as_string());
  station.latitude = latitude->to_number<double>();
  station.longitude = longitude->to_number<double>();
  const std::size_t bytes = StationBytes(station);
  return {std::make_shared<const model::Station>(std::move(station)), bytes};
}

cache::CachePolicy WithStationDecoder(cache::CachePolicy policy) {
  policy.decode = DecodeStation;
  return policy;
}

}  // namespace

StationResolver::StationResolver(mvg::Client& client, cache::CachePolicy by_id, cache::CachePolicy by_name,
                                 cache::CacheShared shared)
    : client_(client),
      by_id_(WithStationDecoder(std::move(by_id)), shared),
      by_name_(WithStationDecoder(std::move(by_name)), shared) {}

asio::awaitable<Resolved> StationResolver::Resolve(std::string text, mvg::CallContext ctx) {
  cache::Cache* cache = &by_name_;
  std::string key;
  cache::Fetcher fetch;
  if (const auto id = StationIdOf(text)) {
    cache = &by_id_;
    key = std::string(*id);
    fetch = [this, id = key, ctx] { return FetchById(id, ctx); };
  } else {
    fmt::memory_buffer folded;
    AppendFolded(folded, text);
    key.assign(folded.data(), folded.size());
    fetch = [this, text, ctx] { return FetchByName(text, ctx); };
  }
  auto served = co_await cache->Get(std::move(key), std::move(fetch));
  if (!served) co_return Resolved{nullptr, served.error()};
  co_return Resolved{std::static_pointer_cast<const model::Station>(served->value->object), std::nullopt};
}

asio::awaitable<cache::FetchOutcome> StationResolver::FetchById(std::string id, mvg::CallContext ctx) {
  auto station = co_await client_.StationById(id, std::move(ctx));
  if (!station) co_return station.error();
  if (!*station) co_return cache::Fill{cache::ValueKind::kNotFound, {}, nullptr};
  co_return StationFill(std::move(**station));
}

asio::awaitable<cache::FetchOutcome> StationResolver::FetchByName(std::string name, mvg::CallContext ctx) {
  auto stations = co_await client_.SearchStations(name, std::move(ctx));
  if (!stations) co_return stations.error();
  if (stations->empty()) co_return cache::Fill{cache::ValueKind::kNotFound, {}, nullptr};
  co_return StationFill(std::move(stations->front()));
}

}  // namespace bv::api
