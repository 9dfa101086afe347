// The Large-Sparse setting (paper section 4): widen the adapter's bottleneck
// k× and prune it to sparsity 1 − 1/k, so it keeps as many prunable weights
// as the dense base adapter. Biases and adapter LayerNorms grow with the
// width and are never pruned, so the non-zero count is slightly above the
// base; the plan shows by how much.
#pragma once

#include "adapters/adapter_options.h"
#include "adapters/parameter_budget.h"
#include "io/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct LargeSparseRow {
    int k = 0;                     // 0 = the dense base adapter
    int64_t attnBn = 0, ffnBn = 0; // this row's widths (prefix length stays as in the base)
    double density = 1.0;          // fraction of prunable weights kept
    double sparsity = 0.0;         // fraction removed
    int64_t nominal = 0;           // adapter parameters if dense (no head)
    int64_t nonZeros = 0;          // keptWeights + biasesAndNorms + prefix
    int64_t prunableWeights = 0;
    int64_t keptWeights = 0;
    int64_t biasesAndNorms = 0;
    int64_t prefix = 0;
    double ratioToBase = 1.0; // nonZeros / the base's nonZeros
};

struct LargeSparsePlan {
    AdapterOptions baseOptions;
    int64_t backbone = 0;
    LargeSparseRow base;
    std::vector<LargeSparseRow> rows; // k = 1..maxK
    std::vector<std::string> notes;   // reference behaviour worth knowing for some rows
};

// `base` with every prunable width (attention adapter bn, LoRA rank, FFN
// adapter bn) multiplied by k; prefix length and mid_dim unchanged.
AdapterOptions widenedBy(const AdapterOptions& base, int k);

// Each row's density is the one at which a global mask keeps exactly the
// base's prunable count (1/k up to the reference's float rounding). Throws
// sa::Error for maxK < 1 or options with nothing to prune (prefix alone).
LargeSparsePlan planLargeSparse(const ModelConfig& config, const AdapterOptions& base, int maxK = 8);

// The sparsity at which `options`' adapter (no head) has exactly
// `targetNonZeros` non-zero parameters: biases/norms + prefix + kept weights,
// kept counted as the reference's global mask counts them at
// densityFromSparsity(result). Throws sa::Error when the target is below
// the never-pruned part or above the dense count.
double solveSparsityForBudget(const ModelConfig& config, const AdapterOptions& options, int64_t targetNonZeros);

} // namespace sa
