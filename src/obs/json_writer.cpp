#include "obs/json_writer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "obs/json_text.hpp"

namespace bv::obs {
namespace {

namespace json = boost::json;

void Write(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      fmt::format_to(std::back_inserter(out), "{}", v.get_int64());
      break;
    case json::kind::uint64:
      fmt::format_to(std::back_inserter(out), "{}", v.get_uint64());
      break;
    case json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
      } else {
        const std::size_t start = out.size();
        fmt::format_to(std::back_inserter(out), "{}", d);
        // Keep a double a double for typed readers: 0.0, not 0 (as Jackson writes it).
        if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
      }
      break;
    }
    case json::kind::string:
      AppendJsonString(out, v.get_string());
      break;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const json::value& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Write(out, item);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, member.key());
        out.push_back(':');
        Write(out, member.value());
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string WriteJson(const json::value& value) {
  std::string out;
  Write(out, value);
  return out;
}

}  // namespace bv::obs
