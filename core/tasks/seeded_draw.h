// The built-in demo corpora's random choices. std::mt19937_64's sequence is
// fixed by the standard; its distributions and std::shuffle are not, so
// indices, chances and the shuffle are computed here: every standard library
// then generates the same corpus from the same seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace sa {

using DemoWords = std::vector<const char*>;

class SeededDraw {
public:
    explicit SeededDraw(std::uint64_t seed) : rng_(seed) {}

    std::size_t index(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
    bool chance(double p) { return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p; }
    const char* pick(const DemoWords& words) { return words[index(words.size())]; }
    template <typename T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[index(i)]);
    }

private:
    std::mt19937_64 rng_;
};

} // namespace sa
