// The RESP reply parser on bytes we write ourselves: replies split across reads, and headers
// from a broken or hostile server that must not make the process allocate without bound.
#include "valkey/resp.hpp"

#include <gtest/gtest.h>

namespace bv::valkey {
namespace {

TEST(ReplyParserTest, ParsesRepliesSplitAcrossReads) {
  ReplyParser parser;
  parser.Feed("*2\r\n$5\r\nhel");
  EXPECT_FALSE(parser.Next());  // incomplete
  parser.Feed("lo\r\n:42\r\n+OK\r\n");
  const auto array = parser.Next();
  ASSERT_TRUE(array && *array);
  ASSERT_EQ((*array)->elements.size(), 2u);
  EXPECT_EQ((*array)->elements[0].text, "hello");
  EXPECT_EQ((*array)->elements[1].integer, 42);
  const auto status = parser.Next();
  ASSERT_TRUE(status && *status);
  EXPECT_EQ((*status)->text, "OK");
  EXPECT_FALSE(parser.Next());
}

// Regression (fuzz/resp_reply_fuzz.cpp): hiredis allocated the element array of "*423372036"
// (3.4 GB) on reading the header; a negative count became an array with missing elements.
TEST(ReplyParserTest, RefusesArrayHeadersBeyondTheElementBound) {
  for (const char* header : {"*423372036\r\n", "*2147483647\r\n", "*-5\r\n", "*1048577\r\n"}) {
    ReplyParser parser;
    parser.Feed(header);
    const auto got = parser.Next();
    ASSERT_TRUE(got) << header << ": must be an error at once, not a wait for more bytes";
    ASSERT_FALSE(*got) << header;
    EXPECT_EQ(got->error().kind, Error::Kind::kProtocol) << header;
  }
  ReplyParser nil;
  nil.Feed("*-1\r\n");  // the nil array stays valid
  const auto got = nil.Next();
  ASSERT_TRUE(got && *got);
  EXPECT_TRUE((*got)->is_nil());
}

}  // namespace
}  // namespace bv::valkey
