// The environment as a map, and `.env` files merged under it.
// Only app/ reads the process environment; everything else receives typed settings.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace bv::config {

using EnvMap = std::map<std::string, std::string, std::less<>>;

// A snapshot of the process environment.
EnvMap ProcessEnvironment();

// Parses `.env` text: `KEY=VALUE` lines, optional `export ` prefix, `#` comments, blank lines,
// values optionally in single or double quotes (double quotes understand \n, \" and \\).
// Returns an error naming the first malformed line.
boost::system::result<EnvMap, std::string> ParseDotEnv(std::string_view text);

// Reads and parses `path` if it exists; a missing file is an empty map.
boost::system::result<EnvMap, std::string> ReadDotEnvFile(const std::string& path);

// The process environment wins over `.env`, as in docker compose and pydantic-settings.
EnvMap MergeEnv(const EnvMap& dotenv, const EnvMap& process);

}  // namespace bv::config
