#include "obs/metrics.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace bv::obs {
namespace {

TEST(MetricsTest, CounterFamilyExposesOneLinePerLabelSet) {
  Registry registry;
  auto& family = registry.CounterFamily("bv_test_total", "Test counter.", {"route", "status"});
  family.WithLabels({"/a", "200"}).Inc();
  family.WithLabels({"/a", "200"}).Inc(2);
  family.WithLabels({"/b", "404"}).Inc();

  const std::string text = registry.Expose();
  EXPECT_NE(text.find("# HELP bv_test_total Test counter.\n# TYPE bv_test_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("bv_test_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("bv_test_total{route=\"/b\",status=\"404\"} 1\n"), std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Registry registry;
  registry.GaugeFamily("bv_test_gauge", "g", {"v"}).WithLabels({"a\"b\\c\nd"}).Set(1.5);
  EXPECT_NE(registry.Expose().find(R"(bv_test_gauge{v="a\"b\\c\nd"} 1.5)"), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndCountMatchesInf) {
  Registry registry;
  static constexpr double kBounds[] = {0.1, 1.0};
  auto& h = registry.AddHistogram("bv_test_seconds", "h", kBounds);
  h.Observe(0.05);
  h.Observe(0.1);  // on the bound: le="0.1" includes it
  h.Observe(0.5);
  h.Observe(7);
  const std::string text = registry.Expose();
  EXPECT_NE(text.find("bv_test_seconds_bucket{le=\"0.1\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("bv_test_seconds_bucket{le=\"1\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("bv_test_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("bv_test_seconds_count 4\n"), std::string::npos);
  EXPECT_NE(text.find("bv_test_seconds_sum 7.65\n"), std::string::npos);
}

TEST(MetricsTest, RegisteringANameTwiceIsABug) {
  Registry registry;
  registry.AddCounter("bv_dup_total", "x");
  EXPECT_THROW(registry.AddCounter("bv_dup_total", "x"), std::logic_error);
}

TEST(MetricsTest, ConcurrentFirstUseOfALabelSetCreatesOneChild) {
  Registry registry;
  auto& family = registry.CounterFamily("bv_race_total", "x", {"k"});
  constexpr int kThreads = 8, kPerThread = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&family, t] {
      for (int i = 0; i < kPerThread; ++i) {
        family.WithLabels({i % 2 == 0 ? "even" : (t % 2 == 0 ? "odd" : "odd")}).Inc();
      }
    });
  }
  for (auto& th : threads) th.join();
  const std::string text = registry.Expose();
  // Exactly two children, and no increment lost.
  EXPECT_NE(text.find("bv_race_total{k=\"even\"} 40000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("bv_race_total{k=\"odd\"} 40000\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("bv_race_total{k=\"even\"}"), text.rfind("bv_race_total{k=\"even\"}"));
}

TEST(MetricsTest, CollectorsAppendAtScrapeTime) {
  Registry registry;
  int scrapes = 0;
  registry.AddCollector([&scrapes](std::string& out) {
    out += "# TYPE bv_collected gauge\nbv_collected " + std::to_string(++scrapes) + "\n";
  });
  EXPECT_NE(registry.Expose().find("bv_collected 1\n"), std::string::npos);
  EXPECT_NE(registry.Expose().find("bv_collected 2\n"), std::string::npos);
}

}  // namespace
}  // namespace bv::obs
