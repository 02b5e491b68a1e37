// RED metrics of the HTTP API: bahnvision_api_requests_total{route,method,status},
// bahnvision_api_request_duration_seconds{route,method}, bahnvision_api_requests_in_flight and
// bahnvision_api_exceptions_total{route,type}. Guarantee: recording a request is a few relaxed
// atomic operations on pre-resolved children, with no lock and no allocation.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/exchange.hpp"
#include "obs/metrics.hpp"

namespace bv::http {

class RequestMetrics {
 public:
  // `route_labels[i]` is the label of route id i; the last one is Router::kUnmatched.
  RequestMetrics(obs::Registry& registry, std::vector<std::string> route_labels);

  // Route id for requests that matched no route.
  std::size_t unmatched_id() const { return route_labels_.size() - 1; }

  void Record(std::size_t route_id, Method method, unsigned status, double seconds) noexcept;
  void RecordException(std::size_t route_id, std::string_view type);
  obs::Gauge& in_flight() { return in_flight_; }

 private:
  // Status codes the service answers with get a fixed slot; any other code takes the
  // family's (still lock-free) lookup.
  static constexpr std::array<unsigned, 24> kStatusSlots = {
      200, 201, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403,
      404, 405, 408, 409, 413, 415, 422, 429, 431, 500, 502, 503};
  static constexpr std::size_t kSlots = kStatusSlots.size();

  struct PerRoute {
    std::array<std::atomic<obs::Counter*>, kMethodCount * kSlots> counters{};
    std::array<std::atomic<obs::Histogram*>, kMethodCount> durations{};
  };

  obs::Counter& CounterFor(std::size_t route_id, Method method, unsigned status);
  obs::Histogram& DurationFor(std::size_t route_id, Method method);

  std::vector<std::string> route_labels_;
  obs::Family<obs::Counter>& requests_;
  obs::Family<obs::Histogram>& durations_;
  obs::Family<obs::Counter>& exceptions_;
  obs::Gauge& in_flight_;
  std::unique_ptr<PerRoute[]> per_route_;
};

}  // namespace bv::http
