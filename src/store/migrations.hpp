// Schema migrations: plain SQL files `NNNN_name.sql` with an `-- up` and a `-- down` part,
// recorded in the ledger table `schema_migrations` with a SHA-256 of the file. Guarantees:
// each migration runs in its own transaction together with its ledger row (all or nothing);
// an advisory lock serialises migrators across replicas; a file changed after it was applied
// is refused, as is an applied version whose file is gone.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "store/pg.hpp"

namespace bv::store {

struct Migration {
  int version = 0;
  std::string name;      // "initial_schema"
  std::string file;      // "0001_initial_schema.sql"
  std::string up, down;  // SQL of each part
  std::string checksum;  // SHA-256 of the whole file, hex
};

// Reads every NNNN_name.sql of `dir`, sorted by version. Errors name the file: a missing
// `-- up` marker, a duplicate version, an unreadable directory.
boost::system::result<std::vector<Migration>, std::string> LoadMigrations(const std::string& dir);

// Splits a file's text into its up and down parts; false if there is no `-- up` line.
bool SplitMigration(const std::string& text, std::string& up, std::string& down);

// The key of the advisory lock migrators hold (pg_advisory_lock); fixed, so every replica agrees.
inline constexpr long long kMigrationLockKey = 0x62766d6967726174;  // "bvmigrat"

// The SQL that `up` would run on a database whose ledger ends at `from_version` (0: empty),
// up to `target` (all when unset), without connecting: the offline dry run.
std::string PlanSql(const std::vector<Migration>& migrations, int from_version, std::optional<int> target);

struct MigrationState {
  const Migration* migration = nullptr;  // null: applied but no file
  int version = 0;
  std::string name;
  bool applied = false;
  std::string applied_at;  // empty when pending
  bool changed = false;    // applied checksum differs from the file
};

// Runs migrations on one connection. Every call takes the advisory lock first and releases it
// before returning. Errors are one human-readable line.
class Migrator {
 public:
  Migrator(PgConnection& connection, std::vector<Migration> migrations)
      : connection_(connection), migrations_(std::move(migrations)) {}

  using Log = std::vector<std::string>;  // one line per step taken
  // Applies pending migrations up to `target` (all when unset). Returns the steps.
  boost::system::result<Log, std::string> Up(std::optional<int> target);
  // Reverts the last `steps` applied migrations (newest first).
  boost::system::result<Log, std::string> Down(int steps);
  // Every known version (files and ledger), oldest first.
  boost::system::result<std::vector<MigrationState>, std::string> Status();

 private:
  boost::system::result<std::vector<MigrationState>, std::string> ReadState();
  boost::system::result<void, std::string> Lock();
  void Unlock();
  // Refuses a ledger that does not match the files.
  static std::optional<std::string> Verify(const std::vector<MigrationState>& states);
  // Runs `change` under the advisory lock, on a ledger that Verify accepted.
  using Change = std::function<boost::system::result<Log, std::string>(const std::vector<MigrationState>&)>;
  boost::system::result<Log, std::string> WithVerifiedLedger(const Change& change);
  // One migration step and its ledger row in one transaction; the error message if it was
  // rolled back.
  std::optional<std::string> RunInTransaction(const std::string& sql, const std::string& ledger_sql);

  PgConnection& connection_;
  std::vector<Migration> migrations_;
};

}  // namespace bv::store
