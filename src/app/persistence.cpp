#include "app/persistence.hpp"

namespace bv::app {
namespace {

store::PgOptions DatabaseOptions(const config::Settings& s, const char* application) {
  store::PgOptions o;
  o.url = *s.database_url;
  o.connect_timeout = s.database_connect_timeout;
  o.statement_timeout = s.database_statement_timeout;
  o.application_name = application;
  return o;
}

store::WriteBehindOptions WriterOptions(const config::Settings& s) {
  store::WriteBehindOptions o;
  o.database = DatabaseOptions(s, "bahnvision-writer");
  o.max_queued = s.persist_queue_max;
  o.batch_size = s.persist_batch_size;
  o.flush_interval = s.persist_flush_interval;
  return o;
}

store::MaintenanceOptions MaintenanceOptionsFrom(const config::Settings& s) {
  store::MaintenanceOptions o;
  o.database = DatabaseOptions(s, "bahnvision-maintenance");
  o.retention_months = s.database_retention_months;
  o.interval = s.partition_maintenance_interval;
  return o;
}

}  // namespace

Persistence::Persistence(const config::Settings& s, obs::Registry& registry, const obs::Logger& log)
    : metrics(registry),
      writer(WriterOptions(s), registry, metrics, log),
      queries(DatabaseOptions(s, "bahnvision"), s.database_pool_size, s.database_max_pending_queries, metrics),
      maintenance(MaintenanceOptionsFrom(s), metrics, log) {}

std::unique_ptr<Persistence> StartPersistence(const config::Settings& s, obs::Registry& registry,
                                              const obs::Logger& log) {
  if (!s.database_url) {
    log.Info("persistence off: DATABASE_URL is not set (no observations are stored; station stats answer 503)");
    return nullptr;
  }
  log.Info("persistence on", {{"database_url", config::RedactUrl(*s.database_url)},
                              {"queue_max", s.persist_queue_max},
                              {"batch_size", s.persist_batch_size},
                              {"retention_months", s.database_retention_months}});
  return std::make_unique<Persistence>(s, registry, log);
}

}  // namespace bv::app
