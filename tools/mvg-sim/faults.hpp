// Fault injection for the simulated MVG API: latency, error statuses, 429 with Retry-After,
// hangs, dropped connections, truncated JSON and HTML answers, for every endpoint or one.
// FaultState and Stats are thread-safe (a mutex held only to copy the settings; atomics).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "http/query.hpp"
#include "params.hpp"

namespace bv::sim {

// The upstream endpoints as /__sim/stats counts them and fault scopes name them.
enum class Endpoint : std::uint8_t {
  kDepartures,
  kLocations,
  kRoutes,
  kStations,
  kNearby,
  kLines,
  kMessages,
  kZdmStation,
  kOther
};
inline constexpr std::size_t kEndpointCount = 9;
std::string_view EndpointName(Endpoint e);  // "departures", ..., "zdm_station", "other"
std::optional<Endpoint> ParseEndpoint(std::string_view name);

struct Faults {
  std::optional<Endpoint> endpoint;  // nullopt: every upstream endpoint
  int latency_ms = 0;                // added before answering
  int jitter_ms = 0;                 // plus a uniform 0..jitter_ms
  double error_rate = 0;             // share of requests answered with error_status
  int error_status = 503;
  std::optional<int> retry_after;  // set: every request gets 429 with Retry-After: N
  bool hang = false;               // never answer (until cleared, at most 10 minutes)
  bool outage = false;             // close the connection without an answer
  bool malformed = false;          // 200 with the JSON body cut in half
  bool html = false;               // 200 with MVG's HTML error page

  bool Applies(Endpoint e) const { return !endpoint || *endpoint == e; }
};

// Reads fault settings from admin query parameters: latency_ms, jitter_ms, error_rate,
// error_status, rate_limit=1 (+ retry_after, default 5), hang=1, outage=1, malformed=1,
// html=1, endpoint=NAME|all. Anything not given is off.
ParamResult<Faults> ParseFaults(const http::Query& query);
boost::json::object FaultsJson(const Faults& faults);

enum class FaultAction { kNone, kError, kRateLimit, kHang, kOutage, kMalformed, kHtml };
struct FaultPlan {
  std::chrono::milliseconds delay{0};
  FaultAction action = FaultAction::kNone;
  int status = 0;       // kError: the status to answer with
  int retry_after = 0;  // kRateLimit: seconds for Retry-After
};

// What happens to one request to `e`, given two uniform numbers in [0, 1). When several
// faults are set the strongest wins: outage, hang, rate limit, error, HTML, malformed JSON.
FaultPlan PlanFault(const Faults& faults, Endpoint e, double u_error, double u_jitter);

class FaultState {
 public:
  explicit FaultState(std::uint64_t seed) : seed_(seed) {}
  Faults Get() const;
  void Set(const Faults& faults);
  void Clear() { Set(Faults{}); }
  // Bumped by every Set/Clear: a hanging request ends when it changes.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // The plan for the next request. The random draws follow the seed and the request order.
  FaultPlan Next(Endpoint e);

 private:
  mutable std::mutex mutex_;
  Faults faults_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::uint64_t> draws_{0};
  std::uint64_t seed_;
};

class Stats {
 public:
  void Count(Endpoint e) { counts_[static_cast<std::size_t>(e)].fetch_add(1, std::memory_order_relaxed); }
  void Reset();
  std::uint64_t count(Endpoint e) const {
    return counts_[static_cast<std::size_t>(e)].load(std::memory_order_relaxed);
  }
  // {"requests":{"departures":N,...,"other":N},"total":N}
  boost::json::object Json() const;

 private:
  std::array<std::atomic<std::uint64_t>, kEndpointCount> counts_{};
};

}  // namespace bv::sim
