// Deterministic hashing for the simulator: every "random" choice (phases, delays, lines for
// stations without any) is a pure function of the seed and stable identifiers, so the same
// inputs give the same output on every run and every platform.
#pragma once

#include <cstdint>
#include <string_view>

namespace bv::sim {

// SplitMix64's finaliser: a bijective, well-mixing function of 64 bits.
constexpr std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint64_t Combine(std::uint64_t a, std::uint64_t b) { return Mix(a ^ Mix(b)); }

// FNV-1a: stable across runs (std::hash is not guaranteed to be).
constexpr std::uint64_t HashText(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A uniform number in [0, 1) drawn from `h`, stream `k`: independent for different k.
constexpr double Uniform(std::uint64_t h, std::uint64_t k) {
  return static_cast<double>(Combine(h, k) >> 11) * 0x1.0p-53;
}

}  // namespace bv::sim
