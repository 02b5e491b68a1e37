#include "http/request_metrics.hpp"

#include <algorithm>
#include <charconv>

namespace bv::http {

RequestMetrics::RequestMetrics(obs::Registry& registry, std::vector<std::string> route_labels)
    : route_labels_(std::move(route_labels)),
      requests_(registry.CounterFamily("bahnvision_api_requests_total",
                                       "HTTP requests answered, by route template, method and status.",
                                       {"route", "method", "status"})),
      durations_(registry.HistogramFamily("bahnvision_api_request_duration_seconds",
                                          "Time from the first byte of a request to the last byte of its answer.",
                                          {"route", "method"})),
      exceptions_(registry.CounterFamily("bahnvision_api_exceptions_total",
                                         "Unhandled exceptions caught at the HTTP boundary (answered 500).",
                                         {"route", "type"})),
      in_flight_(registry.AddGauge("bahnvision_api_requests_in_flight",
                                   "HTTP requests being handled right now.")),
      per_route_(new PerRoute[route_labels_.size()]) {}

namespace {
// Returns the child cached in `slot`, resolving it with `resolve` on first use. Two threads may
// race on the first use; the family hands both the same child, so either store is correct.
template <typename M, typename F>
M& Cached(std::atomic<M*>& slot, F&& resolve) {
  M* metric = slot.load(std::memory_order_acquire);
  if (metric == nullptr) {
    metric = &resolve();
    slot.store(metric, std::memory_order_release);
  }
  return *metric;
}
}  // namespace

obs::Histogram& RequestMetrics::DurationFor(std::size_t route_id, Method method) {
  return durations_.WithLabels({std::string_view(route_labels_[route_id]), ToString(method)});
}

obs::Counter& RequestMetrics::CounterFor(std::size_t route_id, Method method, unsigned status) {
  char status_text[8];
  const auto end = std::to_chars(status_text, status_text + sizeof status_text, status).ptr;
  return requests_.WithLabels({std::string_view(route_labels_[route_id]), ToString(method),
                               std::string_view(status_text, static_cast<std::size_t>(end - status_text))});
}

void RequestMetrics::Record(std::size_t route_id, Method method, unsigned status,
                            double seconds) noexcept {
  route_id = std::min(route_id, unmatched_id());
  const auto m = static_cast<std::size_t>(method);
  PerRoute& per = per_route_[route_id];
  // Children are created on first use, so /metrics lists only combinations that occurred.
  Cached(per.durations[m], [&]() -> obs::Histogram& { return DurationFor(route_id, method); }).Observe(seconds);

  const auto slot_it = std::find(kStatusSlots.begin(), kStatusSlots.end(), status);
  if (slot_it == kStatusSlots.end()) {
    CounterFor(route_id, method, status).Inc();
    return;
  }
  auto& slot = per.counters[m * kSlots + static_cast<std::size_t>(slot_it - kStatusSlots.begin())];
  Cached(slot, [&]() -> obs::Counter& { return CounterFor(route_id, method, status); }).Inc();
}

void RequestMetrics::RecordException(std::size_t route_id, std::string_view type) {
  route_id = std::min(route_id, unmatched_id());
  exceptions_.WithLabels({std::string_view(route_labels_[route_id]), type}).Inc();
}

}  // namespace bv::http
