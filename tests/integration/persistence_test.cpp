// Persistence end to end: `bahnvision serve` + `mvg-sim` + a real PostgreSQL 15, as processes.
// What the service observed (every departure in every answer the test received) must be in
// departure_observations exactly once, across a PostgreSQL outage, a SIGTERM with a full queue,
// and — up to one batch — a SIGKILL. The station history's figures are recomputed here from the
// same rows.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/openapi_contract.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using Env = std::map<std::string, std::string>;

// U-Bahn stations of mvg-sim's network.
const std::vector<std::string> kStations = {
    "de:09162:1",    "de:09162:1010", "de:09162:1020", "de:09162:1030", "de:09162:1040", "de:09162:1050",
    "de:09162:1060", "de:09162:1070", "de:09162:110",  "de:09162:1110", "de:09162:1130", "de:09162:1140",
    "de:09162:1150", "de:09162:1160", "de:09162:1170", "de:09162:1180", "de:09162:1190", "de:09162:120",
    "de:09162:1200", "de:09162:1210", "de:09162:1220", "de:09162:1230", "de:09162:1240", "de:09162:1250",
    "de:09162:1260", "de:09162:130",  "de:09162:1330", "de:09162:1340", "de:09162:140",  "de:09162:2"};

template <typename F>
bool Eventually(F&& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

// A sample of /metrics, e.g. Metric(port, "bahnvision_persist_written_total{table=\"departure_observations\"}").
double Metric(std::uint16_t port, const std::string& series) {
  const auto res = HttpGet(port, "/metrics");
  if (!res) return NAN;
  const auto at = res->body.find("\n" + series + " ");
  if (at == std::string::npos) return NAN;
  return std::stod(res->body.substr(at + series.size() + 2));
}
const std::string kObs = "{table=\"departure_observations\"}";

// Natural keys "station|line|destination|planned" of every departure in a departures answer.
void CollectKeys(const std::string& body, std::set<std::string>& keys) {
  const auto board = json::parse(body).as_object();
  const std::string station(board.at("station").at("id").as_string());
  for (const auto& d : board.at("departures").as_array()) {
    const auto& o = d.as_object();
    keys.insert(station + "|" + std::string(o.at("line").as_string()) + "|" +
                std::string(o.at("destination").as_string()) + "|" + std::string(o.at("planned_time").as_string()));
  }
}

// Keys of the stored rows, plus the number of rows (to see duplicates).
std::pair<std::set<std::string>, std::size_t> StoredKeys(const PgCluster& pg, const std::string& db) {
  const auto rows = pg.Query(db,
                             "SELECT station_id, line_id, destination, "
                             "to_char(planned_departure AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                             "FROM departure_observations");
  std::set<std::string> keys;
  for (const auto& r : rows) keys.insert(r.at(0) + "|" + r.at(1) + "|" + r.at(2) + "|" + r.at(3));
  return {keys, rows.size()};
}

// Clients asking for departure boards of kStations in a loop, collecting every departure they saw.
class Load {
 public:
  Load(std::uint16_t port, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, port, t, threads] {
        HttpClient client("127.0.0.1", port, 10s);
        for (std::size_t i = static_cast<std::size_t>(t); !stop_.load(); i += static_cast<std::size_t>(threads)) {
          // Cycling the offset (0..60 minutes) keeps new departures coming, as a real day does.
          const std::size_t pass = i / kStations.size();
          const auto res = client.Get("/api/v1/mvg/departures?limit=20&station=" + kStations[i % kStations.size()] +
                                      "&offset=" + std::to_string(pass % 61));
          std::lock_guard lock(mutex_);
          if (res && res->status == 200) {
            ++ok_;
            CollectKeys(res->body, keys_);
          } else {
            ++failed_;
            if (!res) client.Close();
          }
        }
      });
    }
  }
  ~Load() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::set<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  int ok() {
    std::lock_guard lock(mutex_);
    return ok_;
  }
  int failed() {
    std::lock_guard lock(mutex_);
    return failed_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::set<std::string> keys_;
  int ok_ = 0, failed_ = 0;
  std::vector<std::thread> threads_;
};

// Every fetch is a miss (fresh = stale = 1 s), so every observation reaches a client.
Env ServiceEnv(const SimProcess& sim, const std::string& database_url, Env extra = {}) {
  Env env = {{"MVG_BASE_URL", sim.base_url()},
             {"ACCESS_LOG", "false"},
             {"WORKER_THREADS", "2"},
             {"MVG_DEPARTURES_CACHE_TTL_SECONDS", "1"},
             {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "1"},
             {"DATABASE_CONNECT_TIMEOUT_SECONDS", "2"}};
  if (!database_url.empty()) env["DATABASE_URL"] = database_url;
  for (auto& [k, v] : extra) env[k] = v;
  return env;
}

void ExpectExactlyOnce(const PgCluster& pg, const std::string& db, const std::set<std::string>& seen) {
  const auto [stored, rows] = StoredKeys(pg, db);
  EXPECT_EQ(rows, stored.size()) << "duplicate natural keys";
  std::vector<std::string> missing;
  std::set_difference(seen.begin(), seen.end(), stored.begin(), stored.end(), std::back_inserter(missing));
  EXPECT_TRUE(missing.empty()) << missing.size() << " observed departures not stored, e.g. " << missing.front();
  EXPECT_EQ(stored, seen);
}

TEST(PersistenceTest, NothingIsLostWhilePostgresIsDownFor15Seconds) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, pg.url(db), {{"PERSIST_BATCH_SIZE", "200"}, {"PERSIST_QUEUE_MAX", "1000000"}}));
  const auto port = service.port();
  ASSERT_TRUE(service.process().WaitForLine("persistence on", 5s));
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_database_up") == 1; }, 5s));

  Load load(port, 3);
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_persist_written_total" + kObs) > 50; }, 10s));
  pg.Stop();
  const auto stopped_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_database_up") == 0; }, 10s));
  const double written_before = Metric(port, "bahnvision_persist_written_total" + kObs);
  // Degraded, not down: readiness stays 200 and says why; requests keep succeeding.
  const auto ready = HttpGet(port, "/api/v1/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_NE(ready->body.find(R"("database":"down")"), std::string::npos) << ready->body;
  std::this_thread::sleep_until(stopped_at + 15s);
  EXPECT_GT(Metric(port, "bahnvision_persist_queue_depth" + kObs), 0);
  EXPECT_EQ(Metric(port, "bahnvision_persist_written_total" + kObs), written_before);
  EXPECT_GT(Metric(port, "bahnvision_database_errors_total{operation=\"connect\"}") +
                Metric(port, "bahnvision_database_errors_total{operation=\"write\"}"),
            0);
  pg.Start();
  std::this_thread::sleep_for(1s);
  load.Stop();
  EXPECT_EQ(load.failed(), 0);
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_persist_queue_depth" + kObs) == 0; }, 20s));
  EXPECT_EQ(Metric(port, "bahnvision_database_up"), 1);
  EXPECT_EQ(Metric(port, "bahnvision_persist_dropped_total" + kObs), 0);
  EXPECT_EQ(Metric(port, "bahnvision_persist_written_total" + kObs),
            Metric(port, "bahnvision_persist_enqueued_total" + kObs));
  ExpectExactlyOnce(pg, db, load.keys());
  std::printf("outage: %d answers, %zu distinct departures observed, %.0f enqueued\n", load.ok(), load.keys().size(),
              Metric(port, "bahnvision_persist_enqueued_total" + kObs));
}

TEST(PersistenceTest, SigtermWritesAFullQueueBeforeExit) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, pg.url(db), {{"SHUTDOWN_GRACE_PERIOD_SECONDS", "20"}}));
  const auto port = service.port();
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_database_up") == 1; }, 5s));
  pg.Stop();
  Load load(port, 3);
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_persist_queue_depth" + kObs) >= 300; }, 15s));
  load.Stop();
  const double queued = Metric(port, "bahnvision_persist_queue_depth" + kObs);
  service.process().Signal(SIGTERM);
  ASSERT_TRUE(service.process().WaitForLine("flushing persistence queue", 5s));
  std::this_thread::sleep_for(500ms);
  pg.Start();
  EXPECT_EQ(service.process().WaitExit(20s), 0);
  EXPECT_TRUE(service.process().WaitForLine("persistence queue flushed", 1s));
  EXPECT_NE(service.process().Output().find("\"unwritten\":0"), std::string::npos);
  ExpectExactlyOnce(pg, db, load.keys());
  std::printf("sigterm: %.0f items queued at the signal, all written\n", queued);
}

TEST(PersistenceTest, SigkillLosesAtMostOneBatch) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  constexpr int kBatch = 500;  // the default PERSIST_BATCH_SIZE
  ServiceProcess service(ServiceEnv(sim, pg.url(db)));
  const auto port = service.port();
  Load load(port, 4);
  ASSERT_TRUE(Eventually([&] { return Metric(port, "bahnvision_persist_written_total" + kObs) > 200; }, 10s));
  std::this_thread::sleep_for(1s);
  service.process().Signal(SIGKILL);
  load.Stop();
  ASSERT_TRUE(service.process().WaitExit(5s));
  const auto seen = load.keys();
  const auto [stored, rows] = StoredKeys(pg, db);
  EXPECT_EQ(rows, stored.size());
  std::size_t lost = 0;
  for (const auto& key : seen) lost += stored.count(key) == 0 ? 1 : 0;
  EXPECT_LE(lost, static_cast<std::size_t>(kBatch));
  std::printf("sigkill: %zu of %zu observed departures lost (bound: one batch of %d)\n", lost, seen.size(), kBatch);
  RecordProperty("sigkill_lost", static_cast<int>(lost));
}

// The figures of one group, from raw rows (status, delay_seconds).
struct Figures {
  long long departures = 0, cancellations = 0;
  std::optional<double> on_time_share, mean, p90;
};
Figures Compute(const std::vector<std::pair<std::string, std::optional<double>>>& rows) {
  Figures f;
  std::vector<double> delays;
  long long on_time = 0;
  for (const auto& [status, delay] : rows) {
    ++f.departures;
    if (status == "CANCELLED") ++f.cancellations;
    if (status == "ON_TIME" || status == "DELAYED") {
      if (status == "ON_TIME") ++on_time;
      delays.push_back(*delay / 60.0);
    }
  }
  if (!delays.empty()) {
    f.on_time_share = static_cast<double>(on_time) / static_cast<double>(delays.size());
    double sum = 0;
    for (double d : delays) sum += d;
    f.mean = sum / static_cast<double>(delays.size());
    std::sort(delays.begin(), delays.end());
    // Linear interpolation between closest ranks (PostgreSQL's percentile_cont).
    const double rank = 0.9 * static_cast<double>(delays.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const auto hi = std::min(lo + 1, delays.size() - 1);
    f.p90 = delays[lo] + (rank - static_cast<double>(lo)) * (delays[hi] - delays[lo]);
  }
  return f;
}

void ExpectFigures(const json::object& got, const Figures& want, const std::string& where) {
  EXPECT_EQ(got.at("departures").as_int64(), want.departures) << where;
  EXPECT_EQ(got.at("cancellations").as_int64(), want.cancellations) << where;
  auto near = [&](const char* name, const std::optional<double>& value, double tolerance) {
    const auto& v = got.at(name);
    if (!value) {
      EXPECT_TRUE(v.is_null()) << where << " " << name;
      return;
    }
    ASSERT_FALSE(v.is_null()) << where << " " << name;
    EXPECT_NEAR(v.to_number<double>(), *value, tolerance) << where << " " << name;
  };
  near("on_time_share", want.on_time_share, 0.00006);
  near("mean_delay_minutes", want.mean, 0.006);
  near("p90_delay_minutes", want.p90, 0.006);
}

TEST(PersistenceTest, StationStatsEqualFiguresComputedFromTheStoredRows) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, pg.url(db), {{"SHUTDOWN_DRAIN_DELAY_SECONDS", "0"}}));
  const auto port = service.port();
  ContractCoverage coverage;
  HttpClient client("127.0.0.1", port, 10s);
  auto get = [&](const std::string& target, const Headers& headers = {}) {
    auto res = client.Get(target, headers);
    EXPECT_TRUE(res) << target;
    if (!res) return HttpResult{};
    const std::string path = target.substr(0, target.find('?'));
    const auto& contract = OpenApiContract::Instance();
    for (const auto& p : contract.Check(path, "GET", res->status, res->Header("content-type"), res->body)) {
      ADD_FAILURE() << target << ": " << p << "\n" << res->body.substr(0, 300);
    }
    coverage.Record(contract.PathTemplate(path), "GET", res->status);
    return *res;
  };

  // Real observations through the service, then a known mix in the past few hours.
  ASSERT_EQ(get("/api/v1/mvg/departures?station=de:09162:2&limit=20").status, 200);
  ASSERT_TRUE(Eventually([&] { return pg.Value(db, "SELECT count(*) FROM stations WHERE station_id = 'de:09162:2'") == "1"; }, 10s));
  pg.Query(db, R"sql(
    INSERT INTO transit_lines (line_id, transport_mode) VALUES ('U3', 'UBAHN'), ('U6', 'UBAHN'), ('52', 'BUS')
      ON CONFLICT DO NOTHING;
    INSERT INTO departure_observations (station_id, line_id, destination, planned_departure, delay_seconds,
      transport_mode, status, valid_from, valid_to)
    SELECT 'de:09162:2', (ARRAY['U3', 'U6', '52'])[1 + i % 3], 'Ziel ' || i, now() - make_interval(mins => 10 + i * 7),
           CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 37) % 600 END,
           (CASE WHEN i % 3 = 2 THEN 'BUS' ELSE 'UBAHN' END)::transport_mode,
           (CASE WHEN i % 13 = 0 THEN 'CANCELLED' WHEN i % 11 = 0 THEN 'UNKNOWN'
                 WHEN (i * 37) % 600 <= 60 THEN 'ON_TIME' ELSE 'DELAYED' END)::departure_status,
           now(), now()
    FROM generate_series(1, 60) AS i
  )sql");

  const auto stats = get("/api/v1/mvg/stations/de:09162:2/stats?hours=6");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Header("x-cache-status"), "miss");
  const auto body = json::parse(stats.body).as_object();
  EXPECT_EQ(body.at("station").at("name").as_string(), "Marienplatz");
  EXPECT_EQ(body.at("hours").as_int64(), 6);

  // The same rows, read plainly; the figures computed here.
  const std::string to(body.at("to").as_string());
  const auto rows = pg.Query(db, "SELECT line_id, status, coalesce(delay_seconds::text, ''), "
                                 "extract(hour FROM planned_departure AT TIME ZONE 'Europe/Berlin')::int "
                                 "FROM departure_observations WHERE station_id = 'de:09162:2' AND "
                                 "planned_departure >= '" + to + "'::timestamptz - interval '6 hours' AND "
                                 "planned_departure < '" + to + "'::timestamptz");
  using Rows = std::vector<std::pair<std::string, std::optional<double>>>;
  Rows all;
  std::map<std::string, Rows> by_line;
  std::map<int, Rows> by_hour;
  for (const auto& r : rows) {
    const std::pair<std::string, std::optional<double>> row{
        r[1], r[2].empty() ? std::nullopt : std::optional<double>(std::stod(r[2]))};
    all.push_back(row);
    by_line[r[0]].push_back(row);
    by_hour[std::stoi(r[3])].push_back(row);
  }
  ASSERT_GE(all.size(), 30u);
  ExpectFigures(body.at("summary").as_object(), Compute(all), "summary");
  ASSERT_EQ(body.at("by_line").as_array().size(), by_line.size());
  for (const auto& l : body.at("by_line").as_array()) {
    const std::string line(l.at("line").as_string());
    ExpectFigures(l.as_object(), Compute(by_line[line]), "line " + line);
  }
  ASSERT_EQ(body.at("by_hour").as_array().size(), by_hour.size());
  for (const auto& h : body.at("by_hour").as_array()) {
    const int hour = static_cast<int>(h.at("hour").as_int64());
    ExpectFigures(h.as_object(), Compute(by_hour[hour]), "hour " + std::to_string(hour));
  }

  // Cached like the other endpoints.
  const auto hit = get("/api/v1/mvg/stations/de:09162:2/stats?hours=6");
  EXPECT_EQ(hit.Header("x-cache-status"), "hit");
  EXPECT_EQ(hit.body, stats.body);
  EXPECT_EQ(get("/api/v1/mvg/stations/de:09162:2/stats?hours=6", {{"If-None-Match", stats.Header("etag")}}).status, 304);
  EXPECT_EQ(get("/api/v1/mvg/stations/de%3A09162%3A2/stats?hours=6").Header("x-cache-status"), "hit");
  // 404 and 422.
  EXPECT_EQ(get("/api/v1/mvg/stations/de:09162:999999/stats").status, 404);
  for (const char* hours : {"0", "7", "25", "721", "abc", "-1", "24x"}) {
    EXPECT_EQ(get(std::string("/api/v1/mvg/stations/de:09162:2/stats?hours=") + hours).status, 422) << hours;
  }
  EXPECT_EQ(get("/api/v1/mvg/stations/de:09162:2/stats").status, 200);  // default 24 hours
  // PostgreSQL down and nothing cached for the key: 503 with Retry-After, while a cached key still answers.
  pg.Stop();
  const auto down = get("/api/v1/mvg/stations/de:09162:2/stats?hours=1");
  EXPECT_EQ(down.status, 503);
  EXPECT_FALSE(down.Header("retry-after").empty());
  EXPECT_EQ(get("/api/v1/mvg/stations/de:09162:2/stats?hours=6").status, 200);
  pg.Start();
  // Reconnects after the restart (the pool's idle connections died with the server).
  EXPECT_TRUE(Eventually([&] { return get("/api/v1/mvg/stations/de:09162:2/stats?hours=168").status == 200; }, 10s));

  const auto missing = coverage.Missing(OpenApiContract::Instance(),
                                        [](const std::string& path) { return path.ends_with("/stats"); });
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

// Regression (issue 15): station ids with invalid UTF-8 reached PostgreSQL, answered 503 "store
// unavailable" and counted as database errors; "de:09162:2%00" lost its NUL in libpq and answered
// for Marienplatz.
TEST(PersistenceTest, StationStatsRefuseMalformedIdsWithoutTouchingPostgres) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, pg.url(db)));
  const auto port = service.port();
  ASSERT_EQ(HttpGet(port, "/api/v1/mvg/departures?station=de:09162:2")->status, 200);
  ASSERT_TRUE(Eventually([&] { return pg.Value(db, "SELECT count(*) FROM stations WHERE station_id = 'de:09162:2'") == "1"; }, 10s));
  ASSERT_EQ(HttpGet(port, "/api/v1/mvg/stations/de:09162:2/stats?hours=24")->status, 200);  // baseline
  const std::string errors = "bahnvision_database_errors_total{operation=\"query\"}";
  const double errors_before = Metric(port, errors);
  ASSERT_EQ(errors_before, 0);
  for (const char* id : {"de:09162:2%C3", "%FF", "de:09162:2%ED%A0%80", "de:09162:2%00", "de:09162:2%00x",
                         "Marienplatz", "de:09162:2:1:1", "de:09162:", "%20de:09162:2"}) {
    const std::string target = std::string("/api/v1/mvg/stations/") + id + "/stats";
    const auto res = HttpGet(port, target);
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, 422) << target << " -> " << res->body;
    EXPECT_EQ(res->Header("x-cache-status"), "") << target << ": answered before the cache";
    const auto doc = json::parse(res->body).as_object();
    EXPECT_EQ(doc.at("detail").as_array()[0].at("loc").as_array()[0].as_string(), "path") << target;
    EXPECT_EQ(doc.at("detail").as_array()[0].at("loc").as_array()[1].as_string(), "station_id") << target;
    for (const auto& p : OpenApiContract::Instance().Check("/api/v1/mvg/stations/x/stats", "GET", res->status,
                                                           res->Header("content-type"), res->body)) {
      ADD_FAILURE() << target << ": " << p;
    }
  }
  EXPECT_EQ(Metric(port, errors), errors_before) << "client input counted as a database error";
  EXPECT_EQ(Metric(port, "bahnvision_database_up"), 1);
}

// DATABASE_MAX_PENDING_QUERIES: with PostgreSQL hanging, the one allowed query waits; the next
// request is answered 503 at once, names the database, and is counted as a rejection, not an error.
TEST(PersistenceTest, StationStatsShedLoadBeyondThePendingQueryBound) {
  PgCluster pg;
  const std::string db = pg.CreateDatabase();
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, pg.url(db), {{"DATABASE_POOL_SIZE", "1"}, {"DATABASE_MAX_PENDING_QUERIES", "1"}}));
  const auto port = service.port();
  const std::string rejections = "bahnvision_upstream_rejections_total{upstream=\"postgresql\",limit=\"pending_queries\"}";
  ASSERT_EQ(Metric(port, rejections), 0);  // baseline: exposed from the start
  pg.Pause();  // the pool has no connection yet: its first connect hangs (up to the 2 s timeout)
  std::thread waiting([&] { (void)HttpGet(port, "/api/v1/mvg/stations/de:09162:2/stats?hours=24"); });
  const double errors_before = Metric(port, "bahnvision_database_errors_total{operation=\"query\"}");
  std::this_thread::sleep_for(300ms);
  const auto started = std::chrono::steady_clock::now();
  const auto shed = HttpGet(port, "/api/v1/mvg/stations/de:09162:2/stats?hours=6");
  const auto took = std::chrono::steady_clock::now() - started;
  const double errors_after = Metric(port, "bahnvision_database_errors_total{operation=\"query\"}");
  pg.Resume();
  waiting.join();
  ASSERT_TRUE(shed);
  EXPECT_EQ(shed->status, 503) << shed->body;
  EXPECT_EQ(shed->Header("retry-after"), "1");
  EXPECT_NE(shed->body.find("PostgreSQL"), std::string::npos) << shed->body;
  EXPECT_LT(took, 1s) << "refused at once, not after the connect timeout";
  EXPECT_TRUE(OpenApiContract::Instance()
                  .Check("/api/v1/mvg/stations/de:09162:2/stats", "GET", shed->status, shed->Header("content-type"),
                         shed->body)
                  .empty());
  EXPECT_EQ(Metric(port, rejections), 1);
  EXPECT_EQ(errors_after, errors_before) << "a shed query is not a database error";
  // Once the queue has room again, queries run.
  EXPECT_TRUE(Eventually([&] { return HttpGet(port, "/api/v1/mvg/stations/de:09162:2/stats?hours=6")->status != 503; }, 10s));
}

TEST(PersistenceTest, OffWithoutDatabaseUrl) {
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, ""));
  EXPECT_TRUE(service.process().WaitForLine("persistence off", 2s));
  const auto ready = HttpGet(service.port(), "/api/v1/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_NE(ready->body.find(R"("database":"disabled")"), std::string::npos);
  const auto stats = HttpGet(service.port(), "/api/v1/mvg/stations/de:09162:2/stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 503);
  EXPECT_TRUE(OpenApiContract::Instance()
                  .Check("/api/v1/mvg/stations/de:09162:2/stats", "GET", stats->status, stats->Header("content-type"),
                         stats->body)
                  .empty());
  ASSERT_EQ(HttpGet(service.port(), "/api/v1/mvg/departures?station=de:09162:2")->status, 200);
  EXPECT_TRUE(std::isnan(Metric(service.port(), "bahnvision_persist_queue_depth" + kObs)));
}

}  // namespace
}  // namespace bv::test
