// Client of the MVG API (bgw-pt v3 and ZDM; ../shared/mvg/API.md), or of mvg-sim when
// MVG_BASE_URL points at it. Guarantees: one total deadline per call, retries only for
// connection failures and 502/503/504 within a retry budget (jittered backoff, never for 4xx or
// timeouts), 429/403/509 reported as rate limited with their Retry-After, a 200 that is not
// JSON reported as a bad payload. Every HTTP attempt is counted in
// bahnvision_mvg_requests_total{endpoint,result} and bahnvision_mvg_request_seconds{endpoint}.
// Thread-safe; calls may run concurrently from any executor.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "model/departure.hpp"
#include "model/route.hpp"
#include "model/station.hpp"
#include "mvg/retry_after.hpp"
#include "mvg/retry_budget.hpp"
#include "mvg/transport.hpp"
#include "mvg/upstream_error.hpp"
#include "obs/metrics.hpp"
#include "resilience/circuit_breaker.hpp"

namespace bv::mvg {

struct ClientOptions {
  std::string base_url = "https://www.mvg.de/api/bgw-pt/v3";
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{3}};
  std::chrono::milliseconds total_timeout{std::chrono::seconds{8}};  // per call, retries included
  int max_attempts = 3;
  double retry_budget_ratio = 0.2;
  std::chrono::milliseconds backoff_base{100};
  std::string user_agent = "BahnVision";
  // Rate limited without Retry-After: back off this long.
  std::chrono::seconds default_retry_after{30};
  // The longest hold one Retry-After can cause, here and (through MvgHoldSharing) in the fleet.
  std::chrono::seconds retry_after_max{kDefaultRetryAfterMax};
  // One breaker per endpoint (bahnvision_mvg_circuit_breaker_state{endpoint}): opens when half
  // of the last 20 calls (at least 5) failed, stays open this long, then lets up to 3 probes
  // through at a time (the first success closes it).
  // A 429/403/509 holds it open for the Retry-After MVG gave.
  resilience::BreakerOptions breaker{20, 5, 0.5, std::chrono::seconds{30}, 3};
  // Per io_context (worker): open connections to MVG and calls waiting for one (0: no limit).
  // Beyond them a call fails at once as kOverloaded, counted in
  // bahnvision_upstream_rejections_total{upstream="mvg",limit}; it is not an MVG failure.
  std::size_t max_connections = 0;
  std::size_t max_pending = 0;
};

// What the caller forwards from its own request.
struct CallContext {
  std::string traceparent;  // W3C trace context, forwarded as is when non-empty
};

struct RouteQuery {
  std::string origin_id;
  std::string destination_id;
  std::optional<model::TimePoint> time;  // default: now
  bool time_is_arrival = false;
  std::vector<std::string> transport_types;  // MVG codes; empty = all
};

template <typename T>
using MvgResult = boost::system::result<T, UpstreamError>;

class Client {
 public:
  // `clock` (read by the endpoint breakers) must outlive the client.
  Client(ClientOptions options, obs::Registry& registry, const clock::Clock& clock = clock::SystemClock::Instance());
  ~Client();

  boost::asio::awaitable<MvgResult<std::vector<model::Departure>>> Departures(
      std::string global_id, int limit, int offset_minutes, std::vector<std::string> transport_types, CallContext ctx);
  // Stations matching `query`, best first (MVG's order).
  boost::asio::awaitable<MvgResult<std::vector<model::Station>>> SearchStations(std::string query, CallContext ctx);
  // nullopt: MVG does not know the id.
  boost::asio::awaitable<MvgResult<std::optional<model::Station>>> StationById(std::string global_id, CallContext ctx);
  // The full station catalogue (GET /stations; about 44,000 stations, ~13 MiB from MVG).
  boost::asio::awaitable<MvgResult<std::vector<model::Station>>> StationCatalogue(CallContext ctx);
  boost::asio::awaitable<MvgResult<std::vector<model::RoutePlan>>> Routes(RouteQuery query, CallContext ctx);

  // How the last call ended: "unknown" (none yet), "ok", or "failing" (for readiness; MVG
  // failing does not make this service unready, it serves cached copies).
  std::string_view Health() const;

  // Closes the pooled idle connections. Shutdown calls it after the io_contexts stopped and
  // before they are destroyed; the Client itself must outlive the contexts (a call abandoned
  // at shutdown records its outcome on a breaker when its frame is destroyed).
  void CloseConnections() { transport_.CloseIdle(); }

  // Rate limits seen by other replicas (app/mvg_hold_sharing): MVG told one of us to come back
  // later, so no replica calls `endpoint` before then. Holds that endpoint's breaker open for
  // `hold`, cut to retry_after_max (mvg/retry_after.hpp); false for an unknown endpoint name.
  bool HoldEndpoint(std::string_view endpoint, std::chrono::milliseconds hold);
  // Called (on the calling coroutine's thread) each time MVG rate-limits a call, with the
  // endpoint name and the Retry-After it gave. Set before the first call.
  using RateLimitListener = std::function<void(std::string_view endpoint, std::chrono::seconds retry_after)>;
  void OnRateLimited(RateLimitListener listener) { on_rate_limited_ = std::move(listener); }
  // The endpoint names used in metrics, holds and OnRateLimited.
  std::vector<std::string_view> EndpointNames() const;

 private:
  struct Endpoint;
  struct Fetched {
    unsigned status;
    std::string body;
  };
  // One logical call: attempts, retries, metrics. `not_found_ok`: a 404 is an answer, not an error.
  boost::asio::awaitable<MvgResult<Fetched>> Fetch(const Endpoint& endpoint, std::string target, CallContext ctx,
                                                   bool not_found_ok);
  template <typename T>
  MvgResult<T> Decode(const Endpoint& endpoint, boost::system::result<T, std::string> mapped);

  ClientOptions options_;
  Transport transport_;
  RetryBudget budget_;
  std::string api_path_;  // "/api/bgw-pt/v3"
  std::string zdm_path_;  // "/.rest/zdm"
  obs::Family<obs::Counter>& requests_;
  obs::Family<obs::Histogram>& seconds_;
  obs::Family<obs::Gauge>& breaker_state_;
  obs::Family<obs::Counter>& rejections_;  // bahnvision_upstream_rejections_total{upstream,limit}
  obs::Counter& rejected_connections_;
  obs::Counter& rejected_pending_;
  std::unique_ptr<Endpoint> departures_, locations_, zdm_station_, routes_, stations_;
  enum class LastCall { kUnknown, kOk, kFailing };
  std::atomic<LastCall> last_call_{LastCall::kUnknown};
  RateLimitListener on_rate_limited_;
};

}  // namespace bv::mvg
