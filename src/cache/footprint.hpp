// What cached data really costs in memory, for CACHE_MAX_BYTES (docs/operations/limits.md).
// The figures follow glibc malloc and libstdc++ on 64-bit Linux, the platform we ship on; on
// another platform they remain a close estimate (the measured factor is in limits.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bv::cache {

// Bytes a malloc(`requested`) takes from the heap: glibc adds an 8-byte size header, rounds
// the chunk up to 16 bytes and never hands out less than 32.
constexpr std::size_t MallocFootprint(std::size_t requested) {
  const std::size_t chunk = (requested + sizeof(std::size_t) + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

// The control block std::make_shared puts in front of the object (a vtable pointer and the
// two 32-bit counts in libstdc++), in the same allocation.
inline constexpr std::size_t kSharedControlBytes = 16;

// Heap bytes of one std::make_shared<T>() allocation.
template <typename T>
constexpr std::size_t MakeSharedFootprint() {
  return MallocFootprint(kSharedControlBytes + sizeof(T));
}

// Heap bytes a string owns beyond its own object: its buffer's capacity (not its size), or
// nothing while the text fits the small-string buffer inside the object.
inline std::size_t HeapBytes(const std::string& s) {
  const auto self = reinterpret_cast<std::uintptr_t>(&s);
  const auto data = reinterpret_cast<std::uintptr_t>(s.data());
  if (data >= self && data < self + sizeof(s)) return 0;
  return MallocFootprint(s.capacity() + 1);  // + the terminating NUL
}

}  // namespace bv::cache
