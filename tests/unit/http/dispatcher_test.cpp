#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include "http/request_id.hpp"
#include "support/run_coro.hpp"

namespace bv::http {
namespace {

namespace bhttp = boost::beast::http;

// Builds requests and runs them through a Dispatcher without sockets.
class DispatcherTest : public ::testing::Test {
 protected:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  DispatcherTest() {
    router_.Get("/ok", [](Exchange& ex) -> boost::asio::awaitable<void> {
      ex.response.result(bhttp::status::ok);
      ex.response.body().Assign("fine");
      co_return;
    });
    router_.Get("/boom", [](Exchange& ex) -> boost::asio::awaitable<void> {
      ex.response.set("X-Partial", "yes");
      throw std::runtime_error("secret internal detail");
      co_return;
    });
    router_.Get("/not-modified", [](Exchange& ex) -> boost::asio::awaitable<void> {
      ex.response.result(bhttp::status::not_modified);
      co_return;
    });
    router_.Get("/unavailable", [](Exchange& ex) -> boost::asio::awaitable<void> {
      ex.response.result(bhttp::status::service_unavailable);
      co_return;
    });
    router_.Get("/varies", [](Exchange& ex) -> boost::asio::awaitable<void> {
      ex.response.result(bhttp::status::ok);
      ex.response.set(bhttp::field::vary, "Accept-Encoding");
      co_return;
    });
    DispatcherOptions options;
    // A stand-in for the rate limit: refuses requests that carry X-Test-Refuse.
    options.admission = [](Exchange& ex) {
      if (ex.req().find("X-Test-Refuse") == ex.req().end()) return true;
      ex.response.result(bhttp::status::too_many_requests);
      return false;
    };
    options.cors.allow_origins = {"https://app.example"};
    options.cors.allow_origin_regex = R"(https://[a-z0-9]+\.preview\.example)";
    dispatcher_ = std::make_unique<Dispatcher>(router_, options, registry_, obs::NullLogger());
  }

  // Runs one request; returns the exchange (response filled, metrics recorded).
  std::unique_ptr<Exchange> Run(bhttp::verb method, std::string target, Headers headers = {}) {
    auto req = std::make_unique<Request>();
    req->method(method);
    req->target(target);
    req->version(11);
    for (const auto& [k, v] : headers) req->set(k, v);
    auto ex = std::make_unique<Exchange>(FieldAllocator{});
    ex->request = req.get();
    ex->start = std::chrono::steady_clock::now();
    dispatcher_->Begin(*ex);
    bv::test::RunCoro(dispatcher_->Handle(*ex));
    dispatcher_->Finish(*ex, ex->response.body().size());
    requests_.push_back(std::move(req));
    return ex;
  }

  std::string Header(const Exchange& ex, std::string_view name) {
    const auto it = ex.response.find(name);
    return it == ex.response.end() ? "" : std::string(it->value());
  }

  obs::Registry registry_;
  Router router_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<std::unique_ptr<Request>> requests_;
};

TEST_F(DispatcherTest, EchoesAWellFormedRequestIdAndReplacesABadOne) {
  auto echoed = Run(bhttp::verb::get, "/ok", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(Header(*echoed, "X-Request-Id"), "abc-123");

  auto replaced = Run(bhttp::verb::get, "/ok", {{"X-Request-Id", "bad id with spaces"}});
  const std::string id = Header(*replaced, "X-Request-Id");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_NE(id, "bad id with spaces");

  auto generated = Run(bhttp::verb::get, "/ok");
  EXPECT_EQ(Header(*generated, "X-Request-Id").size(), 36u);
  EXPECT_NE(Header(*generated, "X-Request-Id"), id);
}

TEST_F(DispatcherTest, UnknownPathIs404JsonWithTheUnmatchedLabel) {
  auto ex = Run(bhttp::verb::get, "/nope?x=1");
  EXPECT_EQ(ex->response.result_int(), 404);
  EXPECT_EQ(ex->response.body().view(), R"({"detail":"Not Found"})");
  EXPECT_EQ(Header(*ex, "Content-Type"), "application/json");
  EXPECT_NE(registry_.Expose().find(R"(bahnvision_api_requests_total{route="unmatched",method="GET",status="404"} 1)"),
            std::string::npos);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  auto ex = Run(bhttp::verb::delete_, "/ok");
  EXPECT_EQ(ex->response.result_int(), 405);
  EXPECT_EQ(Header(*ex, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(ex->response.body().view(), R"({"detail":"Method Not Allowed"})");
}

TEST_F(DispatcherTest, HandlerExceptionIsA500WithoutInternalTextAndIsCounted) {
  auto ex = Run(bhttp::verb::get, "/boom");
  EXPECT_EQ(ex->response.result_int(), 500);
  EXPECT_EQ(ex->response.body().view(), R"({"detail":"Internal Server Error"})");
  EXPECT_EQ(Header(*ex, "X-Partial"), "");  // headers set before the throw are dropped
  EXPECT_FALSE(Header(*ex, "X-Request-Id").empty());
  EXPECT_NE(registry_.Expose().find(R"(bahnvision_api_exceptions_total{route="/boom",type="std::runtime_error"} 1)"),
            std::string::npos)
      << registry_.Expose();
}

TEST_F(DispatcherTest, CorsHeadersOnlyForAllowedOrigins) {
  auto allowed = Run(bhttp::verb::get, "/ok", {{"Origin", "https://app.example"}});
  EXPECT_EQ(Header(*allowed, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(Header(*allowed, "Vary"), "Origin");
  EXPECT_NE(Header(*allowed, "Access-Control-Expose-Headers").find("X-Cache-Status"), std::string::npos);

  auto by_regex = Run(bhttp::verb::get, "/ok", {{"Origin", "https://pr42.preview.example"}});
  EXPECT_EQ(Header(*by_regex, "Access-Control-Allow-Origin"), "https://pr42.preview.example");

  auto denied = Run(bhttp::verb::get, "/ok", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(denied->response.result_int(), 200);  // the browser, not us, enforces CORS
  EXPECT_EQ(Header(*denied, "Access-Control-Allow-Origin"), "");
}

TEST_F(DispatcherTest, PreflightAnswers204ForAllowedOriginAnd400Otherwise) {
  auto ok = Run(bhttp::verb::options, "/ok",
                {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(ok->response.result_int(), 204);
  EXPECT_EQ(Header(*ok, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(Header(*ok, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_NE(Header(*ok, "Access-Control-Allow-Headers").find("X-Request-Id"), std::string::npos);
  EXPECT_EQ(Header(*ok, "Access-Control-Max-Age"), "600");

  auto bad_origin = Run(bhttp::verb::options, "/ok",
                        {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(bad_origin->response.result_int(), 400);
  EXPECT_EQ(bad_origin->response.body().view(), R"({"detail":"Disallowed CORS origin"})");

  auto bad_method = Run(bhttp::verb::options, "/ok",
                        {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "DELETE"}});
  EXPECT_EQ(bad_method->response.result_int(), 400);

  auto plain = Run(bhttp::verb::options, "/ok");
  EXPECT_EQ(plain->response.result_int(), 204);
  EXPECT_EQ(Header(*plain, "Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(DispatcherTest, VaryOriginOnEveryAnswerWhateverTheOriginAndStatus) {
  struct Case {
    std::string target;
    Headers extra;
    unsigned status;
  };
  const std::vector<Case> cases = {{"/ok", {}, 200},          {"/not-modified", {}, 304},
                                   {"/nope", {}, 404},        {"/ok", {{"X-Test-Refuse", "1"}}, 429},
                                   {"/unavailable", {}, 503}, {"/boom", {}, 500}};
  for (const auto& c : cases) {
    for (const char* origin : {"", "https://app.example", "https://evil.example"}) {
      Headers headers = c.extra;
      if (*origin != '\0') headers.emplace_back("Origin", origin);
      auto ex = Run(bhttp::verb::get, c.target, headers);
      EXPECT_EQ(ex->response.result_int(), c.status) << c.target;
      EXPECT_EQ(Header(*ex, "Vary"), "Origin") << c.target << " with Origin '" << origin << "'";
    }
  }
}

TEST_F(DispatcherTest, VaryOriginIsMergedWithTheHandlersVaryOnce) {
  auto ex = Run(bhttp::verb::get, "/varies", {{"Origin", "https://app.example"}});
  EXPECT_EQ(Header(*ex, "Vary"), "Accept-Encoding, Origin");
  auto preflight = Run(bhttp::verb::options, "/ok",
                       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(Header(*preflight, "Vary"), "Origin");
}

TEST(DispatcherWithoutCorsTest, NoVaryWhenNoOriginIsAllowed) {
  obs::Registry registry;
  Router router;
  router.Get("/ok", [](Exchange& ex) -> boost::asio::awaitable<void> {
    ex.response.result(bhttp::status::ok);
    co_return;
  });
  DispatcherOptions options;
  options.cors.allow_origins = {};
  Dispatcher dispatcher(router, options, registry, obs::NullLogger());
  Request req;
  req.method(bhttp::verb::get);
  req.target("/ok");
  req.version(11);
  req.set(bhttp::field::origin, "https://app.example");
  Exchange ex{FieldAllocator{}};
  ex.request = &req;
  dispatcher.Begin(ex);
  bv::test::RunCoro(dispatcher.Handle(ex));
  EXPECT_EQ(ex.response.find(bhttp::field::vary), ex.response.end());
  dispatcher.Finish(ex, 0);
}

TEST_F(DispatcherTest, RecordsRedMetricsPerRouteTemplate) {
  Run(bhttp::verb::get, "/ok");
  Run(bhttp::verb::get, "/ok");
  Run(bhttp::verb::head, "/ok");
  const std::string text = registry_.Expose();
  EXPECT_NE(text.find(R"(bahnvision_api_requests_total{route="/ok",method="GET",status="200"} 2)"), std::string::npos);
  EXPECT_NE(text.find(R"(bahnvision_api_requests_total{route="/ok",method="HEAD",status="200"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(bahnvision_api_request_duration_seconds_count{route="/ok",method="GET"} 2)"), std::string::npos);
  EXPECT_NE(text.find("bahnvision_api_requests_in_flight 0"), std::string::npos);
}

TEST(RequestIdTest, AcceptsTokensRejectsEverythingElse) {
  EXPECT_TRUE(IsAcceptableRequestId("0af7651916cd43dd8448eb211c80319c"));
  EXPECT_TRUE(IsAcceptableRequestId("req_01:abc.def-1"));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId("has space"));
  EXPECT_FALSE(IsAcceptableRequestId("quote\""));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'a')));
  RequestId id;
  GenerateUuid(id);
  const std::string uuid(id.view());
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');  // version 4
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);  // RFC 4122 variant
}

}  // namespace
}  // namespace bv::http
