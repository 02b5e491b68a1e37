#include "store/write_behind.hpp"

#include <algorithm>

namespace bv::store {

using Clock = std::chrono::steady_clock;

WriteBehind::WriteBehind(WriteBehindOptions options, obs::Registry& registry, DatabaseMetrics& metrics,
                         const obs::Logger& log)
    : options_(std::move(options)), metrics_(metrics), log_(log) {
  auto& depth = registry.GaugeFamily("bahnvision_persist_queue_depth",
                                     "Items waiting to be written to PostgreSQL (the batch in flight included).",
                                     {"table"});
  auto& enqueued = registry.CounterFamily("bahnvision_persist_enqueued_total",
                                          "Items handed to the write-behind queue.", {"table"});
  auto& written = registry.CounterFamily("bahnvision_persist_written_total",
                                         "Queued items whose write transaction committed.", {"table"});
  auto& dropped = registry.CounterFamily(
      "bahnvision_persist_dropped_total",
      "Queued items given up: dropped as the oldest beyond the queue bound, rejected by PostgreSQL, or unwritten at exit.",
      {"table"});
  for (const char* table : {"departure_observations", "route_snapshots"}) {
    tables_.push_back({depth.WithLabels({table}), enqueued.WithLabels({table}), written.WithLabels({table}),
                       dropped.WithLabels({table})});
  }
  writer_ = std::thread([this] { Run(); });
}

WriteBehind::~WriteBehind() {
  if (writer_.joinable()) Stop(Clock::now());
}

void WriteBehind::OnDepartures(const model::Station& station, const std::vector<model::Departure>& departures,
                               std::chrono::system_clock::time_point fetched_at) {
  auto rows = ToRows(station, departures, fetched_at);
  std::vector<QueueItem> items;
  items.reserve(rows.size());
  for (auto& r : rows) items.emplace_back(std::move(r));
  Enqueue(std::move(items));
}

void WriteBehind::OnRoutes(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                           std::chrono::system_clock::time_point fetched_at) {
  std::vector<QueueItem> items;
  items.emplace_back(ToRow(request, plans, fetched_at));
  Enqueue(std::move(items));
}

void WriteBehind::Enqueue(std::vector<QueueItem> items) {
  if (items.empty()) return;
  std::size_t dropped_now = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto& item : items) {
      auto& m = MetricsOf(item);
      m.enqueued.Inc();
      m.depth.Inc();
      if (queue_.size() >= options_.max_queued) {
        auto& oldest = MetricsOf(queue_.front());
        oldest.dropped.Inc();
        oldest.depth.Dec();
        queue_.pop_front();
        ++dropped_now;
      }
      queue_.push_back(std::move(item));
    }
  }
  wake_.notify_one();
  if (dropped_now > 0) {
    log_.Warn("persistence queue full: dropped the oldest observations",
              {{"dropped", dropped_now}, {"bound", options_.max_queued}});
  }
}

std::size_t WriteBehind::depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + in_flight_;
}

void WriteBehind::Run() {
  // Connect at once, so that readiness and bahnvision_database_up tell the truth from the start.
  if (auto connected = PgConnection::Connect(options_.database)) {
    connection_ = std::move(*connected);
    metrics_.up.Set(1);
  } else {
    metrics_.connect_errors.Inc();
    log_.Warn("persistence: PostgreSQL unavailable at start; observations will queue", {{"error", connected.error().message}});
  }
  std::vector<QueueItem> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_ && Clock::now() >= deadline_) {
        // Out of time: what is still queued is lost; count it so that the loss is visible.
        for (const auto& item : queue_) {
          MetricsOf(item).dropped.Inc();
          MetricsOf(item).depth.Dec();
        }
        abandoned_ += queue_.size();
        queue_.clear();
        return;
      }
      // A partial batch waits up to the flush interval for company; a full one goes at once.
      wake_.wait_for(lock, options_.flush_interval,
                     [this] { return stopping_ || queue_.size() >= options_.batch_size; });
      if (queue_.empty()) {
        if (stopping_) return;
        continue;
      }
      const std::size_t n = std::min(options_.batch_size, queue_.size());
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + n));
      queue_.erase(queue_.begin(), queue_.begin() + n);
      in_flight_ = n;
    }
    std::vector<char> written(batch.size(), 0);
    WriteIsolatingRejects(batch, written);
    CountOut(batch, written);
    {
      std::lock_guard lock(mutex_);
      in_flight_ = 0;
      if (stopping_) abandoned_ += static_cast<std::size_t>(std::count(written.begin(), written.end(), 0));
    }
    batch.clear();
  }
}

void WriteBehind::CountOut(std::span<const QueueItem> batch, std::span<const char> written) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& m = MetricsOf(batch[i]);
    (written[i] ? m.written : m.dropped).Inc();
    m.depth.Dec();
  }
}

void WriteBehind::WriteIsolatingRejects(std::span<const QueueItem> items, std::span<char> written) {
  switch (WriteWithRetry(items)) {
    case Outcome::kWritten: std::fill(written.begin(), written.end(), 1); return;
    case Outcome::kOutOfTime: return;
    case Outcome::kRejected: break;
  }
  if (items.size() == 1) {
    const char* table = items[0].index() == kObservations ? "departure_observations" : "route_snapshots";
    log_.Error("persistence: item rejected by PostgreSQL; dropped",
               {{"table", table}, {"sqlstate", last_rejection_.sqlstate}, {"error", last_rejection_.message}});
    return;
  }
  // One bad row fails its whole transaction: about 2*log2(batch) more statements find it.
  const std::size_t half = items.size() / 2;
  WriteIsolatingRejects(items.first(half), written.first(half));
  WriteIsolatingRejects(items.subspan(half), written.subspan(half));
}

WriteBehind::Outcome WriteBehind::WriteWithRetry(std::span<const QueueItem> batch) {
  auto backoff = options_.retry_initial;
  bool logged_down = false;
  while (true) {
    std::string failure;
    if (!connection_) {
      auto connected = PgConnection::Connect(options_.database);
      if (connected) {
        connection_ = std::move(*connected);
      } else {
        metrics_.connect_errors.Inc();
        failure = connected.error().message;
      }
    }
    if (connection_) {
      const auto started = Clock::now();
      auto written = WriteBatch(*connection_, batch);
      if (written) {
        if (metrics_.up.Value() < 0.5) log_.Info("persistence: PostgreSQL reachable, writing", {{"batch", batch.size()}});
        metrics_.up.Set(1);
        log_.Debug("persistence: batch written",
                   {{"items", batch.size()}, {"observations", written->observations},
                    {"ms", std::chrono::duration<double, std::milli>(Clock::now() - started).count()}});
        return Outcome::kWritten;
      }
      metrics_.write_errors.Inc();
      if (!written.error().connection_lost) {
        // The server refused the statement itself: retrying the same items cannot help.
        log_.Debug("persistence: batch rejected by PostgreSQL",
                   {{"items", batch.size()}, {"sqlstate", written.error().sqlstate}, {"error", written.error().message}});
        last_rejection_ = written.error();
        return Outcome::kRejected;
      }
      failure = written.error().message;
      connection_.reset();
    }
    metrics_.up.Set(0);
    if (!logged_down) {
      log_.Warn("persistence: PostgreSQL unavailable; queueing and retrying", {{"error", failure}, {"queued", depth()}});
      logged_down = true;
    }
    std::unique_lock lock(mutex_);
    if (stopping_ && Clock::now() >= deadline_) return Outcome::kOutOfTime;
    const auto wake_at = std::min(Clock::now() + backoff, deadline_);
    wake_.wait_until(lock, wake_at, [&] { return stopping_ && Clock::now() >= deadline_; });
    backoff = std::min(backoff * 2, options_.retry_max);
  }
}

std::size_t WriteBehind::Stop(Clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    deadline_ = deadline;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(mutex_);
  return abandoned_;
}

}  // namespace bv::store
