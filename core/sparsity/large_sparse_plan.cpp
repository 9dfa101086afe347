#include "sparsity/large_sparse_plan.h"

#include "error.h"
#include "sparsity/density.h"

#include <cmath>

namespace sa {
namespace {

// The sparsity whose global mask keeps exactly `kept` of `n` weights,
// as close to 1 − kept/n as the reference's float rounding allows: that
// guess, else the first of its neighbouring doubles that works, else a
// bisection (the kept count falls monotonically as the sparsity grows).
double sparsityKeeping(int64_t n, int64_t kept) {
    if (n == 0) return 0.0;
    const auto keptAt = [n](double sparsity) { return globalKeptCount(n, densityFromSparsity(sparsity)); };
    const double guess = sparsityFromDensity(static_cast<double>(kept) / static_cast<double>(n));
    const double towards = keptAt(guess) > kept ? 1.0 : 0.0;
    double s = guess;
    for (int step = 0; step < 64; ++step, s = std::nextafter(s, towards))
        if (keptAt(s) == kept) return s;
    double lo = 0.0, hi = 1.0; // keptAt(lo) >= kept >= keptAt(hi)
    for (int i = 0; i < 2000; ++i) {
        const int64_t k = keptAt(s);
        if (k == kept) return s;
        (k > kept ? lo : hi) = s;
        const double mid = lo + (hi - lo) / 2;
        if (mid == lo || mid == hi) break;
        s = mid;
    }
    throw Error("no density keeps exactly " + std::to_string(kept) + " of " + std::to_string(n) + " weights");
}

LargeSparseRow row(const ModelConfig& config, const AdapterOptions& options, int k, double sparsity) {
    const auto b = computeBudget(config, options, densityFromSparsity(sparsity));
    LargeSparseRow r;
    r.k = k;
    r.attnBn = options.attnMode == AttnMode::Adapter || options.attnMode == AttnMode::Lora ? options.attnBn : 0;
    r.ffnBn = options.ffnMode == FfnMode::Adapter ? options.ffnBn : 0;
    r.density = b.density;
    r.sparsity = sparsity;
    r.nominal = b.adapterParameters();
    r.nonZeros = b.adapterNonZeros();
    r.prunableWeights = b.adapterWeights;
    r.keptWeights = b.adapterWeightsKept;
    r.biasesAndNorms = b.biasesAndNorms;
    r.prefix = b.prefix;
    return r;
}

} // namespace

AdapterOptions widenedBy(const AdapterOptions& base, int k) {
    if (k < 1) throw Error("Large-Sparse factor k must be at least 1, got " + std::to_string(k));
    AdapterOptions o = base;
    if (o.attnMode == AttnMode::Adapter || o.attnMode == AttnMode::Lora) o.attnBn *= k;
    if (o.ffnMode == FfnMode::Adapter) o.ffnBn *= k;
    return o;
}

LargeSparsePlan planLargeSparse(const ModelConfig& config, const AdapterOptions& base, int maxK) {
    if (maxK < 1) throw Error("Large-Sparse factor k must be at least 1, got " + std::to_string(maxK));
    LargeSparsePlan plan;
    plan.baseOptions = base;
    plan.backbone = backboneParameters(config);
    plan.base = row(config, base, 0, 0.0);
    if (plan.base.prunableWeights == 0)
        throw Error("Large-Sparse needs prunable adapter weights; this configuration has none (a prefix alone is "
                    "never masked)");
    for (int k = 1; k <= maxK; ++k) {
        const auto widened = widenedBy(base, k);
        // Every prunable matrix is linear in its width, so the k-wide adapter
        // has exactly k times the base's prunable weights.
        const int64_t n = computeBudget(config, widened).adapterWeights;
        auto r = row(config, widened, k, sparsityKeeping(n, plan.base.prunableWeights));
        r.ratioToBase = static_cast<double>(r.nonZeros) / static_cast<double>(plan.base.nonZeros);
        plan.rows.push_back(r);
        for (const auto& site : adapterSites(config, widened))
            if (site.bottleneck == site.dModel)
                plan.notes.push_back("k = " + std::to_string(k) + ": width " + std::to_string(site.bottleneck) +
                                     " equals d at " + site.module +
                                     "; the official masked_parameters pairs masks with weights by shape and "
                                     "would mis-pair them");
    }
    return plan;
}

double solveSparsityForBudget(const ModelConfig& config, const AdapterOptions& options, int64_t targetNonZeros) {
    const auto dense = computeBudget(config, options);
    const int64_t neverPruned = dense.biasesAndNorms + dense.prefix;
    if (targetNonZeros < neverPruned || targetNonZeros > dense.adapterNonZeros())
        throw Error("a budget of " + std::to_string(targetNonZeros) + " non-zero adapter parameters is out of reach: " +
                    "this adapter has " + std::to_string(neverPruned) + " that are never pruned and " +
                    std::to_string(dense.adapterNonZeros()) + " when dense");
    return sparsityKeeping(dense.adapterWeights, targetNonZeros - neverPruned);
}

} // namespace sa
