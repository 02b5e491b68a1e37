#include "support/pg_cluster.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>

#include "support/paths.hpp"
#include "support/ports.hpp"

namespace bv::test {
namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

// Single quotes for the shell.
std::string Shell(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// postgres and initdb refuse to run as root: drop to the `postgres` user (Debian's package
// creates it) with setpriv, which execs in place, so signals reach postgres itself.
std::vector<std::string> AsPostgres(std::vector<std::string> argv) {
  if (geteuid() != 0) return argv;
  std::vector<std::string> out = {"/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

}  // namespace

PgCluster::PgCluster() {
  data_ = dir_.path() + "/data";
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("running as root but there is no `postgres` user to run PostgreSQL");
    if (chown(dir_.path().c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown of the temp dir failed");
  }
  ProcessOptions init;
  init.argv = AsPostgres({std::string(kPgBin) + "/initdb", "-D", data_, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                          "--locale=C", "-N", "--no-instructions"});
  ChildProcess initdb(std::move(init));
  const auto status = initdb.WaitExit(std::chrono::seconds(60));
  if (status != 0) throw std::runtime_error("initdb failed:\n" + initdb.Output());
  port_ = LaunchOnFreePort(
      [this](std::uint16_t port) {
        port_ = port;
        Launch();
      },
      "postgres");
}

PgCluster::~PgCluster() {
  if (process_ && process_->running()) {
    process_->Signal(SIGCONT);
    process_->Signal(SIGINT);  // fast shutdown; waits for nothing but removes the shared memory
    if (!process_->WaitExit(std::chrono::seconds(10))) process_->Signal(SIGKILL);
  }
}

PgCluster& PgCluster::Shared() {
  static PgCluster cluster;
  return cluster;
}

void PgCluster::Launch() {
  ProcessOptions options;
  options.argv = AsPostgres({std::string(kPgBin) + "/postgres", "-D", data_, "-p", std::to_string(port_), "-k",
                             dir_.path(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                             "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=60",
                             "-c", "shared_buffers=32MB"});
  process_ = std::make_unique<ChildProcess>(std::move(options));
  if (!process_->WaitForLine("database system is ready to accept connections", std::chrono::seconds(30))) {
    const std::string output = process_->Output();
    process_->Signal(SIGKILL);
    process_->WaitExit(std::chrono::seconds(5));
    throw std::runtime_error("postgres did not start:\n" + output);
  }
}

void PgCluster::Stop() {
  process_->Signal(SIGCONT);
  process_->Signal(SIGINT);
  if (!process_->WaitExit(std::chrono::seconds(20))) throw std::runtime_error("postgres did not stop");
}

void PgCluster::Start() { RelaunchOnSamePort([this] { Launch(); }, "postgres", port_); }

void PgCluster::Pause() { process_->Signal(SIGSTOP); }
void PgCluster::Resume() { process_->Signal(SIGCONT); }

std::string PgCluster::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

CommandResult PgCluster::Run(const std::string& database, const std::string& sql) const {
  return RunCommand(std::string(kPgBin) + "/psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 " + Shell(url(database)) +
                    " -c " + Shell(sql));
}

std::vector<std::vector<std::string>> PgCluster::Query(const std::string& database, const std::string& sql) const {
  const auto result = Run(database, sql);
  if (result.status != 0) throw std::runtime_error("psql failed: " + sql + "\n" + result.output);
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> row;
    std::size_t start = 0;
    while (true) {
      const auto bar = line.find('|', start);
      row.push_back(line.substr(start, bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string PgCluster::Value(const std::string& database, const std::string& sql) const {
  const auto rows = Query(database, sql);
  if (rows.size() != 1 || rows[0].size() != 1) throw std::runtime_error("expected one value from: " + sql);
  return rows[0][0];
}

std::string PgCluster::CreateEmptyDatabase() {
  const std::string name = "t_" + std::to_string(++databases_);
  Query("postgres", "CREATE DATABASE " + name);
  return name;
}

std::string PgCluster::CreateDatabase() {
  if (!template_ready_) {
    Query("postgres", "CREATE DATABASE bv_template");
    const auto migrated = RunMigrate(url("bv_template"), "up");
    if (migrated.status != 0) throw std::runtime_error("migrate up on the template failed:\n" + migrated.output);
    template_ready_ = true;
  }
  const std::string name = "t_" + std::to_string(++databases_);
  Query("postgres", "CREATE DATABASE " + name + " TEMPLATE bv_template");
  return name;
}

CommandResult RunMigrate(const std::string& url, const std::string& args) {
  return RunCommand("env DATABASE_URL=" + Shell(url) + " " + kServiceBinary + " migrate --dir " +
                    Shell(std::string(BV_SOURCE_DIR) + "/migrations") + " " + args);
}

}  // namespace bv::test
