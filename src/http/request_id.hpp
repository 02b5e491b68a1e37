// X-Request-Id middleware: echo a well-formed client id, otherwise generate a UUID v4.
#pragma once

#include <string_view>

#include "http/exchange.hpp"

namespace bv::http {

// A client id is accepted if it has 1..128 characters from [A-Za-z0-9._:-] (UUIDs, ULIDs,
// trace ids). Anything else is replaced, so ids are always safe to log and echo.
bool IsAcceptableRequestId(std::string_view id);

// Sets ex.request_id from the request header or a fresh random UUID v4.
void AssignRequestId(Exchange& ex);

// A random UUID v4 (thread-local generator, no lock).
void GenerateUuid(RequestId& out);

}  // namespace bv::http
