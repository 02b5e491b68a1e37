// Turns a `station` argument into a Station: a global id ("de:09162:2") is looked up by id,
// anything else is resolved through MVG's station search (first match, as the original did).
// Both lookups are cached (by id with the station-list TTLs; by name with the search TTLs),
// including "not found". Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "cache/cache.hpp"
#include "model/station.hpp"
#include "mvg/client.hpp"

namespace bv::api {

struct Resolved {
  std::shared_ptr<const model::Station> station;  // null: no such station
  std::optional<cache::CacheError> error;         // set: MVG failed and nothing was cached
};

// The station part of a global id ("de:09162:6:1:1" -> "de:09162:6"); nullopt if `text` is
// not an id.
std::optional<std::string_view> StationIdOf(std::string_view text);

// The heap bytes a cached Station holds (Fill::object_bytes): its make_shared allocation and
// the buffers of its strings.
std::size_t StationBytes(const model::Station& station);
// The cache fill of a found station: its API JSON, with the Station as the structured form.
cache::Fill StationFill(model::Station station);

class StationResolver {
 public:
  StationResolver(mvg::Client& client, cache::CachePolicy by_id, cache::CachePolicy by_name, cache::CacheShared shared);

  boost::asio::awaitable<Resolved> Resolve(std::string text, mvg::CallContext ctx);

 private:
  boost::asio::awaitable<cache::FetchOutcome> FetchById(std::string id, mvg::CallContext ctx);
  boost::asio::awaitable<cache::FetchOutcome> FetchByName(std::string name, mvg::CallContext ctx);

  mvg::Client& client_;
  cache::Cache by_id_;
  cache::Cache by_name_;
};

}  // namespace bv::api
