// The persistence capability, built from Settings when DATABASE_URL is set: the write-behind
// writer (the MVG endpoints' observation sink), the read-query pool (station stats) and the
// partition maintenance job, sharing the database metrics.
#pragma once

#include <memory>

#include "config/settings.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "store/maintenance.hpp"
#include "store/query_pool.hpp"
#include "store/write_behind.hpp"

namespace bv::app {

struct Persistence {
  Persistence(const config::Settings& s, obs::Registry& registry, const obs::Logger& log);

  store::DatabaseMetrics metrics;
  store::WriteBehind writer;
  store::QueryPool queries;
  store::PartitionMaintenance maintenance;
};

// Null when DATABASE_URL is unset (persistence off). Logs which it is.
std::unique_ptr<Persistence> StartPersistence(const config::Settings& s, obs::Registry& registry,
                                              const obs::Logger& log);

}  // namespace bv::app
