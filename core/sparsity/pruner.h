// Pruning at initialisation (the reference's transformers/pruning): score
// every prunable adapter weight, then keep the best fraction. Scores and
// masks follow the reference exactly (fixtures README section 4); options
// that deviate from it are off by default and named for what they fix.
#pragma once

#include "model/language_model.h"
#include "sparsity/prune_options.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sa {

// Data-parallel scoring (train/data_parallel.h): the batches given are this
// rank's shards of the scoring batches; shard i's loss counts with
// lossWeights[i], and sumAcrossRanks adds tensors over the ranks in place.
// SNIP and GraSP sum the GRADIENTS over the ranks (GraSP: g, then H·g)
// before their score formulas, which are not linear (|·|, the
// normalisation), so every rank computes the combined batches' scores and
// makes the same masks as one process would.
struct ShardedScoring {
    std::vector<double> lossWeights;
    std::function<void(std::vector<torch::Tensor>&)> sumAcrossRanks;
};

// One score tensor per masked weight, in maskedWeights() order. Batches are
// used by snip and grasp (the loss is the model's own); synflow is data-free
// but takes the sequence length from the first batch.
std::vector<torch::Tensor> scoreWeights(LanguageModelImpl& model, PruneMethod method, const std::vector<Batch>& batches,
                                        uint64_t seed = 0, bool referenceGradientLeak = false,
                                        const ShardedScoring* sharded = nullptr);

// Writes masks from scores at `density` (fraction kept) with the reference's
// k-th value rule: global k = ceil((1 − d)·N) over all tensors, local k =
// floor((1 − d)·n) per tensor; mask = 0 where score <= threshold; k < 1
// leaves the masks unchanged.
void maskFromScores(LanguageModelImpl& model, const std::vector<torch::Tensor>& scores, double density, MaskScope scope,
                    bool breakTies = false, uint64_t seed = 0);

// One round of score → mask to `density` (fraction kept), model in eval
// mode; of `options` only the method, scope, ties and gradient leak count
// (sparsity, iterations and schedule are the caller's: prune() below, or the
// trainer's one round per epoch). `seed` draws random/er scores and breaks
// ties. Scores that cannot make a mask (all 0, or not finite) throw
// sa::Error naming the likely cause. `scores`, when given, receives them.
void pruneToDensity(LanguageModelImpl& model, const PruneOptions& options, double density,
                    const std::vector<Batch>& batches, uint64_t seed, std::vector<torch::Tensor>* scores = nullptr,
                    const ShardedScoring* sharded = nullptr);

// The reference's prune_loop: `iterations` rounds of score → mask, density
// d^((i+1)/n) (exponential) or 1 − (1 − d)(i+1)/n (linear), model in eval
// mode. Weights are never changed, only the mask buffers. `lastScores`,
// when given, receives the scores of the last round (views of the round).
void prune(LanguageModelImpl& model, const PruneOptions& options, const std::vector<Batch>& batches,
           std::vector<torch::Tensor>* lastScores = nullptr);

// The density (fraction kept) to prune to at the start of `epoch` when the
// trainer spreads the iterations over epochs: d^((e − start + 1)/n)
// (exponential) or 1 − (1 − d)(e − start + 1)/n (linear) for the n epochs
// from startEpoch on; nullopt before startEpoch and after the last one.
std::optional<double> densityForEpoch(const PruneOptions& options, int epoch);

} // namespace sa
