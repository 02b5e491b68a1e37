// The parser the server reads requests with, configured with its limits. One definition, so
// that fuzz/http_request_fuzz.cpp feeds bytes through exactly what a client's bytes reach.
#pragma once

#include <cstdint>

#include <boost/beast/http/parser.hpp>

#include "http/exchange.hpp"

namespace bv::http {

using RequestParser = bhttp::request_parser<bhttp::string_body, FieldAllocator>;

// Sets the header limit (beyond it: 431) and the body limit (beyond it: 413) on a fresh parser.
// Precondition: nothing has been parsed yet.
inline void ApplyRequestLimits(RequestParser& parser, std::size_t header_limit, std::size_t body_limit) {
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(body_limit);
}

}  // namespace bv::http
