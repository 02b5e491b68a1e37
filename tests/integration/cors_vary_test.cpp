// `Vary: Origin` from the real service over real sockets. With CORS on, the answer depends on
// the Origin (Access-Control-Allow-Origin or not), so every answer of an /api route must say so,
// whatever its status and whatever the Origin: a shared cache that stored an answer without it
// would serve one origin's CORS headers to another (or a refused origin's answer to the app).
// mvg-sim stands in for MVG; its faults produce the 503s.
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"

namespace bv::test {
namespace {

constexpr const char* kAllowed = "https://app.example";
constexpr const char* kRefused = "https://evil.example";
constexpr const char* kBoard = "/api/v1/mvg/departures?station=de:09162:2";

// Whether the Vary field lists Origin (a comma list of case-insensitive names; "*" varies on
// everything, which we never send but would be correct).
bool VariesOnOrigin(const std::string& vary) {
  std::istringstream names(vary);
  std::string name;
  while (std::getline(names, name, ',')) {
    std::string folded;
    for (char c : name) {
      if (c != ' ' && c != '\t')
        folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (folded == "origin" || folded == "*") return true;
  }
  return false;
}

std::map<std::string, std::string> ServiceEnv(const SimProcess& sim,
                                              std::map<std::string, std::string> extra = {}) {
  extra["MVG_BASE_URL"] = sim.base_url();
  extra["CORS_ALLOW_ORIGINS"] = kAllowed;
  extra.emplace("ACCESS_LOG", "false");
  return extra;
}

struct Case {
  std::string name;
  std::string method;
  std::string target;
  Headers headers;
  int status;
  int refused_status = 0;  // the status for the refused origin when it differs (a preflight)
};

// Sends `c` without an Origin, with the allowed one and with a refused one; each answer must
// have the expected status and vary on Origin, and only the allowed origin is let in.
void ExpectVaryOnEveryOrigin(std::uint16_t port, const Case& c) {
  for (const std::string origin : {"", kAllowed, kRefused}) {
    Headers headers = c.headers;
    if (!origin.empty()) headers.emplace_back("Origin", origin);
    HttpClient client("127.0.0.1", port);
    const auto res = client.Request(c.method, c.target, headers);
    const std::string where = c.name + " with Origin '" + origin + "'";
    ASSERT_TRUE(res) << where;
    const int status = origin == kRefused && c.refused_status != 0 ? c.refused_status : c.status;
    EXPECT_EQ(res->status, status) << where << ": " << res->body;
    EXPECT_TRUE(VariesOnOrigin(res->Header("vary"))) << where << ": Vary is '" << res->Header("vary") << "'";
    EXPECT_EQ(res->Header("access-control-allow-origin"), origin == kAllowed ? kAllowed : "") << where;
  }
}

TEST(CorsVaryTest, EveryApiAnswerVariesOnOriginWhateverTheStatusAndOrigin) {
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim));
  const std::uint16_t port = service.port();

  const auto first = HttpGet(port, kBoard);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const std::string etag = first->Header("etag");
  ASSERT_FALSE(etag.empty());

  const std::vector<Case> cases = {
      {"200", "GET", kBoard, {}, 200},
      {"200 HEAD", "HEAD", kBoard, {}, 200},
      {"304", "GET", kBoard, {{"If-None-Match", etag}}, 304},
      {"404 unknown station", "GET", "/api/v1/mvg/departures?station=de:09162:999999", {}, 404},
      {"404 unknown route", "GET", "/api/v1/nope", {}, 404},
      {"405", "DELETE", kBoard, {}, 405},
      {"422", "GET", "/api/v1/mvg/departures?station=de:09162:2&limit=99", {}, 422},
      {"preflight", "OPTIONS", kBoard, {{"Access-Control-Request-Method", "GET"}}, 204, 400},
  };
  for (const auto& c : cases) ExpectVaryOnEveryOrigin(port, c);

  // 502: MVG answers 500 (first: the failures that follow open the MVG breaker).
  sim.SetFaults("error_rate=1&error_status=500");
  ExpectVaryOnEveryOrigin(port, {"502", "GET", "/api/v1/mvg/departures?station=de:09162:50", {}, 502});
  // 503: MVG unreachable and nothing cached for this station.
  sim.SetFaults("outage=1");
  ExpectVaryOnEveryOrigin(port, {"503", "GET", "/api/v1/mvg/departures?station=de:09162:6", {}, 503});
  sim.ClearFaults();
}

// The rate limiter answers before any handler runs: its 429 must vary on Origin too.
TEST(CorsVaryTest, RateLimitedAnswersVaryOnOrigin) {
  SimProcess sim;
  ServiceProcess service(ServiceEnv(sim, {{"RATE_LIMIT_PER_MINUTE", "1"}, {"RATE_LIMIT_BURST", "1"}}));
  const auto first = HttpGet(service.port(), kBoard);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << "the one request of the budget";
  ExpectVaryOnEveryOrigin(service.port(), {"429", "GET", kBoard, {}, 429});
}

}  // namespace
}  // namespace bv::test
