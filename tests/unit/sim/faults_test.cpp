#include "faults.hpp"

#include <gtest/gtest.h>

#include "obs/json_writer.hpp"

namespace bv::sim {
namespace {

ParamResult<Faults> Parse(const std::string& raw) {
  const http::Query q(raw);
  return ParseFaults(q);
}

TEST(SimFaultsTest, ParsesAdminParametersAndLeavesTheRestOff) {
  const auto f = Parse("latency_ms=200&jitter_ms=50&error_rate=0.25&error_status=502&endpoint=departures");
  ASSERT_TRUE(f) << f.error();
  EXPECT_EQ(f->latency_ms, 200);
  EXPECT_EQ(f->jitter_ms, 50);
  EXPECT_DOUBLE_EQ(f->error_rate, 0.25);
  EXPECT_EQ(f->error_status, 502);
  EXPECT_EQ(f->endpoint, Endpoint::kDepartures);
  EXPECT_FALSE(f->retry_after);
  EXPECT_FALSE(f->hang || f->outage || f->malformed || f->html);

  const auto limited = Parse("rate_limit=1&retry_after=7&hang=1&outage=true&malformed=1&html=1");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->retry_after, 7);
  EXPECT_TRUE(limited->hang && limited->outage && limited->malformed && limited->html);
  EXPECT_EQ(Parse("rate_limit=1")->retry_after, 5);
  EXPECT_FALSE(Parse("endpoint=all")->endpoint);
}

TEST(SimFaultsTest, RejectsBadValues) {
  EXPECT_FALSE(Parse("error_rate=1.5"));
  EXPECT_FALSE(Parse("error_rate=x"));
  EXPECT_FALSE(Parse("error_status=200"));
  EXPECT_FALSE(Parse("latency_ms=-1"));
  EXPECT_FALSE(Parse("endpoint=everything"));
  EXPECT_FALSE(Parse("hang=maybe"));
}

TEST(SimFaultsTest, StrongestFaultWinsAndLatencyAlwaysApplies) {
  Faults f;
  f.latency_ms = 100;
  f.jitter_ms = 10;
  f.malformed = true;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).action, FaultAction::kMalformed);
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).delay.count(), 100);
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.999).delay.count(), 110);
  f.html = true;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).action, FaultAction::kHtml);
  f.error_rate = 0.3;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.29, 0.0).action, FaultAction::kError);
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.29, 0.0).status, 503);
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.31, 0.0).action, FaultAction::kHtml);
  f.retry_after = 3;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).action, FaultAction::kRateLimit);
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).retry_after, 3);
  f.hang = true;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).action, FaultAction::kHang);
  f.outage = true;
  EXPECT_EQ(PlanFault(f, Endpoint::kRoutes, 0.5, 0.0).action, FaultAction::kOutage);
}

TEST(SimFaultsTest, ScopedFaultsSpareOtherEndpoints) {
  Faults f;
  f.outage = true;
  f.latency_ms = 500;
  f.endpoint = Endpoint::kDepartures;
  EXPECT_EQ(PlanFault(f, Endpoint::kDepartures, 0.5, 0.5).action, FaultAction::kOutage);
  const FaultPlan other = PlanFault(f, Endpoint::kLocations, 0.5, 0.5);
  EXPECT_EQ(other.action, FaultAction::kNone);
  EXPECT_EQ(other.delay.count(), 0);
}

TEST(SimFaultsTest, ErrorRateHitsAboutThatShareOfRequests) {
  FaultState state(1);
  Faults f;
  f.error_rate = 0.2;
  state.Set(f);
  int errors = 0;
  for (int i = 0; i < 5000; ++i)
    errors += state.Next(Endpoint::kDepartures).action == FaultAction::kError ? 1 : 0;
  EXPECT_GT(errors, 800);
  EXPECT_LT(errors, 1200);
}

TEST(SimFaultsTest, SetAndClearBumpTheGeneration) {
  FaultState state(1);
  const auto g0 = state.generation();
  Faults f;
  f.hang = true;
  state.Set(f);
  EXPECT_GT(state.generation(), g0);
  EXPECT_TRUE(state.Get().hang);
  const auto g1 = state.generation();
  state.Clear();
  EXPECT_GT(state.generation(), g1);
  EXPECT_FALSE(state.Get().hang);
}

TEST(SimFaultsTest, JsonOfFaultsAndStats) {
  Faults f;
  f.retry_after = 9;
  f.endpoint = Endpoint::kZdmStation;
  EXPECT_EQ(
      obs::WriteJson(FaultsJson(f)),
      R"({"endpoint":"zdm_station","latency_ms":0,"jitter_ms":0,"error_rate":0.0,"error_status":503,)"
      R"("rate_limit":true,"retry_after":9,"hang":false,"outage":false,"malformed":false,"html":false})");
  Stats stats;
  stats.Count(Endpoint::kDepartures);
  stats.Count(Endpoint::kDepartures);
  stats.Count(Endpoint::kOther);
  EXPECT_EQ(obs::WriteJson(stats.Json()),
            R"({"requests":{"departures":2,"locations":0,"routes":0,"stations":0,"nearby":0,"lines":0,)"
            R"("messages":0,"zdm_station":0,"other":1},"total":3})");
  stats.Reset();
  EXPECT_EQ(stats.count(Endpoint::kDepartures), 0u);
}

}  // namespace
}  // namespace bv::sim
