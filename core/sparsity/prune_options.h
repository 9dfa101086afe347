// What a pruning-at-initialisation run is asked to do: the method, how much
// to remove and how the mask is drawn. Plain data without LibTorch, so the
// experiment configuration (and the GUI form editing it) can name these
// without pulling in the pruners themselves (sparsity/pruner.h).
#pragma once

#include <cstdint>
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

// The canonical names, in enum order (what pruneMethodName etc. return), for
// choosers and help texts.
std::vector<std::string> pruneMethodNames();
std::vector<std::string> maskScopeNames();
std::vector<std::string> pruneScheduleNames();
const char* pruneScheduleName(PruneSchedule schedule);

} // namespace sa
