// Command-line options of mvg-sim. Parsing is pure so that it is unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "faults.hpp"
#include "obs/log.hpp"

namespace bv::sim {

struct SimOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: a free port, printed in the "listening on" line
  std::uint64_t seed = 1;
  std::string stations_file;  // empty: built-in stations only
  unsigned threads = 2;
  Faults faults;                       // in force from the start
  std::optional<std::int64_t> now_ms;  // set: the clock is frozen at this instant
  bool access_log = false;
  obs::LogLevel log_level = obs::LogLevel::kInfo;
  bool help = false;
};

// Parses argv[1..]. Flags take their value as the next argument or after '='. The error text
// names the flag and the value.
ParamResult<SimOptions> ParseOptions(std::span<const std::string_view> args);

// The --help text.
std::string_view Usage();

}  // namespace bv::sim
