#include "mvg/json_fields.hpp"

#include <cmath>

#include <fmt/format.h>

namespace bv::mvg {

namespace json = boost::json;

namespace {

// True for a whole number that int64 can hold. 2^63 is exact as a double; -2^63 fits, 2^63 not.
bool IntegralInRange(double d) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  return d >= -kLimit && d < kLimit && d == std::trunc(d);
}

}  // namespace

std::string_view KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "unknown";
}

JsonFields::JsonFields(const json::value& value, std::string path, std::string& error)
    : path_(std::move(path)), error_(error) {
  object_ = value.if_object();
  if (object_ == nullptr && error_.empty()) error_ = fmt::format("{}: expected an object, got {}", path_, KindName(value));
}

const json::value* JsonFields::Find(std::string_view key) const {
  if (object_ == nullptr || !error_.empty()) return nullptr;
  const auto it = object_->find(key);
  if (it == object_->end() || it->value().is_null()) return nullptr;
  return &it->value();
}

void JsonFields::Fail(std::string_view key, std::string_view expected, const json::value* got) {
  if (!error_.empty()) return;
  error_ = got ? fmt::format("{}.{}: expected {}, got {}", path_, key, expected, KindName(*got))
               : fmt::format("{}.{}: required field missing", path_, key);
}

void JsonFields::Invalid(std::string_view key, std::string_view why) {
  if (error_.empty()) error_ = fmt::format("{}.{}: {}", path_, key, why);
}

const json::value* JsonFields::Required(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) Fail(key, "", nullptr);
  return v;
}

std::optional<std::string> JsonFields::OptionalString(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "a string", v);
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::string JsonFields::RequiredString(std::string_view key) {
  if (!Find(key)) {
    Fail(key, "", nullptr);
    return {};
  }
  return OptionalString(key).value_or("");
}

std::optional<std::int64_t> JsonFields::OptionalInt(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  // 1.0 is an integer in JSON's eyes; 1.5 is not. The range check comes first: converting a
  // double outside int64's range (1e300, NaN) to an integer is undefined behaviour.
  if (v->is_double() && IntegralInRange(v->get_double())) return static_cast<std::int64_t>(v->get_double());
  Fail(key, "an integer", v);
  return std::nullopt;
}

std::int64_t JsonFields::RequiredInt(std::string_view key) {
  if (!Find(key)) {
    Fail(key, "", nullptr);
    return 0;
  }
  return OptionalInt(key).value_or(0);
}

std::optional<double> JsonFields::OptionalNumber(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  Fail(key, "a number", v);
  return std::nullopt;
}

double JsonFields::RequiredNumber(std::string_view key) {
  if (!Find(key)) {
    Fail(key, "", nullptr);
    return 0;
  }
  return OptionalNumber(key).value_or(0);
}

std::optional<bool> JsonFields::OptionalBool(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    Fail(key, "a boolean", v);
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::string> JsonFields::OptionalIntOrString(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (auto i = OptionalInt(key)) return std::to_string(*i);
  return std::nullopt;
}

const json::array* JsonFields::OptionalArray(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(key, "an array", v);
    return nullptr;
  }
  return &v->get_array();
}

std::vector<std::string> JsonFields::OptionalStrings(std::string_view key) {
  std::vector<std::string> out;
  const json::array* items = OptionalArray(key);
  if (items == nullptr) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json::value& item = (*items)[i];
    if (!item.is_string()) {
      Fail(fmt::format("{}[{}]", key, i), "a string", &item);
      return {};
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

}  // namespace bv::mvg
