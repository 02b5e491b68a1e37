#include "api/rate_limit_admission.hpp"

#include <fmt/format.h>

#include "http/json_response.hpp"

namespace bv::api {

namespace {

bool IsLimited(std::string_view path) {
  return path.starts_with("/api/") && !path.starts_with("/api/v1/health");
}

void SetNumber(http::Response& res, std::string_view name, unsigned value) {
  const fmt::format_int text(value);
  res.set(name, std::string_view(text.data(), text.size()));
}

}  // namespace

http::Admission RateLimitAdmission(ratelimit::RateLimiter& limiter, const net::TrustedProxies& proxies) {
  return [&limiter, &proxies](http::Exchange& ex) {
    if (!limiter.enabled() || !IsLimited(ex.path)) return true;
    // X-Forwarded-For only counts behind a trusted proxy: no header lookup otherwise.
    std::string_view forwarded;
    if (!proxies.empty()) {
      if (const auto it = ex.req().find("X-Forwarded-For"); it != ex.req().end()) forwarded = it->value();
    }
    const auto decision = limiter.Check(proxies.ClientOf(ex.client, forwarded));
    http::Response& res = ex.response;
    if (!decision.allowed) {
      http::SetJsonError(res, http::bhttp::status::too_many_requests,
                         "Too many requests from this client; retry after the time in Retry-After");
      SetNumber(res, "Retry-After", decision.retry_after);
      res.set(http::bhttp::field::cache_control, "no-store");
    }
    SetNumber(res, "RateLimit-Limit", decision.limit);
    SetNumber(res, "RateLimit-Remaining", decision.remaining);
    SetNumber(res, "RateLimit-Reset", decision.reset_seconds);
    return decision.allowed;
  };
}

}  // namespace bv::api
