#include "sim_server.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "admin.hpp"
#include "api_routes.hpp"
#include "http/dispatcher.hpp"
#include "http/io_pool.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "options.hpp"
#include "simulator.hpp"

namespace bv::sim {
namespace {

namespace asio = boost::asio;

// Stops at once: a simulator has no state worth draining for, and requests held by the hang
// fault must not delay the exit.
asio::awaitable<void> StopOnSignal(asio::signal_set& signals, http::Server& server, http::IoPool& pool,
                                   const obs::Logger& log) {
  auto [ec, signal_number] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  log.Info("stopping", {{"signal", signal_number}});
  server.StopAccepting();
  server.CloseAll();
  pool.Stop();
}

}  // namespace

int RunSimulator(std::span<const std::string_view> args) {
  ::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer must not kill the process
  const auto options = ParseOptions(args);
  if (!options) {
    fmt::print(stderr, "mvg-sim: {}\n{}", options.error(), Usage());
    return 2;
  }
  if (options->help) {
    fmt::print("{}", Usage());
    return 0;
  }
  // Logs go to stderr: stdout carries only the "listening on" line that fixtures wait for.
  const obs::Logger log(options->log_level, obs::LogFormat::kText, STDERR_FILENO);

  std::vector<FileStation> extra;
  if (!options->stations_file.empty()) {
    auto loaded = LoadStationFile(options->stations_file);
    if (!loaded) {
      log.Error("cannot load stations", {{"file", options->stations_file}, {"error", loaded.error()}});
      return 1;
    }
    extra = std::move(*loaded);
  }
  auto sim = std::make_unique<Simulator>(Network::Builtin(extra), options->seed);
  sim->faults().Set(options->faults);
  if (options->now_ms) sim->clock().Freeze(*options->now_ms);

  http::Router router;
  RegisterAdminRoutes(router, *sim);
  RegisterApiRoutes(router, *sim);
  obs::Registry registry;
  http::DispatcherOptions dispatch_options;
  dispatch_options.access_log = options->access_log;
  http::Dispatcher dispatcher(router, dispatch_options, registry, log);

  http::IoPool pool(options->threads);
  asio::signal_set signals(pool.context(0), SIGTERM, SIGINT);
  http::ServerOptions server_options;
  server_options.host = options->host;
  server_options.port = options->port;
  http::Server server(pool, server_options, dispatcher, log);
  const auto endpoint = server.Listen();
  if (!endpoint) {
    log.Error(
        fmt::format("cannot listen on {}:{}: {}", options->host, options->port, endpoint.error().message()));
    return 1;
  }
  std::size_t graph_stations = 0;
  for (const Station& s : sim->network().stations()) graph_stations += s.on_graph ? 1 : 0;
  log.Info("mvg-sim ready", {{"seed", options->seed},
                             {"stations", sim->network().stations().size()},
                             {"graph_stations", graph_stations},
                             {"threads", pool.size()}});
  fmt::print("listening on {}:{}\n", endpoint->address().to_string(), endpoint->port());
  std::fflush(stdout);

  asio::co_spawn(pool.context(0), StopOnSignal(signals, server, pool, log),
                 [&log](const std::exception_ptr& e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     log.Error("signal handling failed", {{"error", ex.what()}});
                   }
                 });
  server.Start();
  pool.Start();
  pool.Join();
  log.Info("stopped");
  return 0;
}

}  // namespace bv::sim
