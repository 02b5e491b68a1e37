// `bahnvision migrate` against a real PostgreSQL: up from empty, down to zero and up again with
// data kept where the migrations promise it; status and plan --sql output; a changed or missing
// applied file refused; a failing migration rolled back whole; concurrent migrators.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/pg_cluster.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/valkey_server.hpp"

namespace bv::test {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int CountLines(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string Tables(const PgCluster& pg, const std::string& db) {
  return pg.Value(db, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables "
                      "WHERE schemaname = 'public' AND tablename NOT LIKE 'departure_observations_%'");
}

// A copy of migrations/ that a test may change.
class MigrationsCopy {
 public:
  MigrationsCopy() {
    for (const auto& entry : fs::directory_iterator(fs::path(kSourceDir) / "migrations")) {
      fs::copy_file(entry.path(), fs::path(dir_.path()) / entry.path().filename());
    }
  }
  std::string args(const std::string& command) const { return command + " --dir " + dir_.path(); }
  fs::path file(const std::string& name) const { return fs::path(dir_.path()) / name; }

 private:
  TempDir dir_;
};

TEST(MigrationsTest, UpFromEmptyDownToZeroAndUpAgainKeepingData) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateEmptyDatabase();
  const auto url = pg.url(db);

  auto status = RunMigrate(url, "status");
  ASSERT_EQ(status.status, 0) << status.output;
  EXPECT_EQ(CountLines(status.output, " pending "), 3) << status.output;
  EXPECT_NE(status.output.find("0 applied, 3 pending"), std::string::npos) << status.output;

  auto up = RunMigrate(url, "up");
  ASSERT_EQ(up.status, 0) << up.output;
  EXPECT_NE(up.output.find("applied 0001_initial_schema.sql"), std::string::npos);
  EXPECT_NE(up.output.find("applied 0003_stations_municipality_contract.sql"), std::string::npos);
  EXPECT_EQ(Tables(pg, db),
            "departure_observations,departure_weather_links,ingestion_runs,route_snapshots,schema_migrations,stations,"
            "transit_lines,weather_observations");
  status = RunMigrate(url, "status");
  EXPECT_EQ(CountLines(status.output, " applied "), 3) << status.output;
  EXPECT_NE(status.output.find("3 applied, 0 pending"), std::string::npos);
  EXPECT_EQ(RunMigrate(url, "up").output, "nothing to do\n");

  // Sample data, then back through the expand/contract pair: the renamed column keeps it.
  pg.Query(db, "INSERT INTO stations (station_id, name, municipality) VALUES ('de:09162:2', 'Marienplatz', 'München')");
  ASSERT_EQ(RunMigrate(url, "down").status, 0);  // reverts 0003 only
  EXPECT_EQ(pg.Value(db, "SELECT place || '/' || municipality FROM stations"), "München/München");
  // In the expanded state old and new writers coexist: the trigger keeps both columns equal.
  pg.Query(db, "INSERT INTO stations (station_id, name, place) VALUES ('x', 'Old writer', 'Garching')");
  pg.Query(db, "UPDATE stations SET municipality = 'Freising' WHERE station_id = 'de:09162:2'");
  EXPECT_EQ(pg.Value(db, "SELECT string_agg(place || '=' || municipality, ',' ORDER BY station_id) FROM stations"),
            "Freising=Freising,Garching=Garching");
  ASSERT_EQ(RunMigrate(url, "up").status, 0);
  EXPECT_EQ(pg.Value(db, "SELECT string_agg(municipality, ',' ORDER BY station_id) FROM stations"), "Freising,Garching");
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'stations' AND "
                         "column_name = 'place'"),
            "0");

  const auto down = RunMigrate(url, "down all");
  ASSERT_EQ(down.status, 0) << down.output;
  EXPECT_EQ(CountLines(down.output, "reverted "), 3);
  EXPECT_EQ(Tables(pg, db), "schema_migrations");  // the ledger stays, empty
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM schema_migrations"), "0");
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM pg_type WHERE typname = 'transport_mode'"), "0");

  up = RunMigrate(url, "up 2");  // up to a target
  ASSERT_EQ(up.status, 0) << up.output;
  EXPECT_NE(RunMigrate(url, "status").output.find("2 applied, 1 pending"), std::string::npos);
  ASSERT_EQ(RunMigrate(url, "up").status, 0);
  EXPECT_NE(RunMigrate(url, "status").output.find("3 applied, 0 pending"), std::string::npos);
}

TEST(MigrationsTest, PlanPrintsExactlyWhatUpRunsWithoutConnecting) {
  // Nothing listens here: plan must not try.
  const std::string nowhere = "postgresql://postgres@127.0.0.1:" + std::to_string(FreePort()) + "/none";
  const auto plan = RunMigrate(nowhere, "plan --sql");
  ASSERT_EQ(plan.status, 0) << plan.output;
  EXPECT_EQ(CountLines(plan.output, "\nBEGIN;\n"), 3);
  EXPECT_EQ(CountLines(plan.output, "\nCOMMIT;\n"), 3);
  EXPECT_NE(plan.output.find("CREATE TABLE stations ("), std::string::npos);
  EXPECT_NE(plan.output.find("INSERT INTO schema_migrations (version, name, checksum) VALUES (3, "
                             "'stations_municipality_contract', '"),
            std::string::npos);
  EXPECT_EQ(plan.output.find("-- down"), std::string::npos);
  const auto from2 = RunMigrate(nowhere, "plan --sql --from 2");
  EXPECT_EQ(CountLines(from2.output, "\nBEGIN;\n"), 1);
  EXPECT_NE(from2.output.find("0003_stations_municipality_contract.sql"), std::string::npos);
  EXPECT_EQ(from2.output.find("0001_initial_schema.sql"), std::string::npos);
  EXPECT_EQ(RunMigrate(nowhere, "plan").status, 2);  // --sql is required: it only prints

  // Run by psql, the plan leaves a database `migrate status` finds fully and correctly applied.
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateEmptyDatabase();
  TempDir dir;
  const std::string file = dir.path() + "/plan.sql";
  std::ofstream(file) << plan.output;
  const auto applied = RunCommand("/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 '" + pg.url(db) +
                                  "' -f " + file);
  ASSERT_EQ(applied.status, 0) << applied.output;
  const auto status = RunMigrate(pg.url(db), "status");
  EXPECT_EQ(status.status, 0) << status.output;
  EXPECT_NE(status.output.find("3 applied, 0 pending"), std::string::npos) << status.output;
}

TEST(MigrationsTest, RefusesAnAppliedFileThatChangedOrVanished) {
  auto& pg = PgCluster::Shared();
  const auto url = pg.url(pg.CreateEmptyDatabase());
  MigrationsCopy copy;
  ASSERT_EQ(RunMigrate(url, copy.args("up")).status, 0);
  const std::string original = Slurp(copy.file("0001_initial_schema.sql"));
  std::ofstream(copy.file("0001_initial_schema.sql"), std::ios::app) << "-- an innocent-looking edit\n";

  const auto up = RunMigrate(url, copy.args("up"));
  EXPECT_EQ(up.status, 1);
  EXPECT_NE(up.output.find("0001_initial_schema.sql was changed after it was applied"), std::string::npos) << up.output;
  const auto down = RunMigrate(url, copy.args("down"));
  EXPECT_EQ(down.status, 1);
  const auto status = RunMigrate(url, copy.args("status"));
  EXPECT_EQ(status.status, 1);
  EXPECT_NE(status.output.find(" changed "), std::string::npos) << status.output;
  EXPECT_NE(RunMigrate(url, copy.args("status")).output.find("3 applied"), std::string::npos);

  std::ofstream(copy.file("0001_initial_schema.sql"), std::ios::trunc) << original;  // restored: accepted again
  EXPECT_EQ(RunMigrate(url, copy.args("status")).status, 0);
  fs::remove(copy.file("0003_stations_municipality_contract.sql"));
  const auto missing = RunMigrate(url, copy.args("up"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("migration 0003 (stations_municipality_contract) is applied but its file is missing"),
            std::string::npos)
      << missing.output;
}

TEST(MigrationsTest, AFailingMigrationLeavesNothingBehind) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateEmptyDatabase();
  MigrationsCopy copy;
  std::ofstream(copy.file("0004_broken.sql")) << "-- up\nCREATE TABLE half_done (id int);\nSELECT 1/0;\n-- down\n"
                                                 "DROP TABLE half_done;\n";
  const auto up = RunMigrate(pg.url(db), copy.args("up"));
  EXPECT_EQ(up.status, 1);
  EXPECT_NE(up.output.find("0004_broken.sql failed and was rolled back: ERROR:  division by zero"), std::string::npos)
      << up.output;
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM schema_migrations"), "3");  // the earlier ones stay applied
  EXPECT_EQ(pg.Value(db, "SELECT to_regclass('half_done') IS NULL"), "t");
}

TEST(MigrationsTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateEmptyDatabase();
  const std::string migrate = std::string("env DATABASE_URL='") + pg.url(db) + "' " + kServiceBinary +
                              " migrate up --dir " + kSourceDir + "/migrations";
  // Three replicas starting at once; each must exit 0, and every migration runs exactly once.
  const auto run = RunCommand("(" + migrate + " & " + migrate + " & " + migrate + " & wait)");
  EXPECT_EQ(CountLines(run.output, "bahnvision migrate:"), 0) << run.output;  // no error from any of them
  EXPECT_EQ(CountLines(run.output, "applied 0001_initial_schema.sql"), 1) << run.output;
  EXPECT_EQ(CountLines(run.output, "nothing to do"), 2) << run.output;
  EXPECT_EQ(pg.Value(db, "SELECT count(*) || ' ' || count(DISTINCT version) FROM schema_migrations"), "3 3");
}

}  // namespace
}  // namespace bv::test
