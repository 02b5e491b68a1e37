#include "options.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "berlin_time.hpp"

namespace bv::sim {
namespace {

constexpr std::string_view kUsage = R"(usage: mvg-sim [options]
Simulates the MVG API (bgw-pt v3 under /api/bgw-pt/v3, ZDM under /.rest/zdm).

  --host HOST                  address to bind (127.0.0.1)
  --port PORT                  port, 0 = a free one (0); printed as "listening on HOST:PORT"
  --seed N                     seed of the generated timetable and faults (1)
  --stations FILE              extra stations (mvv_stations.json format)
  --threads N                  worker threads (2)
  --now ISO                    freeze the clock, e.g. 2026-11-23T08:00:00Z
  --latency-ms N               add N ms to every answer
  --jitter-ms N                add up to N ms more
  --error-rate X               answer this share (0..1) with --error-status (503)
  --error-status N             status for --error-rate
  --rate-limit-retry-after N   answer 429 with Retry-After: N
  --hang                       never answer
  --outage                     close connections without answering
  --malformed-json             answer 200 with truncated JSON
  --html                       answer 200 with an HTML page
  --fault-endpoint NAME        limit faults to one endpoint (departures, locations, routes,
                               stations, nearby, lines, messages, zdm_station, other)
  --access-log                 log every request
  --log-level LEVEL            debug, info, warning, error (info)
)";

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  const auto value = ParseIntParam(text, 0, "");
  if (!value || *value < 0 || static_cast<unsigned long long>(*value) > std::numeric_limits<T>::max()) {
    return std::nullopt;
  }
  return static_cast<T>(*value);
}

}  // namespace

std::string_view Usage() { return kUsage; }

ParamResult<SimOptions> ParseOptions(std::span<const std::string_view> args) {
  SimOptions o;
  // Fault flags are collected as admin parameters so both paths share one parser.
  std::string fault_params;
  const auto add_fault = [&](std::string_view name, std::string_view value) {
    fault_params += fmt::format("{}{}={}", fault_params.empty() ? "" : "&", name, value);
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    std::optional<std::string_view> inline_value;
    if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string_view::npos) {
      inline_value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    }
    const auto value = [&]() -> std::optional<std::string_view> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    const auto bad = [&](std::string_view v) { return fmt::format("{}=\"{}\" is not allowed", flag, v); };
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--hang" || flag == "--outage" || flag == "--html") {
      add_fault(flag.substr(2), "1");
    } else if (flag == "--malformed-json") {
      add_fault("malformed", "1");
    } else if (flag == "--access-log") {
      o.access_log = true;
    } else {
      const auto v = value();
      if (!v) return ParamError{fmt::format("{} needs a value", flag)};
      if (flag == "--host") {
        o.host = std::string(*v);
      } else if (flag == "--port") {
        const auto port = ParseNumber<std::uint16_t>(*v);
        if (!port) return ParamError{bad(*v) + ": expected a port from 0 to 65535"};
        o.port = *port;
      } else if (flag == "--seed") {
        const auto seed = ParseNumber<std::uint64_t>(*v);
        if (!seed) return ParamError{bad(*v) + ": expected a non-negative integer"};
        o.seed = *seed;
      } else if (flag == "--stations") {
        o.stations_file = std::string(*v);
      } else if (flag == "--threads") {
        const auto threads = ParseNumber<unsigned>(*v);
        if (!threads || *threads == 0 || *threads > 64) return ParamError{bad(*v) + ": expected 1 to 64"};
        o.threads = *threads;
      } else if (flag == "--now") {
        const auto seconds = ParseUtcIso(*v);
        if (!seconds) return ParamError{bad(*v) + ": expected a UTC time like 2026-11-23T08:00:00Z"};
        o.now_ms = *seconds * 1000;
      } else if (flag == "--log-level") {
        const auto level = obs::ParseLogLevel(*v);
        if (!level) return ParamError{bad(*v) + ": expected debug, info, warning, error or critical"};
        o.log_level = *level;
      } else if (flag == "--latency-ms" || flag == "--jitter-ms" || flag == "--error-rate" ||
                 flag == "--error-status") {
        std::string name(flag.substr(2));
        std::replace(name.begin(), name.end(), '-', '_');
        add_fault(name, *v);
      } else if (flag == "--rate-limit-retry-after") {
        add_fault("rate_limit", "1");
        add_fault("retry_after", *v);
      } else if (flag == "--fault-endpoint") {
        add_fault("endpoint", *v);
      } else {
        return ParamError{fmt::format("unknown option {}", flag)};
      }
    }
  }
  const http::Query query(fault_params);
  if (!query.valid()) return ParamError{"fault options: malformed value"};
  const auto faults = ParseFaults(query);
  if (!faults) return ParamError{"fault options: " + faults.error()};
  o.faults = *faults;
  return o;
}

}  // namespace bv::sim
