// Expected failures of the MVG API, as values (STYLE.md 6). `cache/` decides whether a stale
// copy hides them; `api/` turns what is left into an HTTP status in one place.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace bv::mvg {

struct UpstreamError {
  enum class Kind {
    kTimeout,      // no complete answer before the deadline
    kConnect,      // DNS, TCP or TLS failure; connection reset before an answer
    kStatus5xx,    // MVG answered 5xx (after retries)
    kStatus4xx,    // MVG refused the request (400, 404 on a list endpoint, ...)
    kRateLimited,  // 429, 403 or 509: MVG is throttling us
    kBreakerOpen,  // our circuit breaker refuses to call MVG right now
    kBadPayload,   // 200 whose body is not the JSON we expect (e.g. an HTML page)
    kOverloaded,   // our own limit (MVG connections, calls waiting for one) was reached; not MVG's fault
  };
  Kind kind;
  std::chrono::seconds retry_after{0};  // set for kRateLimited, kBreakerOpen and kOverloaded
  std::string log_detail;               // for logs only; never sent to clients
};

// Stable label value for metrics and logs ("timeout", "rate_limited", ...).
std::string_view ToString(UpstreamError::Kind kind);

}  // namespace bv::mvg
