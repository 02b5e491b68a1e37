#include "http/response_head.hpp"

#include <iterator>
#include <string_view>

namespace bv::http {

void SerializeResponseHead(const Response& res, ResponseHead& out) {
  const auto append = [&out](std::string_view text) { out.append(text); };
  out.clear();
  fmt::format_to(std::back_inserter(out), "HTTP/{}.{} {} ", res.version() / 10, res.version() % 10,
                 res.result_int());
  append(res.reason());
  append("\r\n");
  for (const auto& field : res) {
    append(field.name_string());
    append(": ");
    append(field.value());
    append("\r\n");
  }
  append("\r\n");
}

}  // namespace bv::http
