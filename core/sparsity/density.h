// Density ↔ sparsity, converted here and nowhere else.
//
// The paper's "sparsity" is the fraction of adapter weights REMOVED (40 %
// sparsity keeps 60 %). The official code's `--sparsity` argument is the
// fraction KEPT; we call that quantity "density" and convert between the two
// only through these functions, at the boundary that reads official-style
// inputs.
#pragma once

#include "error.h"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

namespace sa {

inline double densityFromSparsity(double sparsity) {
    return 1.0 - sparsity;
}
inline double sparsityFromDensity(double density) {
    return 1.0 - density;
}

// Throws sa::Error unless 0 <= density <= 1; `what` names the value in the message.
inline void checkDensity(double density, const std::string& what = "density") {
    if (!(density >= 0.0 && density <= 1.0)) {
        std::ostringstream message;
        message << what << " must be in [0, 1], got " << density;
        throw Error(message.str());
    }
}

// How many of `n` weights a global mask at `density` prunes, exactly as the
// reference's prune_loop does: k = ceil((1 − density) · n) in double
// precision, float rounding included (so density 1/3 of 3m weights prunes
// 2m + 1 of them for most m; solveSparsityForBudget finds densities that hit
// a count exactly).
inline int64_t globalPrunedCount(int64_t n, double density) {
    checkDensity(density);
    return static_cast<int64_t>(std::ceil(sparsityFromDensity(density) * static_cast<double>(n)));
}

// The per-tensor (local scope) rule of the reference: k = int((1 − density) · n), floor.
inline int64_t localPrunedCount(int64_t n, double density) {
    checkDensity(density);
    return static_cast<int64_t>(sparsityFromDensity(density) * static_cast<double>(n));
}

inline int64_t globalKeptCount(int64_t n, double density) {
    return n - globalPrunedCount(n, density);
}

} // namespace sa
