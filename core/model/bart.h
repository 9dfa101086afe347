// BART encoder-decoder (HF BartForConditionalGeneration,
// BartForSequenceClassification and BartForQuestionAnswering names). Post-LN by default; pre-LN with a
// final layer_norm when the config sets normalize_before (mBART-style).
#pragma once

#include "adapters/bottleneck_adapter.h"
#include "adapters/prefix_encoder.h"
#include "model/language_model.h"
#include "model/layers.h"

namespace sa {

struct BartAttentionImpl : torch::nn::Module {
    BartAttentionImpl(int64_t dModel, int64_t heads);
    // query [batch, tgt, d], keyValue [batch, src, d], mask [batch|1, 1, tgt,
    // src]; with `prefix`, P keys/values go in front and the mask must
    // already cover them.
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& keyValue, const torch::Tensor& mask,
                          const PrefixKeyValue* prefix = nullptr);
    torch::nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};
    // The reference's sequential attention adapter sits inside BartAttention,
    // after out_proj, for all three attention kinds.
    BottleneckAdapter adapter{nullptr}; // registered as ef_attn_adapter
    int64_t heads;
    double probsDropout = 0.0;
};
TORCH_MODULE(BartAttention);

struct BartLayerImpl : torch::nn::Module {
    BartLayerImpl(const ModelConfig& c, bool decoder);
    // Prefixes (may be null) for self- and cross-attention of this layer.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& selfMask, const torch::Tensor& encoderOut,
                          const torch::Tensor& crossMask, const PrefixKeyValue* selfPrefix = nullptr,
                          const PrefixKeyValue* crossPrefix = nullptr);
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

// One stack: embed_positions, layernorm_embedding, layers.N, [layer_norm].
// The token embedding is the shared table, held but not registered here.
struct BartStackImpl : torch::nn::Module {
    BartStackImpl(const ModelConfig& c, bool decoder);
    // Returns the hidden states: input of every layer, then the final output.
    std::vector<torch::Tensor> forward(const torch::Tensor& ids, const torch::Tensor& shared,
                                       const torch::Tensor& selfMask, const torch::Tensor& encoderOut,
                                       const torch::Tensor& crossMask,
                                       const std::vector<PrefixKeyValue>& selfPrefix = {},
                                       const std::vector<PrefixKeyValue>& crossPrefix = {});
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

private:
    PrefixEncoder prefix_{nullptr};
    torch::nn::Embedding shared_{nullptr};
    BartStack encoder_{nullptr}, decoder_{nullptr};
    torch::Tensor finalLogitsBias_;                           // [1, vocab] buffer
    torch::nn::Linear headDense_{nullptr}, headOut_{nullptr}; // classification_head
    torch::nn::Linear qaOutputs_{nullptr};                    // qa_outputs on the decoder's states
};

// [2] + labels[:-1], with -100 replaced by the pad id (HF shift_tokens_right).
torch::Tensor shiftTokensRight(const torch::Tensor& labels, int64_t padId, int64_t decoderStartId);

} // namespace sa
