// Metrics shared by everything that talks to PostgreSQL (ARCHITECTURE.md section 5):
// bahnvision_database_up, bahnvision_database_errors_total{operation} and
// bahnvision_ingestion_run_oldest_running_seconds, and the PostgreSQL children of
// bahnvision_upstream_rejections_total. Thread-safe.
#pragma once

#include "obs/metrics.hpp"
#include "obs/upstream_rejections.hpp"

namespace bv::store {

struct DatabaseMetrics {
  explicit DatabaseMetrics(obs::Registry& registry)
      : up(registry.AddGauge("bahnvision_database_up",
                             "1 while the last PostgreSQL operation succeeded, 0 after a connection failure.")),
        errors(registry.CounterFamily("bahnvision_database_errors_total",
                                      "Failed PostgreSQL operations by operation (connect, write, query, maintenance).",
                                      {"operation"})),
        connect_errors(errors.WithLabels({"connect"})),
        write_errors(errors.WithLabels({"write"})),
        query_errors(errors.WithLabels({"query"})),
        maintenance_errors(errors.WithLabels({"maintenance"})),
        oldest_running_ingestion(registry.AddGauge(
            "bahnvision_ingestion_run_oldest_running_seconds",
            "Age of the oldest ingestion_runs row still RUNNING (0 if none); refreshed every 30 s.")),
        pending_rejections(obs::UpstreamRejections(registry).WithLabels({"postgresql", "pending_queries"})) {}

  obs::Gauge& up;
  obs::Family<obs::Counter>& errors;
  obs::Counter& connect_errors;
  obs::Counter& write_errors;
  obs::Counter& query_errors;
  obs::Counter& maintenance_errors;
  obs::Gauge& oldest_running_ingestion;
  // Read queries refused because DATABASE_MAX_PENDING_QUERIES were waiting or running: load we
  // shed, not a database error (bahnvision_database_errors_total does not count them).
  obs::Counter& pending_rejections;
};

}  // namespace bv::store
