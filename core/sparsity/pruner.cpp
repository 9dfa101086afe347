#include "sparsity/pruner.h"

#include "adapters/attach.h"
#include "adapters/bottleneck_adapter.h"
#include "error.h"
#include "sparsity/density.h"
#include "sparsity/erdos_renyi.h"

#include <cmath>
#include <random>

namespace sa {
namespace {

// The reference pruners' own generator is torch's global one; ours is a
// seeded std::mt19937_64, so a run is reproducible across LibTorch versions
// and devices and independent of any other randomness.
torch::Tensor seededNormal(torch::IntArrayRef shape, std::mt19937_64& rng) {
    auto t = torch::empty(shape, torch::kFloat32);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    auto* p = t.data_ptr<float>();
    for (int64_t i = 0; i < t.numel(); ++i)
        p[i] = normal(rng);
    return t;
}

torch::Tensor modelLoss(LanguageModelImpl& model, const Batch& batch) {
    if (!batch.hasTargets())
        throw Error("pruning: the scoring batches need labels or answer positions (the loss drives snip and grasp)");
    return model.forward(batch).loss;
}

// Batch i's loss, or with data parallelism this rank's shard's, weighted by
// its share (undefined for an empty shard: it adds nothing).
torch::Tensor batchLoss(LanguageModelImpl& model, const std::vector<Batch>& batches, std::size_t i,
                        const ShardedScoring* sharded) {
    if (!sharded) return modelLoss(model, batches[i]);
    if (batches[i].input_ids.size(0) == 0) return {};
    return modelLoss(model, batches[i]) * sharded->lossWeights.at(i);
}

// Undefined gradients (an empty shard, a weight the loss never reaches)
// as zeros, summed over the ranks.
void sumOverRanks(std::vector<torch::Tensor>& grads, const std::vector<torch::Tensor>& like,
                  const ShardedScoring* sharded) {
    if (!sharded) return;
    for (std::size_t i = 0; i < grads.size(); ++i)
        if (!grads[i].defined()) grads[i] = torch::zeros_like(like[i]);
    sharded->sumAcrossRanks(grads);
}

// Score s / Σ(s / max s) over all tensors together, inf counted as 1 (the
// reference's SNIP normalisation).
void normaliseSnip(std::vector<torch::Tensor>& scores) {
    std::vector<torch::Tensor> flat;
    for (const auto& s : scores)
        flat.push_back(s.flatten());
    auto all = torch::cat(flat);
    all = torch::where(torch::isinf(all), torch::ones_like(all), all);
    const auto norm = (all / all.max()).sum();
    for (auto& s : scores)
        s = s / norm;
}

std::vector<torch::Tensor> snipScores(LanguageModelImpl& model, std::vector<MaskedWeight>& masked,
                                      const std::vector<Batch>& batches, const ShardedScoring* sharded) {
    // |∂L/∂M| at the current masks = |∂L/∂W_eff ⊙ W|, summed over batches.
    for (auto& m : masked)
        m.mask.set_requires_grad(true);
    for (std::size_t i = 0; i < batches.size(); ++i)
        if (const auto loss = batchLoss(model, batches, i, sharded); loss.defined()) loss.backward();
    std::vector<torch::Tensor> grads, masks;
    for (auto& m : masked) {
        grads.push_back(m.mask.grad().defined() ? m.mask.grad().detach().clone() : torch::Tensor());
        masks.push_back(m.mask);
        m.mask.set_requires_grad(false);
        m.mask.mutable_grad() = torch::Tensor();
    }
    sumOverRanks(grads, masks, sharded);
    std::vector<torch::Tensor> scores;
    for (const auto& g : grads)
        scores.push_back(g.abs());
    normaliseSnip(scores);
    return scores;
}

std::vector<torch::Tensor> graspScores(LanguageModelImpl& model, std::vector<MaskedWeight>& masked,
                                       const std::vector<Batch>& batches, const ShardedScoring* sharded) {
    std::vector<torch::Tensor> weights;
    for (auto& m : masked)
        weights.push_back(m.weight);
    // g = ∂L/∂W without a graph, summed over batches; then H·g = ∂(Σ g_stopped
    // · ∂L/∂W)/∂W per batch. With one batch both passes see the same loss, so
    // one forward pass with a graph serves both (a training step saved).
    auto hessianGradient = [&](const std::vector<torch::Tensor>& stopped, const std::vector<torch::Tensor>& grads) {
        auto z = torch::zeros({}, weights.front().options());
        for (std::size_t i = 0; i < grads.size(); ++i)
            if (grads[i].defined()) z = z + (stopped[i].detach() * grads[i]).sum();
        return torch::autograd::grad({z}, weights, {}, false, false, true);
    };
    std::vector<torch::Tensor> hg(weights.size());
    auto accumulate = [&](const std::vector<torch::Tensor>& second) {
        for (std::size_t i = 0; i < second.size(); ++i) {
            const auto g = second[i].defined() ? second[i] : torch::zeros_like(weights[i]);
            hg[i] = hg[i].defined() ? hg[i] + g : g;
        }
    };
    // Sharded, the second pass needs the combined g, so the shortcut is off.
    if (batches.size() == 1 && !sharded) {
        const auto grads = torch::autograd::grad({modelLoss(model, batches.front())}, weights, {}, true, true, true);
        accumulate(hessianGradient(grads, grads));
    } else {
        std::vector<torch::Tensor> stopped(weights.size());
        for (std::size_t b = 0; b < batches.size(); ++b) {
            const auto loss = batchLoss(model, batches, b, sharded);
            if (!loss.defined()) continue;
            auto grads = torch::autograd::grad({loss}, weights, {}, false, false, true);
            for (std::size_t i = 0; i < grads.size(); ++i)
                if (grads[i].defined()) stopped[i] = stopped[i].defined() ? stopped[i] + grads[i] : grads[i];
        }
        sumOverRanks(stopped, weights, sharded);
        for (std::size_t b = 0; b < batches.size(); ++b)
            if (const auto loss = batchLoss(model, batches, b, sharded); loss.defined())
                accumulate(hessianGradient(stopped, torch::autograd::grad({loss}, weights, {}, true, true, true)));
        for (std::size_t i = 0; i < hg.size(); ++i)
            if (!hg[i].defined()) hg[i] = torch::zeros_like(weights[i]);
        sumOverRanks(hg, weights, sharded);
    }
    // Score (H·g) ⊙ W, not negated, divided by |Σ scores| + 1e-10.
    std::vector<torch::Tensor> scores;
    auto total = torch::zeros({}, torch::kFloat64);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        scores.push_back((hg[i] * weights[i]).detach());
        total = total + scores.back().sum().to(torch::kFloat64);
    }
    const auto norm = total.abs().to(torch::kFloat32) + 1e-10;
    for (auto& s : scores)
        s = s / norm;
    return scores;
}

// Data-free: every parameter and buffer of the model made non-negative,
// each bottleneck adapter run on its own (residual included) on an all-ones
// [1, T, d] input, R = mean(Σ adapter outputs), score |∂R/∂W ⊙ W|; signs are
// restored afterwards.
std::vector<torch::Tensor> synflowScores(LanguageModelImpl& model, std::vector<MaskedWeight>& masked,
                                         const std::vector<Batch>& batches) {
    for (const auto& m : masked)
        if (m.weightName.find("ef_lora_") != std::string::npos)
            throw Error("synflow scores only bottleneck adapters (the reference's SynFlow fails on LoRA)");
    std::vector<BottleneckAdapterImpl*> adapters;
    for (const auto& module : model.modules(false))
        if (auto* a = module->as<BottleneckAdapterImpl>()) adapters.push_back(a);
    if (adapters.empty()) throw Error("synflow: the model has no bottleneck adapters to score");

    std::vector<std::pair<torch::Tensor, torch::Tensor>> signs; // tensor, its sign
    {
        torch::NoGradGuard noGrad;
        for (auto& p : model.parameters(true)) {
            signs.emplace_back(p, torch::sign(p));
            p.abs_();
        }
        for (auto& b : model.buffers(true))
            if (b.is_floating_point()) {
                signs.emplace_back(b, torch::sign(b));
                b.abs_();
            }
    }
    const int64_t length = batches.empty() ? 1 : batches.front().input_ids.size(1);
    const int64_t d = adapters.front()->down_proj->weight.size(1);
    const auto ones = torch::ones({1, length, d});
    torch::Tensor sum;
    for (auto* a : adapters)
        sum = sum.defined() ? sum + a->forward(ones) : a->forward(ones);
    const auto grads = [&] {
        std::vector<torch::Tensor> weights;
        for (auto& m : masked)
            weights.push_back(m.weight);
        return torch::autograd::grad({sum.mean()}, weights, {}, false, false, true);
    }();
    std::vector<torch::Tensor> scores;
    for (std::size_t i = 0; i < masked.size(); ++i)
        scores.push_back(grads[i].defined() ? (grads[i] * masked[i].weight).detach().abs()
                                            : torch::zeros_like(masked[i].weight));
    torch::NoGradGuard noGrad;
    for (auto& [t, sign] : signs)
        t.mul_(sign);
    return scores;
}

// Prunes the `k` lowest entries of `scores` (flattened together) in `masks`.
void pruneLowest(const std::vector<torch::Tensor>& scores, std::vector<torch::Tensor>& masks, int64_t k, bool breakTies,
                 std::mt19937_64& rng) {
    if (k < 1) return;
    std::vector<torch::Tensor> flat;
    for (const auto& s : scores)
        flat.push_back(s.flatten().to(torch::kFloat32));
    auto all = torch::cat(flat);
    torch::NoGradGuard noGrad;
    if (!breakTies) {
        const auto threshold = std::get<0>(torch::kthvalue(all, k));
        for (std::size_t i = 0; i < scores.size(); ++i)
            masks[i].copy_(torch::where(scores[i].to(torch::kFloat32) <= threshold, torch::zeros_like(masks[i]),
                                        torch::ones_like(masks[i])));
        return;
    }
    // Exactly k: order by score, ties in a seeded random order.
    const auto shuffle = seededNormal({all.numel()}, rng).argsort();
    const auto order = std::get<1>(torch::sort(all.index_select(0, shuffle), /*stable=*/true, 0, false));
    auto keep = torch::ones({all.numel()});
    keep.index_fill_(0, shuffle.index_select(0, order.slice(0, 0, k)), 0.0);
    int64_t offset = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const auto n = scores[i].numel();
        masks[i].copy_(keep.slice(0, offset, offset + n).view_as(masks[i]));
        offset += n;
    }
}

} // namespace

std::vector<torch::Tensor> scoreWeights(LanguageModelImpl& model, PruneMethod method, const std::vector<Batch>& batches,
                                        uint64_t seed, bool referenceGradientLeak, const ShardedScoring* sharded) {
    auto masked = maskedWeights(model);
    if (masked.empty()) throw Error("pruning: the model has no masked adapter weights (attach adapters first)");
    if ((method == PruneMethod::Snip || method == PruneMethod::Grasp) && batches.empty())
        throw Error(std::string("pruning: ") + pruneMethodName(method) + " needs at least one scoring batch");
    if (!referenceGradientLeak) model.zero_grad();
    std::vector<torch::Tensor> scores;
    std::mt19937_64 rng(seed);
    switch (method) {
    case PruneMethod::Random:
    case PruneMethod::ErdosRenyi:
        for (const auto& m : masked)
            scores.push_back(seededNormal(m.weight.sizes(), rng));
        break;
    case PruneMethod::Magnitude:
        for (const auto& m : masked)
            scores.push_back(m.weight.detach().abs().clone());
        break;
    case PruneMethod::Snip:
        scores = snipScores(model, masked, batches, sharded);
        break;
    case PruneMethod::Grasp:
        scores = graspScores(model, masked, batches, sharded);
        break;
    case PruneMethod::Synflow:
        scores = synflowScores(model, masked, batches);
        break;
    }
    if (!referenceGradientLeak) {
        model.zero_grad();
    } else {
        for (auto& m : masked)
            if (m.weight.grad().defined()) m.weight.mutable_grad().zero_();
    }
    return scores;
}

void maskFromScores(LanguageModelImpl& model, const std::vector<torch::Tensor>& scores, double density, MaskScope scope,
                    bool breakTies, uint64_t seed) {
    checkDensity(density);
    auto masked = maskedWeights(model);
    if (scores.size() != masked.size())
        throw Error("pruning: " + std::to_string(scores.size()) + " score tensors for " +
                    std::to_string(masked.size()) + " masked weights");
    std::mt19937_64 rng(seed + 1);
    std::vector<torch::Tensor> masks;
    for (auto& m : masked)
        masks.push_back(m.mask);
    if (scope == MaskScope::Global) {
        int64_t n = 0;
        for (const auto& s : scores)
            n += s.numel();
        pruneLowest(scores, masks, globalPrunedCount(n, density), breakTies, rng);
        return;
    }
    for (std::size_t i = 0; i < scores.size(); ++i) {
        std::vector<torch::Tensor> one{masks[i]};
        pruneLowest({scores[i]}, one, localPrunedCount(scores[i].numel(), density), breakTies, rng);
    }
}

namespace {

double scheduledDensity(const PruneOptions& o, int step) {
    const double density = densityFromSparsity(o.sparsity);
    const double fraction = static_cast<double>(step + 1) / o.iterations;
    return o.schedule == PruneSchedule::Exponential ? std::pow(density, fraction) : 1.0 - (1.0 - density) * fraction;
}

} // namespace

std::optional<double> densityForEpoch(const PruneOptions& o, int epoch) {
    if (o.iterations < 1) throw Error("pruning: iterations must be at least 1");
    const int step = epoch - o.startEpoch;
    if (step < 0 || step >= o.iterations) return std::nullopt;
    return scheduledDensity(o, step);
}

namespace {

// Scores from which no mask means anything: the reference's <= rule would
// prune every weight (all scores 0) or none (NaN thresholds compare false).
// The causes known for each method are named, with the way out.
void checkScoresUsable(const std::vector<torch::Tensor>& scores, PruneMethod method) {
    if (method == PruneMethod::Random || method == PruneMethod::ErdosRenyi) return;
    int64_t total = 0, nonFinite = 0, nonZero = 0;
    for (const auto& s : scores) {
        const auto flat = s.detach().flatten();
        total += flat.numel();
        nonFinite += flat.numel() - torch::isfinite(flat).sum().item<int64_t>();
        nonZero += flat.ne(0).sum().item<int64_t>();
    }
    const std::string name = std::string("pruning (") + pruneMethodName(method) + "): ";
    if (nonFinite > 0) {
        std::string cause;
        if (method == PruneMethod::Snip)
            cause = "; SNIP divides by the sum of all scores, which is 0 when every weight × gradient is 0 (LoRA's B "
                    "starts at zero, so B's weights and A's gradients are 0): prune after the first epoch "
                    "(pruning.start_epoch=1), or use random or er";
        throw Error(name + std::to_string(nonFinite) + " of " + std::to_string(total) +
                    " scores are not finite, so no threshold can be drawn" + cause);
    }
    if (nonZero == 0) {
        std::string cause = " (zero-initialised weights or units the scoring batch never activates)";
        if (method == PruneMethod::Synflow)
            cause = ": SynFlow feeds each adapter a constant input of ones, which the adapter's input LayerNorm "
                    "maps to exactly 0, and at initialisation that LayerNorm's bias and the projections' biases "
                    "are 0 too, so no signal reaches a weight (the reference does the same on such adapters); "
                    "prune after the first epoch (pruning.start_epoch=1), use an adapter without the input "
                    "LayerNorm (adapter.ffn_adapter_layernorm_option=none), or another method";
        throw Error(name + "every one of the " + std::to_string(total) +
                    " scores is 0, and the reference's rule would prune every weight" + cause);
    }
}

} // namespace

void pruneToDensity(LanguageModelImpl& model, const PruneOptions& o, double density, const std::vector<Batch>& batches,
                    uint64_t seed, std::vector<torch::Tensor>* scoresOut, const ShardedScoring* sharded) {
    checkDensity(density);
    const bool wasTraining = model.is_training();
    model.eval();
    const auto scores = scoreWeights(model, o.method, batches, seed, o.referenceGradientLeak, sharded);
    if (scoresOut) *scoresOut = scores;
    checkScoresUsable(scores, o.method);
    if (o.method != PruneMethod::ErdosRenyi) {
        maskFromScores(model, scores, density, o.scope, o.breakTies, seed);
    } else {
        // Erdős–Rényi: per-tensor densities from the shapes, random positions.
        auto masked = maskedWeights(model);
        std::vector<std::pair<int64_t, int64_t>> shapes;
        for (const auto& m : masked)
            shapes.emplace_back(m.weight.size(0), m.weight.size(1));
        const auto allocation = erdosRenyiDensities(shapes, density);
        std::mt19937_64 rng(seed + 1);
        for (std::size_t t = 0; t < masked.size(); ++t) {
            std::vector<torch::Tensor> one{masked[t].mask};
            pruneLowest({scores[t]}, one, localPrunedCount(scores[t].numel(), allocation.densities[t]), o.breakTies,
                        rng);
        }
    }
    model.train(wasTraining);
}

void prune(LanguageModelImpl& model, const PruneOptions& o, const std::vector<Batch>& batches,
           std::vector<torch::Tensor>* lastScores) {
    if (o.iterations < 1) throw Error("pruning: iterations must be at least 1");
    checkDensity(densityFromSparsity(o.sparsity), "1 - sparsity");
    for (int i = 0; i < o.iterations; ++i)
        pruneToDensity(model, o, scheduledDensity(o, i), batches, o.seed + static_cast<uint64_t>(i), lastScores);
}

} // namespace sa
