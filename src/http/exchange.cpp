#include "http/exchange.hpp"

#include <cstring>

namespace bv::http {

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get: return Method::kGet;
    case bhttp::verb::head: return Method::kHead;
    case bhttp::verb::options: return Method::kOptions;
    case bhttp::verb::post: return Method::kPost;
    case bhttp::verb::put: return Method::kPut;
    case bhttp::verb::delete_: return Method::kDelete;
    case bhttp::verb::patch: return Method::kPatch;
    default: return Method::kOther;
  }
}

std::string_view ToString(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kOptions: return "OPTIONS";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
    case Method::kPatch: return "PATCH";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

void RequestId::Set(std::string_view id) {
  length_ = std::min(id.size(), kMaxLength);
  std::memcpy(chars_.data(), id.data(), length_);
}

}  // namespace bv::http
