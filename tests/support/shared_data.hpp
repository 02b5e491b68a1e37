// Access to ../shared (beside the project root): recorded MVG payloads and data sets that
// tests read in place (they are never copied into the project).
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "support/paths.hpp"

namespace bv::test {

inline std::filesystem::path SharedDir() { return std::filesystem::path(kSourceDir) / ".." / "shared"; }

// Contents of ../shared/<relative>, or nullopt if it is not there.
inline std::optional<std::string> ReadShared(const std::string& relative) {
  std::ifstream in(SharedDir() / relative, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace bv::test

// Skips the test when ../shared/<relative> is absent; otherwise binds its text to `var`.
#define BV_READ_SHARED_OR_SKIP(var, relative)                                  \
  const auto var##_opt = ::bv::test::ReadShared(relative);                     \
  if (!var##_opt) GTEST_SKIP() << "../shared/" << relative << " not present"; \
  const std::string& var = *var##_opt
