#include "model/generation.h"

#include "error.h"
#include "model/bart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace sa {
namespace {

using Tokens = std::vector<int64_t>;

// BeamHypotheses: the `beams` best finished hypotheses of one batch entry,
// scored sum_logprobs / len^length_penalty (len includes the start token).
class Hypotheses {
public:
    Hypotheses(int64_t beams, double lengthPenalty, bool earlyStopping)
        : beams_(beams), lengthPenalty_(lengthPenalty), earlyStopping_(earlyStopping) {}

    void add(const Tokens& hyp, double sumLogprobs) {
        const double score = sumLogprobs / std::pow(static_cast<double>(hyp.size()), lengthPenalty_);
        if (size() >= beams_ && score <= worst_) return;
        list_.emplace_back(score, hyp);
        if (size() <= beams_) {
            worst_ = std::min(score, worst_);
            return;
        }
        // Python's sorted((score, index)): the lowest score goes, ties by
        // position; the next lowest becomes the worst kept.
        std::vector<std::pair<double, std::size_t>> order;
        for (std::size_t i = 0; i < list_.size(); ++i)
            order.emplace_back(list_[i].first, i);
        std::sort(order.begin(), order.end());
        list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(order[0].second));
        worst_ = order[1].first;
    }

    bool isDone(double bestSumLogprobs, int64_t curLen) const {
        if (size() < beams_) return false;
        if (earlyStopping_) return true;
        return worst_ >= bestSumLogprobs / std::pow(static_cast<double>(curLen), lengthPenalty_);
    }

    // sorted(beams, key=score).pop(): the highest score, the last added of equals.
    const std::pair<double, Tokens>& best() const {
        std::size_t at = 0;
        for (std::size_t i = 1; i < list_.size(); ++i)
            if (list_[i].first >= list_[at].first) at = i;
        return list_[at];
    }

private:
    int64_t size() const { return static_cast<int64_t>(list_.size()); }
    int64_t beams_;
    double lengthPenalty_;
    bool earlyStopping_;
    double worst_ = 1e9;
    std::vector<std::pair<double, Tokens>> list_;
};

torch::Tensor toTensor(const std::vector<Tokens>& rows, int64_t padId, torch::Device device) {
    std::size_t width = 0;
    for (const auto& r : rows)
        width = std::max(width, r.size());
    auto out = torch::full({static_cast<int64_t>(rows.size()), static_cast<int64_t>(width)}, padId, torch::kInt64);
    auto a = out.accessor<int64_t, 2>();
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j)
            a[static_cast<int64_t>(i)][static_cast<int64_t>(j)] = rows[i][j];
    return out.to(device);
}

// The decoder input of one step: the last token with a cache, else all.
torch::Tensor stepInput(const std::vector<Tokens>& rows, bool cached, torch::Device device) {
    if (!cached) return toTensor(rows, 0, device);
    Tokens last;
    for (const auto& r : rows)
        last.push_back(r.back());
    return torch::tensor(last, torch::kInt64).view({-1, 1}).to(device);
}

void checkOptions(const GenerationOptions& o) {
    if (o.numBeams < 1) throw Error("generation: num_beams must be at least 1, got " + std::to_string(o.numBeams));
    if (o.maxLength < 2)
        throw Error("generation: max_length must be at least 2 (start token and one more), got " +
                    std::to_string(o.maxLength));
    if (o.noRepeatNgramSize < 0) throw Error("generation: no_repeat_ngram_size must not be negative");
}

} // namespace

void applyLogitsProcessors(torch::Tensor& scores, const torch::Tensor& sequences, const GenerationOptions& o) {
    const auto curLen = sequences.size(1);
    const float negInf = -std::numeric_limits<float>::infinity();
    const int64_t n = o.noRepeatNgramSize;
    if (n > 0 && curLen + 1 >= n) {
        // A token is banned when it would complete an n-gram the hypothesis
        // already holds (the start token included).
        const auto seqs = sequences.to(torch::kCPU).contiguous();
        const auto a = seqs.accessor<int64_t, 2>();
        std::vector<int64_t> rows, tokens;
        for (int64_t r = 0; r < seqs.size(0); ++r) {
            const int64_t start = curLen + 1 - n;
            for (int64_t i = 0; i + n <= curLen; ++i) {
                bool same = true;
                for (int64_t j = 0; j + 1 < n && same; ++j)
                    same = a[r][i + j] == a[r][start + j];
                if (same) {
                    rows.push_back(r);
                    tokens.push_back(a[r][i + n - 1]);
                }
            }
        }
        if (!rows.empty())
            scores.index_put_({torch::tensor(rows).to(scores.device()), torch::tensor(tokens).to(scores.device())},
                              negInf);
    }
    if (curLen < o.minLength) scores.select(1, o.eosTokenId).fill_(negInf);
    auto force = [&](int64_t token) {
        scores.fill_(negInf);
        scores.select(1, token).fill_(0);
    };
    if (o.forcedBosTokenId && curLen == 1) force(*o.forcedBosTokenId);
    if (o.forcedEosTokenId && curLen == o.maxLength - 1) force(*o.forcedEosTokenId);
}

GenerationOutput generate(BartModelImpl& model, const torch::Tensor& inputIds, const torch::Tensor& attentionMask,
                          const GenerationOptions& o, const GenerationProgress& progress) {
    checkOptions(o);
    torch::NoGradGuard noGrad;
    const auto device = inputIds.device();
    const int64_t batch = inputIds.size(0), beams = o.numBeams, rows = batch * beams;
    auto source = model.encode(inputIds, attentionMask);
    source.beams = beams;
    DecoderCache cache;
    DecoderCache* cachePtr = o.useCache ? &cache : nullptr;
    std::vector<Tokens> seqs(static_cast<std::size_t>(rows), Tokens{o.decoderStartTokenId});
    const int64_t maxSteps = o.maxLength - 1;
    GenerationOutput out;

    if (beams == 1) {
        std::vector<bool> unfinished(static_cast<std::size_t>(rows), true);
        std::vector<torch::Tensor> chosen;
        for (int64_t step = 0; step < maxSteps; ++step) {
            auto scores = model.nextTokenLogits(stepInput(seqs, o.useCache && step > 0, device), source, cachePtr);
            applyLogitsProcessors(scores, toTensor(seqs, o.padTokenId, device), o);
            auto next = scores.argmax(-1);
            const auto keep =
                torch::tensor(std::vector<uint8_t>(unfinished.begin(), unfinished.end())).to(torch::kBool).to(device);
            next = torch::where(keep, next, torch::full_like(next, o.padTokenId));
            chosen.push_back(torch::log_softmax(scores, -1).gather(1, next.unsqueeze(1)).to(torch::kCPU));
            const auto host = next.to(torch::kCPU);
            bool any = false;
            for (int64_t r = 0; r < rows; ++r) {
                const auto t = host[r].item<int64_t>();
                seqs[static_cast<std::size_t>(r)].push_back(t);
                if (t == o.eosTokenId) unfinished[static_cast<std::size_t>(r)] = false;
                any = any || unfinished[static_cast<std::size_t>(r)];
            }
            if (progress && !progress(step + 1, maxSteps)) return {};
            if (!any) break;
        }
        out.sequences = toTensor(seqs, o.padTokenId, device);
        out.stepScoresChosen = torch::cat(chosen, 1);
        return out;
    }

    std::vector<Hypotheses> hyps(static_cast<std::size_t>(batch), Hypotheses(beams, o.lengthPenalty, o.earlyStopping));
    std::vector<bool> done(static_cast<std::size_t>(batch), false);
    auto beamScores = torch::zeros({batch, beams}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    beamScores.slice(1, 1).fill_(-1e9);
    beamScores = beamScores.view({-1});
    for (int64_t step = 0; step < maxSteps; ++step) {
        const auto curLen = static_cast<int64_t>(seqs[0].size());
        auto logits = model.nextTokenLogits(stepInput(seqs, o.useCache && step > 0, device), source, cachePtr);
        auto scores = torch::log_softmax(logits, -1);
        applyLogitsProcessors(scores, toTensor(seqs, o.padTokenId, device), o);
        scores = scores + beamScores.unsqueeze(1);
        const auto vocab = scores.size(1);
        auto [topScores, topIndex] = scores.view({batch, beams * vocab}).topk(2 * beams, 1, true, true);
        topScores = topScores.to(torch::kCPU).contiguous();
        topIndex = topIndex.to(torch::kCPU).contiguous();
        const auto ts = topScores.accessor<float, 2>();
        const auto ti = topIndex.accessor<int64_t, 2>();
        std::vector<float> nextScores(static_cast<std::size_t>(rows), 0.0f);
        std::vector<int64_t> nextTokens(static_cast<std::size_t>(rows), o.padTokenId);
        std::vector<int64_t> nextRows(static_cast<std::size_t>(rows), 0);
        for (int64_t b = 0; b < batch; ++b) {
            if (done[static_cast<std::size_t>(b)]) continue; // score 0, pad, row 0, as the reference
            int64_t filled = 0;
            for (int64_t rank = 0; rank < 2 * beams && filled < beams; ++rank) {
                const int64_t token = ti[b][rank] % vocab, row = b * beams + ti[b][rank] / vocab;
                if (token == o.eosTokenId) {
                    if (rank < beams)
                        hyps[static_cast<std::size_t>(b)].add(seqs[static_cast<std::size_t>(row)], ts[b][rank]);
                    continue;
                }
                const auto at = static_cast<std::size_t>(b * beams + filled++);
                nextScores[at] = ts[b][rank];
                nextTokens[at] = token;
                nextRows[at] = row;
            }
            done[static_cast<std::size_t>(b)] = hyps[static_cast<std::size_t>(b)].isDone(ts[b][0], curLen);
        }
        std::vector<Tokens> nextSeqs;
        for (int64_t r = 0; r < rows; ++r) {
            nextSeqs.push_back(seqs[static_cast<std::size_t>(nextRows[static_cast<std::size_t>(r)])]);
            nextSeqs.back().push_back(nextTokens[static_cast<std::size_t>(r)]);
        }
        seqs = std::move(nextSeqs);
        beamScores = torch::tensor(nextScores).to(device);
        if (o.useCache) cache.reorder(torch::tensor(nextRows).to(device));
        if (progress && !progress(step + 1, maxSteps)) return {};
        if (std::all_of(done.begin(), done.end(), [](bool d) { return d; })) break;
    }
    // Unfinished entries add their open beams, then each keeps its best.
    const auto finalScores = beamScores.to(torch::kCPU);
    std::vector<Tokens> best;
    std::vector<double> bestScores;
    for (int64_t b = 0; b < batch; ++b) {
        auto& h = hyps[static_cast<std::size_t>(b)];
        if (!done[static_cast<std::size_t>(b)])
            for (int64_t k = 0; k < beams; ++k)
                h.add(seqs[static_cast<std::size_t>(b * beams + k)], finalScores[b * beams + k].item<float>());
        best.push_back(h.best().second);
        bestScores.push_back(h.best().first);
    }
    for (auto& hyp : best)
        if (static_cast<int64_t>(hyp.size()) < o.maxLength) hyp.push_back(o.eosTokenId);
    out.sequences = toTensor(best, o.padTokenId, device);
    out.sequencesScores = torch::tensor(bestScores, torch::kFloat64);
    return out;
}

} // namespace sa
