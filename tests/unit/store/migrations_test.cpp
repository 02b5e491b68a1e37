// Migration files and the offline plan, without a database (the database side is
// tests/integration/migrations_test.cpp).
#include "store/migrations.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace bv::store {
namespace {

TEST(MigrationFilesTest, SplitsUpAndDownAtTheirMarkerLines) {
  std::string up, down;
  ASSERT_TRUE(SplitMigration("-- header\n-- up\nCREATE TABLE a ();\n  -- DOWN  \nDROP TABLE a;\n", up, down));
  EXPECT_EQ(up, "CREATE TABLE a ();\n");
  EXPECT_EQ(down, "DROP TABLE a;\n");
  EXPECT_FALSE(SplitMigration("CREATE TABLE a ();\n", up, down));
}

TEST(MigrationFilesTest, LoadsSortedAndRefusesBadNamesAndDuplicates) {
  test::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir.path() + "/" + name) << text; };
  write("0002_second.sql", "-- up\nSELECT 2;\n");
  write("0001_first.sql", "-- up\nSELECT 1;\n-- down\nSELECT -1;\n");
  write("README.md", "not a migration");
  auto loaded = LoadMigrations(dir.path());
  ASSERT_TRUE(loaded) << loaded.error();
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].name, "first");
  EXPECT_EQ((*loaded)[1].version, 2);
  EXPECT_EQ((*loaded)[0].checksum.size(), 64u);
  EXPECT_NE((*loaded)[0].checksum, (*loaded)[1].checksum);

  write("0002_again.sql", "-- up\nSELECT 2;\n");
  EXPECT_EQ(LoadMigrations(dir.path()).error(), "0002_again.sql and 0002_second.sql have the same version 2");
  std::filesystem::remove(dir.path() + "/0002_again.sql");
  write("first.sql", "-- up\n");
  EXPECT_EQ(LoadMigrations(dir.path()).error(), "first.sql: expected a name like 0001_description.sql");
  std::filesystem::remove(dir.path() + "/first.sql");
  write("0003_no_marker.sql", "SELECT 3;\n");
  EXPECT_EQ(LoadMigrations(dir.path()).error(), "0003_no_marker.sql: no \"-- up\" line");
  EXPECT_FALSE(LoadMigrations(dir.path() + "/missing"));
}

TEST(MigrationFilesTest, PlanCoversTheRangeAsked) {
  std::vector<Migration> all = {{1, "a", "0001_a.sql", "SELECT 1;\n", "", "c1"},
                                {2, "b", "0002_b.sql", "SELECT 2;\n", "", "c2"},
                                {3, "it's", "0003_it's.sql", "SELECT 3;\n", "", "c3"}};
  const auto plan = PlanSql(all, 1, 2);
  EXPECT_EQ(plan.find("SELECT 1;"), std::string::npos);
  EXPECT_NE(plan.find("BEGIN;\nSELECT 2;\nINSERT INTO schema_migrations (version, name, checksum) VALUES (2, 'b', "
                      "'c2');\nCOMMIT;"),
            std::string::npos);
  EXPECT_EQ(plan.find("SELECT 3;"), std::string::npos);
  EXPECT_NE(PlanSql(all, 0, std::nullopt).find("VALUES (3, 'it''s', 'c3')"), std::string::npos);  // quoted
}

TEST(PgConnInfoTest, NormalisesTheDriverSuffixAndAddsDeadlines) {
  PgOptions o;
  o.url = "postgresql+asyncpg://u:p@db:5432/bahnvision";
  o.connect_timeout = std::chrono::seconds(1);  // libpq's minimum is 2
  o.statement_timeout = std::chrono::milliseconds(2500);
  EXPECT_EQ(ConnInfo(o),
            "postgresql://u:p@db:5432/bahnvision?connect_timeout=2&application_name=bahnvision"
            "&options=-c%20statement_timeout%3D2500%20-c%20client_min_messages%3Dwarning");
  o.url = "postgres://db/x?sslmode=require";
  EXPECT_TRUE(ConnInfo(o).starts_with("postgres://db/x?sslmode=require&connect_timeout=2"));
}

}  // namespace
}  // namespace bv::store
