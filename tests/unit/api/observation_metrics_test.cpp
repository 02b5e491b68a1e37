#include "api/observation_metrics.hpp"

#include <gtest/gtest.h>

namespace bv::api {
namespace {

struct RecordingSink : model::ObservationSink {
  int boards = 0, route_calls = 0;
  void OnDepartures(const model::Station&, const std::vector<model::Departure>&,
                    std::chrono::system_clock::time_point) override { ++boards; }
  void OnRoutes(const model::RouteSnapshotInfo&, const std::vector<model::RoutePlan>&,
                std::chrono::system_clock::time_point) override { ++route_calls; }
};

model::Departure Dep(std::string type, int delay, bool realtime = true, bool cancelled = false) {
  model::Departure d;
  d.transport_type = std::move(type);
  d.delay_minutes = delay;
  d.realtime = realtime;
  d.cancelled = cancelled;
  return d;
}

bool Has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

TEST(ObservationMetricsTest, CountsDeparturesDelaysAndCancellationsByTransportType) {
  obs::Registry registry;
  RecordingSink next;
  ObservationMetrics metrics(registry, &next);
  EXPECT_EQ(registry.Expose().find("bahnvision_departures_observed_total{"), std::string::npos);  // nothing yet

  metrics.OnDepartures({}, {Dep("UBAHN", 0), Dep("UBAHN", 4), Dep("SBAHN", 12), Dep("UBAHN", 0, false),
                            Dep("BUS", 3, true, true), Dep("HOVERCRAFT", 1)},
                       {});
  const std::string text = registry.Expose();
  EXPECT_TRUE(Has(text, R"(bahnvision_departures_observed_total{transport_type="UBAHN"} 3)")) << text;
  EXPECT_TRUE(Has(text, R"(bahnvision_departures_observed_total{transport_type="SBAHN"} 1)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departures_observed_total{transport_type="OTHER"} 1)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departures_cancelled_total{transport_type="BUS"} 1)"));
  // Delays only of realtime, not cancelled departures: UBAHN 0 and 4 minutes.
  EXPECT_TRUE(Has(text, R"(bahnvision_departure_delay_seconds_count{transport_type="UBAHN"} 2)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departure_delay_seconds_bucket{transport_type="UBAHN",le="0"} 1)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departure_delay_seconds_bucket{transport_type="UBAHN",le="180"} 1)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departure_delay_seconds_bucket{transport_type="UBAHN",le="300"} 2)"));
  EXPECT_TRUE(Has(text, R"(bahnvision_departure_delay_seconds_sum{transport_type="SBAHN"} 720)"));
  EXPECT_EQ(text.find(R"(bahnvision_departure_delay_seconds_count{transport_type="BUS"})"), std::string::npos);
  EXPECT_EQ(next.boards, 1);  // passed on to persistence
}

TEST(ObservationMetricsTest, CountsItinerariesAndWorksWithoutANextSink) {
  obs::Registry registry;
  ObservationMetrics metrics(registry, nullptr);
  metrics.OnRoutes({}, std::vector<model::RoutePlan>(4), {});
  EXPECT_TRUE(Has(registry.Expose(), "bahnvision_route_plans_observed_total 4"));
}

}  // namespace
}  // namespace bv::api
