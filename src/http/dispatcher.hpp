// The middleware chain every request passes through, in this order:
//   request id and client identity -> CORS preflight -> route match (404/405) -> admission (429) -> handler
//   (boundary catch-all -> 500)
//   -> X-Request-Id and CORS headers on the answer -> RED metrics and access log (Finish).
// Socket-free, so the whole chain is unit-tested with plain Exchange objects.
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>

#include "http/cors.hpp"
#include "http/exchange.hpp"
#include "http/request_metrics.hpp"
#include "http/router.hpp"
#include "net/client_identity.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"

namespace bv::http {

// Decides, before the handler runs, whether a request is admitted (e.g. a rate limit). It may
// add headers to ex.response; when it returns false it has filled ex.response with the refusal
// and the handler is skipped. Must not block or suspend.
using Admission = std::function<bool(Exchange& ex)>;

struct DispatcherOptions {
  CorsOptions cors;
  bool access_log = true;
  // Where access-log lines go; null: the dispatcher's logger. The service gives it a
  // per-thread buffered logger (obs::LogBuffering) and keeps its other lines unbuffered.
  const obs::Logger* access_logger = nullptr;
  Admission admission;  // empty: every request is admitted
  // Who the client is behind trusted proxies, and its rate-limit key; null: the peer, as is.
  // Must outlive the dispatcher.
  const net::ClientIdentity* clients = nullptr;
};

// Thread-safe: all state is read-only or atomic. The router must not change after construction.
class Dispatcher {
 public:
  Dispatcher(const Router& router, const DispatcherOptions& options, obs::Registry& registry,
             const obs::Logger& log);

  // Starts an exchange whose request header has been parsed: method, path, query, route,
  // request id. Call exactly once per exchange, before Handle() or Reject().
  void Begin(Exchange& ex);
  // Starts an exchange for a request that could not be parsed (no ex.request).
  void BeginUnparsed(Exchange& ex);

  // Runs the chain and fills ex.response. Never throws.
  boost::asio::awaitable<void> Handle(Exchange& ex);

  // Answers a request the server refused before routing (limits, timeouts, bad syntax).
  void Reject(Exchange& ex, bhttp::status status, std::string_view detail);

  // Records RED metrics and the access-log line; call after the answer has been written
  // (or failed to be). `bytes` is the body size sent.
  void Finish(const Exchange& ex, std::size_t bytes);

  RequestMetrics& metrics() { return metrics_; }

 private:
  void Decorate(Exchange& ex) const;
  void IdentifyClient(Exchange& ex) const;
  void Fail(Exchange& ex, std::string_view type, std::string_view what);

  const Router& router_;
  Cors cors_;
  bool access_log_;
  Admission admission_;
  const net::ClientIdentity* clients_;
  RequestMetrics metrics_;
  const obs::Logger& log_;
  const obs::Logger& access_log_lines_;
};

}  // namespace bv::http
