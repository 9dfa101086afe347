// The common face of the backbones: one batch in, every tensor the fixtures
// check out. Parameters are registered under the HuggingFace checkpoint names
// (e.g. "bert.encoder.layer.0.attention.self.query.weight"), so a real
// checkpoint loads without a renaming table.
#pragma once

#include "io/model_config.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace sa {

struct Batch {
    torch::Tensor input_ids;         // [batch, seq] int64
    torch::Tensor attention_mask;    // [batch, seq] 1 = token, 0 = padding
    torch::Tensor token_type_ids;    // BERT only; zeros when undefined
    torch::Tensor labels;            // [batch] class ids / scores, or [batch, tgt] for seq2seq (-100 ignored)
    torch::Tensor decoder_input_ids; // BART; derived from labels (or input_ids) when undefined
    torch::Tensor start_positions;   // [batch] question answering: the answer's first token
    torch::Tensor end_positions;     // [batch] and its last token

    // Every defined tensor moved to `device` (undefined ones stay undefined).
    Batch to(torch::Device device) const;
    // Whether the head's loss can be computed (labels, or start and end positions).
    bool hasTargets() const { return labels.defined() || (start_positions.defined() && end_positions.defined()); }
};

struct ModelOutput {
    std::vector<torch::Tensor> hidden_states;         // embedding output, then one per (encoder) layer
    std::vector<torch::Tensor> decoder_hidden_states; // BART
    torch::Tensor last_hidden_state;                  // encoder (BERT/RoBERTa) or decoder (BART)
    torch::Tensor encoder_last_hidden_state;          // BART
    torch::Tensor pooler_output;                      // BERT
    torch::Tensor logits;                             // classification / LM head
    torch::Tensor start_logits, end_logits;           // question answering: [batch, seq] each
    torch::Tensor loss;                               // defined when the batch has targets
};

class LanguageModelImpl : public torch::nn::Module {
public:
    LanguageModelImpl(ModelConfig config, TaskHead head) : config_(std::move(config)), head_(head) {}
    virtual ModelOutput forward(const Batch& batch) = 0;

    const ModelConfig& config() const { return config_; }

    // Logits (and loss) only: hidden states may then be left partial where
    // that saves work (BERT/RoBERTa compute the last layer for the first
    // token alone, all the classification head reads). Off by default so
    // callers that inspect hidden states see them whole; the trainer turns
    // it on.
    void setLogitsOnly(bool on) { logitsOnly_ = on; }
    bool logitsOnly() const { return logitsOnly_; }
    TaskHead head() const { return head_; }

    // Names of parameters that belong to the task head (newly initialised
    // when a checkpoint lacks them, as when fine-tuning a base model).
    virtual bool isHeadParameter(const std::string& name) const = 0;
    // The head parameters a run with a trained head updates: the reference's
    // `--unfreeze_params ef_,classifier` (BERT's pooler stays frozen).
    virtual bool isTrainableHeadParameter(const std::string& name) const { return isHeadParameter(name); }
    // Checkpoint names that alias a registered tensor (tied embeddings):
    // alias -> registered name.
    virtual std::vector<std::pair<std::string, std::string>> tiedAliases() const { return {}; }
    // The prefix of the backbone inside the task model ("bert", "roberta",
    // "model"); checkpoints of the bare backbone omit it.
    virtual std::string basePrefix() const = 0;

private:
    ModelConfig config_;
    TaskHead head_;
    bool logitsOnly_ = false;
};

using LanguageModel = std::shared_ptr<LanguageModelImpl>;

// A model with freshly initialised weights (normal(0, 0.02), LayerNorm 1/0,
// zero biases, zero padding rows), as HF's _init_weights would.
LanguageModel createModel(const ModelConfig& config, TaskHead head);

// The head a checkpoint's config asks for: *ForQuestionAnswering → question
// answering; BART*ForConditionalGeneration / BartModel → seq2seq LM head;
// everything else sequence classification.
TaskHead defaultTaskHead(const ModelConfig& config);

// A batch of random token ids with labels for the model's head (benchmarks):
// sequences end in </s> for BART, labels are class ids or target tokens,
// question answering gets start/end positions.
Batch randomBatch(const ModelConfig& config, TaskHead head, int64_t batch, int64_t seq);

// Parameters counted once (tied tensors are registered once).
int64_t countParameters(const torch::nn::Module& module);

} // namespace sa
