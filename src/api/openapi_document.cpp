#include "api/openapi_document.hpp"

#include <memory>
#include <string>

#include "http/json_response.hpp"

namespace bv::api {

void RegisterOpenApiRoute(http::Router& router) {
  // One copy for every answer.
  auto document = std::make_shared<const std::string>(kOpenApiJson);
  router.Get("/openapi.json", [document](http::Exchange& ex) -> boost::asio::awaitable<void> {
    ex.response.result(http::bhttp::status::ok);
    ex.response.set(http::bhttp::field::content_type, http::kJsonContentType);
    ex.response.set(http::bhttp::field::cache_control, "public, max-age=300");
    ex.response.body().Share(document);
    co_return;
  });
}

}  // namespace bv::api
