// Metrics registry: counters, gauges and histograms with Prometheus text exposition.
// Guarantee: updating a metric is a relaxed atomic operation — no lock and no allocation on the
// hot path. Creating a labelled child takes no lock either (append-only lock-free list); it
// allocates once per distinct label set, so callers cache the returned reference.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bv::obs {

// Monotonic counter. Thread-safe.
class Counter {
 public:
  void Inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe.
class Gauge {
 public:
  void Set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) noexcept { value_.fetch_add(v, std::memory_order_relaxed); }
  void Inc() noexcept { Add(1.0); }
  void Dec() noexcept { Add(-1.0); }
  double Value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Cumulative histogram with fixed upper bounds. Thread-safe. A scrape may see `count` and
// the buckets a few observations apart; Prometheus tolerates that (client_golang does the same).
class Histogram {
 public:
  // Precondition: `bounds` is strictly increasing and outlives the histogram.
  explicit Histogram(std::span<const double> bounds);
  void Observe(double value) noexcept;

  std::span<const double> bounds() const noexcept { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size() is the +Inf overflow bucket).
  std::uint64_t BucketCount(std::size_t i) const noexcept {
    return buckets_[i].load(std::memory_order_relaxed);
  }
  std::uint64_t Count() const noexcept { return count_.load(std::memory_order_relaxed); }
  double Sum() const noexcept { return sum_.load(std::memory_order_relaxed); }

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds, from 100 µs (an L1 cache hit) to 10 s (an MVG timeout).
// 0.75 is a bucket because the API latency SLO is p95 < 750 ms.
inline constexpr double kLatencyBuckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                             0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                             0.75,   1.0,     2.5,    5.0,   10.0};

enum class MetricType { kCounter, kGauge, kHistogram };

namespace detail {
// Type-erased view of a family, for exposition.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~FamilyBase() = default;
  virtual MetricType type() const noexcept = 0;
  virtual void AppendSamples(std::string& out) const = 0;

  const std::string& name() const noexcept { return name_; }
  const std::string& help() const noexcept { return help_; }
  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, std::string_view extra_label,
                  std::string_view extra_value, double value);
void AppendCounterSample(std::string& out, const std::string& name,
                         const std::vector<std::string>& names,
                         const std::vector<std::string>& values, const Counter& c);
void AppendGaugeSample(std::string& out, const std::string& name,
                       const std::vector<std::string>& names,
                       const std::vector<std::string>& values, const Gauge& g);
void AppendHistogramSamples(std::string& out, const std::string& name,
                            const std::vector<std::string>& names,
                            const std::vector<std::string>& values, const Histogram& h);
}  // namespace detail

// All children of one metric name, one per label set. Children are created on first use and
// live as long as the family; references to them stay valid. Thread-safe, lock-free.
template <typename M>
class Family final : public detail::FamilyBase {
 public:
  // `make` builds a child (histograms need their bounds).
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<M>()> make)
      : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
        make_(std::move(make)) {}
  ~Family() override {
    for (Node* n = head_.load(); n != nullptr;) delete std::exchange(n, n->next);
  }

  // Returns the child for `values` (one per label name, in order). Label values must be
  // bounded (route templates, status codes): never station ids, paths or user input.
  M& WithLabels(std::initializer_list<std::string_view> values) {
    return WithLabels(std::span<const std::string_view>(values.begin(), values.size()));
  }
  M& WithLabels(std::span<const std::string_view> values) {
    Node* head = head_.load(std::memory_order_acquire);
    if (Node* found = Find(head, nullptr, values)) return *found->metric;
    auto fresh = std::make_unique<Node>();
    fresh->values.assign(values.begin(), values.end());
    fresh->metric = make_();
    fresh->next = head;
    // Publish with CAS; if another thread inserted meanwhile, look at what it added first so
    // that one label set never gets two children.
    while (!head_.compare_exchange_weak(fresh->next, fresh.get(), std::memory_order_acq_rel)) {
      if (Node* found = Find(fresh->next, head, values)) return *found->metric;
      head = fresh->next;
    }
    return *fresh.release()->metric;
  }

  // Calls f(label_values, metric) for every child, oldest first. Safe at any time.
  template <typename F>
  void ForEach(F&& f) const {
    std::vector<const Node*> nodes;
    for (const Node* n = head_.load(std::memory_order_acquire); n; n = n->next) nodes.push_back(n);
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) f((*it)->values, *(*it)->metric);
  }

  MetricType type() const noexcept override;
  void AppendSamples(std::string& out) const override {
    // Oldest first, so the exposition order is stable between scrapes.
    std::vector<const Node*> nodes;
    for (const Node* n = head_.load(std::memory_order_acquire); n; n = n->next) nodes.push_back(n);
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) Append(out, **it);
  }

 private:
  struct Node {
    std::vector<std::string> values;
    std::unique_ptr<M> metric;
    Node* next = nullptr;
  };

  // Searches [from, until) for a node with these label values.
  static Node* Find(Node* from, Node* until, std::span<const std::string_view> values) {
    for (Node* n = from; n != until; n = n->next) {
      if (n->values.size() != values.size()) continue;
      bool equal = true;
      for (std::size_t i = 0; i < values.size() && equal; ++i) equal = n->values[i] == values[i];
      if (equal) return n;
    }
    return nullptr;
  }
  void Append(std::string& out, const Node& n) const;

  std::function<std::unique_ptr<M>()> make_;
  std::atomic<Node*> head_{nullptr};
};

template <>
inline MetricType Family<Counter>::type() const noexcept { return MetricType::kCounter; }
template <>
inline MetricType Family<Gauge>::type() const noexcept { return MetricType::kGauge; }
template <>
inline MetricType Family<Histogram>::type() const noexcept { return MetricType::kHistogram; }
template <>
inline void Family<Counter>::Append(std::string& out, const Node& n) const {
  detail::AppendCounterSample(out, name(), label_names(), n.values, *n.metric);
}
template <>
inline void Family<Gauge>::Append(std::string& out, const Node& n) const {
  detail::AppendGaugeSample(out, name(), label_names(), n.values, *n.metric);
}
template <>
inline void Family<Histogram>::Append(std::string& out, const Node& n) const {
  detail::AppendHistogramSamples(out, name(), label_names(), n.values, *n.metric);
}

// Owns every metric family of one process (tests make their own). Families are registered at
// start-up; registration takes a lock, use does not. Exposition is safe at any time.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Family<Counter>& CounterFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names);
  Family<Gauge>& GaugeFamily(std::string name, std::string help,
                             std::vector<std::string> label_names);
  Family<Histogram>& HistogramFamily(std::string name, std::string help,
                                     std::vector<std::string> label_names,
                                     std::span<const double> bounds = kLatencyBuckets);
  // Unlabelled shorthands.
  Counter& AddCounter(std::string name, std::string help);
  Gauge& AddGauge(std::string name, std::string help);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::span<const double> bounds = kLatencyBuckets);

  // A collector appends complete families (HELP, TYPE, samples) computed at scrape time,
  // e.g. process_* metrics read from /proc.
  using Collector = std::function<void(std::string& out)>;
  void AddCollector(Collector collector);

  // Prometheus text exposition format 0.0.4.
  std::string Expose() const;

  // Finds a registered family by name (tests and the operations summary use it).
  const detail::FamilyBase* Find(std::string_view name) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The q-quantile (0..1) of a histogram's observations, interpolated linearly inside the bucket
// that holds it, as Prometheus' histogram_quantile() does; nullopt without observations.
// `counts` are non-cumulative and have one more entry than `bounds` (the +Inf bucket).
std::optional<double> HistogramQuantile(std::span<const double> bounds, std::span<const std::uint64_t> counts, double q);

// Content-Type of Expose()'s output.
inline constexpr std::string_view kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace bv::obs
