// CORS for the configured origins: simple responses and preflight (OPTIONS) answers.
// Thread-safe after construction (read-only).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "http/exchange.hpp"

namespace bv::http {

struct CorsOptions {
  std::vector<std::string> allow_origins;  // exact origins; "*" is refused by config
  std::optional<std::string> allow_origin_regex;
};

class Cors {
 public:
  explicit Cors(const CorsOptions& options);

  bool IsAllowed(std::string_view origin) const;
  // Some origin may be allowed (exact origins or a pattern are configured).
  bool enabled() const { return !origins_.empty() || regex_.has_value(); }

  // For an allowed Origin: Access-Control-Allow-Origin (the origin itself, never "*") and the
  // headers a browser script may read.
  void AddResponseHeaders(std::string_view origin, Response& res) const;

  // Vary: Origin, merged with a Vary the handler set. With CORS enabled every answer carries
  // it, whatever the Origin (allowed, refused, absent) and the status: a shared cache must not
  // hand the answer without Access-Control-Allow-Origin, stored for one origin, to another.
  static void AddVaryOrigin(Response& res);

  // Answers a preflight (OPTIONS with Origin and Access-Control-Request-Method): 204 with the
  // allowed methods and headers, or 400 {"detail": ...} for a disallowed origin or method.
  void AnswerPreflight(std::string_view origin, std::string_view requested_method,
                       std::string_view allow_methods, Response& res) const;

 private:
  std::vector<std::string> origins_;
  std::optional<std::regex> regex_;
};

}  // namespace bv::http
