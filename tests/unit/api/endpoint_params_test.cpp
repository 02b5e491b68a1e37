// Parameter validation of every endpoint, without sockets: UTF-8 and control characters, the
// station id grammar, the station-stats windows, and the 422 body (FastAPI's list shape).
#include "api/endpoint_params.hpp"

#include <memory_resource>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
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
    EXPECT_EQ(body.at("detail").as_array()[0].at("loc"), (json::array{"query", "station"})) << bad;
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
  const auto errors = ErrorBody(params).at("detail").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("loc").as_array()[1], "origin");
  EXPECT_EQ(errors[1].at("loc").as_array()[1], "destination");
}

TEST(EndpointParamsTest, SearchTakesTheOriginalsQueryOrItsAliasQ) {
  for (const char* good : {"query=Marienplatz&limit=8", "q=Marienplatz", "query=Marienplatz&q=Marienplatz",
                           "q=%20Marienplatz&query=Marienplatz%20"}) {
    const http::Query query(good);
    Params params(query);
    const auto p = ReadSearchParams(params);
    EXPECT_TRUE(params.ok()) << good;
    EXPECT_EQ(p.q, "Marienplatz") << good;
  }
  const struct {
    const char* query;
    const char* param;
  } bad[] = {{"", "query"}, {"limit=8", "query"}, {"query=Marienplatz&q=Odeonsplatz", "q"}, {"query=&q=Marienplatz", "query"},
             {"query=Marienplatz&q=", "q"}};
  for (const auto& c : bad) {
    const http::Query query(c.query);
    Params params(query);
    (void)ReadSearchParams(params);
    ASSERT_FALSE(params.ok()) << c.query;
    const auto errors = ErrorBody(params).at("detail").as_array();
    ASSERT_EQ(errors.size(), 1u) << c.query;
    EXPECT_EQ(errors[0].at("loc"), (json::array{"query", c.param})) << c.query;
  }
}

TEST(EndpointParamsTest, ErrorsAreFastApisListWithTypeLocMsgAndInput) {
  const http::Query query("station=%FF&limit=99&transport_type=zeppelin,TRAM&transport_type=UBAHN");
  Params params(query);
  (void)ReadDeparturesParams(params);
  ASSERT_FALSE(params.ok());
  const auto body = ErrorBody(params);
  ASSERT_EQ(body.size(), 1u) << json::serialize(body);
  const auto& detail = body.at("detail").as_array();
  ASSERT_EQ(detail.size(), 3u) << json::serialize(body);
  EXPECT_EQ(detail[0], json::parse(R"({"type":"value_error","loc":["query","station"],)"
                                   R"("msg":"must be valid UTF-8 text without control characters","input":"�"})"));
  EXPECT_EQ(detail[1], json::parse(R"({"type":"value_error","loc":["query","limit"],)"
                                   R"("msg":"must be an integer from 1 to 40","input":"99"})"));
  EXPECT_EQ(detail[2].at("loc"), (json::array{"query", "transport_type"}));
  EXPECT_EQ(detail[2].at("input"), "zeppelin") << "the offending value, not the last one";

  const http::Query empty("");
  Params missing(empty);
  (void)ReadPlanParams(missing);
  const auto missing_body = ErrorBody(missing);
  EXPECT_EQ(missing_body.at("detail").as_array()[0],
            json::parse(R"({"type":"missing","loc":["query","origin"],"msg":"Field required","input":null})"));

  const http::Query malformed("station=%G1");
  Params bad(malformed);
  EXPECT_EQ(ErrorBody(bad).at("detail").as_array()[0].at("loc"), (json::array{"query"}));
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
    EXPECT_EQ(ErrorBody(params).at("detail").as_array()[0].at("msg"), "must be one of 1, 6, 24, 168, 720") << bad;
  }
  for (const char* bad : {"de:09162:2%C3", "%FF", "de:09162:2%ED%A0%80", "de:09162:2%00", "Marienplatz",
                          "de:09162:2:1:1", "", "de:09162:2%", "%20de:09162:2"}) {
    const http::Query query("");
    Params params(query);
    const auto p = ReadStatsParams(params, bad, decoded);
    ASSERT_FALSE(params.ok()) << bad;
    EXPECT_TRUE(p.station_id.empty());
    const auto body = ErrorBody(params);
    EXPECT_EQ(body.at("detail").as_array()[0].at("loc"), (json::array{"path", "station_id"})) << bad;
    EXPECT_EQ(body.at("detail").as_array()[0].at("msg"), "must be a station id such as de:09162:2") << bad;
    EXPECT_TRUE(body.at("detail").as_array()[0].at("input").is_string()) << bad;
  }
}

}  // namespace
}  // namespace bv::api
