// Erdős–Rényi density allocation (Mocanu et al. 2018; Evci et al. 2020,
// "RigL"): each prunable matrix gets a density proportional to
// (n_in + n_out) / (n_in · n_out), so small matrices keep more of their
// weights than large ones while the whole model keeps `target` of them. The
// official SparseAdapter code has no such allocation; this follows the
// fixtures' definition (fixtures README section 4, pruning/er_example.json).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace sa {

struct ErdosRenyiAllocation {
    std::vector<double> densities;  // per tensor, input order; fraction kept, in (0, 1]
    double eps = 0.0;               // ε of the final solve: density_l = min(1, ε · ratio_l)
    std::vector<std::size_t> dense; // indices of the tensors clipped to density 1, ascending
    double expectedNonZeros = 0.0;  // Σ density_l · n_l
    double targetNonZeros = 0.0;    // target · Σ n_l
};

// `shapes` = (n_out, n_in) per tensor (a Linear weight's shape). ε is solved
// so that Σ density_l · n_l = target · Σ n_l; a tensor whose density would
// exceed 1 is set to 1 (the largest ratio first, equal ratios together) and
// ε is re-solved over the rest until none exceeds 1. With every tensor dense
// (target 1) ε is the smallest value that makes them all dense.
// Throws sa::Error for a target outside (0, 1], no tensors, or a tensor with
// a non-positive dimension (naming its index and shape).
ErdosRenyiAllocation erdosRenyiDensities(const std::vector<std::pair<int64_t, int64_t>>& shapes, double targetDensity);

} // namespace sa
