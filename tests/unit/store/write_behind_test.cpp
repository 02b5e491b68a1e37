// The write-behind writer and the partition maintenance job against a real PostgreSQL
// (tests/support/pg_cluster): upserts by natural key, drop-oldest beyond the bound, a rejected
// batch, the single-runner lock and the retention window.
#include "store/write_behind.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "store/maintenance.hpp"
#include "support/pg_cluster.hpp"
#include "support/ports.hpp"
#include "support/valkey_server.hpp"

namespace bv::store {
namespace {

using namespace std::chrono_literals;
using test::PgCluster;
using SysClock = std::chrono::system_clock;

class StoreTest : public ::testing::Test {
 protected:
  StoreTest() : null_fd_(open("/dev/null", O_WRONLY)), log_(obs::LogLevel::kDebug, obs::LogFormat::kJson, null_fd_) {}
  ~StoreTest() override { close(null_fd_); }

  WriteBehindOptions Options(const std::string& url) {
    WriteBehindOptions o;
    o.database.url = url;
    o.database.connect_timeout = 2s;
    o.flush_interval = 20ms;
    o.retry_initial = 20ms;
    o.retry_max = 100ms;
    return o;
  }

  static model::Station Marienplatz() { return {"de:09162:2", "Marienplatz", "München", 48.137245, 11.575421}; }
  static model::Departure Departure(const std::string& line, int planned_minute, int delay, bool cancelled = false) {
    model::Departure d;
    d.planned_time = std::chrono::floor<std::chrono::seconds>(SysClock::from_time_t(1'795'000'000)) +
                     std::chrono::minutes(planned_minute);
    d.realtime_time = d.planned_time + std::chrono::minutes(delay);
    d.delay_minutes = delay;
    d.realtime = true;
    d.line = line;
    d.destination = "Fürstenried West";
    d.transport_type = "UBAHN";
    d.cancelled = cancelled;
    d.messages = {"Zug fällt aus, \"Störung\"", "{braces}, commas"};
    return d;
  }
  template <typename F>
  static bool Eventually(F&& condition, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return condition();
  }

  int null_fd_;
  obs::Logger log_;
  obs::Registry registry_;
  DatabaseMetrics metrics_{registry_};
};

TEST_F(StoreTest, UpsertsByNaturalKeyAndNeverLetsAnOlderObservationWin) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateDatabase();
  WriteBehind writer(Options(pg.url(db)), registry_, metrics_, log_);
  const auto t0 = SysClock::from_time_t(1'795'000'000);
  writer.OnDepartures(Marienplatz(), {Departure("U3", 10, 0), Departure("U6", 12, 4)}, t0);
  ASSERT_TRUE(Eventually([&] { return writer.depth() == 0; }));
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations"), "2");
  // Baseline -> a later observation of the same departures (U3 now late, U6 cancelled).
  writer.OnDepartures(Marienplatz(), {Departure("U3", 10, 3), Departure("U6", 12, 4, true)}, t0 + 30s);
  // A replay of the first board, e.g. from a slow replica: must not undo the newer state.
  writer.OnDepartures(Marienplatz(), {Departure("U3", 10, 0)}, t0);
  ASSERT_TRUE(Eventually([&] { return writer.depth() == 0; }));
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations"), "2");
  EXPECT_EQ(pg.Value(db, "SELECT delay_seconds || ' ' || status FROM departure_observations WHERE line_id = 'U3'"),
            "180 DELAYED");
  EXPECT_EQ(pg.Value(db, "SELECT status FROM departure_observations WHERE line_id = 'U6'"), "CANCELLED");
  EXPECT_EQ(pg.Value(db, "SELECT remarks[1] || '/' || remarks[2] FROM departure_observations WHERE line_id = 'U3'"),
            "Zug fällt aus, \"Störung\"/{braces}, commas");
  EXPECT_EQ(pg.Value(db, "SELECT municipality || ' ' || transport_modes::text FROM stations"), "München {UBAHN}");
  EXPECT_EQ(metrics_.up.Value(), 1);
}

TEST_F(StoreTest, DropsTheOldestBeyondTheBoundAndCountsThem) {
  // Nothing listens on this port: every write fails and the queue only grows.
  auto options = Options("postgresql://postgres@127.0.0.1:" + std::to_string(test::FreePort()) + "/none");
  options.max_queued = 100;
  options.batch_size = 1000;  // larger than the bound: nothing leaves the queue
  options.flush_interval = 60s;
  WriteBehind writer(options, registry_, metrics_, log_);
  std::vector<model::Departure> board;
  for (int i = 0; i < 150; ++i) board.push_back(Departure("U3", i, 0));
  writer.OnDepartures(Marienplatz(), board, SysClock::now());
  EXPECT_EQ(writer.depth(), 100u);
  const std::string table = "departure_observations";
  auto value = [&](const char* family) {
    const auto exposition = registry_.Expose();
    const std::string series = std::string(family) + "{table=\"" + table + "\"} ";
    return std::stod(exposition.substr(exposition.find(series) + series.size()));
  };
  EXPECT_EQ(value("bahnvision_persist_dropped_total"), 50);
  EXPECT_EQ(value("bahnvision_persist_queue_depth"), 100);
  EXPECT_EQ(value("bahnvision_persist_enqueued_total"), 150);
  EXPECT_EQ(writer.Stop(std::chrono::steady_clock::now()), 100u);  // out of time: counted, not hidden
  EXPECT_EQ(value("bahnvision_persist_dropped_total"), 150);
  EXPECT_EQ(metrics_.up.Value(), 0);
  EXPECT_GE(metrics_.connect_errors.Value(), 1u);
}

TEST_F(StoreTest, RetriesWhilePostgresIsDownAndWritesOnceItIsBack) {
  PgCluster pg;  // owned: this test stops it
  const auto db = pg.CreateDatabase();
  WriteBehind writer(Options(pg.url(db)), registry_, metrics_, log_);
  ASSERT_TRUE(Eventually([&] { return metrics_.up.Value() == 1; }));
  pg.Stop();
  writer.OnDepartures(Marienplatz(), {Departure("U3", 1, 0), Departure("U3", 2, 0)}, SysClock::now());
  ASSERT_TRUE(Eventually([&] { return metrics_.up.Value() == 0; }));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(writer.depth(), 2u);
  EXPECT_GE(metrics_.write_errors.Value() + metrics_.connect_errors.Value(), 1u);
  pg.Start();
  ASSERT_TRUE(Eventually([&] { return writer.depth() == 0; }));
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations"), "2");
  EXPECT_EQ(metrics_.up.Value(), 1);
}

TEST_F(StoreTest, ABatchPostgresRejectsIsDroppedInsteadOfRetriedForever) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateEmptyDatabase();  // no schema: every insert fails with 42P01
  WriteBehind writer(Options(pg.url(db)), registry_, metrics_, log_);
  writer.OnDepartures(Marienplatz(), {Departure("U3", 1, 0)}, SysClock::now());
  ASSERT_TRUE(Eventually([&] { return writer.depth() == 0; }));
  EXPECT_GE(metrics_.write_errors.Value(), 1u);
  const auto exposition = registry_.Expose();
  EXPECT_NE(exposition.find("bahnvision_persist_dropped_total{table=\"departure_observations\"} 1"), std::string::npos);
  EXPECT_NE(exposition.find("bahnvision_persist_written_total{table=\"departure_observations\"} 0"), std::string::npos);
}

// One bad row (a delay beyond PostgreSQL's integer, e.g. from a garbled real-time time) fails
// its transaction; the writer bisects the batch and drops that row alone.
TEST_F(StoreTest, ARejectedRowIsIsolatedAndTheRestOfItsBatchIsWritten) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateDatabase();
  auto options = Options(pg.url(db));
  options.flush_interval = 300ms;  // all in one batch
  WriteBehind writer(options, registry_, metrics_, log_);
  std::vector<model::Departure> board;
  for (int i = 0; i < 9; ++i) board.push_back(Departure("U" + std::to_string(i), 10 + i, i));
  board[6].delay_minutes = 40'000'000;  // 2.4e9 s: out of range for the integer column
  writer.OnDepartures(Marienplatz(), board, SysClock::from_time_t(1'795'000'000));
  ASSERT_TRUE(Eventually([&] { return writer.depth() == 0; }));
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations"), "8");
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations WHERE line_id = 'U6'"), "0");
  const auto exposition = registry_.Expose();
  EXPECT_NE(exposition.find("bahnvision_persist_written_total{table=\"departure_observations\"} 8"), std::string::npos)
      << exposition;
  EXPECT_NE(exposition.find("bahnvision_persist_dropped_total{table=\"departure_observations\"} 1"), std::string::npos);
  EXPECT_EQ(metrics_.up.Value(), 1) << "a rejected row is not an outage";
}

TEST_F(StoreTest, MaintenanceCreatesAheadDropsPastRetentionAndRecordsTheRun) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateDatabase();
  // Baseline: partitions of January and February 2020 with a row, and a row in the default
  // partition (next year's July) that a new partition must take over.
  pg.Query(db, R"sql(
    SELECT bv_ensure_departure_partitions('2020-01-01', 2);
    INSERT INTO stations (station_id, name) VALUES ('s', 'S');
    INSERT INTO transit_lines (line_id, transport_mode) VALUES ('U3', 'UBAHN');
    INSERT INTO departure_observations (station_id, line_id, destination, planned_departure, transport_mode, status,
      valid_from, valid_to)
    VALUES ('s', 'U3', 'old', '2020-01-15T10:00:00Z', 'UBAHN', 'ON_TIME', now(), now()),
           ('s', 'U3', 'future', date_trunc('month', now()) + interval '13 months', 'UBAHN', 'ON_TIME', now(), now())
  )sql");
  ASSERT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations_default"), "1");
  PgOptions options;
  options.url = pg.url(db);
  auto connection = PgConnection::Connect(options);
  ASSERT_TRUE(connection);
  const auto run = RunMaintenance(**connection, 18, 3);
  ASSERT_EQ(run.outcome, MaintenanceRun::Outcome::kDone) << run.error;
  EXPECT_EQ(run.dropped, (std::vector<std::string>{"departure_observations_y2020m01", "departure_observations_y2020m02"}));
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations WHERE destination = 'old'"), "0");
  // Current month + 3 ahead exist; the migration made some, this run the rest.
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM generate_series(0, 3) AS i WHERE to_regclass("
                         "'departure_observations_' || to_char(date_trunc('month', now() AT TIME ZONE 'UTC') + "
                         "make_interval(months => i), '\"y\"YYYY\"m\"MM')) IS NOT NULL"),
            "4");
  // Moving a row out of the default partition when its month's partition is created:
  pg.Query(db, "SELECT bv_ensure_departure_partitions((date_trunc('month', now()) + interval '13 months')::date, 1)");
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations_default"), "0");
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM departure_observations WHERE destination = 'future'"), "1");
  EXPECT_EQ(pg.Value(db, "SELECT status || ' ' || (context->'dropped'->>0) FROM ingestion_runs "
                         "WHERE job_name = 'partition_maintenance'"),
            "SUCCESS departure_observations_y2020m01");
  // A second round has nothing to do but is recorded too.
  const auto again = RunMaintenance(**connection, 18, 3);
  EXPECT_EQ(again.outcome, MaintenanceRun::Outcome::kDone);
  EXPECT_TRUE(again.created.empty());
  EXPECT_TRUE(again.dropped.empty());
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM ingestion_runs"), "2");
}

TEST_F(StoreTest, MaintenanceSkipsWhileAnotherReplicaHoldsTheLock) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateDatabase();
  PgOptions options;
  options.url = pg.url(db);
  auto other = PgConnection::Connect(options);
  auto mine = PgConnection::Connect(options);
  ASSERT_TRUE(other && mine);
  ASSERT_TRUE((*other)->Exec("SELECT pg_advisory_lock(" + std::to_string(kMaintenanceLockKey) + ")"));
  EXPECT_EQ(RunMaintenance(**mine, 18, 3).outcome, MaintenanceRun::Outcome::kSkipped);
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM ingestion_runs"), "0");
  ASSERT_TRUE((*other)->Exec("SELECT pg_advisory_unlock(" + std::to_string(kMaintenanceLockKey) + ")"));
  EXPECT_EQ(RunMaintenance(**mine, 18, 3).outcome, MaintenanceRun::Outcome::kDone);
  EXPECT_EQ(pg.Value(db, "SELECT count(*) FROM ingestion_runs"), "1");
}

TEST_F(StoreTest, OldestRunningIngestionIsZeroUntilAJobHangs) {
  auto& pg = PgCluster::Shared();
  const auto db = pg.CreateDatabase();
  PgOptions options;
  options.url = pg.url(db);
  auto connection = PgConnection::Connect(options);
  ASSERT_TRUE(connection);
  auto none = OldestRunningIngestionSeconds(**connection);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0.0);
  pg.Query(db, "INSERT INTO ingestion_runs (job_name, source, status, started_at) VALUES "
               "('done', 'MVG', 'SUCCESS', now() - interval '1 day'), "
               "('stuck', 'MVG', 'RUNNING', now() - interval '100 seconds'), "
               "('fresh', 'MVG', 'RUNNING', now() - interval '5 seconds')");
  auto stuck = OldestRunningIngestionSeconds(**connection);
  ASSERT_TRUE(stuck);
  EXPECT_NEAR(*stuck, 100.0, 5.0);
}

}  // namespace
}  // namespace bv::store
