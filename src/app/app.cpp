#include "app/app.hpp"

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "app/build_info.hpp"
#include "config/env.hpp"

namespace bv::app {
namespace {

constexpr std::string_view kUsage =
    "usage: bahnvision <command>\n"
    "\n"
    "commands:\n"
    "  serve     run the HTTP service (configuration from the environment and ./.env)\n"
    "  migrate   apply, revert, list or plan database migrations (bahnvision migrate help)\n"
    "  version   print the version and commit\n"
    "  help      print this text\n"
    "\n"
    "Configuration variables are listed in README.md and docs/configuration.md.\n";

// Reads ./.env under the process environment and validates it. Prints one line per problem.
std::optional<config::Settings> LoadConfiguration() {
  auto dotenv = config::ReadDotEnvFile(".env");
  if (!dotenv) {
    fmt::print(stderr, "bahnvision: configuration error: {}\n", dotenv.error());
    return std::nullopt;
  }
  auto settings = config::LoadSettings(config::MergeEnv(*dotenv, config::ProcessEnvironment()));
  if (!settings) {
    for (const auto& line : settings.error()) {
      fmt::print(stderr, "bahnvision: configuration error: {}\n", line);
    }
    return std::nullopt;
  }
  return *settings;
}

}  // namespace

int Main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "serve") {
    const auto settings = LoadConfiguration();
    if (!settings) return 2;
    return Serve(*settings);
  }
  if (command == "migrate") {
    const auto settings = LoadConfiguration();
    if (!settings) return 2;
    return Migrate(*settings, std::vector<std::string>(argv + 2, argv + argc));
  }
  if (command == "version" || command == "--version") {
    fmt::print("bahnvision {} ({})\n", kVersion, kCommit);
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    fmt::print("{}", kUsage);
    return 0;
  }
  fmt::print(stderr, "{}{}", command.empty() ? "" : fmt::format("bahnvision: unknown command \"{}\"\n\n", command),
             kUsage);
  return 2;
}

}  // namespace bv::app
