#include "config/env.hpp"

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

extern char** environ;

namespace bv::config {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key.front()))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Returns the unquoted value, or nullopt if a quote is not closed.
std::optional<std::string> Unquote(std::string_view raw) {
  if (raw.empty()) return std::string();
  const char quote = raw.front();
  if (quote != '"' && quote != '\'') {
    // Unquoted: an inline comment starts at " #".
    if (const auto hash = raw.find(" #"); hash != std::string_view::npos) raw = raw.substr(0, hash);
    return std::string(Trim(raw));
  }
  std::string value;
  for (std::size_t i = 1; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == quote) {
      const auto rest = Trim(raw.substr(i + 1));
      if (!rest.empty() && rest.front() != '#') return std::nullopt;
      return value;
    }
    if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
      const char next = raw[++i];
      value += next == 'n' ? '\n' : next;
      continue;
    }
    value += c;
  }
  return std::nullopt;
}

}  // namespace

EnvMap ProcessEnvironment() {
  EnvMap env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

boost::system::result<EnvMap, std::string> ParseDotEnv(std::string_view text) {
  EnvMap env;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    ++line_number;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = Trim(line.substr(7));
    const auto eq = line.find('=');
    const std::string_view key = eq == std::string_view::npos ? line : Trim(line.substr(0, eq));
    if (eq == std::string_view::npos || !IsValidKey(key)) {
      return fmt::format(".env line {}: expected KEY=VALUE, got \"{}\"", line_number, line);
    }
    auto value = Unquote(Trim(line.substr(eq + 1)));
    if (!value) return fmt::format(".env line {}: unterminated quote in value of {}", line_number, key);
    env.insert_or_assign(std::string(key), std::move(*value));
  }
  return env;
}

boost::system::result<EnvMap, std::string> ReadDotEnvFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return EnvMap{};
  std::ostringstream content;
  content << in.rdbuf();
  auto parsed = ParseDotEnv(content.str());
  if (!parsed) return fmt::format("{}: {}", path, parsed.error());
  return parsed;
}

EnvMap MergeEnv(const EnvMap& dotenv, const EnvMap& process) {
  EnvMap merged = dotenv;
  for (const auto& [key, value] : process) merged.insert_or_assign(key, value);
  return merged;
}

}  // namespace bv::config
