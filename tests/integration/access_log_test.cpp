// The access log of the MVG-backed routes, with the real service and mvg-sim: the documented
// fields (docs/operations/logging.md), trace context accepted or created, cache and MVG status.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

json::object LogLineOf(ServiceProcess& service, const std::string& request_id) {
  const auto line = service.process().WaitForLine("\"request_id\":\"" + request_id + "\"", 10s);
  EXPECT_TRUE(line) << service.process().Output();
  return line ? json::parse(*line).as_object() : json::object{};
}

TEST(AccessLogTest, MvgRoutesLogTraceCacheAndMvgStatusAndStation) {
  SimProcess sim;
  ServiceProcess service({{"MVG_BASE_URL", sim.base_url()}});
  const std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  const auto first = HttpGet(service.port(), "/api/v1/mvg/departures?station=Marienplatz&limit=3",
                             {{"X-Request-Id", "log-dep-1"}, {"traceparent", "00-" + trace_id + "-00f067aa0ba902b7-01"}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto line = LogLineOf(service, "log-dep-1");
  for (const char* field : {"timestamp", "level", "message", "request_id", "trace_id", "span_id", "method", "route",
                            "path", "status", "duration_ms", "bytes", "client", "cache_status", "mvg_status", "station"}) {
    EXPECT_TRUE(line.contains(field)) << field << " missing in " << json::serialize(line);
  }
  EXPECT_EQ(line.at("trace_id").as_string(), trace_id);
  EXPECT_NE(line.at("span_id").as_string(), "00f067aa0ba902b7");
  EXPECT_EQ(line.at("route").as_string(), "/api/v1/mvg/departures");
  EXPECT_EQ(line.at("cache_status").as_string(), "miss");
  EXPECT_EQ(line.at("mvg_status").as_string(), "success");
  EXPECT_EQ(line.at("station").as_string(), "Marienplatz");

  // The same board again: a hit, no MVG involved, and a new trace since none was sent.
  ASSERT_TRUE(HttpGet(service.port(), "/api/v1/mvg/departures?station=Marienplatz&limit=3", {{"X-Request-Id", "log-dep-2"}}));
  line = LogLineOf(service, "log-dep-2");
  EXPECT_EQ(line.at("cache_status").as_string(), "hit");
  EXPECT_TRUE(line.at("mvg_status").is_null());
  const std::string created(line.at("trace_id").as_string());
  EXPECT_EQ(created.size(), 32u);
  EXPECT_NE(created, trace_id);

  // MVG failing and nothing cached: the error kind is logged.
  sim.SetFaults("error_rate=1&error_status=500");
  const auto failed = HttpGet(service.port(), "/api/v1/mvg/departures?station=Marienplatz&limit=4", {{"X-Request-Id", "log-dep-3"}});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 502);
  line = LogLineOf(service, "log-dep-3");
  EXPECT_EQ(line.at("cache_status").as_string(), "error");
  EXPECT_EQ(line.at("mvg_status").as_string(), "server_error");

  // Routes without MVG carry the same fields, null.
  ASSERT_TRUE(HttpGet(service.port(), "/api/v1/health", {{"X-Request-Id", "log-health"}}));
  line = LogLineOf(service, "log-health");
  EXPECT_TRUE(line.at("cache_status").is_null());
  EXPECT_TRUE(line.at("station").is_null());
  EXPECT_EQ(line.at("trace_id").as_string().size(), 32u);
}

}  // namespace
}  // namespace bv::test
