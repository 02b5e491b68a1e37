// The contract oracle used by the API tests must itself catch what it is meant to catch.
#include "support/openapi_contract.hpp"

#include <gtest/gtest.h>

namespace bv::test {
namespace {

const OpenApiContract& Contract() { return OpenApiContract::Instance(); }

TEST(OpenApiContractTest, AcceptsADocumentedAnswer) {
  EXPECT_TRUE(Contract()
                  .Check("/api/v1/health", "GET", 200, "application/json",
                         R"({"status":"ok","version":"0.1.0","uptime_seconds":1.5})")
                  .empty());
}

TEST(OpenApiContractTest, RejectsUndocumentedFieldsMissingFieldsAndWrongTypes) {
  const auto extra = Contract().Check("/api/v1/health", "GET", 200, "application/json",
                                      R"({"status":"ok","version":"0.1.0","uptime_seconds":1.5,"debug":true})");
  ASSERT_EQ(extra.size(), 1u);
  EXPECT_EQ(extra[0], "body.debug: field not documented");
  const auto missing = Contract().Check("/api/v1/health", "GET", 200, "application/json", R"({"status":"ok","version":"x"})");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], "body: missing required field uptime_seconds");
  const auto wrong = Contract().Check(
      "/api/v1/mvg/stations/search", "GET", 200, "application/json",
      R"({"query":"x","results":[{"id":"de:1:2","name":"A","place":"","latitude":"48.1","longitude":11.5}]})");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_NE(wrong[0].find("body.results[0].latitude: expected number"), std::string::npos) << wrong[0];
}

TEST(OpenApiContractTest, RejectsUndocumentedStatusesPathsAndTimes) {
  EXPECT_FALSE(Contract().Check("/api/v1/health", "GET", 418, "application/json", "{}").empty());
  EXPECT_FALSE(Contract().Check("/api/v2/health", "GET", 200, "application/json", "{}").empty());
  const auto local_time = Contract().Check(
      "/api/v1/mvg/departures", "GET", 200, "application/json",
      R"({"station":{"id":"a","name":"b","place":"","latitude":1,"longitude":2},"departures":[{"planned_time":"2026-11-23T08:00:00+01:00",)"
      R"("realtime_time":"2026-11-23T07:00:00Z","delay_minutes":0,"platform":null,"realtime":false,"line":"U3","destination":"x",)"
      R"("transport_type":"UBAHN","icon":"mdi:subway","cancelled":false,"messages":[],"platform_changed":false,)"
      R"("occupancy":"LOW","infos":[],"trip_id":null,"trip_code":null,"line_id":null,"stop_point_id":null,)"
      R"("stop_position":null,"network":"swm"}]})");
  ASSERT_EQ(local_time.size(), 1u);
  EXPECT_NE(local_time[0].find("not an RFC 3339 UTC time"), std::string::npos);
}

TEST(OpenApiContractTest, ListsEveryDocumentedStatus) {
  const auto all = Contract().Documented();
  EXPECT_TRUE(all.count({"/api/v1/mvg/departures", "GET", 304}));
  EXPECT_TRUE(all.count({"/api/v1/health/ready", "GET", 503}));
  EXPECT_GE(all.size(), 20u);
}

}  // namespace
}  // namespace bv::test
