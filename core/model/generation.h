// Greedy and beam-search generation for BART, step for step as the
// reference's vendored generation_utils.py / generation_beam_search.py: the
// encoder runs once, each source has `num_beams` decoder rows (beams of
// source 0 first, the reference's repeat_interleave order) that share its
// encoder output and cross-attention keys instead of copies, the decoder
// runs one token per step on a self-attention cache whose rows follow the
// beams, and the logits processors run in the official order (no-repeat
// n-gram, min length, forced BOS, forced EOS).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace sa {

class BartModelImpl;

struct GenerationOptions {
    int64_t maxLength = 60; // decoder length including the start token
    int64_t minLength = 10;
    int64_t numBeams = 6; // 1 = greedy
    int64_t noRepeatNgramSize = 3;
    double lengthPenalty = 1.0;
    bool earlyStopping = false;
    std::optional<int64_t> forcedBosTokenId;
    std::optional<int64_t> forcedEosTokenId = 2;
    int64_t decoderStartTokenId = 2;
    int64_t eosTokenId = 2;
    int64_t padTokenId = 1;
    bool useCache = true;
};

struct GenerationOutput {
    torch::Tensor sequences;        // [batch, len] int64, right-padded with pad
    torch::Tensor sequencesScores;  // beam search: [batch] float64, the best hypothesis' score
    torch::Tensor stepScoresChosen; // greedy: [batch, steps] log_softmax of the processed scores at the chosen token
};

// Called after every decoding step with (step, maxSteps); returning false
// stops generation (what has been produced so far is discarded).
using GenerationProgress = std::function<bool(int64_t, int64_t)>;

// Runs under NoGradGuard on the model's device; input ids [batch, src] with
// attention mask. Throws sa::Error for impossible settings (no beams,
// max_length < 1); sa::Cancelled-style stop: returns an undefined
// `sequences` when `progress` asked to stop.
GenerationOutput generate(BartModelImpl& model, const torch::Tensor& inputIds, const torch::Tensor& attentionMask,
                          const GenerationOptions& options, const GenerationProgress& progress = {});

// The processors on next-token scores [rows, vocab] in place, for the
// hypotheses `sequences` [rows, cur_len] (start token included).
void applyLogitsProcessors(torch::Tensor& scores, const torch::Tensor& sequences, const GenerationOptions& options);

} // namespace sa
