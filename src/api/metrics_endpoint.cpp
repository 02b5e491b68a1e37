#include "api/metrics_endpoint.hpp"

namespace bv::api {

void RegisterMetricsRoute(http::Router& router, const obs::Registry& registry) {
  namespace bhttp = boost::beast::http;
  router.Get("/metrics", [&registry](http::Exchange& ex) -> boost::asio::awaitable<void> {
    auto& res = ex.response;
    res.result(bhttp::status::ok);
    res.set(bhttp::field::content_type, obs::kExpositionContentType);
    res.set(bhttp::field::cache_control, "no-store");
    res.body().Share(std::make_shared<const std::string>(registry.Expose()));
    co_return;
  });
}

}  // namespace bv::api
