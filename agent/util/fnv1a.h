#pragma once
// FNV-1a, 64 bit: a fast, stable (same on every build and platform) hash of a
// text. Not for security: a config digest that tells whether a file changed,
// a seed per device id.
#include <cstdint>
#include <string_view>

namespace sitepower {

constexpr std::uint64_t fnv1a_64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // the FNV offset basis
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;  // the FNV prime
  return h;
}

}  // namespace sitepower
