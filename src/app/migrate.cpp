// `bahnvision migrate up [TARGET] | down [STEPS|all] | status | plan --sql [--from VERSION] [TARGET]`
// with `--dir DIR` (default MIGRATIONS_DIR, else ./migrations). Exit status: 0 done, 1 refused or
// failed (one line on stderr saying why), 2 usage or configuration error.
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/app.hpp"
#include "store/migrations.hpp"
#include "store/pg.hpp"

namespace bv::app {
namespace {

constexpr std::string_view kMigrateUsage =
    "usage: bahnvision migrate <up [TARGET] | down [STEPS|all] | status | plan --sql [--from VERSION] [TARGET]>"
    " [--dir DIR]\n"
    "  up      apply pending migrations (up to version TARGET)\n"
    "  down    revert the last STEPS applied migrations (default 1; `all` reverts every one)\n"
    "  status  list every migration: applied (when) or pending; a changed file is reported\n"
    "  plan    print the SQL `up` would run from VERSION (default 0: an empty database), without connecting\n";

std::optional<int> ParseCount(const std::string& text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

int Usage(std::string_view problem) {
  fmt::print(stderr, "bahnvision migrate: {}\n{}", problem, kMigrateUsage);
  return 2;
}

}  // namespace

int Migrate(const config::Settings& settings, const std::vector<std::string>& args) {
  std::string dir = settings.migrations_dir;
  std::vector<std::string> words;
  bool sql = false;
  std::optional<int> from;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--dir" && i + 1 < args.size()) {
      dir = args[++i];
    } else if (args[i] == "--sql") {
      sql = true;
    } else if (args[i] == "--from" && i + 1 < args.size()) {
      from = ParseCount(args[++i]);
      if (!from) return Usage("--from expects a version number");
    } else {
      words.push_back(args[i]);
    }
  }
  if (words.empty()) return Usage("missing subcommand");
  if (words[0] == "help") {
    fmt::print("{}", kMigrateUsage);
    return 0;
  }
  const std::string command = words[0];
  if (words.size() > 2) return Usage("too many arguments");
  const std::optional<std::string> arg = words.size() == 2 ? std::optional(words[1]) : std::nullopt;

  auto migrations = store::LoadMigrations(dir);
  if (!migrations) {
    fmt::print(stderr, "bahnvision migrate: {}\n", migrations.error());
    return 1;
  }
  std::optional<int> number;
  if (arg && !(command == "down" && *arg == "all")) {
    number = ParseCount(*arg);
    if (!number) return Usage(fmt::format("\"{}\" is not a number", *arg));
  }

  if (command == "plan") {
    if (!sql) return Usage("plan needs --sql (it prints SQL and never connects)");
    fmt::print("{}", store::PlanSql(*migrations, from.value_or(0), number));
    return 0;
  }
  if (command != "up" && command != "down" && command != "status") return Usage(fmt::format("unknown subcommand \"{}\"", command));
  if (!settings.database_url) {
    fmt::print(stderr, "bahnvision migrate: DATABASE_URL is not set\n");
    return 2;
  }
  store::PgOptions options;
  options.url = *settings.database_url;
  options.connect_timeout = settings.database_connect_timeout;
  options.application_name = "bahnvision-migrate";
  auto connection = store::PgConnection::Connect(options);
  if (!connection) {
    fmt::print(stderr, "bahnvision migrate: cannot connect to the database: {}\n", connection.error().message);
    return 1;
  }
  store::Migrator migrator(**connection, std::move(*migrations));

  if (command == "status") {
    auto states = migrator.Status();
    if (!states) {
      fmt::print(stderr, "bahnvision migrate: {}\n", states.error());
      return 1;
    }
    int applied = 0, pending = 0, changed = 0;
    fmt::print("{:<8} {:<40} {:<8} {}\n", "version", "name", "state", "applied_at");
    for (const auto& s : *states) {
      const char* state = !s.migration ? "missing" : s.changed ? "changed" : s.applied ? "applied" : "pending";
      fmt::print("{:<8} {:<40} {:<8} {}\n", fmt::format("{:04}", s.version), s.name, state,
                 s.applied ? s.applied_at : "-");
      (s.applied ? applied : pending)++;
      if (s.changed || !s.migration) ++changed;
    }
    fmt::print("{} applied, {} pending{}\n", applied, pending,
               changed ? fmt::format(", {} changed or missing (up and down refuse to run)", changed) : "");
    return changed ? 1 : 0;
  }
  auto log = command == "up" ? migrator.Up(number)
                             : migrator.Down(arg && *arg == "all" ? std::numeric_limits<int>::max() : number.value_or(1));
  if (!log) {
    fmt::print(stderr, "bahnvision migrate: {}\n", log.error());
    return 1;
  }
  for (const auto& line : *log) fmt::print("{}\n", line);
  if (log->empty()) fmt::print("nothing to do\n");
  return 0;
}

}  // namespace bv::app
