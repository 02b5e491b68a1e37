// Composition root: builds every module from Settings, wires the routes, runs the server and
// owns the shutdown sequence (signal -> readiness 503 -> drain delay -> close listener ->
// wait for in-flight requests within the grace period -> exit 0).
#pragma once

#include <string>
#include <vector>

#include "config/settings.hpp"

namespace bv::app {

// `bahnvision <command> [args]`; returns the process exit status.
int Main(int argc, char** argv);

// `bahnvision serve`: runs until SIGTERM/SIGINT. Returns 0 after a clean drain, 1 if the
// service could not start (e.g. the port is taken).
int Serve(const config::Settings& settings);

// `bahnvision migrate ...` (args after "migrate"): see docs/operations/migrations.md.
int Migrate(const config::Settings& settings, const std::vector<std::string>& args);

}  // namespace bv::app
