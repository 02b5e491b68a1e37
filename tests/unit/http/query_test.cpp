#include "http/query.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bv::http {
namespace {

TEST(QueryTest, DecodesPercentEscapesAndPlus) {
  const Query q("station=Marienplatz&q=M%C3%BCnchen+Hbf&limit=5");
  ASSERT_TRUE(q.valid());
  EXPECT_EQ(q.Get("station"), "Marienplatz");
  EXPECT_EQ(q.Get("q"), "München Hbf");
  EXPECT_EQ(q.Get("limit"), "5");
  EXPECT_FALSE(q.Get("offset"));
}

TEST(QueryTest, RepeatedParametersKeepOrderAndGetReturnsTheLast) {
  const Query q("transport_type=UBAHN&x=1&transport_type=S-Bahn&x=2");
  std::vector<std::string> types;
  q.ForEach("transport_type", [&](std::string_view v) { types.emplace_back(v); });
  EXPECT_EQ(types, (std::vector<std::string>{"UBAHN", "S-Bahn"}));
  EXPECT_EQ(q.Get("x"), "2");
}

TEST(QueryTest, EmptyValuesAndBareKeys) {
  const Query q("a=&b&&c=3");
  ASSERT_TRUE(q.valid());
  EXPECT_EQ(q.Get("a"), "");
  EXPECT_EQ(q.Get("b"), "");
  EXPECT_EQ(q.Get("c"), "3");
  EXPECT_EQ(q.size(), 3u);
}

TEST(QueryTest, MalformedEscapesAndTooManyParametersAreInvalid) {
  EXPECT_FALSE(Query("a=%zz").valid());
  EXPECT_FALSE(Query("a=%4").valid());
  EXPECT_FALSE(Query("a=%").valid());
  std::string many;
  for (int i = 0; i < 40; ++i) many += "p" + std::to_string(i) + "=1&";
  EXPECT_FALSE(Query(many).valid());
}

TEST(QueryTest, LongQueriesStayConsistent) {
  // More decoded text than the inline buffer holds: views must still be right.
  std::string raw;
  for (int i = 0; i < 20; ++i) raw += "k" + std::to_string(i) + "=" + std::string(60, static_cast<char>('a' + i)) + "&";
  const Query q(raw);
  ASSERT_TRUE(q.valid());
  EXPECT_EQ(q.Get("k0"), std::string(60, 'a'));
  EXPECT_EQ(q.Get("k19"), std::string(60, 't'));
}

}  // namespace
}  // namespace bv::http
