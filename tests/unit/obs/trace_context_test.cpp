#include "obs/trace_context.hpp"

#include <string>

#include <gtest/gtest.h>

namespace bv::obs {
namespace {

std::string Header(const TraceContext& t) {
  const auto text = FormatTraceparent(t);
  return {text.data(), text.size()};
}

bool IsLowerHex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

TEST(TraceContextTest, ValidTraceparentMakesAChildSpanOfTheCallersTrace) {
  const auto t = TraceContextFor("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  EXPECT_TRUE(t.from_client);
  EXPECT_EQ(t.trace_id_view(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(t.parent_id_view(), "b7ad6b7169203331");
  EXPECT_NE(t.span_id_view(), "b7ad6b7169203331");
  EXPECT_TRUE(IsLowerHex(t.span_id_view()));
  EXPECT_EQ(Header(t), "00-0af7651916cd43dd8448eb211c80319c-" + std::string(t.span_id_view()) + "-01");
}

TEST(TraceContextTest, UnsampledFlagIsKeptAndUnknownFlagBitsDropped) {
  EXPECT_EQ(Header(TraceContextFor("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")).substr(52), "-00");
  EXPECT_EQ(Header(TraceContextFor("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff")).substr(52), "-01");
}

TEST(TraceContextTest, LaterVersionsWithExtraFieldsAreAccepted) {
  const auto t = TraceContextFor("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-comes-next");
  EXPECT_TRUE(t.from_client);
  EXPECT_EQ(t.trace_id_view(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(Header(t).substr(0, 3), "00-");  // we speak version 00
}

TEST(TraceContextTest, MalformedOrInvalidHeadersStartANewTrace) {
  for (const char* bad : {
           "",
           "garbage",
           "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",  // version 00 has no extra fields
           "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",        // upper case
           "00-00000000000000000000000000000000-b7ad6b7169203331-01",        // zero trace id
           "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",        // zero parent id
           "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",        // forbidden version
           "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g",
           "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
       }) {
    const auto t = TraceContextFor(bad);
    EXPECT_FALSE(t.from_client) << bad;
    EXPECT_NE(t.trace_id_view(), "0af7651916cd43dd8448eb211c80319c") << bad;
    EXPECT_TRUE(IsLowerHex(t.trace_id_view())) << bad;
    EXPECT_NE(t.trace_id_view(), std::string(32, '0')) << bad;
    EXPECT_EQ(t.parent_id_view(), std::string(16, '0')) << bad;
    EXPECT_EQ(Header(t).substr(52), "-01") << bad;
  }
}

TEST(TraceContextTest, NewTracesDiffer) {
  const auto a = NewTrace(), b = NewTrace();
  EXPECT_NE(a.trace_id_view(), b.trace_id_view());
  EXPECT_NE(a.span_id_view(), b.span_id_view());
}

}  // namespace
}  // namespace bv::obs
