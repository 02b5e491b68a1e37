#include "http/json_response.hpp"

#include "obs/json_text.hpp"

namespace bv::http {

void SetJsonError(Response& res, bhttp::status status, std::string_view detail) {
  res.result(status);
  res.set(bhttp::field::content_type, kJsonContentType);
  auto& body = res.body().buffer();
  body.clear();
  body.append(std::string_view("{\"detail\":"));
  obs::AppendJsonString(body, detail);
  body.push_back('}');
}

void SetJson(Response& res, bhttp::status status, std::string_view json) {
  res.result(status);
  res.set(bhttp::field::content_type, kJsonContentType);
  res.body().Assign(json);
}

}  // namespace bv::http
