#include "options.hpp"

#include <gtest/gtest.h>

#include "station_file.hpp"

namespace bv::sim {
namespace {

ParamResult<SimOptions> Parse(std::vector<std::string_view> args) { return ParseOptions(args); }

TEST(SimOptionsTest, DefaultsServeOnAFreeLoopbackPort) {
  const auto o = Parse({});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->host, "127.0.0.1");
  EXPECT_EQ(o->port, 0);
  EXPECT_EQ(o->seed, 1u);
  EXPECT_FALSE(o->now_ms);
  EXPECT_FALSE(o->faults.outage);
}

TEST(SimOptionsTest, ReadsEveryFlagInBothSpellings) {
  const auto o = Parse({"--host",
                        "0.0.0.0",
                        "--port=8081",
                        "--seed",
                        "42",
                        "--stations",
                        "/tmp/s.json",
                        "--threads=3",
                        "--latency-ms",
                        "900",
                        "--jitter-ms=100",
                        "--error-rate",
                        "0.5",
                        "--error-status",
                        "502",
                        "--rate-limit-retry-after",
                        "30",
                        "--hang",
                        "--outage",
                        "--malformed-json",
                        "--html",
                        "--fault-endpoint",
                        "routes",
                        "--now",
                        "2026-11-23T08:00:00Z",
                        "--access-log"});
  ASSERT_TRUE(o) << o.error();
  EXPECT_EQ(o->host, "0.0.0.0");
  EXPECT_EQ(o->port, 8081);
  EXPECT_EQ(o->seed, 42u);
  EXPECT_EQ(o->stations_file, "/tmp/s.json");
  EXPECT_EQ(o->threads, 3u);
  EXPECT_EQ(o->faults.latency_ms, 900);
  EXPECT_EQ(o->faults.jitter_ms, 100);
  EXPECT_DOUBLE_EQ(o->faults.error_rate, 0.5);
  EXPECT_EQ(o->faults.error_status, 502);
  EXPECT_EQ(o->faults.retry_after, 30);
  EXPECT_TRUE(o->faults.hang && o->faults.outage && o->faults.malformed && o->faults.html);
  EXPECT_EQ(o->faults.endpoint, Endpoint::kRoutes);
  EXPECT_EQ(o->now_ms, 1795420800000);
  EXPECT_TRUE(o->access_log);
}

TEST(SimOptionsTest, ErrorsNameTheFlag) {
  EXPECT_NE(Parse({"--port", "70000"}).error().find("--port"), std::string::npos);
  EXPECT_NE(Parse({"--bogus"}).error().find("--bogus"), std::string::npos);
  EXPECT_NE(Parse({"--seed"}).error().find("--seed"), std::string::npos);
  EXPECT_FALSE(Parse({"--error-rate", "2"}));
  EXPECT_FALSE(Parse({"--now", "2026-11-23T08:00:00"}));
  EXPECT_TRUE(Parse({"--help"})->help);
}

TEST(SimStationFileTest, ReadsTheMvvFormatAndFillsMissingPlaces) {
  const auto stations = ParseStationFile(R"json([
    {"globalId":"de:09162:2","divaId":2,"name":"Marienplatz","place":"München","placeRule":"district","districtCode":"09162","district":"München (Stadt)","latitude":48.136436,"longitude":11.577658,"stopPointIds":[]},
    {"globalId":"de:09161:9000","divaId":9000,"name":"Hbf","place":null,"placeRule":null,"districtCode":"09161","district":"Ingolstadt","latitude":48.744423,"longitude":11.43744,"stopPointIds":[]},
    {"globalId":"de:09184:1","divaId":1,"name":"Somewhere","place":null,"placeRule":null,"districtCode":"09184","district":"München (Landkreis)","latitude":48.2,"longitude":11.7,"stopPointIds":[]},
    {"globalId":"","name":"broken","latitude":1,"longitude":2},
    {"name":"no id"}
  ])json");
  ASSERT_TRUE(stations) << stations.error();
  ASSERT_EQ(stations->size(), 3u);
  EXPECT_EQ((*stations)[0].place, "München");
  EXPECT_EQ((*stations)[1].place, "Ingolstadt");
  EXPECT_EQ((*stations)[2].place, "Landkreis München");
  EXPECT_DOUBLE_EQ((*stations)[1].latitude, 48.744423);
  EXPECT_FALSE(ParseStationFile("{}"));
  EXPECT_FALSE(ParseStationFile("[1,"));
  EXPECT_FALSE(LoadStationFile("/nonexistent/stations.json"));
}

}  // namespace
}  // namespace bv::sim
