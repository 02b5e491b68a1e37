// Where the test binaries find the project's files and executables (set by CMake).
#pragma once

namespace bv::test {
inline constexpr const char* kSourceDir = BV_SOURCE_DIR;
inline constexpr const char* kServiceBinary = BV_SERVICE_BINARY;
inline constexpr const char* kSimBinary = BV_SIM_BINARY;
inline constexpr const char* kOpenApiJson = BV_OPENAPI_JSON;  // docs/openapi.yaml as JSON
}  // namespace bv::test
