// The persistence variables (docs/configuration.md): defaults, parsing, one error line each.
#include <gtest/gtest.h>

#include "config/settings.hpp"

namespace bv::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(PersistenceSettingsTest, DefaultsLeavePersistenceOff) {
  const auto s = LoadSettings({});
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->database_url);
  EXPECT_EQ(s->database_pool_size, 5u);
  EXPECT_EQ(s->database_max_pending_queries, 64u);
  EXPECT_EQ(s->persist_queue_max, 100000u);
  EXPECT_EQ(s->persist_batch_size, 500u);
  EXPECT_EQ(s->persist_flush_interval, milliseconds(200));
  EXPECT_EQ(s->database_retention_months, 18u);
  EXPECT_EQ(s->partition_maintenance_interval, seconds(3600));
  EXPECT_EQ(s->migrations_dir, "migrations");
  EXPECT_EQ(s->station_stats_ttl.fresh, seconds(60));
  EXPECT_EQ(s->station_stats_ttl.stale, seconds(300));
}

TEST(PersistenceSettingsTest, ReadsEveryVariable) {
  const auto s = LoadSettings({{"DATABASE_URL", "postgresql://u:p@db:5432/bahnvision"},
                               {"DATABASE_CONNECT_TIMEOUT_SECONDS", "3"},
                               {"DATABASE_STATEMENT_TIMEOUT_SECONDS", "2.5"},
                               {"PERSIST_QUEUE_MAX", "5000"},
                               {"PERSIST_BATCH_SIZE", "100"},
                               {"PERSIST_FLUSH_INTERVAL_SECONDS", "0.05"},
                               {"DATABASE_RETENTION_MONTHS", "24"},
                               {"PARTITION_MAINTENANCE_INTERVAL_SECONDS", "600"},
                               {"MIGRATIONS_DIR", "/app/migrations"},
                               {"STATION_STATS_CACHE_TTL_SECONDS", "10"},
                               {"STATION_STATS_CACHE_STALE_TTL_SECONDS", "20"}});
  ASSERT_TRUE(s) << s.error().front();
  EXPECT_EQ(s->database_connect_timeout, seconds(3));
  EXPECT_EQ(s->database_statement_timeout, milliseconds(2500));
  EXPECT_EQ(s->persist_queue_max, 5000u);
  EXPECT_EQ(s->persist_batch_size, 100u);
  EXPECT_EQ(s->persist_flush_interval, milliseconds(50));
  EXPECT_EQ(s->database_retention_months, 24u);
  EXPECT_EQ(s->partition_maintenance_interval, seconds(600));
  EXPECT_EQ(s->migrations_dir, "/app/migrations");
  EXPECT_EQ(s->station_stats_ttl.fresh, seconds(10));
}

TEST(PersistenceSettingsTest, EveryBadValueIsReportedOnItsOwnLine) {
  const auto s = LoadSettings({{"DATABASE_URL", "mysql://u:secret@db/x"},
                               {"PERSIST_QUEUE_MAX", "10"},
                               {"PERSIST_BATCH_SIZE", "zero"},
                               {"DATABASE_RETENTION_MONTHS", "0"},
                               {"STATION_STATS_CACHE_TTL_SECONDS", "60"},
                               {"STATION_STATS_CACHE_STALE_TTL_SECONDS", "30"}});
  ASSERT_FALSE(s);
  ASSERT_EQ(s.error().size(), 5u);
  EXPECT_EQ(s.error()[0],
            "DATABASE_URL=\"mysql://u:***@db/x\" is not allowed: expected postgresql://user:password@host:port/database");
  EXPECT_EQ(s.error()[1], "PERSIST_QUEUE_MAX=\"10\" is not allowed: expected an integer from 100 to 10000000");
  EXPECT_EQ(s.error()[2], "PERSIST_BATCH_SIZE=\"zero\" is not allowed: expected an integer from 1 to 10000");
  EXPECT_EQ(s.error()[3], "DATABASE_RETENTION_MONTHS=\"0\" is not allowed: expected an integer from 1 to 240");
  EXPECT_EQ(s.error()[4],
            "STATION_STATS_CACHE_STALE_TTL_SECONDS=\"30\" is not allowed: must be at least "
            "STATION_STATS_CACHE_TTL_SECONDS (60)");
}

TEST(PersistenceSettingsTest, MaxPendingQueriesIsReadAndBounded) {
  const auto s = LoadSettings({{"DATABASE_MAX_PENDING_QUERIES", "8"}});
  ASSERT_TRUE(s) << s.error().front();
  EXPECT_EQ(s->database_max_pending_queries, 8u);
  for (const char* bad : {"0", "100001", "-1", "many"}) {
    const auto refused = LoadSettings({{"DATABASE_MAX_PENDING_QUERIES", bad}});
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().front(), std::string("DATABASE_MAX_PENDING_QUERIES=\"") + bad +
                                           "\" is not allowed: expected an integer from 1 to 100000");
  }
}

}  // namespace
}  // namespace bv::config
