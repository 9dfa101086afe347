// BERT and RoBERTa encoders (post-LN) with their task heads, named as in HF's
// Bert/RobertaForSequenceClassification and Bert/RobertaForQuestionAnswering.
#pragma once

#include "adapters/adapter_fusion.h"
#include "adapters/bottleneck_adapter.h"
#include "adapters/lora.h"
#include "adapters/prefix_encoder.h"
#include "model/language_model.h"
#include "model/layers.h"

namespace sa {

struct BertEmbeddingsImpl : torch::nn::Module {
    explicit BertEmbeddingsImpl(const ModelConfig& c);
    // [batch, seq] ids -> [batch, seq, hidden]
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& tokenTypeIds);

    torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
    bool robertaPositions = false;
    int64_t paddingIdx = 0;
    double dropoutP = 0.0;
};
TORCH_MODULE(BertEmbeddings);

struct BertSelfAttentionImpl : torch::nn::Module {
    explicit BertSelfAttentionImpl(const ModelConfig& c);
    // [batch, seq, hidden] -> context [batch, seq, hidden]; `prefix` (may be
    // null) adds P keys/values in front of the tokens' (prefix tuning), and
    // `additiveMask` must then already cover them.
    // `queries` (defined) are the positions that ask; keys and values still
    // come from every position of `hidden` (the CLS-only last layer).
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& additiveMask,
                          const PrefixKeyValue* prefix = nullptr, const torch::Tensor& queries = {});
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
    Lora queryLora, valueLora; // set when LoRA is attached
    int64_t heads;
    double probsDropout = 0.0;
};
TORCH_MODULE(BertSelfAttention);

// The dense + LayerNorm pair of BertSelfOutput and BertOutput; BertLayer
// composes them (with the adapters between dense and LayerNorm).
struct BertDenseNormImpl : torch::nn::Module {
    BertDenseNormImpl(int64_t in, int64_t out, double eps);
    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertDenseNorm);

struct BertAttentionImpl : torch::nn::Module {
    explicit BertAttentionImpl(const ModelConfig& c);
    BertSelfAttention self{nullptr};
    BertDenseNorm output{nullptr};
};
TORCH_MODULE(BertAttention);

struct BertLayerImpl : torch::nn::Module {
    explicit BertLayerImpl(const ModelConfig& c);
    // firstTokenOnly: the output holds position 0 alone ([batch, 1, hidden]);
    // attention still reads every position. Same values as the full layer's
    // first row, at a fraction of the cost.
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& additiveMask,
                          const PrefixKeyValue* prefix = nullptr, bool firstTokenOnly = false);
    BertAttention attention{nullptr};
    torch::nn::Linear intermediate_dense{nullptr}; // registered as intermediate.dense
    BertDenseNorm output{nullptr};
    Activation act;
    double hiddenDropout = 0.0; // after attention.output.dense and output.dense, before the adapters

    // Adapters (fixtures README 3.1), attached by attachAdapters(): the
    // attention adapter after attention.output.dense; the FFN adapter after
    // output.dense (sequential), after output.LayerNorm (Pfeiffer), or beside
    // the FFN (parallel).
    BottleneckAdapter attnAdapter{nullptr}, ffnAdapter{nullptr};
    FfnPlacement ffnPlacement = FfnPlacement::Sequential;

    // AdapterFusion (adapters/fusion_attach.h): at a site, the sources'
    // adapters (frozen) mixed by a fusion layer, in place of one adapter.
    std::vector<BottleneckAdapter> fusedAttnAdapters, fusedFfnAdapters;
    AdapterFusion attnFusion{nullptr}, ffnFusion{nullptr};

private:
    // The fusion of `adapters` on `input`: each adapter's scaled output
    // (without its residual) is a key and value, `query` asks.
    torch::Tensor fuse(AdapterFusion& fusion, std::vector<BottleneckAdapter>& adapters, const torch::Tensor& input,
                       const torch::Tensor& query, const torch::Tensor& residual, const torch::Tensor& additiveMask);
};
TORCH_MODULE(BertLayer);

// The backbone: embeddings, encoder.layer.N, and (BERT) pooler.dense.
struct BertBackboneImpl : torch::nn::Module {
    BertBackboneImpl(const ModelConfig& c, bool withPooler);
    BertEmbeddings embeddings{nullptr};
    torch::nn::ModuleList layers{nullptr};   // registered as encoder.layer
    torch::nn::Linear pooler_dense{nullptr}; // registered as pooler.dense
};
TORCH_MODULE(BertBackbone);

// The backbone under "bert" / "roberta" (and the prefix network under
// "prompt_model"), shared by the task models below; adapters attach here.
class BertTaskModelImpl : public LanguageModelImpl {
public:
    std::string basePrefix() const override;
    BertBackbone& backbone() { return backbone_; }
    void setPrefixEncoder(PrefixEncoder prefix);

protected:
    BertTaskModelImpl(const ModelConfig& c, TaskHead head, bool withPooler);
    // Embeddings and every layer: the last hidden state [batch, seq, hidden]
    // ([batch, 1, hidden] with firstTokenOnly: the last layer computes
    // position 0 alone); out.hidden_states gets every layer's output.
    torch::Tensor encode(const Batch& batch, ModelOutput& out, bool firstTokenOnly);

private:
    BertBackbone backbone_{nullptr};
    PrefixEncoder prefix_{nullptr};
};

class BertForSequenceClassificationImpl : public BertTaskModelImpl {
public:
    explicit BertForSequenceClassificationImpl(const ModelConfig& c);
    ModelOutput forward(const Batch& batch) override;
    bool isHeadParameter(const std::string& name) const override;
    bool isTrainableHeadParameter(const std::string& name) const override;

private:
    torch::nn::Linear classifier_{nullptr};                   // BERT: classifier
    torch::nn::Linear headDense_{nullptr}, headOut_{nullptr}; // RoBERTa: classifier.{dense,out_proj}
    double headDropout_ = 0.0;
};

// Extractive QA: qa_outputs = Linear(hidden, 2) on every position; no pooler
// (HF builds the backbone with add_pooling_layer=False).
class BertForQuestionAnsweringImpl : public BertTaskModelImpl {
public:
    explicit BertForQuestionAnsweringImpl(const ModelConfig& c);
    ModelOutput forward(const Batch& batch) override;
    bool isHeadParameter(const std::string& name) const override;

private:
    torch::nn::Linear qaOutputs_{nullptr};
};

} // namespace sa
