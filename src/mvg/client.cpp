#include "mvg/client.hpp"

#include <ctime>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "model/time_text.hpp"
#include "mvg/mapping.hpp"
#include "mvg/retry_after.hpp"
#include "obs/upstream_rejections.hpp"

namespace bv::mvg {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using Kind = UpstreamError::Kind;

std::string_view ToString(UpstreamError::Kind kind) {
  switch (kind) {
    case Kind::kTimeout: return "timeout";
    case Kind::kConnect: return "connect_error";
    case Kind::kStatus5xx: return "server_error";
    case Kind::kStatus4xx: return "client_error";
    case Kind::kRateLimited: return "rate_limited";
    case Kind::kBreakerOpen: return "breaker_open";
    case Kind::kBadPayload: return "invalid_payload";
    case Kind::kOverloaded: return "overloaded";
  }
  return "unknown";
}

namespace {

// Query values: everything but unreserved characters, ':' and ',' is percent-encoded (MVG
// expects ids like de:09162:2 and comma lists verbatim, as its own website sends them).
void AppendParam(std::string& target, std::string_view key, std::string_view value) {
  target += target.find('?') == std::string::npos ? '?' : '&';
  target += key;
  target += '=';
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == ',') {
      target += static_cast<char>(c);
    } else {
      target += fmt::format("%{:02X}", c);
    }
  }
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += ',';
    joined += item;
  }
  return joined;
}

std::chrono::milliseconds JitteredBackoff(std::chrono::milliseconds base, int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  const double scaled = static_cast<double>(base.count()) * static_cast<double>(1 << (attempt - 1)) * jitter(rng);
  return std::chrono::milliseconds(static_cast<long long>(scaled));
}

TransportOptions TransportOptionsFrom(const ClientOptions& o) {
  TransportOptions t;
  const auto url = boost::urls::parse_absolute_uri(o.base_url);
  if (!url) throw std::invalid_argument("MVG base URL is not a URL: " + o.base_url);
  t.scheme = url->scheme();
  t.host = url->host();
  t.port = url->has_port() ? std::string(url->port()) : (t.scheme == "https" ? "443" : "80");
  t.connect_timeout = o.connect_timeout;
  t.user_agent = o.user_agent;
  t.max_connections = o.max_connections;
  t.max_pending = o.max_pending;
  return t;
}

}  // namespace

struct Client::Endpoint {
  std::string name;  // metric label
  obs::Family<obs::Counter>& requests;
  obs::Histogram& seconds;
  // Shields MVG (and our callers' latency) while this endpoint fails; see ClientOptions::breaker.
  std::unique_ptr<resilience::CircuitBreaker> breaker;
  void Count(std::string_view result) const { requests.WithLabels({std::string_view(name), result}).Inc(); }
};

Client::Client(ClientOptions options, obs::Registry& registry, const clock::Clock& clock)
    : options_(std::move(options)),
      transport_(TransportOptionsFrom(options_)),
      budget_(options_.retry_budget_ratio),
      requests_(registry.CounterFamily("bahnvision_mvg_requests_total",
                                       "HTTP calls to the MVG API (each attempt), by endpoint and result.",
                                       {"endpoint", "result"})),
      seconds_(registry.HistogramFamily("bahnvision_mvg_request_seconds",
                                        "Duration of HTTP calls to the MVG API (each attempt).", {"endpoint"})),
      breaker_state_(registry.GaugeFamily("bahnvision_mvg_circuit_breaker_state",
                                          "Circuit breaker per MVG endpoint: 0 closed, 1 open, 2 half-open.",
                                          {"endpoint"})),
      rejections_(obs::UpstreamRejections(registry)),
      rejected_connections_(rejections_.WithLabels({"mvg", "connections"})),
      rejected_pending_(rejections_.WithLabels({"mvg", "pending"})) {
  const auto url = boost::urls::parse_absolute_uri(options_.base_url);
  api_path_ = url->path();
  while (!api_path_.empty() && api_path_.back() == '/') api_path_.pop_back();
  // ZDM lives beside bgw-pt on the same host: https://www.mvg.de/.rest/zdm.
  constexpr std::string_view kApiSuffix = "/api/bgw-pt/v3";
  const std::string prefix = api_path_.ends_with(kApiSuffix) ? api_path_.substr(0, api_path_.size() - kApiSuffix.size()) : "";
  zdm_path_ = prefix + "/.rest/zdm";
  const auto make = [&](const char* name) {
    obs::Gauge& state = breaker_state_.WithLabels({name});
    state.Set(0);
    auto breaker = std::make_unique<resilience::CircuitBreaker>(
        options_.breaker, [&state](resilience::BreakerState s) { state.Set(static_cast<double>(s)); }, clock);
    return std::make_unique<Endpoint>(Endpoint{name, requests_, seconds_.WithLabels({name}), std::move(breaker)});
  };
  departures_ = make("departures");
  locations_ = make("locations");
  zdm_station_ = make("zdm_station");
  routes_ = make("routes");
  stations_ = make("stations");
}

Client::~Client() = default;

asio::awaitable<MvgResult<Client::Fetched>> Client::Fetch(const Endpoint& endpoint, std::string target, CallContext ctx,
                                                          bool not_found_ok) {
  const auto permit = endpoint.breaker->Acquire();
  if (!permit.allowed) {
    endpoint.Count("breaker_open");
    const auto wait = std::chrono::ceil<std::chrono::seconds>(permit.retry_after);
    co_return UpstreamError{Kind::kBreakerOpen, wait, fmt::format("{}: circuit breaker open", endpoint.name)};
  }
  // Exactly one outcome per permitted call, however the call ends (even if the frame is
  // destroyed at shutdown: then it counts as a failure).
  struct Outcome {
    resilience::CircuitBreaker& breaker;
    enum { kFailure, kSuccess, kHeld, kNotSent } kind = kFailure;
    std::chrono::seconds hold{0};
    ~Outcome() {
      if (kind == kSuccess) breaker.RecordSuccess();
      else if (kind == kHeld) breaker.HoldOpen(hold);
      else if (kind == kNotSent) breaker.Release();
      else breaker.RecordFailure();
    }
  } outcome{*endpoint.breaker};

  const auto deadline = Clock::now() + options_.total_timeout;
  budget_.OnCall();
  std::vector<std::pair<std::string, std::string>> headers;
  if (!ctx.traceparent.empty()) headers.emplace_back("traceparent", ctx.traceparent);

  for (int attempt = 1;; ++attempt) {
    const auto started = Clock::now();
    auto answer = co_await transport_.Get(target, headers, deadline);
    endpoint.seconds.Observe(std::chrono::duration<double>(Clock::now() - started).count());

    UpstreamError error{Kind::kConnect, {}, {}};
    bool retryable = false;
    if (!answer && answer.error().kind == TransportError::Kind::kLimited) {
      // Our own limit, not MVG failing: no breaker outcome, no retry, no MVG request counted.
      const auto& t = answer.error();
      (t.limit == "pending" ? rejected_pending_ : rejected_connections_).Inc();
      outcome.kind = Outcome::kNotSent;
      co_return UpstreamError{Kind::kOverloaded, std::chrono::seconds{1},
                              fmt::format("{} {}: {}", endpoint.name, target, t.detail)};
    }
    if (!answer) {
      const auto& t = answer.error();
      error.log_detail = t.detail;
      switch (t.kind) {
        case TransportError::Kind::kTimeout: error.kind = Kind::kTimeout; break;
        case TransportError::Kind::kProtocol: error.kind = Kind::kBadPayload; break;
        case TransportError::Kind::kLimited:  // handled above
        case TransportError::Kind::kConnect:
        case TransportError::Kind::kClosed:
          // The request never produced an answer; a GET may safely be sent again.
          error.kind = Kind::kConnect;
          retryable = true;
          break;
      }
    } else {
      const unsigned status = answer->status;
      if (status >= 200 && status < 300) {
        // MVG answers dead paths with its HTML 404 page and status 200.
        if (answer->content_type.find("json") == std::string::npos) {
          error = {Kind::kBadPayload, {}, fmt::format("HTTP {} with Content-Type '{}'", status, answer->content_type)};
        } else {
          last_call_.store(LastCall::kOk, std::memory_order_relaxed);
          outcome.kind = Outcome::kSuccess;
          co_return Fetched{status, std::move(answer->body)};  // counted by Decode()
        }
      } else if (status == 404 && not_found_ok) {
        endpoint.Count("not_found");
        outcome.kind = Outcome::kSuccess;
        co_return Fetched{status, std::move(answer->body)};
      } else if (status == 429 || status == 403 || status == 509) {
        const auto asked = ParseRetryAfter(answer->retry_after, std::chrono::system_clock::now());
        const auto retry_after = std::chrono::duration_cast<std::chrono::seconds>(
            ClampRetryAfter(asked.value_or(options_.default_retry_after), options_.retry_after_max));
        error = {Kind::kRateLimited, retry_after,
                 fmt::format("HTTP {} (Retry-After '{}')", status, answer->retry_after)};
      } else if (status >= 500) {
        error = {Kind::kStatus5xx, {}, fmt::format("HTTP {}", status)};
        retryable = status == 502 || status == 503 || status == 504;
      } else {
        error = {Kind::kStatus4xx, {}, fmt::format("HTTP {}: {}", status, answer->body.substr(0, 200))};
      }
    }
    endpoint.Count(ToString(error.kind));
    if (retryable && attempt < options_.max_attempts) {
      const auto backoff = JitteredBackoff(options_.backoff_base, attempt);
      if (Clock::now() + backoff < deadline && budget_.TryRetry()) {
        asio::steady_timer timer(co_await asio::this_coro::executor, backoff);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
    }
    error.log_detail = fmt::format("{} {} (attempt {}): {}", endpoint.name, target, attempt, error.log_detail);
    if (error.kind == Kind::kStatus4xx) {
      outcome.kind = Outcome::kSuccess;  // MVG is fine; it refused this request
    } else {
      last_call_.store(LastCall::kFailing, std::memory_order_relaxed);
      if (error.kind == Kind::kRateLimited) {
        // MVG said when to come back: no call to this endpoint before then, from this process
        // (the breaker) and, through the listener, from the other replicas.
        outcome.kind = Outcome::kHeld;
        outcome.hold = error.retry_after;
        if (on_rate_limited_) on_rate_limited_(endpoint.name, error.retry_after);
      }
    }
    co_return error;
  }
}

bool Client::HoldEndpoint(std::string_view endpoint, std::chrono::milliseconds hold) {
  for (Endpoint* e : {departures_.get(), locations_.get(), zdm_station_.get(), routes_.get(), stations_.get()}) {
    if (e->name != endpoint) continue;
    // The same cap as for a Retry-After this process received itself: a corrupt or hostile
    // hold from the fleet cannot keep us away from MVG longer than one from MVG could.
    e->breaker->HoldOpen(ClampRetryAfter(hold, options_.retry_after_max));
    return true;
  }
  return false;
}

std::vector<std::string_view> Client::EndpointNames() const {
  return {departures_->name, locations_->name, zdm_station_->name, routes_->name, stations_->name};
}

std::string_view Client::Health() const {
  switch (last_call_.load(std::memory_order_relaxed)) {
    case LastCall::kUnknown: return "unknown";
    case LastCall::kOk: return "ok";
    case LastCall::kFailing: return "failing";
  }
  return "unknown";
}

template <typename T>
MvgResult<T> Client::Decode(const Endpoint& endpoint, boost::system::result<T, std::string> mapped) {
  if (!mapped) {
    endpoint.Count("invalid_payload");
    return UpstreamError{Kind::kBadPayload, {}, endpoint.name + ": " + mapped.error()};
  }
  endpoint.Count("success");
  return std::move(*mapped);
}

asio::awaitable<MvgResult<std::vector<model::Departure>>> Client::Departures(std::string global_id, int limit,
                                                                              int offset_minutes,
                                                                              std::vector<std::string> transport_types,
                                                                              CallContext ctx) {
  std::string target = api_path_ + "/departures";
  AppendParam(target, "globalId", global_id);
  AppendParam(target, "limit", std::to_string(limit));
  AppendParam(target, "offsetInMinutes", std::to_string(offset_minutes));
  if (!transport_types.empty()) AppendParam(target, "transportTypes", Join(transport_types));
  auto fetched = co_await Fetch(*departures_, std::move(target), std::move(ctx), false);
  if (!fetched) co_return fetched.error();
  co_return Decode(*departures_, MapDepartures(fetched->body));
}

asio::awaitable<MvgResult<std::vector<model::Station>>> Client::SearchStations(std::string query, CallContext ctx) {
  std::string target = api_path_ + "/locations";
  AppendParam(target, "query", query);
  AppendParam(target, "locationTypes", "STATION");
  auto fetched = co_await Fetch(*locations_, std::move(target), std::move(ctx), false);
  if (!fetched) co_return fetched.error();
  co_return Decode(*locations_, MapLocations(fetched->body));
}

asio::awaitable<MvgResult<std::optional<model::Station>>> Client::StationById(std::string global_id, CallContext ctx) {
  std::string target = zdm_path_ + "/stations/";
  for (unsigned char c : global_id) {
    target += std::isalnum(c) || c == ':' || c == '-' || c == '.' || c == '_' ? std::string(1, static_cast<char>(c))
                                                                               : fmt::format("%{:02X}", c);
  }
  auto fetched = co_await Fetch(*zdm_station_, std::move(target), std::move(ctx), true);
  if (!fetched) co_return fetched.error();
  if (fetched->status == 404) co_return std::optional<model::Station>{};
  auto decoded = Decode(*zdm_station_, MapZdmStation(fetched->body));
  if (!decoded) co_return decoded.error();
  co_return std::optional<model::Station>(std::move(*decoded));
}

asio::awaitable<MvgResult<std::vector<model::Station>>> Client::StationCatalogue(CallContext ctx) {
  auto fetched = co_await Fetch(*stations_, api_path_ + "/stations", std::move(ctx), false);
  if (!fetched) co_return fetched.error();
  co_return Decode(*stations_, MapStationCatalogue(fetched->body));
}

asio::awaitable<MvgResult<std::vector<model::RoutePlan>>> Client::Routes(RouteQuery query, CallContext ctx) {
  std::string target = api_path_ + "/routes";
  AppendParam(target, "originStationGlobalId", query.origin_id);
  AppendParam(target, "destinationStationGlobalId", query.destination_id);
  const auto when = query.time.value_or(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  AppendParam(target, "routingDateTime", model::FormatMvgRoutingTime(std::chrono::floor<std::chrono::minutes>(when)));
  AppendParam(target, "routingDateTimeIsArrival", query.time_is_arrival ? "true" : "false");
  if (!query.transport_types.empty()) AppendParam(target, "transportTypes", Join(query.transport_types));
  auto fetched = co_await Fetch(*routes_, std::move(target), std::move(ctx), false);
  if (!fetched) co_return fetched.error();
  co_return Decode(*routes_, MapRoutes(fetched->body));
}

}  // namespace bv::mvg
