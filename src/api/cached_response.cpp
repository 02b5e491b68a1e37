#include "api/cached_response.hpp"

#include <charconv>

#include <fmt/format.h>

#include "http/json_response.hpp"
#include "model/http_date.hpp"

namespace bv::api {
namespace {

namespace bhttp = boost::beast::http;
using std::chrono::duration_cast;
using std::chrono::seconds;

long long SecondsBetween(cache::SysTime from, cache::SysTime to) {
  return std::max<long long>(0, duration_cast<seconds>(to - from).count());
}

// RFC 9110 13.1.2: If-None-Match uses weak comparison; "*" matches any current representation.
bool MatchesIfNoneMatch(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

void SetNumber(http::Response& res, bhttp::field field, long long value) {
  char text[24];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  res.set(field, std::string_view(text, static_cast<std::size_t>(end - text)));
}

// What MVG contributed to an answer served from the cache (docs/operations/logging.md).
std::string_view MvgStatusOf(cache::CacheStatus status) {
  switch (status) {
    case cache::CacheStatus::kHit: return {};                 // no MVG call involved
    case cache::CacheStatus::kMiss: return "success";         // fetched for this request
    case cache::CacheStatus::kStaleRefresh: return "refreshing";
    case cache::CacheStatus::kStale: return "failing";        // stale-if-error
  }
  return {};
}

// RFC 9211 Cache-Status: how this answer relates to our cache, for clients and shared caches
// that want more than X-Cache-Status (kept for the original's clients).
void SetCacheStatus(http::Response& res, cache::CacheStatus status, const cache::CachedValue& value, cache::SysTime now) {
  fmt::basic_memory_buffer<char, 96> text;
  const auto out = std::back_inserter(text);
  // ttl: seconds of freshness left, negative once stale (RFC 9211 2.4).
  const long long ttl = duration_cast<seconds>(value.fresh_until - now).count();
  switch (status) {
    case cache::CacheStatus::kHit: fmt::format_to(out, "BahnVision; hit; ttl={}", ttl); break;
    case cache::CacheStatus::kMiss: fmt::format_to(out, "BahnVision; fwd=miss; stored"); break;
    case cache::CacheStatus::kStaleRefresh:
      fmt::format_to(out, "BahnVision; hit; ttl={}; detail=revalidating", ttl);
      break;
    case cache::CacheStatus::kStale:
      fmt::format_to(out, "BahnVision; fwd=stale; ttl={}; detail=mvg-unavailable", ttl);
      break;
  }
  res.set("Cache-Status", std::string_view(text.data(), text.size()));
}

// If-Modified-Since (RFC 9110 13.1.3): only without If-None-Match, which takes precedence; a
// date we cannot read is ignored.
bool NotModifiedSince(const http::Exchange& ex, cache::SysTime fetched_at) {
  const auto& req = ex.req();
  if (req.find(bhttp::field::if_none_match) != req.end()) return false;
  const auto header = req.find(bhttp::field::if_modified_since);
  if (header == req.end()) return false;
  const auto since = model::ParseHttpDate(header->value());
  return since && std::chrono::floor<seconds>(fetched_at) <= *since;
}

}  // namespace

void WriteCached(http::Exchange& ex, const cache::CachedValue& value, cache::CacheStatus status, cache::SysTime now) {
  ex.cache_status = cache::ToString(status);
  ex.mvg_status = MvgStatusOf(status);
  http::Response& res = ex.response;
  const bool found = value.kind == cache::ValueKind::kFound;
  res.set("X-Cache-Status", cache::ToString(status));
  SetNumber(res, bhttp::field::age, SecondsBetween(value.fetched_at, now));
  // When MVG produced this data (the same on every replica: fetched_at travels with the entry).
  model::HttpDateBuffer last_modified;
  res.set(bhttp::field::last_modified, model::FormatHttpDate(value.fetched_at, last_modified));
  SetCacheStatus(res, status, value, now);
  res.set(bhttp::field::etag, value.etag);
  // max-age is what is left of the fresh time; the stale window is what clients (and shared
  // caches) may use for stale-while-revalidate and stale-if-error.
  fmt::basic_memory_buffer<char, 128> cache_control;
  fmt::format_to(std::back_inserter(cache_control), "public, max-age={}", SecondsBetween(now, value.fresh_until));
  if (found) {
    const long long stale_window = SecondsBetween(value.fresh_until, value.stale_until);
    fmt::format_to(std::back_inserter(cache_control), ", stale-while-revalidate={}, stale-if-error={}", stale_window,
                   stale_window);
  }
  res.set(bhttp::field::cache_control, std::string_view(cache_control.data(), cache_control.size()));

  const auto if_none_match = ex.req().find(bhttp::field::if_none_match);
  const bool etag_matches = if_none_match != ex.req().end() && MatchesIfNoneMatch(if_none_match->value(), value.etag);
  if (found && (etag_matches || NotModifiedSince(ex, value.fetched_at))) {
    res.result(bhttp::status::not_modified);
    res.body().Clear();
    return;
  }
  res.result(found ? bhttp::status::ok : bhttp::status::not_found);
  res.set(bhttp::field::content_type, http::kJsonContentType);
  res.body().Share(value.body);
}

void WriteCacheError(http::Exchange& ex, const cache::CacheError& error) {
  using Kind = mvg::UpstreamError::Kind;
  http::Response& res = ex.response;
  bhttp::status status = bhttp::status::service_unavailable;
  std::string_view detail;
  long long retry_after = 5;
  ex.cache_status = "error";
  ex.mvg_status = error.kind == cache::CacheError::Kind::kWaitTimeout    ? std::string_view("wait_timeout")
                  : error.kind == cache::CacheError::Kind::kShuttingDown ? std::string_view("shutdown")
                                                                         : mvg::ToString(error.upstream.kind);
  if (error.kind == cache::CacheError::Kind::kShuttingDown) {
    // Another replica can answer at once: this one is going away.
    detail = "The service is shutting down and no cached copy is available; retry on another replica";
    retry_after = 1;
  } else if (error.kind == cache::CacheError::Kind::kWaitTimeout) {
    detail = "MVG is slow to answer and no cached copy is available; try again shortly";
    retry_after = 2;
  } else {
    switch (error.upstream.kind) {
      case Kind::kRateLimited:
        detail = "MVG is rate limiting requests and no cached copy is available";
        retry_after = std::max<long long>(1, error.upstream.retry_after.count());
        break;
      case Kind::kBreakerOpen:
        detail = "MVG is unavailable (circuit open) and no cached copy is available";
        retry_after = std::max<long long>(1, error.upstream.retry_after.count());
        break;
      case Kind::kOverloaded:
        detail = "Too many MVG requests are in progress on this replica (MVG connection limit) and no cached copy "
                 "is available";
        retry_after = std::max<long long>(1, error.upstream.retry_after.count());
        break;
      case Kind::kTimeout: detail = "MVG did not answer in time and no cached copy is available"; break;
      case Kind::kConnect: detail = "MVG is unreachable and no cached copy is available"; break;
      case Kind::kStatus5xx:
        status = bhttp::status::bad_gateway;
        detail = "MVG failed to answer and no cached copy is available";
        break;
      case Kind::kStatus4xx:
        status = bhttp::status::bad_gateway;
        detail = "MVG refused the request";
        break;
      case Kind::kBadPayload:
        status = bhttp::status::bad_gateway;
        detail = "MVG sent an invalid answer and no cached copy is available";
        break;
    }
  }
  http::SetJsonError(res, status, detail);
  SetNumber(res, bhttp::field::retry_after, retry_after);
  res.set(bhttp::field::cache_control, "no-store");
}

}  // namespace bv::api
