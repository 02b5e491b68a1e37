// A real PostgreSQL 15 (Debian's postgresql-15) for tests: `initdb` in a temporary directory,
// `postgres` on 127.0.0.1:<free port> with fsync off, run as the `postgres` user when the tests
// run as root (postgres refuses root). The schema is applied once to a template database by the
// production migrator (`bahnvision migrate up`); each test takes a fresh copy with
// CreateDatabase() (CREATE DATABASE ... TEMPLATE: fast and isolated). Stop()/Start() on the same
// port for outage tests. SQL from tests goes through `psql`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace bv::test {

class PgCluster {
 public:
  PgCluster();
  ~PgCluster();

  // The cluster of this test binary, started on first use (each ctest test is its own process,
  // so tests that stop the server should own a cluster instead).
  static PgCluster& Shared();

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& database) const;

  // A new database with every migration applied (copied from the migrated template).
  std::string CreateDatabase();
  // A new empty database.
  std::string CreateEmptyDatabase();

  // Runs `sql` with psql; rows of the last statement, columns split on '|'. Throws on error.
  std::vector<std::vector<std::string>> Query(const std::string& database, const std::string& sql) const;
  // The single value of a one-row, one-column query.
  std::string Value(const std::string& database, const std::string& sql) const;
  // Runs `sql`; returns psql's exit status and output (no throw), for failure tests.
  CommandResult Run(const std::string& database, const std::string& sql) const;

  void Stop();   // fast shutdown (clients are disconnected; the port refuses connections)
  void Start();  // on the same port and data directory
  void Pause();  // SIGSTOP of the postmaster: new connections hang
  void Resume();

 private:
  void Launch();
  TempDir dir_;
  std::string data_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  bool template_ready_ = false;
  int databases_ = 0;
};

// `bahnvision migrate ARGS` against DATABASE_URL=`url`; exit status and output.
CommandResult RunMigrate(const std::string& url, const std::string& args);

}  // namespace bv::test
