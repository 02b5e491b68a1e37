#include "cache/cached_value.hpp"

#include <fmt/format.h>

#include "cache/footprint.hpp"

namespace bv::cache {

std::size_t CachedValue::Bytes() const {
  // A value built otherwise than by make_shared costs a separate control block instead: the
  // same order of size, within the documented factor.
  std::size_t bytes = MakeSharedFootprint<CachedValue>() + HeapBytes(etag) + object_bytes;
  if (body) bytes += MakeSharedFootprint<std::string>() + HeapBytes(*body);
  return bytes;
}

std::string StrongEtag(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a: fast, and collisions only cost a 200
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}\"", hash);
}

}  // namespace bv::cache
