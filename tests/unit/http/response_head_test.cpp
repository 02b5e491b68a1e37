// The flat response head must be byte for byte what Beast's serializer writes for the same
// message: clients and proxies see no difference from the switch.
#include "http/response_head.hpp"

#include <memory_resource>
#include <sstream>

#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>

namespace bv::http {
namespace {

std::string BeastHead(Response& res) {
  res.prepare_payload();
  std::ostringstream out;
  out << res.base();  // Beast writes the header of a message to an ostream with its serializer
  return out.str();
}

std::string OurHead(Response& res) {
  res.prepare_payload();
  ResponseHead head;
  head.append(std::string_view("left over from the previous response"));
  SerializeResponseHead(res, head);
  return {head.data(), head.size()};
}

class ResponseHeadTest : public ::testing::Test {
 protected:
  std::pmr::monotonic_buffer_resource arena_;
  Response NewResponse() { return Response(std::piecewise_construct, std::make_tuple(), std::make_tuple(FieldAllocator(&arena_))); }
};

TEST_F(ResponseHeadTest, CachedJsonAnswerMatchesBeast) {
  Response res = NewResponse();
  res.result(bhttp::status::ok);
  res.set("X-Cache-Status", "hit");
  res.set(bhttp::field::age, "3");
  res.set(bhttp::field::etag, "\"b45ee717bc7675e5\"");
  res.set(bhttp::field::cache_control, "public, max-age=27, stale-while-revalidate=270, stale-if-error=270");
  res.set(bhttp::field::content_type, "application/json");
  res.body().Share(std::make_shared<const std::string>(std::string(2600, 'x')));
  res.keep_alive(true);
  const std::string ours = OurHead(res);
  EXPECT_EQ(ours, BeastHead(res));
  EXPECT_TRUE(ours.starts_with("HTTP/1.1 200 OK\r\nX-Cache-Status: hit\r\n")) << ours;
  EXPECT_NE(ours.find("Content-Length: 2600\r\n"), std::string::npos) << ours;
  EXPECT_TRUE(ours.ends_with("\r\n\r\n"));
}

TEST_F(ResponseHeadTest, NotModifiedCloseAndHttp10MatchBeast) {
  Response not_modified = NewResponse();
  not_modified.result(bhttp::status::not_modified);
  not_modified.set(bhttp::field::etag, "\"abc\"");
  EXPECT_EQ(OurHead(not_modified), BeastHead(not_modified));

  Response closing = NewResponse();
  closing.result(bhttp::status::service_unavailable);
  closing.set(bhttp::field::retry_after, "1");
  closing.body().Assign(R"({"detail":"Server is at its connection limit"})");
  closing.keep_alive(false);
  const std::string head = OurHead(closing);
  EXPECT_EQ(head, BeastHead(closing));
  EXPECT_TRUE(head.starts_with("HTTP/1.1 503 Service Unavailable\r\n")) << head;

  Response old_client = NewResponse();
  old_client.version(10);
  old_client.result(bhttp::status::not_found);
  old_client.keep_alive(true);  // HTTP/1.0 needs an explicit Connection: keep-alive
  old_client.body().Assign("{}");
  const std::string old_head = OurHead(old_client);
  EXPECT_EQ(old_head, BeastHead(old_client));
  EXPECT_TRUE(old_head.starts_with("HTTP/1.0 404 Not Found\r\n")) << old_head;
}

TEST_F(ResponseHeadTest, CustomReasonAndUnknownStatusMatchBeast) {
  Response res = NewResponse();
  res.result(299);
  res.reason("Custom Reason");
  res.set("X-Empty", "");
  EXPECT_EQ(OurHead(res), BeastHead(res));
}

}  // namespace
}  // namespace bv::http
