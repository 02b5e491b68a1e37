#include "support/openapi_contract.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "model/time_text.hpp"
#include "support/paths.hpp"

namespace bv::test {

namespace json = boost::json;

const OpenApiContract& OpenApiContract::Instance() {
  static const OpenApiContract contract = [] {
    std::ifstream in(kOpenApiJson);
    if (!in) throw std::runtime_error(std::string("cannot read ") + kOpenApiJson);
    std::stringstream text;
    text << in.rdbuf();
    return OpenApiContract(json::parse(text.str()));
  }();
  return contract;
}

OpenApiContract::OpenApiContract(json::value document) : document_(std::move(document)) {}

const json::value& OpenApiContract::Resolve(const json::value& maybe_ref) const {
  const json::value* current = &maybe_ref;
  for (int depth = 0; depth < 8 && current->is_object() && current->as_object().contains("$ref"); ++depth) {
    std::string ref(current->as_object().at("$ref").as_string());
    if (!ref.starts_with("#/")) throw std::runtime_error("unsupported $ref " + ref);
    current = &document_;
    std::size_t pos = 2;
    while (pos <= ref.size()) {
      const auto slash = ref.find('/', pos);
      std::string part = ref.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
      current = &current->as_object().at(part);
      if (slash == std::string::npos) break;
      pos = slash + 1;
    }
  }
  return *current;
}

namespace {

bool HasType(const json::value& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_bool();
  if (type == "integer") return value.is_int64() || value.is_uint64();
  if (type == "number") return value.is_number();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

}  // namespace

void OpenApiContract::Validate(const json::value& schema_ref, const json::value& value, const std::string& where,
                               std::vector<std::string>& problems) const {
  const json::value& schema_value = Resolve(schema_ref);
  if (!schema_value.is_object()) return;
  const json::object& schema = schema_value.as_object();
  if (const auto* type = schema.if_contains("type")) {
    bool ok = false;
    std::string expected;
    if (type->is_string()) {
      ok = HasType(value, type->as_string());
      expected = type->as_string();
    } else {
      for (const auto& t : type->as_array()) {
        ok = ok || HasType(value, t.as_string());
        expected += std::string(expected.empty() ? "" : "|") + std::string(t.as_string());
      }
    }
    if (!ok) {
      problems.push_back(where + ": expected " + expected + ", got " + json::serialize(value).substr(0, 80));
      return;
    }
  }
  if (const auto* values = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& v : values->as_array()) found = found || v == value;
    if (!found) problems.push_back(where + ": " + json::serialize(value) + " is not in " + json::serialize(*values));
  }
  if (const auto* minimum = schema.if_contains("minimum"); minimum && value.is_number()) {
    if (value.to_number<double>() < minimum->to_number<double>()) problems.push_back(where + ": below minimum");
  }
  if (const auto* format = schema.if_contains("format"); format && value.is_string() && *format == "date-time") {
    const std::string text(value.as_string());
    if (!model::ParseRfc3339(text) || text.back() != 'Z') problems.push_back(where + ": not an RFC 3339 UTC time: " + text);
  }
  if (value.is_object()) {
    const json::object& object = value.as_object();
    const json::object* properties = schema.contains("properties") ? &schema.at("properties").as_object() : nullptr;
    if (const auto* required = schema.if_contains("required")) {
      for (const auto& name : required->as_array()) {
        if (!object.contains(name.as_string())) problems.push_back(where + ": missing required field " + std::string(name.as_string()));
      }
    }
    const json::value* additional = schema.if_contains("additionalProperties");
    for (const auto& [key, field] : object) {
      const std::string path = where + "." + std::string(key);
      if (properties && properties->contains(key)) {
        Validate(properties->at(key), field, path, problems);
      } else if (additional && additional->is_bool() && !additional->as_bool()) {
        problems.push_back(path + ": field not documented");
      } else if (additional && additional->is_object()) {
        Validate(*additional, field, path, problems);
      }
    }
  }
  if (value.is_array()) {
    if (const auto* items = schema.if_contains("items")) {
      const auto& array = value.as_array();
      for (std::size_t i = 0; i < array.size(); ++i) Validate(*items, array[i], where + "[" + std::to_string(i) + "]", problems);
    }
  }
}

std::string OpenApiContract::PathTemplate(const std::string& path) const {
  const auto& paths = document_.at("paths").as_object();
  if (paths.contains(path)) return path;
  auto split = [](std::string_view text) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0; start <= text.size();) {
      const auto slash = text.find('/', start);
      parts.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return parts;
  };
  const auto concrete = split(path);
  for (const auto& [key, item] : paths) {
    const auto pattern = split(key);
    if (pattern.size() != concrete.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      const bool param = pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}';
      match = param ? !concrete[i].empty() : pattern[i] == concrete[i];
    }
    if (match) return std::string(key);
  }
  return path;
}

std::vector<std::string> OpenApiContract::Check(const std::string& concrete_path, const std::string& method, int status,
                                                const std::string& content_type, const std::string& body) const {
  std::vector<std::string> problems;
  const std::string path = PathTemplate(concrete_path);
  const auto& paths = document_.at("paths").as_object();
  if (!paths.contains(path)) return {"path not documented: " + path};
  const auto& operation = paths.at(path).as_object();
  std::string lower_method = method;
  for (char& c : lower_method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!operation.contains(lower_method)) return {method + " " + path + " not documented"};
  const auto& responses = operation.at(lower_method).as_object().at("responses").as_object();
  const std::string code = std::to_string(status);
  if (!responses.contains(code)) return {method + " " + path + ": status " + code + " not documented"};
  const auto& response = Resolve(responses.at(code)).as_object();
  const auto* content = response.if_contains("content");
  if (content == nullptr) {
    if (!body.empty()) problems.push_back(code + ": documented without a body, got " + body.substr(0, 80));
    return problems;
  }
  const std::string media = content_type.substr(0, content_type.find(';'));
  if (!content->as_object().contains(media)) return {code + ": content type " + media + " not documented"};
  if (media != "application/json") return problems;
  boost::system::error_code ec;
  const json::value value = json::parse(body, ec);
  if (ec) return {code + ": body is not JSON"};
  Validate(content->as_object().at(media).as_object().at("schema"), value, "body", problems);
  return problems;
}

std::vector<std::string> OpenApiContract::CheckSchema(const std::string& name, const std::string& body) const {
  boost::system::error_code ec;
  const json::value value = json::parse(body, ec);
  if (ec) return {"body is not JSON"};
  std::vector<std::string> problems;
  Validate(document_.at("components").at("schemas").at(name), value, "body", problems);
  return problems;
}

std::set<std::tuple<std::string, std::string, int>> OpenApiContract::Documented() const {
  std::set<std::tuple<std::string, std::string, int>> all;
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (const auto& [code, response] : operation.as_object().at("responses").as_object()) {
        all.emplace(std::string(path), upper, std::stoi(std::string(code)));
      }
    }
  }
  return all;
}

void ContractCoverage::Record(const std::string& path, const std::string& method, int status) {
  std::lock_guard lock(mutex_);
  seen_.emplace(path, method, status);
}

std::vector<std::string> ContractCoverage::Missing(const OpenApiContract& contract,
                                                   const std::function<bool(const std::string&)>& only) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> missing;
  for (const auto& triple : contract.Documented()) {
    if (only && !only(std::get<0>(triple))) continue;
    if (!seen_.count(triple)) {
      missing.push_back(std::get<1>(triple) + " " + std::get<0>(triple) + " " + std::to_string(std::get<2>(triple)));
    }
  }
  return missing;
}

}  // namespace bv::test
