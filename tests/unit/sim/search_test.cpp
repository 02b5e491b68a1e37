#include "search.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace bv::sim {
namespace {

using namespace test;

std::vector<std::string> Names(const Network& net, const std::vector<StationIndex>& hits) {
  std::vector<std::string> out;
  out.reserve(hits.size());
  for (const StationIndex i : hits) out.push_back(net.station(i).name);
  return out;
}

TEST(SimSearchTest, NormalisationFoldsCaseUmlautsAndPunctuation) {
  EXPECT_EQ(NormalizeForSearch("München"), "munchen");
  EXPECT_EQ(NormalizeForSearch("Muenchen"), "munchen");
  EXPECT_EQ(NormalizeForSearch("MUNCHEN"), "munchen");
  EXPECT_EQ(NormalizeForSearch("Universität, München"), "universitat munchen");
  EXPECT_EQ(NormalizeForSearch("  Karlsplatz (Stachus) "), "karlsplatz stachus");
  EXPECT_EQ(NormalizeForSearch("Leopoldstraße"), NormalizeForSearch("Leopoldstr."));
  EXPECT_EQ(NormalizeForSearch("Großhadern"), "grosshadern");
}

TEST(SimSearchTest, MatchKindsRankExactPrefixWordPrefixSubstring) {
  EXPECT_EQ(Classify("marienplatz", SearchText("marienplatz", "munchen")), MatchKind::kExact);
  EXPECT_EQ(Classify("marienplatz munchen", SearchText("marienplatz", "munchen")), MatchKind::kExact);
  EXPECT_EQ(Classify("munchen marienplatz", SearchText("marienplatz", "munchen")), MatchKind::kExact);
  EXPECT_EQ(Classify("marien", SearchText("marienplatz", "munchen")), MatchKind::kPrefix);
  EXPECT_EQ(Classify("tor", SearchText("sendlinger tor", "munchen")), MatchKind::kWordPrefix);
  EXPECT_EQ(Classify("tor send", SearchText("sendlinger tor", "munchen")), MatchKind::kWordPrefix);
  EXPECT_EQ(Classify("platz", SearchText("marienplatz", "munchen")), MatchKind::kSubstring);
  EXPECT_EQ(Classify("xyz", SearchText("marienplatz", "munchen")), MatchKind::kNone);
}

TEST(SimSearchTest, BestMatchFirst) {
  const std::vector<FileStation> extra = {
      {"de:09162:1100", "Marienplatz (Theatinerstraße)", "München", 48.1382, 11.5763},
      {"de:09162:1101", "Am Marienplatzl", "München", 48.14, 11.57},
      {"de:09175:4212", "Egmating, Schule", "Egmating", 48.0, 11.8},
  };
  const Network net = FixtureNetwork(extra);
  const StationSearch search(net);
  auto hits = Names(net, search.Search("Marien", 50));
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0], "Marienplatz");  // prefix, served by two lines
  EXPECT_EQ(hits[1], "Marienplatz (Theatinerstraße)");
  EXPECT_EQ(hits[2], "Am Marienplatzl");  // word prefix
  EXPECT_EQ(Names(net, search.Search("marienplatz", 1)), std::vector<std::string>{"Marienplatz"});
  EXPECT_EQ(net.station(search.Search("Universität, München", 50).at(0)).global_id, kUniversitaet);
  EXPECT_EQ(net.station(search.Search("Universitaet", 50).at(0)).global_id, kUniversitaet);
  EXPECT_EQ(net.station(search.Search("Egmating, Schule", 50).at(0)).global_id, "de:09175:4212");
  EXPECT_EQ(Names(net, search.Search("stachus", 50)), std::vector<std::string>{"Karlsplatz (Stachus)"});
}

TEST(SimSearchTest, PopularityBreaksTiesAndLimitsApply) {
  const Network net = FixtureNetwork();
  const StationSearch search(net);
  // Every city station matches its place; hubs come first.
  const auto hits = search.Search("München", 50);
  ASSERT_GE(hits.size(), 9u);
  EXPECT_GE(net.station(hits[0]).popularity, 2);
  for (std::size_t i = 1; i < hits.size(); ++i) {
    EXPECT_GE(net.station(hits[i - 1]).popularity, net.station(hits[i]).popularity);
  }
  EXPECT_EQ(search.Search("München", 2).size(), 2u);
  EXPECT_TRUE(search.Search("qqqq", 50).empty());
  EXPECT_TRUE(search.Search(" , ", 50).empty());
}

}  // namespace
}  // namespace bv::sim
