#include "cache/cached_value.hpp"

#include <fmt/format.h>

namespace bv::cache {

std::string StrongEtag(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a: fast, and collisions only cost a 200
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}\"", hash);
}

}  // namespace bv::cache
