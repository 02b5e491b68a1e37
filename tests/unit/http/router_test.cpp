#include "http/router.hpp"

#include <gtest/gtest.h>

namespace bv::http {
namespace {

Handler Noop() {
  return [](Exchange&) -> boost::asio::awaitable<void> { co_return; };
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Get("/api/v1/health", Noop());
  router.Get("/api/v1/mvg/stations/{station_id}/stats", Noop());
  PathParams params;
  const Route* health = router.Match("/api/v1/health", params);
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(health->route_template, "/api/v1/health");

  const Route* stats = router.Match("/api/v1/mvg/stations/de:09162:6/stats", params);
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->route_template, "/api/v1/mvg/stations/{station_id}/stats");
  EXPECT_EQ(params.Get("station_id"), "de:09162:6");
}

TEST(RouterTest, NoMatchForPrefixesExtraSegmentsOrEmptyParameters) {
  Router router;
  router.Get("/api/v1/health", Noop());
  router.Get("/a/{id}/b", Noop());
  PathParams params;
  EXPECT_EQ(router.Match("/api/v1", params), nullptr);
  EXPECT_EQ(router.Match("/api/v1/health/x", params), nullptr);
  EXPECT_EQ(router.Match("/api/v1/health/", params), nullptr);
  EXPECT_EQ(router.Match("/a//b", params), nullptr);
  EXPECT_EQ(router.Match("", params), nullptr);
  EXPECT_EQ(router.Match("api/v1/health", params), nullptr);
}

TEST(RouterTest, GetImpliesHeadAndAllowListsMethods) {
  Router router;
  router.Get("/x", Noop());
  PathParams params;
  const Route* r = router.Match("/x", params);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->Allows(Method::kGet));
  EXPECT_TRUE(r->Allows(Method::kHead));
  EXPECT_FALSE(r->Allows(Method::kPost));
  EXPECT_EQ(r->allow_header(), "GET, HEAD, OPTIONS");
  router.Add(Method::kPost, "/x", Noop());
  EXPECT_EQ(router.Match("/x", params)->allow_header(), "GET, HEAD, POST, OPTIONS");
}

TEST(RouterTest, RejectsMalformedTemplatesAndDuplicates) {
  Router router;
  EXPECT_THROW(router.Get("no-slash", Noop()), std::invalid_argument);
  EXPECT_THROW(router.Get("/a/{x", Noop()), std::invalid_argument);
  router.Get("/a", Noop());
  EXPECT_THROW(router.Get("/a", Noop()), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::kHead, "/b", Noop()), std::invalid_argument);
}

TEST(RouterTest, RouteIdsAreDenseInRegistrationOrder) {
  Router router;
  router.Get("/a", Noop());
  router.Get("/b", Noop());
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[0].id, 0u);
  EXPECT_EQ(router.routes()[1].id, 1u);
}

}  // namespace
}  // namespace bv::http
