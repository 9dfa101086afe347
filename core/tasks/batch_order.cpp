#include "tasks/batch_order.h"

#include "train/seeding.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace sa {

namespace {

// Seeds for the epoch order and the scoring draw, apart from each other.
uint64_t mix(uint64_t seed, uint64_t salt) {
    return splitmix64Finalize(seed ^ (kGoldenGamma * (salt + 1)));
}

// Fisher–Yates with our own draw, so the order is the same on every
// standard library (std::shuffle's algorithm is unspecified).
template <typename T> void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[rng() % i]);
}

BatchRows chunk(const std::vector<int64_t>& order, int64_t size) {
    BatchRows batches;
    for (std::size_t i = 0; i < order.size(); i += static_cast<std::size_t>(size))
        batches.emplace_back(
            order.begin() + static_cast<std::ptrdiff_t>(i),
            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), i + static_cast<std::size_t>(size))));
    return batches;
}

std::vector<int64_t> shuffledRows(int64_t n, std::mt19937_64& rng) {
    std::vector<int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    return order;
}

} // namespace

BatchRows epochBatchRows(int64_t n, int64_t batchSize, uint64_t seed, int epoch) {
    std::mt19937_64 rng(mix(seed, static_cast<uint64_t>(epoch)));
    return chunk(shuffledRows(n, rng), batchSize);
}

BatchRows lengthGroupedBatchRows(const std::vector<int64_t>& lengths, int64_t batchSize, uint64_t seed, int epoch) {
    std::mt19937_64 rng(mix(seed, static_cast<uint64_t>(epoch)));
    auto order = shuffledRows(static_cast<int64_t>(lengths.size()), rng);
    const auto mega = static_cast<std::size_t>(batchSize * 50);
    for (std::size_t i = 0; i < order.size(); i += mega) {
        const auto end = order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), i + mega));
        std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(i), end, [&](int64_t a, int64_t b) {
            return lengths[static_cast<std::size_t>(a)] > lengths[static_cast<std::size_t>(b)];
        });
    }
    auto batches = chunk(order, batchSize);
    shuffle(batches, rng);
    return batches;
}

BatchRows scoringBatchRows(int64_t n, int64_t batchSize, uint64_t seed, int count) {
    std::mt19937_64 rng(mix(seed, 0x5C0E));
    auto batches = chunk(shuffledRows(n, rng), batchSize);
    batches.resize(std::min<std::size_t>(batches.size(), static_cast<std::size_t>(std::max(count, 0))));
    return batches;
}

std::vector<int64_t> consecutiveRows(int64_t n, int64_t batchSize, int64_t index) {
    std::vector<int64_t> rows;
    for (int64_t r = index * batchSize; r < std::min(n, (index + 1) * batchSize); ++r)
        rows.push_back(r);
    return rows;
}

int64_t batchCount(int64_t n, int64_t batchSize) {
    return (n + batchSize - 1) / batchSize;
}

} // namespace sa
