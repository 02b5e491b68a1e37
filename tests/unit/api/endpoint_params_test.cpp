// Parameter validation of every endpoint, without sockets: UTF-8 and control characters, the
// station id grammar, the station-stats windows, and the 422 body's `loc`.
#include "api/endpoint_params.hpp"

#include <memory_resource>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace bv::api {
namespace {

namespace json = boost::json;

// The 422 body Params writes, parsed.
json::object ErrorBody(const Params& params) {
  std::pmr::monotonic_buffer_resource arena;
  http::Response res(std::piecewise_construct, std::make_tuple(), std::make_tuple(http::FieldAllocator(&arena)));
  params.WriteError(res);
  EXPECT_EQ(res.result_int(), 422u);
  return json::parse(res.body().view()).as_object();
}

TEST(Utf8Test, AcceptsWellFormedTextAndRefusesEveryIllFormedKind) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Marienplatz"));
  EXPECT_TRUE(IsValidUtf8("M\xC3\xBCnchen"));            // ü
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));              // €
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x9A\x87"));          // 🚇
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));              // U+D7FF, the last before the surrogates
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xC3"));                     // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));                     // never valid
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));             // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                 // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));             // overlong
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));         // overlong
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));         // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));                     // continuation without a lead
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));                 // truncated at the end
  EXPECT_FALSE(IsValidUtf8("\xE2\x28\xA1"));             // bad continuation
}

TEST(StationIdTest, FollowsTheIfoptGrammarOfTheMvgContract) {
  EXPECT_TRUE(IsStationId("de:09162:2"));
  EXPECT_TRUE(IsStationId("de:09175:4070"));
  EXPECT_TRUE(IsStationId("de:09:1"));
  EXPECT_FALSE(IsStationId("de:09162:2:1:1"));  // a stop point, not a station
  EXPECT_FALSE(IsStationId("de:09162:"));
  EXPECT_FALSE(IsStationId("de:9:2"));
  EXPECT_FALSE(IsStationId("de:091620:2"));
  EXPECT_FALSE(IsStationId("de:09162:12345678901"));
  EXPECT_FALSE(IsStationId(std::string_view("de:09162:2\0", 11)));
  EXPECT_FALSE(IsStationId("DE:09162:2"));
  EXPECT_FALSE(IsStationId("Marienplatz"));
  EXPECT_TRUE(IsStationOrStopPointId("de:09162:318:2:2"));
  EXPECT_TRUE(IsStationOrStopPointId("de:09162:318:2"));
  EXPECT_FALSE(IsStationOrStopPointId("de:09162:318:2:2:2"));
  EXPECT_FALSE(IsStationOrStopPointId("de:09162:79:2:PDI 2"));
  EXPECT_FALSE(IsStationOrStopPointId("de:09162:2:"));
}

TEST(EndpointParamsTest, DeparturesAcceptNamesAndIdsAndRefuseMalformedText) {
  {
    const http::Query query("station=M%C3%BCnchner+Freiheit&limit=5&transport_type=UBAHN");
    Params params(query);
    const auto p = ReadDeparturesParams(params);
    ASSERT_TRUE(params.ok());
    EXPECT_EQ(p.station, "M\xC3\xBCnchner Freiheit");
    EXPECT_EQ(p.limit, 5);
  }
  for (const char* bad : {"station=%C3", "station=%FF", "station=%ED%A0%80", "station=de:09162:2%00",
                          "station=Marien%0Aplatz", "station=de:09162:x", "station=de:9:2"}) {
    const http::Query query(bad);
    Params params(query);
    (void)ReadDeparturesParams(params);
    ASSERT_FALSE(params.ok()) << bad;
    const auto body = ErrorBody(params);
    EXPECT_EQ(body.at("errors").as_array()[0].at("loc"), (json::array{"query", "station"})) << bad;
  }
}

TEST(EndpointParamsTest, SearchAndPlanRefuseInvalidUtf8InEveryTextParameter) {
  for (const char* bad : {"q=%FF", "q=a%00b", "q=%E2%82"}) {
    const http::Query query(bad);
    Params params(query);
    (void)ReadSearchParams(params);
    EXPECT_FALSE(params.ok()) << bad;
  }
  const http::Query query("origin=%C3%28&destination=de:09162:2%00");
  Params params(query);
  (void)ReadPlanParams(params);
  ASSERT_FALSE(params.ok());
  const auto errors = ErrorBody(params).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("loc").as_array()[1], "origin");
  EXPECT_EQ(errors[1].at("loc").as_array()[1], "destination");
}

TEST(EndpointParamsTest, StatsTakeAStationIdAndOneOfTheDocumentedWindows) {
  std::string decoded;
  {
    const http::Query query("hours=168");
    Params params(query);
    const auto p = ReadStatsParams(params, "de%3A09162%3A2", decoded);
    ASSERT_TRUE(params.ok());
    EXPECT_EQ(p.station_id, "de:09162:2");
    EXPECT_EQ(p.hours, 168);
  }
  for (int hours : kStatsWindowsHours) {
    const std::string text = "hours=" + std::to_string(hours);
    const http::Query query(text);
    Params params(query);
    EXPECT_EQ(ReadStatsParams(params, "de:09162:2", decoded).hours, hours);
    EXPECT_TRUE(params.ok()) << text;
  }
  for (const char* bad : {"hours=0", "hours=7", "hours=25", "hours=721", "hours=-1", "hours=abc", "hours=24x", "hours="}) {
    const http::Query query(bad);
    Params params(query);
    (void)ReadStatsParams(params, "de:09162:2", decoded);
    ASSERT_FALSE(params.ok()) << bad;
    EXPECT_EQ(ErrorBody(params).at("errors").as_array()[0].at("msg"), "must be one of 1, 6, 24, 168, 720") << bad;
  }
  for (const char* bad : {"de:09162:2%C3", "%FF", "de:09162:2%ED%A0%80", "de:09162:2%00", "Marienplatz",
                          "de:09162:2:1:1", "", "de:09162:2%", "%20de:09162:2"}) {
    const http::Query query("");
    Params params(query);
    const auto p = ReadStatsParams(params, bad, decoded);
    ASSERT_FALSE(params.ok()) << bad;
    EXPECT_TRUE(p.station_id.empty());
    const auto body = ErrorBody(params);
    EXPECT_EQ(body.at("errors").as_array()[0].at("loc"), (json::array{"path", "station_id"})) << bad;
    EXPECT_EQ(body.at("detail"), "Invalid path parameter 'station_id': must be a station id such as de:09162:2") << bad;
  }
}

}  // namespace
}  // namespace bv::api
