// Partition maintenance of departure_observations: creates the coming months' partitions and
// drops those older than the retention window. Runs at start and then every interval on its own
// thread and connection (which also refreshes the stuck-job gauge); across replicas only one runs at a time (pg_try_advisory_lock: the
// others skip that round). Each run is recorded in ingestion_runs. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "obs/log.hpp"
#include "store/db_metrics.hpp"
#include "store/pg.hpp"

namespace bv::store {

struct MaintenanceOptions {
  PgOptions database;
  unsigned retention_months = 18;
  unsigned months_ahead = 3;  // partitions kept ready beyond the current month
  std::chrono::seconds interval{3600};
  std::chrono::seconds gauge_interval{30};  // refresh of bahnvision_ingestion_run_oldest_running_seconds
};

inline constexpr long long kMaintenanceLockKey = 0x62766d61696e7421;  // "bvmaint!"

struct MaintenanceRun {
  enum class Outcome { kDone, kSkipped, kFailed } outcome;
  std::vector<std::string> created, dropped;
  std::string error;  // for kFailed
};

// Age in seconds of the oldest ingestion_runs row in RUNNING (0 if none).
PgOutcome<double> OldestRunningIngestionSeconds(PgConnection& connection);

// One round on `connection` (the job's body, callable from tests).
MaintenanceRun RunMaintenance(PgConnection& connection, unsigned retention_months, unsigned months_ahead);

class PartitionMaintenance {
 public:
  PartitionMaintenance(MaintenanceOptions options, DatabaseMetrics& metrics, const obs::Logger& log);
  ~PartitionMaintenance();  // stops the thread (an in-progress round finishes first)

 private:
  void Loop();
  MaintenanceOptions options_;
  DatabaseMetrics& metrics_;
  const obs::Logger& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bv::store
