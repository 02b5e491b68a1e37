#include "store/migrations.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

namespace bv::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCreateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version integer PRIMARY KEY,\n"
    "  name text NOT NULL,\n"
    "  checksum text NOT NULL,\n"
    "  applied_at timestamptz NOT NULL DEFAULT now()\n"
    ");";

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) fmt::format_to(std::back_inserter(hex), "{:02x}", b);
  return hex;
}

std::string Trimmed(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  std::string lower(line);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string LedgerInsert(const Migration& m) {
  return fmt::format("INSERT INTO schema_migrations (version, name, checksum) VALUES ({}, {}, {});", m.version,
                     Quote(m.name), Quote(m.checksum));
}

std::string LedgerDelete(const Migration& m) {
  return fmt::format("DELETE FROM schema_migrations WHERE version = {};", m.version);
}

}  // namespace

bool SplitMigration(const std::string& text, std::string& up, std::string& down) {
  enum { kHeader, kUp, kDown } part = kHeader;
  bool saw_up = false;
  up.clear();
  down.clear();
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string marker = Trimmed(line);
    if (marker == "-- up") {
      part = kUp;
      saw_up = true;
      continue;
    }
    if (marker == "-- down") {
      part = kDown;
      continue;
    }
    if (part == kUp) up += line + "\n";
    if (part == kDown) down += line + "\n";
  }
  return saw_up;
}

boost::system::result<std::vector<Migration>, std::string> LoadMigrations(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fmt::format("migrations directory \"{}\" not found", dir);
  std::vector<Migration> out;
  std::map<int, std::string> seen;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (!entry.is_regular_file() || !file.ends_with(".sql")) continue;
    int version = 0;
    const auto [ptr, parse_ec] = std::from_chars(file.data(), file.data() + file.size(), version);
    if (parse_ec != std::errc() || ptr == file.data() || *ptr != '_' || version <= 0) {
      return fmt::format("{}: expected a name like 0001_description.sql", file);
    }
    if (auto [it, fresh] = seen.emplace(version, file); !fresh) {
      return fmt::format("{} and {} have the same version {}", it->second, file, version);
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Migration m;
    m.version = version;
    m.file = file;
    m.name = file.substr(static_cast<std::size_t>(ptr - file.data()) + 1);
    m.name.resize(m.name.size() - 4);
    m.checksum = Sha256Hex(text.str());
    if (!SplitMigration(text.str(), m.up, m.down)) return fmt::format("{}: no \"-- up\" line", file);
    out.push_back(std::move(m));
  }
  if (ec) return fmt::format("cannot read \"{}\": {}", dir, ec.message());
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

std::string PlanSql(const std::vector<Migration>& migrations, int from_version, std::optional<int> target) {
  std::string out = fmt::format("-- bahnvision migrate up: plan from version {} to {}\n", from_version,
                                target ? std::to_string(*target) : std::string("latest"));
  out += fmt::format("SELECT pg_advisory_lock({});\n{}\n", kMigrationLockKey, kCreateLedger);
  for (const auto& m : migrations) {
    if (m.version <= from_version || (target && m.version > *target)) continue;
    out += fmt::format("\n-- {} (sha256 {})\nBEGIN;\n{}{}\nCOMMIT;\n", m.file, m.checksum, m.up, LedgerInsert(m));
  }
  out += fmt::format("\nSELECT pg_advisory_unlock({});\n", kMigrationLockKey);
  return out;
}

boost::system::result<void, std::string> Migrator::Lock() {
  // Bounded wait: another replica migrating for over a minute is reported, not waited on forever.
  if (auto r = connection_.Exec("SET lock_timeout = '60s'"); !r) {
    return fmt::format("database error: {}", r.error().message);
  }
  if (auto r = connection_.Exec(fmt::format("SELECT pg_advisory_lock({})", kMigrationLockKey)); !r) {
    return fmt::format("cannot take the migration lock (another migrator running?): {}", r.error().message);
  }
  if (auto r = connection_.Exec("SET lock_timeout = 0; SET statement_timeout = 0"); !r) {
    return fmt::format("database error: {}", r.error().message);
  }
  if (auto r = connection_.Exec(kCreateLedger); !r) {
    Unlock();
    return fmt::format("cannot create the ledger: {}", r.error().message);
  }
  return {};
}

void Migrator::Unlock() {
  // Also released when the session ends; a failure here only delays the next migrator.
  (void)connection_.Exec(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
}

boost::system::result<std::vector<MigrationState>, std::string> Migrator::ReadState() {
  auto ledger = connection_.Exec(
      "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
      "FROM schema_migrations ORDER BY version");
  if (!ledger) return fmt::format("cannot read the ledger: {}", ledger.error().message);
  std::map<int, MigrationState> states;
  for (const auto& m : migrations_) states[m.version] = MigrationState{&m, m.version, m.name};
  for (int row = 0; row < ledger->rows(); ++row) {
    auto& s = states[static_cast<int>(ledger->Int(row, 0))];
    s.version = static_cast<int>(ledger->Int(row, 0));
    if (!s.migration) s.name = std::string(ledger->Text(row, 1));
    s.applied = true;
    s.applied_at = std::string(ledger->Text(row, 3));
    s.changed = s.migration && s.migration->checksum != ledger->Text(row, 2);
  }
  std::vector<MigrationState> out;
  for (auto& [version, s] : states) out.push_back(std::move(s));
  return out;
}

std::optional<std::string> Migrator::Verify(const std::vector<MigrationState>& states) {
  for (const auto& s : states) {
    if (s.applied && !s.migration) {
      return fmt::format("migration {:04} ({}) is applied but its file is missing; refusing to continue", s.version,
                         s.name);
    }
    if (s.changed) {
      return fmt::format(
          "{} was changed after it was applied (its checksum differs from the ledger's); refusing to continue: "
          "restore the file and put the change in a new migration",
          s.migration->file);
    }
  }
  return std::nullopt;
}

boost::system::result<Migrator::Log, std::string> Migrator::WithVerifiedLedger(const Change& change) {
  if (auto locked = Lock(); !locked) return locked.error();
  struct Guard {
    Migrator* m;
    ~Guard() { m->Unlock(); }
  } guard{this};
  auto states = ReadState();
  if (!states) return states.error();
  if (auto problem = Verify(*states)) return *problem;
  return change(*states);
}

std::optional<std::string> Migrator::RunInTransaction(const std::string& sql, const std::string& ledger_sql) {
  if (auto r = connection_.Exec("BEGIN"); !r) return r.error().message;
  for (const std::string* statement : {&sql, &ledger_sql}) {
    if (auto r = connection_.Exec(*statement); !r) {
      (void)connection_.Exec("ROLLBACK");  // nothing of this migration stays
      return r.error().message;
    }
  }
  if (auto r = connection_.Exec("COMMIT"); !r) {
    (void)connection_.Exec("ROLLBACK");
    return r.error().message;
  }
  return std::nullopt;
}

boost::system::result<Migrator::Log, std::string> Migrator::Up(std::optional<int> target) {
  return WithVerifiedLedger([&](const std::vector<MigrationState>& states) -> boost::system::result<Log, std::string> {
    Log log;
    for (const auto& s : states) {
      if (s.applied || (target && s.version > *target)) continue;
      const Migration& m = *s.migration;
      const auto started = std::chrono::steady_clock::now();
      if (auto error = RunInTransaction(m.up, LedgerInsert(m))) {
        return fmt::format("{} failed and was rolled back: {}", m.file, *error);
      }
      const auto took = std::chrono::steady_clock::now() - started;
      log.push_back(fmt::format("applied {} ({} ms)", m.file,
                                std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
    }
    return log;
  });
}

boost::system::result<Migrator::Log, std::string> Migrator::Down(int steps) {
  return WithVerifiedLedger([&](const std::vector<MigrationState>& states) -> boost::system::result<Log, std::string> {
    Log log;
    for (auto it = states.rbegin(); it != states.rend() && steps > 0; ++it) {
      if (!it->applied) continue;
      const Migration& m = *it->migration;
      if (auto error = RunInTransaction(m.down, LedgerDelete(m))) {
        return fmt::format("reverting {} failed and was rolled back: {}", m.file, *error);
      }
      log.push_back(fmt::format("reverted {}", m.file));
      --steps;
    }
    return log;
  });
}

boost::system::result<std::vector<MigrationState>, std::string> Migrator::Status() {
  if (auto locked = Lock(); !locked) return locked.error();
  auto states = ReadState();
  Unlock();
  return states;
}

}  // namespace bv::store
