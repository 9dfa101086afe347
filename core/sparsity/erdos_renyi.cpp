#include "sparsity/erdos_renyi.h"

#include "error.h"
#include "sparsity/density.h"

#include <algorithm>
#include <sstream>
#include <string>

namespace sa {

ErdosRenyiAllocation erdosRenyiDensities(const std::vector<std::pair<int64_t, int64_t>>& shapes, double targetDensity) {
    checkDensity(targetDensity, "Erdős–Rényi target density");
    if (targetDensity == 0.0) throw Error("Erdős–Rényi target density must be above 0, got 0");
    if (shapes.empty()) throw Error("Erdős–Rényi allocation needs at least one tensor, got none");

    const std::size_t count = shapes.size();
    std::vector<double> numel(count), fanSum(count), ratio(count);
    double totalNumel = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto [nOut, nIn] = shapes[i];
        if (nOut <= 0 || nIn <= 0) {
            std::ostringstream message;
            message << "Erdős–Rényi allocation: tensor " << i << " has shape [" << nOut << ", " << nIn
                    << "]; both dimensions must be positive";
            throw Error(message.str());
        }
        numel[i] = static_cast<double>(nOut) * static_cast<double>(nIn);
        fanSum[i] = static_cast<double>(nOut + nIn);
        // Equal fractions give the same correctly rounded double, so tensors
        // with equal ratios compare equal below and are clipped together.
        ratio[i] = fanSum[i] / numel[i];
        totalNumel += numel[i];
    }

    ErdosRenyiAllocation result;
    result.targetNonZeros = targetDensity * totalNumel;
    // At target 1 every tensor is dense by definition; solving would leave
    // some at 1 − ulp.
    std::vector<bool> dense(count, targetDensity == 1.0);
    for (;;) {
        double budget = result.targetNonZeros, fanTotal = 0.0, maxRatio = 0.0;
        bool anySparse = false;
        for (std::size_t i = 0; i < count; ++i) {
            if (dense[i]) {
                budget -= numel[i];
                continue;
            }
            fanTotal += fanSum[i]; // Σ ratio_l · n_l over the rest
            maxRatio = anySparse ? std::max(maxRatio, ratio[i]) : ratio[i];
            anySparse = true;
        }
        if (!anySparse) {
            result.eps = 1.0 / *std::min_element(ratio.begin(), ratio.end());
            break;
        }
        result.eps = budget / fanTotal;
        if (result.eps * maxRatio <= 1.0) break;
        for (std::size_t i = 0; i < count; ++i)
            if (!dense[i] && ratio[i] == maxRatio) dense[i] = true;
    }

    result.densities.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        result.densities[i] = dense[i] ? 1.0 : std::min(1.0, result.eps * ratio[i]);
        if (dense[i]) result.dense.push_back(i);
        result.expectedNonZeros += result.densities[i] * numel[i];
    }
    return result;
}

} // namespace sa
