// The arithmetic of data parallelism, shared by the trainer, the pruner's
// scoring and `bench dp`: which rows of a global batch a rank runs, how
// much its loss counts, and how the ranks' gradients add up to those of one
// process on the combined batch.
//
// A shard's loss is a mean over its own loss units (rows; target tokens for
// seq2seq). Weighted by its share of the global batch's units before the
// backward pass, the shards' gradients SUM to the combined batch's, also
// when the batch does not split evenly (an epoch's last batch). So the ranks
// all-reduce a sum, not a mean.
#pragma once

#include "model/language_model.h"
#include "sparsity/pruner.h"
#include "train/communicator.h"

#include <vector>

namespace sa {

struct Shard {
    Batch batch;         // rows [rank·B/W, (rank+1)·B/W) of the global batch
    double weight = 1.0; // its share of the global batch's loss units
    bool empty() const { return batch.input_ids.size(0) == 0; }
};

// What the loss averages over: target tokens (labels != -100) for a
// seq2seq batch, rows otherwise.
int64_t lossUnits(const Batch& batch);

Shard shardOf(const Batch& global, int rank, int worldSize);

// Every rank's weighted gradients of `parameters` (undefined ones as zeros)
// and `weightedLoss`, summed over the ranks: afterwards each parameter's
// grad is the combined batch's. Returns the combined batch's loss.
double sumShardGradients(Communicator& ranks, const std::vector<torch::Tensor>& parameters, double weightedLoss);

// This rank's shards of the scoring batches and the pruner's view of them
// (sparsity/pruner.h ShardedScoring).
ShardedScoring shardedScoring(Communicator& ranks, const std::vector<Batch>& global, std::vector<Batch>& shards);

} // namespace sa
