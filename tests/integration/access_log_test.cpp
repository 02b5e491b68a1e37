// The access log of the MVG-backed routes, with the real service and mvg-sim: the documented
// fields (docs/operations/logging.md), trace context accepted or created, cache and MVG status.
#include <algorithm>
#include <regex>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"
#include "obs/log.hpp"

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

// Requests whose every logged field carries %0A, %0D, %1B, %00 (decoded where the service
// decodes: the station), raw control and non-ASCII bytes where HTTP lets them through, sent
// over a raw socket. A station with control characters is refused (422) before it is logged;
// one that passes validation but still needs escaping ("\=, U+2028, non-ASCII) is logged.
// Returns how many requests were sent; the last one has request id `marker`.
int SendHostileRequests(std::uint16_t port, const std::string& marker) {
  const std::string evil = "%0Afake%20level%3Dcritical%0D%1B%5B31m%00%22%5C%3D%E2%80%A8%FF";
  const std::vector<std::string> targets = {
      "/api/v1/mvg/departures?station=x" + evil,
      "/api/v1/mvg/departures?station=z%22%5C%3D%E2%80%A8%C3%A4",
      "/api/v1/mvg/departures" + evil + "?station=y",
      "/api/v1/mvg/stations/search?q=" + evil,
      "/api/v1/mvg/routes/plan?origin=" + evil + "&destination=" + evil,
      "/" + evil + "?" + evil,
      "/caf\xc3\xa9/\xff\xfe?station=\xc3\xa9\xff",
  };
  const std::vector<std::string> headers = {
      "User-Agent: ua\x1b[31m%0Afake\r\n",
      "X-Request-Id: id%0Afake\r\n",
      "X-Request-Id: id\x1b\x7f\r\n",
      "traceparent: 00-%0A-\x1b\r\n",
      "X-Forwarded-For: 1.2.3.4%0Afake, \x1b\r\n",
      "Forwarded: for=\"x\\\"%0A\"\r\n",
      "Origin: https://x%0Afake\r\n",
  };
  int sent = 0;
  const auto send = [&](const std::string& target, const std::string& extra) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "Connection: close\r\n\r\n";
    RawExchange(port, {request}, std::chrono::milliseconds(0), std::chrono::seconds(5));
    ++sent;
  };
  for (const auto& target : targets) {
    for (const auto& header : headers) send(target, header);
  }
  send("/api/v1/health", "X-Request-Id: " + marker + "\r\n");
  return sent;
}

// Every output line of the service, whatever its format, must be a whole log line: a request
// field never starts a line of its own.
void ExpectOneLinePerRequest(ServiceProcess& service, obs::LogFormat format, int requests, const std::string& marker) {
  ASSERT_TRUE(service.process().WaitForLine(marker, 10s)) << service.process().Output();
  // Each worker thread flushes its buffered access-log lines within 200 ms: wait for all.
  const auto is_request_line = [&](const std::string& line) {
    return format == obs::LogFormat::kJson ? line.find(R"("message":"request")") != std::string::npos
                                           : line.find(" request request_id=") != std::string::npos;
  };
  for (int i = 0; i < 50; ++i) {
    const auto lines = service.process().Lines();
    if (std::count_if(lines.begin(), lines.end(), is_request_line) >= requests) break;
    std::this_thread::sleep_for(100ms);
  }
  int request_lines = 0;
  const std::regex text_line(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warning|error|critical) +\S.*$)");
  for (const std::string& line : service.process().Lines()) {
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      if (format == obs::LogFormat::kText) {
        EXPECT_TRUE(byte >= 0x20 && byte < 0x7F) << "raw byte " << int(byte) << " in: " << line;
      } else {
        EXPECT_TRUE(byte >= 0x20) << "raw control byte " << int(byte) << " in: " << line;
      }
    }
    if (format == obs::LogFormat::kJson) {
      boost::system::error_code ec;
      const auto doc = json::parse(line, ec);
      ASSERT_FALSE(ec) << "not a JSON log line: " << line;
      if (doc.as_object().at("message").as_string() == "request") ++request_lines;
    } else {
      ASSERT_TRUE(std::regex_match(line, text_line)) << "not a text log line: " << line;
      if (line.find(" request request_id=") != std::string::npos) ++request_lines;
    }
  }
  EXPECT_EQ(request_lines, requests);
}

TEST(AccessLogTest, NoRequestCanForgeALineInTheJsonFormat) {
  SimProcess sim;
  ServiceProcess service({{"MVG_BASE_URL", sim.base_url()}, {"LOG_FORMAT", "json"}});
  const int requests = SendHostileRequests(service.port(), "forge-json-end");
  ExpectOneLinePerRequest(service, obs::LogFormat::kJson, requests, "forge-json-end");
  const auto lines = service.process().Lines();
  const bool decoded_station_logged = std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find(R"("station":"z\"\\=\u2028ä")") != std::string::npos;
  });
  EXPECT_TRUE(decoded_station_logged) << service.process().Output();
}

TEST(AccessLogTest, NoRequestCanForgeALineInTheTextFormat) {
  SimProcess sim;
  ServiceProcess service({{"MVG_BASE_URL", sim.base_url()}, {"LOG_FORMAT", "text"}});
  const int requests = SendHostileRequests(service.port(), "forge-text-end");
  ExpectOneLinePerRequest(service, obs::LogFormat::kText, requests, "forge-text-end");
  const auto lines = service.process().Lines();
  const bool decoded_station_logged = std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find(R"(station="z\"\\\x3d\xe2\x80\xa8\xc3\xa4")") != std::string::npos;
  });
  EXPECT_TRUE(decoded_station_logged) << service.process().Output();
}

}  // namespace
}  // namespace bv::test
