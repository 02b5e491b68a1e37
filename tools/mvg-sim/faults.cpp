#include "faults.hpp"

#include <fmt/format.h>

#include "hash.hpp"

namespace bv::sim {
namespace {

constexpr std::array<std::string_view, kEndpointCount> kEndpointNames = {
    "departures", "locations", "routes", "stations", "nearby", "lines", "messages", "zdm_station", "other"};

constexpr int kMaxLatencyMs = 10 * 60 * 1000;
constexpr int kDefaultRetryAfter = 5;

ParamResult<int> BoundedInt(const http::Query& q, std::string_view name, int fallback, int low, int high) {
  const auto value = ParseIntParam(q.Get(name), fallback, name);
  if (!value) return value.error();
  if (*value < low || *value > high) return fmt::format("{}: must be from {} to {}", name, low, high);
  return static_cast<int>(*value);
}

}  // namespace

std::string_view EndpointName(Endpoint e) { return kEndpointNames[static_cast<std::size_t>(e)]; }

std::optional<Endpoint> ParseEndpoint(std::string_view name) {
  for (std::size_t i = 0; i < kEndpointCount; ++i) {
    if (kEndpointNames[i] == name) return static_cast<Endpoint>(i);
  }
  return std::nullopt;
}

ParamResult<Faults> ParseFaults(const http::Query& q) {
  Faults f;
  if (const auto scope = q.Get("endpoint"); scope && !scope->empty() && *scope != "all") {
    f.endpoint = ParseEndpoint(*scope);
    if (!f.endpoint) {
      return fmt::format(
          "endpoint: unknown '{}' (departures, locations, routes, stations, nearby, lines, "
          "messages, zdm_station, other or all)",
          *scope);
    }
  }
  const auto latency = BoundedInt(q, "latency_ms", 0, 0, kMaxLatencyMs);
  if (!latency) return latency.error();
  f.latency_ms = *latency;
  const auto jitter = BoundedInt(q, "jitter_ms", 0, 0, kMaxLatencyMs);
  if (!jitter) return jitter.error();
  f.jitter_ms = *jitter;
  const auto rate = ParseDoubleParam(q.Get("error_rate"), "error_rate");
  if (!rate) return rate.error();
  f.error_rate = rate->value_or(0);
  if (f.error_rate < 0 || f.error_rate > 1) return std::string("error_rate: must be from 0 to 1");
  const auto status = BoundedInt(q, "error_status", 503, 400, 599);
  if (!status) return status.error();
  f.error_status = *status;
  const auto retry_after = BoundedInt(q, "retry_after", kDefaultRetryAfter, 0, 999999999);
  if (!retry_after) return retry_after.error();
  for (const auto& [name, flag] : {std::pair<std::string_view, bool*>{"hang", &f.hang},
                                   {"outage", &f.outage},
                                   {"malformed", &f.malformed},
                                   {"html", &f.html}}) {
    const auto value = ParseBoolParam(q.Get(name), name);
    if (!value) return value.error();
    *flag = *value;
  }
  const auto rate_limit = ParseBoolParam(q.Get("rate_limit"), "rate_limit");
  if (!rate_limit) return rate_limit.error();
  if (*rate_limit) f.retry_after = *retry_after;
  return f;
}

boost::json::object FaultsJson(const Faults& f) {
  return boost::json::object{
      {"endpoint", f.endpoint ? EndpointName(*f.endpoint) : std::string_view("all")},
      {"latency_ms", f.latency_ms},
      {"jitter_ms", f.jitter_ms},
      {"error_rate", f.error_rate},
      {"error_status", f.error_status},
      {"rate_limit", f.retry_after.has_value()},
      {"retry_after", f.retry_after.value_or(0)},
      {"hang", f.hang},
      {"outage", f.outage},
      {"malformed", f.malformed},
      {"html", f.html},
  };
}

FaultPlan PlanFault(const Faults& f, Endpoint e, double u_error, double u_jitter) {
  FaultPlan plan;
  if (!f.Applies(e)) return plan;
  plan.delay = std::chrono::milliseconds(f.latency_ms + static_cast<int>(u_jitter * (f.jitter_ms + 1)));
  if (f.outage) {
    plan.action = FaultAction::kOutage;
  } else if (f.hang) {
    plan.action = FaultAction::kHang;
  } else if (f.retry_after) {
    plan.action = FaultAction::kRateLimit;
    plan.retry_after = *f.retry_after;
  } else if (f.error_rate > 0 && u_error < f.error_rate) {
    plan.action = FaultAction::kError;
    plan.status = f.error_status;
  } else if (f.html) {
    plan.action = FaultAction::kHtml;
  } else if (f.malformed) {
    plan.action = FaultAction::kMalformed;
  }
  return plan;
}

Faults FaultState::Get() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

void FaultState::Set(const Faults& faults) {
  std::lock_guard lock(mutex_);
  faults_ = faults;
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

FaultPlan FaultState::Next(Endpoint e) {
  const Faults f = Get();
  const std::uint64_t draw = Combine(seed_, draws_.fetch_add(1, std::memory_order_relaxed));
  return PlanFault(f, e, Uniform(draw, 1), Uniform(draw, 2));
}

void Stats::Reset() {
  for (auto& c : counts_) c.store(0, std::memory_order_relaxed);
}

boost::json::object Stats::Json() const {
  boost::json::object requests;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < kEndpointCount; ++i) {
    const std::uint64_t n = counts_[i].load(std::memory_order_relaxed);
    requests[kEndpointNames[i]] = n;
    total += n;
  }
  return boost::json::object{{"requests", std::move(requests)}, {"total", total}};
}

}  // namespace bv::sim
