// The status line and header block of a response, formatted into one flat buffer.
//
// Why not Beast's serializer: it presents the head as nested buffer-sequence views that are
// walked on every write; on the cache-hit path that cost about a tenth of the service's CPU
// (perf, make bench). The bytes are the same (tests/unit/http/response_head_test.cpp checks
// them against Beast's serializer); the server sends this buffer and the body in one
// gather write.
#pragma once

#include <fmt/format.h>

#include "http/exchange.hpp"

namespace bv::http {

// Large enough for every head the service sends without touching the heap.
using ResponseHead = fmt::basic_memory_buffer<char, 1024>;

// Replaces the contents of `out` with "HTTP/1.1 200 OK\r\n", one "Name: value\r\n" per field
// in order, and the empty line. Call after prepare_payload(): Content-Length and Connection
// are fields like any other here.
void SerializeResponseHead(const Response& res, ResponseHead& out);

}  // namespace bv::http
