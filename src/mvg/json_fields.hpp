// Typed, tolerant reading of one JSON object of MVG's answers: unknown fields are ignored,
// absent optional fields are nullopt, and a field of the wrong type records an error that
// names its path ("departures[3].plannedDepartureTime: expected an integer, got string").
// After the first error every read returns a default; check ok() at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace bv::mvg {

class JsonFields {
 public:
  // `error` is shared between the readers of one document and holds the first error.
  JsonFields(const boost::json::value& value, std::string path, std::string& error);

  bool ok() const { return error_.empty(); }
  const std::string& path() const { return path_; }

  std::string RequiredString(std::string_view key);
  std::optional<std::string> OptionalString(std::string_view key);
  std::int64_t RequiredInt(std::string_view key);
  std::optional<std::int64_t> OptionalInt(std::string_view key);
  double RequiredNumber(std::string_view key);
  std::optional<double> OptionalNumber(std::string_view key);
  std::optional<bool> OptionalBool(std::string_view key);
  // An integer or a string (MVG sends platforms as both): rendered as text.
  std::optional<std::string> OptionalIntOrString(std::string_view key);
  // Absent or null: empty. Present but not an array: error.
  const boost::json::array* OptionalArray(std::string_view key);
  const boost::json::value* Required(std::string_view key);
  // Strings of an optional array of strings.
  std::vector<std::string> OptionalStrings(std::string_view key);

  void Fail(std::string_view key, std::string_view expected, const boost::json::value* got);
  // Records "<path>.<key>: <why>" (a value of the right type but unusable content).
  void Invalid(std::string_view key, std::string_view why);

 private:
  const boost::json::value* Find(std::string_view key) const;

  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::string& error_;
};

// Name of a JSON value's type, for error messages.
std::string_view KindName(const boost::json::value& v);

}  // namespace bv::mvg
