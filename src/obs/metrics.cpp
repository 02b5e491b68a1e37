#include "obs/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

namespace bv::obs {

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) noexcept {
  // Bucket i counts values in (bounds[i-1], bounds[i]]; the cumulative `le` series are summed
  // at exposition so that an observation touches one bucket counter only.
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

namespace detail {
namespace {

void AppendEscapedLabelValue(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(value));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

}  // namespace

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, std::string_view extra_label,
                  std::string_view extra_value, double value) {
  out += name;
  out += suffix;
  const bool has_labels = !label_names.empty() || !extra_label.empty();
  if (has_labels) {
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i < label_names.size(); ++i) {
      if (!first) out += ',';
      first = false;
      out += label_names[i];
      out += "=\"";
      AppendEscapedLabelValue(out, i < label_values.size() ? label_values[i] : std::string_view{});
      out += '"';
    }
    if (!extra_label.empty()) {
      if (!first) out += ',';
      out += extra_label;
      out += "=\"";
      out += extra_value;
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  AppendNumber(out, value);
  out += '\n';
}

void AppendCounterSample(std::string& out, const std::string& name,
                         const std::vector<std::string>& names,
                         const std::vector<std::string>& values, const Counter& c) {
  AppendSample(out, name, "", names, values, "", "", static_cast<double>(c.Value()));
}

void AppendGaugeSample(std::string& out, const std::string& name,
                       const std::vector<std::string>& names,
                       const std::vector<std::string>& values, const Gauge& g) {
  AppendSample(out, name, "", names, values, "", "", g.Value());
}

void AppendHistogramSamples(std::string& out, const std::string& name,
                            const std::vector<std::string>& names,
                            const std::vector<std::string>& values, const Histogram& h) {
  std::uint64_t cumulative = 0;
  const auto bounds = h.bounds();
  fmt::memory_buffer le;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += h.BucketCount(i);
    le.clear();
    fmt::format_to(std::back_inserter(le), "{}", bounds[i]);
    AppendSample(out, name, "_bucket", names, values, "le", std::string_view(le.data(), le.size()),
                 static_cast<double>(cumulative));
  }
  cumulative += h.BucketCount(bounds.size());
  AppendSample(out, name, "_bucket", names, values, "le", "+Inf", static_cast<double>(cumulative));
  AppendSample(out, name, "_sum", names, values, "", "", h.Sum());
  // _count equals the +Inf bucket, so a scrape is always internally consistent.
  AppendSample(out, name, "_count", names, values, "", "", static_cast<double>(cumulative));
}

}  // namespace detail

std::optional<double> HistogramQuantile(std::span<const double> bounds, std::span<const std::uint64_t> counts,
                                        double q) {
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  if (total == 0) return std::nullopt;
  const double rank = q * static_cast<double>(total);
  double cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double next = cumulative + static_cast<double>(counts[i]);
    if (next >= rank && counts[i] > 0) {
      // Past the last finite bound there is nothing to interpolate to: report that bound.
      if (i >= bounds.size()) return bounds.empty() ? std::nullopt : std::optional<double>(bounds.back());
      const double lower = i == 0 ? 0.0 : bounds[i - 1];
      return lower + (bounds[i] - lower) * (rank - cumulative) / static_cast<double>(counts[i]);
    }
    cumulative = next;
  }
  return bounds.empty() ? std::nullopt : std::optional<double>(bounds.back());
}

struct Registry::State {
  mutable std::mutex mutex;  // guards registration and the lists; never taken by metric updates
  std::vector<std::unique_ptr<detail::FamilyBase>> families;
  std::vector<Collector> collectors;

  template <typename F>
  F& Add(std::unique_ptr<F> family) {
    std::lock_guard lock(mutex);
    for (const auto& f : families) {
      if (f->name() == family->name()) {
        throw std::logic_error("metric registered twice: " + family->name());
      }
    }
    F& ref = *family;
    families.push_back(std::move(family));
    return ref;
  }
};

Registry::Registry() : state_(std::make_unique<State>()) {}
Registry::~Registry() = default;

Family<Counter>& Registry::CounterFamily(std::string name, std::string help,
                                         std::vector<std::string> label_names) {
  return state_->Add(std::make_unique<Family<Counter>>(
      std::move(name), std::move(help), std::move(label_names),
      [] { return std::make_unique<Counter>(); }));
}

Family<Gauge>& Registry::GaugeFamily(std::string name, std::string help,
                                     std::vector<std::string> label_names) {
  return state_->Add(std::make_unique<Family<Gauge>>(std::move(name), std::move(help),
                                                     std::move(label_names),
                                                     [] { return std::make_unique<Gauge>(); }));
}

Family<Histogram>& Registry::HistogramFamily(std::string name, std::string help,
                                             std::vector<std::string> label_names,
                                             std::span<const double> bounds) {
  return state_->Add(std::make_unique<Family<Histogram>>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds] { return std::make_unique<Histogram>(bounds); }));
}

Counter& Registry::AddCounter(std::string name, std::string help) {
  return CounterFamily(std::move(name), std::move(help), {}).WithLabels({});
}

Gauge& Registry::AddGauge(std::string name, std::string help) {
  return GaugeFamily(std::move(name), std::move(help), {}).WithLabels({});
}

Histogram& Registry::AddHistogram(std::string name, std::string help,
                                  std::span<const double> bounds) {
  return HistogramFamily(std::move(name), std::move(help), {}, bounds).WithLabels({});
}

void Registry::AddCollector(Collector collector) {
  std::lock_guard lock(state_->mutex);
  state_->collectors.push_back(std::move(collector));
}

std::string Registry::Expose() const {
  std::string out;
  out.reserve(16 * 1024);
  std::lock_guard lock(state_->mutex);
  for (const auto& f : state_->families) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", f->name(), f->help(),
                   f->name(),
                   f->type() == MetricType::kCounter ? "counter"
                   : f->type() == MetricType::kGauge ? "gauge"
                                                     : "histogram");
    f->AppendSamples(out);
  }
  for (const auto& collect : state_->collectors) collect(out);
  return out;
}

const detail::FamilyBase* Registry::Find(std::string_view name) const {
  std::lock_guard lock(state_->mutex);
  for (const auto& f : state_->families) {
    if (f->name() == name) return f.get();
  }
  return nullptr;
}

}  // namespace bv::obs
