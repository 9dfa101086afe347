// Derived seeds: the splitmix64 finaliser, which turns seed-plus-counter
// values into well-mixed, independent-looking generator seeds. Callers
// combine seed and counter their own way; the mixing is this one function.
#pragma once

#include <cstdint>

namespace sa {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

constexpr uint64_t splitmix64Finalize(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace sa
