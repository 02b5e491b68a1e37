// Validation of query parameters, with 422 answers in FastAPI's shape (the original BahnVision's),
// one entry per offending parameter:
// {"detail": [{"type": "value_error", "loc": ["query", "limit"],
//              "msg": "must be an integer from 1 to 40", "input": "99"}]}.
// Parsing does not allocate unless a parameter is bad.
#pragma once

#include <array>
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
    if (!query.valid()) Fail("", "value_error", "malformed query string (bad percent-encoding or too many parameters)");
  }

  // Whether the query has `name` at all (even with an empty value).
  bool Has(std::string_view name) const { return query_.Get(name).has_value(); }
  // A required text of `min_chars`..`max_chars` characters (UTF-8 code points), trimmed. Text
  // that is not valid UTF-8 or holds control characters (NUL included) is refused.
  std::string_view Text(std::string_view name, std::size_t min_chars, std::size_t max_chars);
  // A station name, or a station or stop-point id: text that starts with "de:" must be an id.
  std::string_view Station(std::string_view name, std::size_t max_chars);
  int Int(std::string_view name, int fallback, int min, int max);
  // An integer from `allowed` (sorted), `fallback` when absent.
  template <std::size_t N>
  int OneOf(std::string_view name, int fallback, const std::array<int, N>& allowed) {
    return OneOfImpl(name, fallback, allowed.data(), N);
  }
  // Repeatable transport_type: codes or display names, case-insensitive.
  TypeSet TransportTypes(std::string_view name);
  // A time in any form model::ParseClientTime reads (the original BahnVision's forms).
  std::optional<model::TimePoint> Time(std::string_view name);
  // Records an error of query parameter `name` (its value as sent becomes `input`); also for
  // errors that involve more than one parameter. An empty `name` is the whole query string.
  // `input` overrides the value (the offending item of a list).
  void Fail(std::string_view name, std::string_view type, std::string_view message,
            std::optional<std::string_view> input = std::nullopt);
  // Records an error of a path parameter (loc ["path", name]) whose value was `input`.
  void FailPath(std::string_view name, std::string_view type, std::string_view message, std::string_view input);

  bool ok() const { return errors_.empty(); }
  // Fills `res` with the 422 answer. Precondition: !ok().
  void WriteError(http::Response& res) const;

 private:
  struct Error {
    std::string location, name, type, message;
    std::optional<std::string> input;  // null: the parameter is missing
  };
  int OneOfImpl(std::string_view name, int fallback, const int* allowed, std::size_t count);
  const http::Query& query_;
  std::vector<Error> errors_;
};

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);
// A station id (IFOPT, ../shared/mvg/API.md 2.1): "de:" + 2 to 5 digits + ":" + 1 to 10 digits.
bool IsStationId(std::string_view text);
// A station id, optionally followed by a stop point's ":<group>:<point>" (1 to 10 digits each).
bool IsStationOrStopPointId(std::string_view text);

// Trimmed, ASCII-lower-cased text for cache keys: "  Marienplatz" and "marienplatz" share
// one entry (MVG's search is case-insensitive).
void AppendFolded(fmt::memory_buffer& key, std::string_view text);

}  // namespace bv::api
