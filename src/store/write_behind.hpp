// Write-behind of MVG observations to PostgreSQL. Requests only enqueue (a short mutex, no
// I/O); one writer thread with its own connection drains the queue in batches. Guarantees:
// - a batch leaves the queue only once its transaction committed; while PostgreSQL is down the
//   writer retries with exponential back-off and the queue keeps everything up to its bound;
// - beyond the bound the oldest queued item is dropped and counted (never the batch in flight);
// - replays are harmless: observations are upserts by natural key (see rows.hpp);
// - a batch PostgreSQL rejects (a bad row, not an outage) is split in halves, and the halves
//   again, until the rejected items stand alone: only they are dropped (and counted);
// - Stop() flushes what is queued until a deadline.
// What a SIGKILL loses is what is queued at that moment: with PostgreSQL up that is at most
// about one batch (the writer drains every flush interval); with it down, up to the bound.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "model/observation_sink.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "store/db_metrics.hpp"
#include "store/pg.hpp"
#include "store/rows.hpp"

namespace bv::store {

struct WriteBehindOptions {
  PgOptions database;
  std::size_t max_queued = 100000;
  std::size_t batch_size = 500;
  std::chrono::milliseconds flush_interval{200};
  std::chrono::milliseconds retry_initial{100};
  std::chrono::milliseconds retry_max{std::chrono::seconds{2}};
};

class WriteBehind final : public model::ObservationSink {
 public:
  // Starts the writer thread (it connects lazily). `log` and `metrics` outlive this.
  WriteBehind(WriteBehindOptions options, obs::Registry& registry, DatabaseMetrics& metrics, const obs::Logger& log);
  ~WriteBehind() override;  // Stop() with an immediate deadline if not stopped yet

  void OnDepartures(const model::Station& station, const std::vector<model::Departure>& departures,
                    std::chrono::system_clock::time_point fetched_at) override;
  void OnRoutes(const model::RouteSnapshotInfo& request, const std::vector<model::RoutePlan>& plans,
                std::chrono::system_clock::time_point fetched_at) override;

  // Writes what is queued (and refuses nothing meanwhile) until the queue is empty or `deadline`
  // passes, then stops the writer. Returns the number of items left unwritten.
  std::size_t Stop(std::chrono::steady_clock::time_point deadline);

  // Whether the writer's last contact with PostgreSQL succeeded (for readiness).
  bool healthy() const { return metrics_.up.Value() > 0.5; }
  std::size_t depth() const;

  // Items handed to the queue, committed, and given up since start, per table (the counters of
  // /metrics; logged at shutdown so that a stopped replica's account survives it).
  struct Totals {
    std::uint64_t enqueued = 0;
    std::uint64_t written = 0;
    std::uint64_t dropped = 0;
  };
  Totals observation_totals() const { return TotalsOf(tables_[kObservations]); }
  Totals snapshot_totals() const { return TotalsOf(tables_[kSnapshots]); }

 private:
  struct TableMetrics {
    obs::Gauge& depth;
    obs::Counter& enqueued;
    obs::Counter& written;
    obs::Counter& dropped;
  };
  static constexpr std::size_t kObservations = 0, kSnapshots = 1;
  static Totals TotalsOf(const TableMetrics& t) { return Totals{t.enqueued.Value(), t.written.Value(), t.dropped.Value()}; }

  void Enqueue(std::vector<QueueItem> items);
  void Run();
  // Writes `batch` until it commits, it is rejected, or stopping past the deadline. True if written.
  enum class Outcome { kWritten, kRejected, kOutOfTime };
  // One transaction for `items`, retried with back-off while PostgreSQL is unreachable.
  Outcome WriteWithRetry(std::span<const QueueItem> items);
  // Writes `items`, isolating rejected ones by bisection; sets written[i] for each item written.
  void WriteIsolatingRejects(std::span<const QueueItem> items, std::span<char> written);
  void CountOut(std::span<const QueueItem> batch, std::span<const char> written);
  TableMetrics& MetricsOf(const QueueItem& item) { return tables_[item.index()]; }

  WriteBehindOptions options_;
  DatabaseMetrics& metrics_;
  const obs::Logger& log_;
  std::vector<TableMetrics> tables_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<QueueItem> queue_;  // guarded by mutex_
  std::size_t in_flight_ = 0;    // guarded by mutex_
  bool stopping_ = false;        // guarded by mutex_
  PgError last_rejection_;       // writer thread only: why the last rejected write failed
  std::size_t abandoned_ = 0;    // guarded by mutex_: items given up while stopping
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();

  std::unique_ptr<PgConnection> connection_;  // writer thread only
  std::thread writer_;
};

}  // namespace bv::store
