// Validation of query parameters, with 422 answers that name the offending parameter:
// {"detail": "Invalid query parameter 'limit': must be an integer from 1 to 40",
//  "errors": [{"loc": ["query", "limit"], "msg": "...", "type": "value_error"}]}.
// Parsing does not allocate unless a parameter is bad.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"
#include "http/query.hpp"
#include "model/departure.hpp"
#include "model/transport_type.hpp"

namespace bv::api {

// A set of transport types as a bit mask (bit = TransportType value).
using TypeSet = std::uint32_t;
inline bool Contains(TypeSet set, model::TransportType t) { return (set >> static_cast<unsigned>(t)) & 1u; }
// MVG codes of `set`, minus the types MVG refuses as filters (SEV).
std::vector<std::string> MvgFilterCodes(TypeSet set);

class Params {
 public:
  explicit Params(const http::Query& query) : query_(query) {
    if (!query.valid()) Fail("query", "value_error", "malformed query string (bad percent-encoding or too many parameters)");
  }

  // A required text of `min_chars`..`max_chars` characters (UTF-8 code points), trimmed.
  std::string_view Text(std::string_view name, std::size_t min_chars, std::size_t max_chars);
  int Int(std::string_view name, int fallback, int min, int max);
  // Repeatable transport_type: codes or display names, case-insensitive.
  TypeSet TransportTypes(std::string_view name);
  std::optional<model::TimePoint> Time(std::string_view name);
  // Records an error that involves more than one parameter.
  void Fail(std::string_view name, std::string_view type, std::string_view message);

  bool ok() const { return errors_.empty(); }
  // Fills `res` with the 422 answer. Precondition: !ok().
  void WriteError(http::Response& res) const;

 private:
  struct Error {
    std::string name, type, message;
  };
  const http::Query& query_;
  std::vector<Error> errors_;
};

// Trimmed, ASCII-lower-cased text for cache keys: "  Marienplatz" and "marienplatz" share
// one entry (MVG's search is case-insensitive).
void AppendFolded(fmt::memory_buffer& key, std::string_view text);

}  // namespace bv::api
