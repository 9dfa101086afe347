// Building blocks shared by the backbones: activations, attention masks and
// scaled dot-product attention, in the exact numerical order of the
// reference implementation (parity is checked to 1e-5).
#pragma once

#include <torch/torch.h>

#include <string>

namespace sa {

// hidden_act / activation_function of a HF config: gelu (erf), gelu_new /
// gelu_fast (tanh approximation), relu, silu / swish, tanh. Throws sa::Error
// for anything else.
using Activation = torch::Tensor (*)(const torch::Tensor&);
Activation activationByName(const std::string& name);

// BERT/RoBERTa: additive mask (1 - mask) * -10000 on [batch, 1, 1, seq].
torch::Tensor bertAttentionMask(const torch::Tensor& attentionMask, torch::ScalarType dtype);
// BART: padding mask filled with finfo(dtype).min on [batch, 1, tgt, src].
torch::Tensor bartPaddingMask(const torch::Tensor& attentionMask, int64_t targetLength, torch::ScalarType dtype);
// BART decoder: -inf above the diagonal, [1, 1, seq, seq].
torch::Tensor causalMask(int64_t length, torch::ScalarType dtype, torch::Device device);

// [batch, seq, hidden] -> [batch, heads, seq, head_dim]
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
// [batch, heads, seq, head_dim] -> [batch, seq, hidden]
torch::Tensor mergeHeads(const torch::Tensor& x);

// softmax(q·kᵀ / scoreDivisor + mask)·v on split heads. BERT divides the
// scores by √d_head; BART scales q beforehand and passes 1. `probsDropout`
// applies to the attention probabilities (training only).
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& additiveMask, double scoreDivisor = 1.0, double probsDropout = 0.0,
                     bool training = false);

// Inverted dropout in training mode; the input itself (no copy, no random
// draw) when not training or p = 0, so eval and p = 0 are bit-identical.
torch::Tensor trainingDropout(const torch::Tensor& x, double p, bool training);

// Mean cross-entropy over labels != -100 (classification and LM), or mean
// squared error when the head has one output (GLUE STS-B regression).
torch::Tensor classificationLoss(const torch::Tensor& logits, const torch::Tensor& labels);

// HF's extractive QA loss (BertForQuestionAnswering and its kin): positions
// clamped to [0, L] (L = sequence length), L itself ignored, the mean
// cross-entropy of the start and of the end logits ([batch, L] each), and
// their average. Logits of every position count, padding included.
struct SpanLoss {
    torch::Tensor start, end, total;
};
SpanLoss spanLoss(const torch::Tensor& startLogits, const torch::Tensor& endLogits, const torch::Tensor& startPositions,
                  const torch::Tensor& endPositions);

// Start and end logits from a [batch, seq, 2] qa_outputs projection.
void splitSpanLogits(const torch::Tensor& logits, torch::Tensor& start, torch::Tensor& end);

} // namespace sa
