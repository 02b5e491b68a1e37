#include "store/maintenance.hpp"

#include <fmt/format.h>

namespace bv::store {
namespace {

// "{a,b}" -> {"a", "b"} (partition names need no quoting).
std::vector<std::string> ParseNameArray(std::string_view text) {
  std::vector<std::string> out;
  if (text.size() < 2) return out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

std::string JsonNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += fmt::format("{}\"{}\"", i ? "," : "", names[i]);
  return out + "]";
}

}  // namespace

PgOutcome<double> OldestRunningIngestionSeconds(PgConnection& c) {
  auto r = c.Exec(
      "SELECT coalesce(extract(epoch FROM now() - min(started_at)), 0)::float8 FROM ingestion_runs "
      "WHERE status = 'RUNNING'");
  if (!r) return r.error();
  return r->Double(0, 0);
}

MaintenanceRun RunMaintenance(PgConnection& c, unsigned retention_months, unsigned months_ahead) {
  MaintenanceRun run{MaintenanceRun::Outcome::kDone, {}, {}, {}};
  auto failed = [&run](const PgError& e) {
    run.outcome = MaintenanceRun::Outcome::kFailed;
    run.error = e.message;
    return run;
  };
  auto locked = c.Exec(fmt::format("SELECT pg_try_advisory_lock({})", kMaintenanceLockKey));
  if (!locked) return failed(locked.error());
  if (locked->Text(0, 0) != "t") {
    run.outcome = MaintenanceRun::Outcome::kSkipped;  // another replica is at it
    return run;
  }
  auto started = c.Exec(
      "INSERT INTO ingestion_runs (job_name, source, status) VALUES ('partition_maintenance', 'MAINTENANCE', "
      "'RUNNING') RETURNING id");
  if (!started) {
    (void)c.Exec(fmt::format("SELECT pg_advisory_unlock({})", kMaintenanceLockKey));
    return failed(started.error());
  }
  const std::string run_id(started->Text(0, 0));
  const auto months_ahead_text = std::to_string(months_ahead + 1);
  auto work = c.Exec(
      "SELECT bv_ensure_departure_partitions(date_trunc('month', now() AT TIME ZONE 'UTC')::date, $1::int), "
      "bv_drop_departure_partitions((date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => "
      "$2::int))::date)",
      {months_ahead_text, std::to_string(retention_months)});
  if (work) {
    run.created = ParseNameArray(work->Text(0, 0));
    run.dropped = ParseNameArray(work->Text(0, 1));
    (void)c.Exec(
        "UPDATE ingestion_runs SET status = 'SUCCESS', completed_at = now(), records_inserted = $2::bigint, "
        "notes = $3, context = $4::jsonb WHERE id = $1::bigint",
        {run_id, std::to_string(run.created.size()),
         fmt::format("created {} partition(s), dropped {}", run.created.size(), run.dropped.size()),
         fmt::format(R"({{"created":{},"dropped":{},"retention_months":{}}})", JsonNames(run.created),
                     JsonNames(run.dropped), retention_months)});
  } else {
    (void)c.Exec(
        "UPDATE ingestion_runs SET status = 'FAILED', completed_at = now(), notes = $2 WHERE id = $1::bigint",
        {run_id, work.error().message});
  }
  (void)c.Exec(fmt::format("SELECT pg_advisory_unlock({})", kMaintenanceLockKey));
  if (!work) return failed(work.error());
  return run;
}

PartitionMaintenance::PartitionMaintenance(MaintenanceOptions options, DatabaseMetrics& metrics,
                                           const obs::Logger& log)
    : options_(std::move(options)), metrics_(metrics), log_(log) {
  thread_ = std::thread([this] { Loop(); });
}

PartitionMaintenance::~PartitionMaintenance() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PartitionMaintenance::Loop() {
  using Clock = std::chrono::steady_clock;
  std::unique_ptr<PgConnection> connection;
  auto next_round = Clock::now();
  auto next_gauge = Clock::now();
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, std::min(next_round, next_gauge), [this] { return stopping_; })) return;
    }
    if (!connection) {
      auto connected = PgConnection::Connect(options_.database);
      if (!connected) {
        metrics_.connect_errors.Inc();
        metrics_.maintenance_errors.Inc();
        log_.Warn("partition maintenance: cannot connect; retrying", {{"error", connected.error().message}});
        next_gauge = Clock::now() + options_.gauge_interval;
        next_round = std::max(next_round, next_gauge);
        continue;
      }
      connection = std::move(*connected);
    }
    if (Clock::now() >= next_gauge) {
      next_gauge = Clock::now() + options_.gauge_interval;
      if (auto age = OldestRunningIngestionSeconds(*connection)) {
        metrics_.oldest_running_ingestion.Set(*age);
      } else if (!connection->ok()) {
        connection.reset();
        continue;
      }
    }
    if (Clock::now() < next_round) continue;
    // A failed round is retried after a minute rather than a whole interval.
    next_round = Clock::now() + std::min<Clock::duration>(options_.interval, std::chrono::seconds(60));
    const auto run = RunMaintenance(*connection, options_.retention_months, options_.months_ahead);
    switch (run.outcome) {
      case MaintenanceRun::Outcome::kDone:
        next_round = Clock::now() + options_.interval;
        log_.Info("partition maintenance done", {{"created", run.created.size()}, {"dropped", run.dropped.size()},
                                                 {"retention_months", options_.retention_months}});
        break;
      case MaintenanceRun::Outcome::kSkipped:
        next_round = Clock::now() + options_.interval;
        log_.Info("partition maintenance skipped: another replica holds the lock");
        break;
      case MaintenanceRun::Outcome::kFailed:
        metrics_.maintenance_errors.Inc();
        log_.Warn("partition maintenance failed; retrying", {{"error", run.error}});
        if (!connection->ok()) connection.reset();
        break;
    }
  }
}

}  // namespace bv::store
