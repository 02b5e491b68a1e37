// The client rate limit as an admission step of the dispatcher: the API's data endpoints
// (/api/...) are limited per client; health probes, /metrics, the API description and the web
// UI are not. Every limited answer carries RateLimit-Limit / -Remaining / -Reset; a refusal is
// a 429 JSON error with Retry-After.
#pragma once

#include "http/dispatcher.hpp"
#include "ratelimit/rate_limiter.hpp"

namespace bv::api {

// Limits per Exchange::client_key (net/client_identity.hpp). `limiter` must outlive the
// dispatcher.
http::Admission RateLimitAdmission(ratelimit::RateLimiter& limiter);

}  // namespace bv::api
