#include "api/static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "http/json_response.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_server.hpp"

namespace bv::api {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    std::filesystem::create_directories(dir_.path() + "/assets");
    std::ofstream(dir_.path() + "/index.html") << "<!doctype html><title>BahnVision</title>";
    std::ofstream(dir_.path() + "/assets/index-3f2a9c.js") << "console.log('app')";
    std::ofstream(dir_.path() + "/favicon.svg") << "<svg/>";
    files_ = std::make_unique<StaticFiles>(dir_.path());
    server_ = std::make_unique<test::TestServer>([this](http::Router& r) {
      r.Get("/api/v1/health", [](http::Exchange& ex) -> boost::asio::awaitable<void> {
        http::SetJson(ex.response, http::bhttp::status::ok, "{}");
        co_return;
      });
      files_->Register(r);
    });
  }
  test::HttpResult Get(const std::string& target, const test::Headers& headers = {}) {
    return test::HttpGet(server_->port(), target, headers).value_or(test::HttpResult{});
  }

  test::TempDir dir_;
  std::unique_ptr<StaticFiles> files_;
  std::unique_ptr<test::TestServer> server_;
};

TEST_F(StaticFilesTest, IndexIsRevalidatedAndCarriesSecurityHeaders) {
  EXPECT_EQ(files_->size(), 3u);
  const auto index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>BahnVision</title>");
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
  EXPECT_EQ(index.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(index.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  const auto again = Get("/", {{"If-None-Match", index.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYear) {
  const auto js = Get("/assets/index-3f2a9c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/favicon.svg").Header("content-type"), "image/svg+xml");
}

TEST_F(StaticFilesTest, ClientSideRoutesGetTheAppButApiAndMissingFilesDoNot) {
  const auto route = Get("/station/de:09162:2");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, "<!doctype html><title>BahnVision</title>");
  EXPECT_EQ(Get("/assets/missing-1234.js").status, 404);
  const auto api = Get("/api/v1/unknown");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(Get("/api/v1/health").status, 200);
}

TEST_F(StaticFilesTest, NoPathLeavesTheWebRoot) {
  for (const char* target : {"/../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/etc/passwd", "//etc/passwd"}) {
    const auto res = Get(target);
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << target;
    EXPECT_TRUE(res.status == 404 || res.body.starts_with("<!doctype html>")) << target << " " << res.status;
  }
}

TEST(StaticFilesMissingTest, AMissingRootServesNothing) {
  const StaticFiles files("/nonexistent/web/dist");
  EXPECT_EQ(files.size(), 0u);
}

}  // namespace
}  // namespace bv::api
