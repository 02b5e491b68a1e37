// `bahnvision serve`: wiring and the shutdown sequence.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "api/health.hpp"
#include "api/metrics_endpoint.hpp"
#include "app/app.hpp"
#include "app/build_info.hpp"
#include "http/dispatcher.hpp"
#include "http/io_pool.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "obs/process_metrics.hpp"

namespace bv::app {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;
inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

http::ServerOptions ServerOptionsFrom(const config::Settings& s) {
  http::ServerOptions o;
  o.host = s.host;
  o.port = s.port;
  o.header_timeout = s.http_header_timeout;
  o.idle_timeout = s.http_idle_timeout;
  o.max_connections = s.http_max_connections;
  return o;
}

void AddDependencyChecks(const config::Settings& s, api::Readiness& readiness, const obs::Logger& log) {
  // The Valkey tier and persistence are later capabilities (issues #3 and #4): until they are
  // wired, a configured URL is reported, not silently ignored.
  if (s.valkey_url) log.Warn("VALKEY_URL is set but this build has no Valkey tier yet; using the in-process cache only");
  if (s.database_url) log.Warn("DATABASE_URL is set but this build has no persistence yet; persistence is off");
  readiness.AddCheck("valkey", [] { return api::CheckResult{"disabled", true}; }, false);
  readiness.AddCheck("database", [] { return api::CheckResult{"disabled", true}; }, false);
}

// Waits for SIGTERM/SIGINT, then drains: readiness 503 at once; keep serving for the drain
// delay so that load balancers notice (a second signal cuts the delay short); close the
// listener; let in-flight requests finish until shortly before the grace period ends; stop.
asio::awaitable<void> ShutdownOnSignal(asio::signal_set& signals, const config::Settings& s,
                                       api::Readiness& readiness, http::Server& server,
                                       http::IoPool& pool, const obs::Logger& log) {
  auto [ec, signal_number] = co_await signals.async_wait(kNoThrow);
  if (ec) co_return;
  const auto signalled_at = Clock::now();
  readiness.SetDraining();
  log.Info("shutdown requested", {{"signal", strsignal(signal_number)},
                                  {"drain_delay_ms", s.shutdown_drain_delay.count()},
                                  {"grace_period_ms", s.shutdown_grace_period.count()}});

  asio::steady_timer delay(co_await asio::this_coro::executor, s.shutdown_drain_delay);
  const auto first = co_await (delay.async_wait(kNoThrow) || signals.async_wait(kNoThrow));
  if (first.index() == 1) log.Info("second signal: skipping the rest of the drain delay");

  // Leave a margin before the grace period ends for closing and exiting.
  const auto margin = std::min<Clock::duration>(std::chrono::milliseconds(500), s.shutdown_grace_period / 10);
  const auto deadline = signalled_at + s.shutdown_grace_period - margin;
  log.Info("closing listener", {{"active_connections", server.active_connections()},
                                {"elapsed_ms", Millis(Clock::now() - signalled_at)}});
  const std::size_t cut = co_await server.Drain(deadline);
  if (cut > 0) {
    log.Warn("grace period over: closed connections with requests still in flight", {{"connections", cut}});
  }
  log.Info("drained", {{"elapsed_ms", Millis(Clock::now() - signalled_at)}});
  pool.Stop();
}

}  // namespace

int Serve(const config::Settings& s) {
  // A closed stdout (log reader gone) must not kill the service; writes just fail.
  ::signal(SIGPIPE, SIG_IGN);
  const obs::Logger log(s.log_level, s.log_format, STDOUT_FILENO);
  const auto started_at = Clock::now();

  obs::Registry registry;
  obs::RegisterProcessMetrics(registry);
  registry.GaugeFamily("bahnvision_build_info", "Build of the running binary (always 1).", {"version", "commit"})
      .WithLabels({kVersion, kCommit})
      .Set(1);

  api::Readiness readiness;
  AddDependencyChecks(s, readiness, log);

  http::Router router;
  api::RegisterHealthRoutes(router, {kVersion, started_at}, readiness);
  api::RegisterMetricsRoute(router, registry);

  http::DispatcherOptions dispatch_options;
  dispatch_options.cors = {s.cors_allow_origins, s.cors_allow_origin_regex};
  dispatch_options.access_log = s.access_log;
  http::Dispatcher dispatcher(router, dispatch_options, registry, log);

  http::IoPool pool(s.worker_threads);
  // Installed before "listening on" is logged: a supervisor may signal as soon as it sees it.
  asio::signal_set signals(pool.context(0), SIGTERM, SIGINT);
  http::Server server(pool, ServerOptionsFrom(s), dispatcher, log);
  const auto endpoint = server.Listen();
  if (!endpoint) {
    log.Error(fmt::format("cannot listen on {}:{}: {}", s.host, s.port, endpoint.error().message()));
    return 1;
  }
  const std::string address = fmt::format("{}:{}", endpoint->address().to_string(), endpoint->port());
  log.Info(fmt::format("listening on {}", address),
           {{"version", kVersion}, {"commit", kCommit}, {"worker_threads", pool.size()},
            {"valkey", s.valkey_url ? "configured" : "disabled"},
            {"database", s.database_url ? "configured" : "disabled"}});

  asio::co_spawn(pool.context(0), ShutdownOnSignal(signals, s, readiness, server, pool, log),
                 [&log](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     log.Error("shutdown sequence failed", {{"error", ex.what()}});
                   }
                 });
  server.Start();
  pool.Start();
  pool.Join();
  log.Info("stopped", {{"uptime_seconds", std::chrono::duration<double>(Clock::now() - started_at).count()}});
  return 0;
}

}  // namespace bv::app
