// BART encoder-decoder (HF BartForConditionalGeneration,
// BartForSequenceClassification and BartForQuestionAnswering names). Post-LN by default; pre-LN with a
// final layer_norm when the config sets normalize_before (mBART-style).
#pragma once

#include "adapters/bottleneck_adapter.h"
#include "adapters/prefix_encoder.h"
#include "model/language_model.h"
#include "model/layers.h"

namespace sa {

// Projected keys and values an attention module keeps between decoding
// steps: [rows, heads, len, head_dim]. Self-attention appends the new
// token's; cross-attention computes the encoder's once.
struct AttentionCache {
    torch::Tensor key, value;
};

struct BartAttentionImpl : torch::nn::Module {
    BartAttentionImpl(int64_t dModel, int64_t heads);
    // query [batch, tgt, d], keyValue [batch, src, d], mask [batch|1, 1, tgt,
    // src] or undefined (all visible); with `prefix`, P keys/values go in
    // front and the mask must already cover them. With `cache` (decoding),
    // self-attention (`staticKeys` false) appends this call's keys/values to
    // the cached ones, cross-attention (`staticKeys` true) projects
    // keyValue only on the first call; the prefix is never cached.
    // Beam search: keyValue may hold one row per group of query rows
    // (query [batch·g, tgt, d], keyValue [batch, src, d], mask [batch, 1,
    // g·tgt, src]): the g beams of a source attend to its one copy of the
    // keys as g·tgt query positions.
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& keyValue, const torch::Tensor& mask,
                          const PrefixKeyValue* prefix = nullptr, AttentionCache* cache = nullptr,
                          bool staticKeys = false);
    torch::nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};
    // The reference's attention adapter sits inside BartAttention for all
    // three attention kinds: sequential after out_proj, parallel from the
    // query-side input, added to the merged heads before out_proj.
    BottleneckAdapter adapter{nullptr}; // registered as ef_attn_adapter
    AttnPlacement adapterPlacement = AttnPlacement::Sequential;
    int64_t heads;
    double probsDropout = 0.0;
};
TORCH_MODULE(BartAttention);

struct BartLayerImpl : torch::nn::Module {
    BartLayerImpl(const ModelConfig& c, bool decoder);
    // Prefixes (may be null) for self- and cross-attention of this layer;
    // caches (may be null) when decoding step by step.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& selfMask, const torch::Tensor& encoderOut,
                          const torch::Tensor& crossMask, const PrefixKeyValue* selfPrefix = nullptr,
                          const PrefixKeyValue* crossPrefix = nullptr, AttentionCache* selfCache = nullptr,
                          AttentionCache* crossCache = nullptr);
    BartAttention self_attn{nullptr}, encoder_attn{nullptr};
    BottleneckAdapter ffnAdapter{nullptr}; // registered as ef_ffn_adapter
    FfnPlacement ffnPlacement = FfnPlacement::Sequential;
    torch::nn::LayerNorm self_attn_layer_norm{nullptr}, encoder_attn_layer_norm{nullptr}, final_layer_norm{nullptr};
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
    Activation act;
    bool preNorm;
    double hiddenDropout, activationDropout;
};
TORCH_MODULE(BartLayer);

// The decoder's state between generation steps: one self- and one
// cross-attention cache per layer, and the prefix keys/values (computed
// once per generation, prepended at every step, never reordered: all rows
// of a prefix are identical). Cross-attention keys hold one row per source,
// shared by its beams, so only self-attention follows the beams.
struct DecoderCache {
    std::vector<AttentionCache> self, cross;
    std::vector<PrefixKeyValue> selfPrefix, crossPrefix;
    bool prefixReady = false;
    int64_t length() const { return self.empty() || !self[0].key.defined() ? 0 : self[0].key.size(2); }
    // Keep row rows[i] as row i (beam search; a beam moves only among the
    // beams of its own source).
    void reorder(const torch::Tensor& rows);
};

// The encoder's output for generation, with its padding mask. Beam search
// does not copy it per beam (the reference's repeat_interleave): decoder
// rows b·beams … b·beams + beams − 1 read source row b, and its
// cross-attention keys and values are projected and cached once, not once
// per beam.
struct EncodedSource {
    torch::Tensor hidden;        // [sources, src, d]
    torch::Tensor attentionMask; // [sources, src], 1 = token
    int64_t beams = 1;           // decoder rows per source row
};

// One stack: embed_positions, layernorm_embedding, layers.N, [layer_norm].
// The token embedding is the shared table, held but not registered here.
struct BartStackImpl : torch::nn::Module {
    BartStackImpl(const ModelConfig& c, bool decoder);
    // Returns the hidden states: input of every layer, then the final output.
    std::vector<torch::Tensor> forward(const torch::Tensor& ids, const torch::Tensor& shared,
                                       const torch::Tensor& selfMask, const torch::Tensor& encoderOut,
                                       const torch::Tensor& crossMask,
                                       const std::vector<PrefixKeyValue>& selfPrefix = {},
                                       const std::vector<PrefixKeyValue>& crossPrefix = {},
                                       DecoderCache* cache = nullptr);
    torch::nn::Embedding embed_positions{nullptr};
    torch::nn::LayerNorm layernorm_embedding{nullptr}, layer_norm{nullptr};
    torch::nn::ModuleList layers{nullptr};
    double embedScale;
    double dropoutP;
};
TORCH_MODULE(BartStack);

class BartModelImpl : public LanguageModelImpl {
public:
    BartModelImpl(const ModelConfig& c, TaskHead head);
    ModelOutput forward(const Batch& batch) override;
    bool isHeadParameter(const std::string& name) const override;
    std::vector<std::pair<std::string, std::string>> tiedAliases() const override;
    std::string basePrefix() const override { return "model"; }

    BartStack& encoder() { return encoder_; }
    BartStack& decoder() { return decoder_; }
    void setPrefixEncoder(PrefixEncoder prefix);

    // Generation: the encoder once, then the LM logits of the last decoder
    // position [rows, vocab] for `decoderIds` [rows, t]. With a cache, pass
    // only the ids the cache has not seen (one per step after the first).
    EncodedSource encode(const torch::Tensor& inputIds, const torch::Tensor& attentionMask);
    torch::Tensor nextTokenLogits(const torch::Tensor& decoderIds, const EncodedSource& source,
                                  DecoderCache* cache = nullptr);
    // The loss the trainer uses: mean cross-entropy, label-smoothed as the
    // official trainer's LabelSmoother when epsilon > 0.
    void setLabelSmoothing(double epsilon) { labelSmoothing_ = epsilon; }

private:
    PrefixEncoder prefix_{nullptr};
    torch::nn::Embedding shared_{nullptr};
    BartStack encoder_{nullptr}, decoder_{nullptr};
    torch::Tensor finalLogitsBias_;                           // [1, vocab] buffer
    torch::nn::Linear headDense_{nullptr}, headOut_{nullptr}; // classification_head
    torch::nn::Linear qaOutputs_{nullptr};                    // qa_outputs on the decoder's states
    double labelSmoothing_ = 0.0;
};

// [2] + labels[:-1], with -100 replaced by the pad id (HF shift_tokens_right).
torch::Tensor shiftTokensRight(const torch::Tensor& labels, int64_t padId, int64_t decoderStartId);

// trainer_pt_utils.LabelSmoother: (1-ε)·mean(−log p[label]) + ε·mean(−Σ_v log p[v])/V
// over labels ≠ -100; ε = 0 is the plain cross-entropy.
torch::Tensor labelSmoothedLoss(const torch::Tensor& logits, const torch::Tensor& labels, double epsilon);

} // namespace sa
