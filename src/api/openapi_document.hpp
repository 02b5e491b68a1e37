// The OpenAPI 3.1 description of the public API (docs/openapi.yaml, converted to JSON at build
// time) and its route, GET /openapi.json.
#pragma once

#include <string_view>

#include "http/router.hpp"

namespace bv::api {

extern const std::string_view kOpenApiJson;

void RegisterOpenApiRoute(http::Router& router);

}  // namespace bv::api
