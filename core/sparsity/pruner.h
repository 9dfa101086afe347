// Pruning at initialisation (the reference's transformers/pruning): score
// every prunable adapter weight, then keep the best fraction. Scores and
// masks follow the reference exactly (fixtures README section 4); options
// that deviate from it are off by default and named for what they fix.
#pragma once

#include "model/language_model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sa {

enum class PruneMethod { Random, Magnitude, ErdosRenyi, Snip, Grasp, Synflow };
enum class MaskScope { Global, Local };
enum class PruneSchedule { Exponential, Linear };

PruneMethod pruneMethodByName(const std::string& name); // random|rand, magnitude|mag, er, snip, grasp, synflow
const char* pruneMethodName(PruneMethod method);
MaskScope maskScopeByName(const std::string& name); // global | local
const char* maskScopeName(MaskScope scope);
PruneSchedule pruneScheduleByName(const std::string& name); // exponential | linear

struct PruneOptions {
    PruneMethod method = PruneMethod::Snip;
    double sparsity = 0.4; // fraction REMOVED (the paper's 40 %)
    MaskScope scope = MaskScope::Global;
    int iterations = 1; // the reference's prune_epochs
    PruneSchedule schedule = PruneSchedule::Exponential;
    uint64_t seed = 0; // random and er: their own generator
    // Training-time schedule (the reference's Trainer_Sparse): pruning starts
    // at the beginning of this epoch; with iterations > 1 a trainer prunes
    // once per epoch from here on (densityForEpoch), while prune() runs all
    // iterations at once.
    int startEpoch = 0;
    // The reference prunes every score <= the k-th smallest, so ties (e.g.
    // all-zero scores of zero-initialised LoRA B) can prune more than asked.
    // On: exactly k are pruned, ties broken at random (seeded).
    bool breakTies = false;
    // The reference's Trainer_Sparse quirk (fixtures README 7.4): SNIP zeroes
    // the gradients of the masked weights only, so the scoring gradients of
    // every other trainable tensor stay in .grad and add to the first
    // training step. On: reproduce it (.grad is neither cleared before nor
    // after scoring, except for the masked weights).
    bool referenceGradientLeak = false;
};

// One score tensor per masked weight, in maskedWeights() order. Batches are
// used by snip and grasp (the loss is the model's own); synflow is data-free
// but takes the sequence length from the first batch.
std::vector<torch::Tensor> scoreWeights(LanguageModelImpl& model, PruneMethod method, const std::vector<Batch>& batches,
                                        uint64_t seed = 0, bool referenceGradientLeak = false);

// Writes masks from scores at `density` (fraction kept) with the reference's
// k-th value rule: global k = ceil((1 − d)·N) over all tensors, local k =
// floor((1 − d)·n) per tensor; mask = 0 where score <= threshold; k < 1
// leaves the masks unchanged.
void maskFromScores(LanguageModelImpl& model, const std::vector<torch::Tensor>& scores, double density, MaskScope scope,
                    bool breakTies = false, uint64_t seed = 0);

// The reference's prune_loop: `iterations` rounds of score → mask, density
// d^((i+1)/n) (exponential) or 1 − (1 − d)(i+1)/n (linear), model in eval
// mode. Weights are never changed, only the mask buffers.
void prune(LanguageModelImpl& model, const PruneOptions& options, const std::vector<Batch>& batches);

// The density (fraction kept) to prune to at the start of `epoch` when the
// trainer spreads the iterations over epochs: d^((e − start + 1)/n)
// (exponential) or 1 − (1 − d)(e − start + 1)/n (linear) for the n epochs
// from startEpoch on; nullopt before startEpoch and after the last one.
std::optional<double> densityForEpoch(const PruneOptions& options, int epoch);

} // namespace sa
