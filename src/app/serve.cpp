// `bahnvision serve`: wiring and the shutdown sequence.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "api/health.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/mvg_endpoints.hpp"
#include "api/observation_metrics.hpp"
#include "api/openapi_document.hpp"
#include "api/rate_limit_admission.hpp"
#include "api/ops_summary.hpp"
#include "api/static_files.hpp"
#include "api/station_stats.hpp"
#include "app/app.hpp"
#include "app/build_info.hpp"
#include "app/mvg_hold_sharing.hpp"
#include "app/persistence.hpp"
#include "cache/cache.hpp"
#include "cache/fleet.hpp"
#include "http/dispatcher.hpp"
#include "http/io_pool.hpp"
#include "http/log_flush.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "mvg/client.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "net/client_identity.hpp"
#include "net/host_port.hpp"
#include "net/trusted_proxies.hpp"
#include "obs/process_metrics.hpp"
#include "ratelimit/rate_limiter.hpp"
#include "valkey/client.hpp"

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

mvg::ClientOptions ClientOptionsFrom(const config::Settings& s) {
  mvg::ClientOptions o;
  o.base_url = s.mvg_base_url;
  o.connect_timeout = s.mvg_connect_timeout;
  o.total_timeout = s.mvg_timeout;
  o.user_agent = fmt::format("BahnVision/{} (+https://github.com/bahnvision/bahnvision)", kVersion);
  o.breaker.open_for = s.mvg_breaker_open;
  o.retry_after_max = s.mvg_retry_after_max;
  // Each worker owns its connections (a socket is only used by its thread): split the limits.
  const unsigned workers = std::max(1u, s.worker_threads);
  o.max_connections = std::max(1u, s.mvg_max_connections / workers);
  o.max_pending = s.mvg_max_pending_requests / workers;
  return o;
}

// The Valkey tier, when VALKEY_URL or VALKEY_SENTINELS is set (validated at start; here it only
// needs parsing).
struct FleetTier {
  std::unique_ptr<valkey::Client> client;
  std::unique_ptr<cache::Fleet> fleet;
};

FleetTier MakeFleetTier(const config::Settings& s, http::IoPool& pool, obs::Registry& registry, const obs::Logger& log,
                        const cache::Clock& clock) {
  FleetTier tier;
  if (!s.valkey_url && !s.valkey_sentinels) return tier;
  valkey::ClientOptions client_options;
  client_options.connections = 2;
  if (s.valkey_url) {
    auto connection = valkey::ParseUrl(*s.valkey_url);
    if (!connection) {
      log.Error("Valkey tier disabled: VALKEY_URL cannot be used", {{"error", connection.error()}});
      return tier;
    }
    client_options.connection = std::move(*connection);
  }
  auto& connection = client_options.connection;
  connection.connect_timeout = s.valkey_connect_timeout;
  connection.command_timeout = s.valkey_command_timeout;
  connection.tls_ca_file = s.valkey_tls_ca_file;
  if (s.valkey_sentinels) {
    valkey::SentinelOptions sentinel;
    sentinel.sentinels = net::ParseHostPortList(*s.valkey_sentinels).value_or(std::vector<net::HostPort>{});
    sentinel.master_name = s.valkey_sentinel_master;
    sentinel.password = s.valkey_sentinel_password;
    sentinel.tls = connection.tls;
    sentinel.tls_ca_file = connection.tls_ca_file;
    sentinel.connect_timeout = connection.connect_timeout;
    sentinel.command_timeout = connection.command_timeout;
    client_options.sentinel = std::move(sentinel);
  }
  std::vector<asio::any_io_executor> executors;
  for (std::size_t i = 0; i < pool.size(); ++i) executors.push_back(pool.context(i).get_executor());
  tier.client = std::make_unique<valkey::Client>(std::move(executors), std::move(client_options), clock);
  cache::FleetOptions options;
  options.lock_ttl = s.singleflight_lock_ttl;
  options.poll_interval = s.singleflight_retry_delay;
  options.breaker_open_for = s.circuit_breaker_timeout;
  options.outage_grace = s.fleet_outage_grace;
  tier.fleet = std::make_unique<cache::Fleet>(*tier.client, options, registry, clock);
  return tier;
}

api::MvgEndpointsOptions EndpointOptionsFrom(const config::Settings& s) {
  api::MvgEndpointsOptions o;
  o.departures = {s.departures_ttl.fresh, s.departures_ttl.stale};
  o.station_search = {s.station_search_ttl.fresh, s.station_search_ttl.stale};
  o.station_list = {s.station_list_ttl.fresh, s.station_list_ttl.stale};
  o.routes = {s.route_ttl.fresh, s.route_ttl.stale};
  o.not_found = s.not_found_ttl;
  o.wait_limit = s.singleflight_lock_wait;
  return o;
}

void AddDependencyChecks(api::Readiness& readiness, const cache::Fleet* fleet) {
  // Valkey down does not make a replica unready: it serves from L1 and MVG (per process).
  if (fleet) {
    readiness.AddCheck("valkey", [fleet] { return api::CheckResult{std::string(fleet->State()), true}; }, false);
  } else {
    readiness.AddCheck("valkey", [] { return api::CheckResult{"disabled", true}; }, false);
  }
}

// Not required: while PostgreSQL is down observations queue up and the API keeps serving.
void AddDatabaseCheck(const Persistence* persistence, api::Readiness& readiness) {
  readiness.AddCheck("database", [persistence] {
    if (persistence == nullptr) return api::CheckResult{"disabled", true};
    return api::CheckResult{persistence->writer.healthy() ? "ok" : "down", true};
  }, false);
}

cache::CachePolicy StatsPolicy(const config::Settings& s) {
  return cache::CachePolicy{"station_stats", s.station_stats_ttl.fresh, s.station_stats_ttl.stale, s.not_found_ttl,
                            s.singleflight_lock_wait};
}

// What the shutdown sequence stops, in order.
struct ShutdownTargets {
  api::Readiness& readiness;
  http::Server& server;
  cache::TaskTracker& tasks;     // cache loads and refreshes: requests may wait for them
  cache::TaskTracker& services;  // fleet heartbeat and lock renewals: run until stopped
  Persistence* persistence;
  cache::Fleet* fleet;
  ratelimit::RateLimiter& rate_limiter;
  valkey::Client* valkey;
  http::IoPool& pool;
};

// Waits for SIGTERM/SIGINT, then runs the shutdown sequence (docs/development.md):
//   readiness 503 at once -> keep serving for the drain delay (a second signal cuts it short)
//   -> close the listener; in-flight requests and background loads run on -> at the
//   cancellation point (shortly before the grace period ends) cancel the background tasks and
//   the queued database reads, so that the requests waiting for them answer (503), and close
//   what is still open -> stop the background services and await them (bounded) -> flush the
//   write-behind queue (bounded) -> stop the io_contexts. Every wait is bounded by the grace
//   period, so the process exits within it.
asio::awaitable<void> ShutdownOnSignal(asio::signal_set& signals, const config::Settings& s, ShutdownTargets t,
                                       const obs::Logger& log) {
  auto [ec, signal_number] = co_await signals.async_wait(kNoThrow);
  if (ec) co_return;
  const auto signalled_at = Clock::now();
  t.readiness.SetDraining();
  log.Info("shutdown requested", {{"signal", strsignal(signal_number)},
                                  {"drain_delay_ms", s.shutdown_drain_delay.count()},
                                  {"grace_period_ms", s.shutdown_grace_period.count()}});

  asio::steady_timer delay(co_await asio::this_coro::executor, s.shutdown_drain_delay);
  const auto first = co_await (delay.async_wait(kNoThrow) || signals.async_wait(kNoThrow));
  if (first.index() == 1) log.Info("second signal: skipping the rest of the drain delay");

  // The last part of the grace period is kept for cancelling, answering and closing:
  // cancel_at -> answered_by (cancelled requests write their 503) -> stopped_by (background
  // services end, the queue is flushed) -> exit.
  const auto grace_end = signalled_at + s.shutdown_grace_period;
  const auto reserve = std::clamp<Clock::duration>(s.shutdown_grace_period / 5, std::chrono::milliseconds(500),
                                                   std::chrono::seconds(2));
  const auto cancel_at = grace_end - reserve;
  const auto answered_by = grace_end - reserve / 4;
  const auto stopped_by = grace_end - reserve / 10;
  log.Info("closing listener", {{"active_connections", t.server.active_connections()},
                                {"elapsed_ms", Millis(Clock::now() - signalled_at)}});
  std::size_t open = co_await t.server.Drain(cancel_at, http::Server::AtDeadline::kKeepOpen);
  std::size_t loads = co_await t.tasks.WaitIdle(open > 0 ? Clock::now() : cancel_at);
  if (open > 0 || loads > 0) {
    // Requests still waiting are waiting for loads (single-flight) or database reads:
    // cancelling those answers them (503, "shutting down") while their connections are open.
    log.Warn("grace period ending: cancelling background tasks", {{"connections", open}, {"tasks", loads}});
    t.tasks.CancelAll();
    if (t.persistence) t.persistence->queries.Cancel();
    open = co_await t.server.WaitConnections(answered_by);
    if (open > 0) {
      log.Warn("grace period over: closed connections with requests still in flight", {{"connections", open}});
      t.server.CloseAll();
    }
  }
  // Background services: their loops end on Stop(); cancelling wakes them from their sleeps.
  if (t.fleet) t.fleet->Stop();
  t.rate_limiter.Stop();
  if (t.valkey) t.valkey->Stop();
  t.tasks.CancelAll();
  t.services.CancelAll();
  std::size_t left = co_await t.tasks.WaitIdle(answered_by);
  left += co_await t.services.WaitIdle(answered_by);
  if (left > 0) log.Warn("grace period over: background tasks abandoned", {{"tasks", left}});
  if (t.persistence) {
    // Blocks this io thread, which is harmless now: connections are drained and no request
    // remains to be served.
    const auto flush_started = Clock::now();
    log.Info("flushing persistence queue", {{"queued", t.persistence->writer.depth()}});
    const std::size_t lost = t.persistence->writer.Stop(std::max(stopped_by, flush_started));
    if (lost > 0) log.Error("grace period over: observations not written", {{"items", lost}});
    // The totals since start: the process's account of what it stored, once its /metrics is gone.
    const auto observations = t.persistence->writer.observation_totals();
    const auto snapshots = t.persistence->writer.snapshot_totals();
    log.Info("persistence queue flushed", {{"elapsed_ms", Millis(Clock::now() - flush_started)},
                                           {"unwritten", lost},
                                           {"observations_enqueued", observations.enqueued},
                                           {"observations_written", observations.written},
                                           {"observations_dropped", observations.dropped},
                                           {"snapshots_enqueued", snapshots.enqueued},
                                           {"snapshots_written", snapshots.written},
                                           {"snapshots_dropped", snapshots.dropped}});
  }
  log.Info("drained", {{"elapsed_ms", Millis(Clock::now() - signalled_at)}});
  t.pool.Stop();
}

void LogException(const obs::Logger& log, std::string_view what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log.Error(what, {{"error", ex.what()}});
  }
}

}  // namespace

int Serve(const config::Settings& s) {
  // A closed stdout (log reader gone) must not kill the service; writes just fail.
  ::signal(SIGPIPE, SIG_IGN);
  const obs::Logger log(s.log_level, s.log_format, STDOUT_FILENO);
  // Access-log lines are buffered per worker thread and written every 200 ms (obs/log.hpp).
  const obs::Logger access_log(s.log_level, s.log_format, STDOUT_FILENO, obs::LogBuffering::kPerThread);
  const auto started_at = Clock::now();

  obs::Registry registry;
  obs::RegisterProcessMetrics(registry);
  registry.GaugeFamily("bahnvision_build_info", "Build of the running binary (always 1).", {"version", "commit"})
      .WithLabels({kVersion, kCommit})
      .Set(1);

  // Declared first, destroyed last: see the teardown at the end.
  http::IoPool pool(s.worker_threads);

  // The process-wide real clock: it outlives everything that reads it, including coroutine
  // frames destroyed with the io_contexts at the end.
  const cache::Clock& clock = cache::SystemClock::Instance();
  cache::L1Store l1({s.cache_max_bytes, 16}, clock);
  cache::SingleFlight flights;
  cache::TaskTracker tasks(log);     // loads and refreshes (shutdown waits for them, then cancels)
  cache::TaskTracker services(log);  // background loops (shutdown stops and cancels them)
  cache::CacheMetrics cache_metrics(registry, l1);
  FleetTier fleet_tier = MakeFleetTier(s, pool, registry, log, clock);
  auto client = std::make_unique<mvg::Client>(ClientOptionsFrom(s), registry, clock);
  // With a fleet, a rate limit MVG gives one replica holds every replica's breaker.
  std::unique_ptr<MvgHoldSharing> hold_sharing;
  if (fleet_tier.fleet) {
    hold_sharing = std::make_unique<MvgHoldSharing>(*client, *fleet_tier.client, *fleet_tier.fleet, registry);
    hold_sharing->Install(pool.context(0).get_executor());  // before the fleet starts its subscriber
  }
  auto persistence = StartPersistence(s, registry, log);
  // Business metrics hear of every MVG fetch first, then pass it on to persistence (if on).
  api::ObservationMetrics observation_metrics(registry, persistence ? &persistence->writer : nullptr);
  api::MvgEndpoints mvg_endpoints(*client, EndpointOptionsFrom(s),
                                  cache::CacheShared{clock, l1, flights, tasks, cache_metrics, fleet_tier.fleet.get()},
                                  &observation_metrics);
  api::StationStatsEndpoint station_stats(
      persistence ? &persistence->queries : nullptr, StatsPolicy(s),
      cache::CacheShared{clock, l1, flights, tasks, cache_metrics, fleet_tier.fleet.get()});

  api::Readiness readiness;
  AddDependencyChecks(readiness, fleet_tier.fleet.get());
  AddDatabaseCheck(persistence.get(), readiness);
  // Not required: while MVG fails the service still answers from its caches.
  readiness.AddCheck("mvg", [&client = *client] { return api::CheckResult{std::string(client.Health()), true}; },
                     false);

  http::Router router;
  api::RegisterHealthRoutes(router, {kVersion, started_at}, readiness);
  api::RegisterMetricsRoute(router, registry);
  mvg_endpoints.Register(router);
  station_stats.Register(router);
  api::RegisterOpenApiRoute(router);
  api::RegisterOpsSummaryRoute(router, {registry, readiness, kVersion, started_at});
  const api::StaticFiles web_ui(s.web_root);
  if (web_ui.size() > 0) {
    web_ui.Register(router);
  } else if (!s.web_root.empty()) {
    log.Warn("web UI not served: no built files (make run builds them)", {{"web_root", s.web_root}});
  }

  // Validated at start (config), so parsing cannot fail here.
  const auto parsed_proxies = net::TrustedProxies::Parse(s.rate_limit_trusted_proxies);
  const net::ClientIdentity client_identity(parsed_proxies ? *parsed_proxies : net::TrustedProxies{},
                                            s.rate_limit_forwarded_header, s.rate_limit_ipv6_prefix);
  ratelimit::LimiterOptions limiter_options{s.rate_limit_per_minute, s.rate_limit_burst};
  limiter_options.max_clients = s.rate_limit_max_clients;
  ratelimit::RateLimiter rate_limiter(limiter_options, registry, fleet_tier.fleet.get());

  http::DispatcherOptions dispatch_options;
  dispatch_options.cors = {s.cors_allow_origins, s.cors_allow_origin_regex};
  dispatch_options.access_log = s.access_log;
  dispatch_options.access_logger = &access_log;
  dispatch_options.admission = api::RateLimitAdmission(rate_limiter);
  dispatch_options.clients = &client_identity;
  http::Dispatcher dispatcher(router, dispatch_options, registry, log);

  // Installed before "listening on" is logged: a supervisor may signal as soon as it sees it.
  auto signals = std::make_unique<asio::signal_set>(pool.context(0), SIGTERM, SIGINT);
  auto server = std::make_unique<http::Server>(pool, ServerOptionsFrom(s), dispatcher, log);
  const auto endpoint = server->Listen();
  if (!endpoint) {
    log.Error(fmt::format("cannot listen on {}:{}: {}", s.host, s.port, endpoint.error().message()));
    return 1;
  }
  const std::string address = fmt::format("{}:{}", endpoint->address().to_string(), endpoint->port());
  log.Info(fmt::format("listening on {}", address),
           {{"version", kVersion}, {"commit", kCommit}, {"worker_threads", pool.size()},
            {"mvg_base_url", s.mvg_base_url},
            {"valkey", s.valkey_sentinels ? "sentinel " + s.valkey_sentinel_master + " via " + *s.valkey_sentinels
                       : s.valkey_url     ? config::RedactUrl(*s.valkey_url)
                                          : "disabled"},
            {"database", s.database_url ? "configured" : "disabled"}});

  const ShutdownTargets targets{readiness,    *server,      tasks, services, persistence.get(), fleet_tier.fleet.get(),
                                rate_limiter, fleet_tier.client.get(), pool};
  asio::co_spawn(pool.context(0), ShutdownOnSignal(*signals, s, targets, log),
                 [&log](std::exception_ptr e) { LogException(log, "shutdown sequence failed", e); });
  server->Start();
  if (fleet_tier.fleet) fleet_tier.fleet->Start(pool.context(0).get_executor(), &services);
  if (hold_sharing) hold_sharing->LoadCurrentHolds();
  rate_limiter.Start(pool.context(0).get_executor());
  http::StartLogBufferFlush(pool, std::chrono::milliseconds(200));
  pool.Start();
  pool.Join();

  // Teardown order matters. Normally nothing runs any more (the sequence above cancelled and
  // awaited everything); what was abandoned at the grace deadline is destroyed with the
  // contexts. So: first the objects that own sockets and timers of the pool's io_contexts
  // (server, signals, pooled MVG connections, Valkey connections); then the contexts,
  // destroying unfinished coroutine frames, whose destructors still use the MVG client's
  // breakers, the cache state and the logger; only then (at scope exit) those objects.
  server.reset();
  signals.reset();
  client->CloseConnections();
  rate_limiter.Stop();
  if (fleet_tier.fleet) fleet_tier.fleet->Stop();
  fleet_tier.client.reset();  // its connections' strands belong to the contexts
  if (persistence) persistence->queries.Join();  // before the contexts its completions go to
  flights.Abandon();  // an abandoned load must not wake waiters on destroyed contexts
  pool.DestroyContexts();
  log.Info("stopped", {{"uptime_seconds", std::chrono::duration<double>(Clock::now() - started_at).count()}});
  return 0;
}

}  // namespace bv::app
