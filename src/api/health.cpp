#include "api/health.hpp"

#include <fmt/format.h>

#include "http/json_response.hpp"
#include "obs/json_text.hpp"

namespace bv::api {

void Readiness::AddCheck(std::string name, std::function<CheckResult()> check, bool required) {
  std::lock_guard lock(mutex_);
  checks_.push_back({std::move(name), std::move(check), required});
}

Readiness::Report Readiness::Evaluate() const {
  Report report;
  report.ready = !draining();
  std::lock_guard lock(mutex_);
  for (const auto& c : checks_) {
    const CheckResult result = c.check();
    if (c.required && !result.healthy) report.ready = false;
    report.checks.emplace_back(c.name, result.state);
  }
  return report;
}

void RegisterHealthRoutes(http::Router& router, HealthInfo info, const Readiness& readiness) {
  namespace bhttp = boost::beast::http;

  router.Get("/api/v1/health", [info](http::Exchange& ex) -> boost::asio::awaitable<void> {
    const double uptime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - info.started_at).count();
    auto& res = ex.response;
    res.result(bhttp::status::ok);
    res.set(bhttp::field::content_type, http::kJsonContentType);
    res.set(bhttp::field::cache_control, "no-store");
    auto& body = res.body().buffer();
    body.clear();
    fmt::format_to(std::back_inserter(body), R"({{"status":"ok","version":)");
    obs::AppendJsonString(body, info.version);
    fmt::format_to(std::back_inserter(body), R"(,"uptime_seconds":{:.3f}}})", uptime);
    co_return;
  });

  router.Get("/api/v1/health/live", [](http::Exchange& ex) -> boost::asio::awaitable<void> {
    http::SetJson(ex.response, bhttp::status::ok, R"({"status":"alive"})");
    ex.response.set(bhttp::field::cache_control, "no-store");
    co_return;
  });

  router.Get("/api/v1/health/ready", [&readiness](http::Exchange& ex) -> boost::asio::awaitable<void> {
    const auto report = readiness.Evaluate();
    std::string body = report.ready ? R"({"status":"ready")" : R"({"status":"not_ready")";
    if (readiness.draining()) body += R"(,"draining":true)";
    body += R"(,"checks":{)";
    for (std::size_t i = 0; i < report.checks.size(); ++i) {
      if (i > 0) body += ',';
      obs::AppendJsonString(body, report.checks[i].first);
      body += ':';
      obs::AppendJsonString(body, report.checks[i].second);
    }
    body += "}}";
    http::SetJson(ex.response, report.ready ? bhttp::status::ok : bhttp::status::service_unavailable, body);
    ex.response.set(bhttp::field::cache_control, "no-store");
    if (!report.ready) ex.response.set(bhttp::field::retry_after, "5");
    co_return;
  });
}

}  // namespace bv::api
