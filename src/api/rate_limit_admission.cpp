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

http::Admission RateLimitAdmission(ratelimit::RateLimiter& limiter) {
  return [&limiter](http::Exchange& ex) {
    if (!limiter.enabled() || !IsLimited(ex.path)) return true;
    // The dispatcher resolved the client (trusted proxies, IPv6 prefix) in Begin().
    const auto decision = limiter.Check(ex.client_key);
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
