// Helpers that fill a Response with JSON: the error shape {"detail": ...} every endpoint shares.
#pragma once

#include <string_view>

#include "http/exchange.hpp"

namespace bv::http {

inline constexpr std::string_view kJsonContentType = "application/json";

// Sets status, Content-Type and body {"detail": "<detail>"}. `detail` is client text: never
// pass an internal error message here (STYLE.md 6: client text and log text are separate).
void SetJsonError(Response& res, bhttp::status status, std::string_view detail);

// Sets status, Content-Type and a ready JSON body (copied into the response).
void SetJson(Response& res, bhttp::status status, std::string_view json);

}  // namespace bv::http
