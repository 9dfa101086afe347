// Which rows go into which batch, shared by the task families: an epoch's
// order drawn from the run's seed (the same on every standard library), cut
// into batches, and the pruning round's scoring draw kept apart from it.
// Plain integers, no LibTorch.
#pragma once

#include <cstdint>
#include <vector>

namespace sa {

using BatchRows = std::vector<std::vector<int64_t>>; // row indices per batch

// Rows 0 … n−1 in the order of `epoch` under `seed`, cut into batches of
// `batchSize` (the last one shorter).
BatchRows epochBatchRows(int64_t n, int64_t batchSize, uint64_t seed, int epoch);

// The same, with HF's LengthGroupedSampler idea: within megabatches of 50
// batches rows are sorted by `lengths` (longest first), then the batch order
// is shuffled, so batches hold rows of similar length.
BatchRows lengthGroupedBatchRows(const std::vector<int64_t>& lengths, int64_t batchSize, uint64_t seed, int epoch);

// The first `count` batches of a draw of its own (pruning's scoring batches).
BatchRows scoringBatchRows(int64_t n, int64_t batchSize, uint64_t seed, int count);

// Rows [index·size, min(n, (index + 1)·size)): evaluation batches, in order.
std::vector<int64_t> consecutiveRows(int64_t n, int64_t batchSize, int64_t index);
int64_t batchCount(int64_t n, int64_t batchSize);

} // namespace sa
