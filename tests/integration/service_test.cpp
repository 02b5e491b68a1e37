// `bahnvision serve` as a real process: start-up, configuration errors, access log, metrics
// (checked by promtool) and the SIGTERM drain under load.
#include <signal.h>

#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;

ProcessOptions ServeIn(const TempDir& dir, std::map<std::string, std::string> env) {
  ProcessOptions o;
  o.argv = {kServiceBinary, "serve"};
  env.emplace("PORT", "0");
  o.env = std::move(env);
  o.cwd = dir.path();
  return o;
}

TEST(ServiceTest, AnswersHealthWithJsonAndARequestId) {
  ServiceProcess service;
  auto res = HttpGet(service.port(), "/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-type"), "application/json");
  EXPECT_EQ(res->Header("x-request-id").size(), 36u);
  const auto doc = boost::json::parse(res->body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "ok");
  EXPECT_FALSE(doc.at("version").as_string().empty());
  EXPECT_TRUE(doc.at("uptime_seconds").is_double());
}

TEST(ServiceTest, BadConfigurationStopsStartUpWithOneLineNamingTheVariable) {
  TempDir dir;
  ChildProcess proc(ServeIn(dir, {{"PORT", "abc"}}));
  ASSERT_EQ(proc.WaitExit(10s), 2);
  const auto lines = proc.Lines();
  ASSERT_EQ(lines.size(), 1u) << proc.Output();
  EXPECT_EQ(lines[0],
            "bahnvision: configuration error: PORT=\"abc\" is not allowed: expected an integer from 0 to 65535");
}

TEST(ServiceTest, WildcardCorsIsRefusedAtStartUp) {
  TempDir dir;
  ChildProcess proc(ServeIn(dir, {{"CORS_ALLOW_ORIGINS", "*"}}));
  ASSERT_EQ(proc.WaitExit(10s), 2);
  EXPECT_NE(proc.Output().find("CORS_ALLOW_ORIGINS=\"*\" is not allowed"), std::string::npos) << proc.Output();
}

TEST(ServiceTest, DotEnvInTheWorkingDirectoryIsReadAndValidated) {
  TempDir dir;
  std::ofstream(dir.path() + "/.env") << "LOG_FORMAT=text\n";
  ChildProcess text_logs(ServeIn(dir, {}));
  ASSERT_TRUE(text_logs.WaitForLine("listening on", 20s)) << text_logs.Output();
  EXPECT_EQ(text_logs.Output().find("{\"timestamp\""), std::string::npos) << "LOG_FORMAT=text from .env was ignored";
  text_logs.Signal(SIGKILL);

  TempDir bad;
  std::ofstream(bad.path() + "/.env") << "LOG_LEVEL=chatty\n";
  ChildProcess refused(ServeIn(bad, {}));
  ASSERT_EQ(refused.WaitExit(10s), 2);
  EXPECT_NE(refused.Output().find("LOG_LEVEL=\"chatty\""), std::string::npos);
}

TEST(ServiceTest, PortInUseIsReportedAndExitsNonZero) {
  ServiceProcess first;
  TempDir dir;
  ChildProcess second(ServeIn(dir, {{"PORT", std::to_string(first.port())}}));
  EXPECT_EQ(second.WaitExit(10s), 1);
  EXPECT_NE(second.Output().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos)
      << second.Output();
}

TEST(ServiceTest, WritesOneStructuredAccessLogLinePerRequest) {
  ServiceProcess service;
  ASSERT_TRUE(HttpGet(service.port(), "/api/v1/health", {{"X-Request-Id", "it-access-log-1"}}));
  const auto line = service.process().WaitForLine("it-access-log-1", 5s);
  ASSERT_TRUE(line);
  const auto doc = boost::json::parse(*line).as_object();
  for (const char* field : {"timestamp", "level", "message", "request_id", "method", "route", "status",
                            "duration_ms", "bytes", "client"}) {
    EXPECT_TRUE(doc.contains(field)) << field << " missing in " << *line;
  }
  EXPECT_EQ(doc.at("route").as_string(), "/api/v1/health");
  EXPECT_EQ(doc.at("status").as_int64(), 200);
  EXPECT_EQ(doc.at("client").as_string(), "127.0.0.1");
  EXPECT_GT(doc.at("bytes").as_int64(), 0);
}

TEST(ServiceTest, MetricsParseWithPromtoolAndCarryTheDocumentedNames) {
  ServiceProcess service;
  ASSERT_TRUE(HttpGet(service.port(), "/api/v1/health"));
  ASSERT_TRUE(HttpGet(service.port(), "/nope"));
  // A request is counted once its answer is written, which may be just after the client read
  // it: scrape until the 404 shows up.
  std::optional<HttpResult> metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = HttpGet(service.port(), "/metrics");
    if (metrics && metrics->body.find(R"(route="unmatched")") != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  for (const char* name : {"bahnvision_api_requests_total{", "bahnvision_api_request_duration_seconds_bucket{",
                           "# TYPE bahnvision_api_exceptions_total counter", "bahnvision_api_requests_in_flight ",
                           "bahnvision_build_info{", "process_cpu_seconds_total ", "process_resident_memory_bytes ",
                           "process_open_fds ", "process_start_time_seconds "}) {
    EXPECT_NE(metrics->body.find(name), std::string::npos) << name;
  }
  EXPECT_NE(metrics->body.find(R"(route="unmatched")"), std::string::npos);
  EXPECT_EQ(metrics->body.find(R"(route="/nope")"), std::string::npos) << "raw paths must never become labels";

  TempDir dir;
  const std::string file = dir.path() + "/metrics.txt";
  std::ofstream(file) << metrics->body;
  const auto check = RunCommand("promtool check metrics < " + file);
  EXPECT_EQ(check.status, 0) << check.output;
}

// Under load, SIGTERM must fail no request that was sent: readiness turns 503 during the
// drain delay while requests keep being served, then the listener closes, in-flight requests
// finish with `Connection: close`, and the process exits 0 with every access-log line written
// (they are buffered per worker thread).
TEST(ServiceTest, SigtermUnderLoadFailsNoRequestAndExitsZero) {
  ServiceProcess service({{"SHUTDOWN_DRAIN_DELAY_SECONDS", "0.5"}, {"SHUTDOWN_GRACE_PERIOD_SECONDS", "5"}});
  const std::uint16_t port = service.port();
  std::atomic<bool> signalled{false};
  std::atomic<int> ok{0}, failed{0}, ok_after_signal{0};
  std::atomic<bool> saw_not_ready{false};

  auto worker = [&] {
    HttpClient client("127.0.0.1", port, 5s);
    for (;;) {
      auto res = client.Get("/api/v1/health");
      if (!res && client.reused()) {
        // The server closed an idle keep-alive connection as we sent: no byte of the request
        // was processed, so (as RFC 9112 9.3.1 allows for GET) retry once on a new connection.
        res = client.Get("/api/v1/health");
      }
      if (!res) {
        // A refused new connection means the listener is closed: this request never started.
        if (signalled && !client.reused()) return;
        ++failed;
        return;
      }
      if (res->status == 200) {
        ++ok;
        if (signalled) ++ok_after_signal;
      } else {
        ++failed;
      }
    }
  };
  auto readiness_probe = [&] {
    while (!saw_not_ready) {
      auto res = HttpGet(port, "/api/v1/health/ready");
      if (!res) return;
      if (res->status == 503) saw_not_ready = true;
      std::this_thread::sleep_for(20ms);
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back(worker);
  threads.emplace_back(readiness_probe);
  std::this_thread::sleep_for(500ms);
  signalled = true;
  const auto sent_at = std::chrono::steady_clock::now();
  service.process().Signal(SIGTERM);
  const auto status = service.process().WaitExit(10s);
  const auto took = std::chrono::steady_clock::now() - sent_at;
  for (auto& t : threads) t.join();

  ASSERT_TRUE(status) << "did not exit within 10 s";
  EXPECT_EQ(*status, 0);
  EXPECT_LT(took, 5s) << "exit must come within the grace period";
  EXPECT_GE(took, 450ms) << "the listener must stay open for the drain delay";
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 100);
  EXPECT_GT(ok_after_signal.load(), 0) << "requests during the drain delay must still be served";
  EXPECT_TRUE(saw_not_ready.load()) << "readiness must turn 503 at once";
  const std::string out = service.process().Output();
  EXPECT_NE(out.find("\"message\":\"shutdown requested\""), std::string::npos);
  EXPECT_NE(out.find("\"message\":\"drained\""), std::string::npos);
  int logged = 0;
  for (std::size_t at = 0; (at = out.find("\"route\":\"/api/v1/health\"", at)) != std::string::npos; ++at) ++logged;
  EXPECT_EQ(logged, ok.load()) << "one access-log line per answered request, none lost at exit";
}

TEST(ServiceTest, SecondSignalSkipsTheDrainDelay) {
  ServiceProcess service({{"SHUTDOWN_DRAIN_DELAY_SECONDS", "20"}, {"SHUTDOWN_GRACE_PERIOD_SECONDS", "30"}});
  service.process().Signal(SIGINT);
  ASSERT_TRUE(service.process().WaitForLine("shutdown requested", 5s));
  const auto started = std::chrono::steady_clock::now();
  service.process().Signal(SIGINT);
  EXPECT_EQ(service.process().WaitExit(5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
}  // namespace bv::test
