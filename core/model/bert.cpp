#include "model/bert.h"

#include <cmath>

namespace sa {

namespace F = torch::nn::functional;

namespace {

torch::nn::Linear linear(int64_t in, int64_t out) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out));
}

torch::nn::LayerNorm layerNorm(int64_t d, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(eps));
}

// A child registered under a dotted path ("intermediate.dense") through an
// otherwise empty holder module, so names match the checkpoint's.
template <typename M>
M registerNested(torch::nn::Module& parent, const std::string& outer, const std::string& inner, M module) {
    auto holder = std::make_shared<torch::nn::Module>();
    holder->register_module(inner, module);
    parent.register_module(outer, holder);
    return module;
}

} // namespace

BertEmbeddingsImpl::BertEmbeddingsImpl(const ModelConfig& c)
    : robertaPositions(c.architecture == Architecture::Roberta), paddingIdx(c.padTokenId), dropoutP(c.hiddenDropout) {
    word_embeddings = register_module(
        "word_embeddings",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabSize, c.hidden).padding_idx(c.padTokenId)));
    auto positionOptions = torch::nn::EmbeddingOptions(c.maxPositions, c.hidden);
    if (robertaPositions) positionOptions.padding_idx(c.padTokenId);
    position_embeddings = register_module("position_embeddings", torch::nn::Embedding(positionOptions));
    token_type_embeddings = register_module(
        "token_type_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(c.typeVocabSize, c.hidden)));
    LayerNorm = register_module("LayerNorm", layerNorm(c.hidden, c.layerNormEps));
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor& inputIds, const torch::Tensor& tokenTypeIds) {
    torch::Tensor positions;
    if (robertaPositions) {
        // RoBERTa: cumsum(m)·m + padding_idx, so the first real token is at
        // padding_idx + 1 and padding keeps padding_idx.
        auto m = inputIds.ne(paddingIdx).to(torch::kInt64);
        positions = torch::cumsum(m, 1) * m + paddingIdx;
    } else {
        positions = torch::arange(inputIds.size(1), inputIds.options()).unsqueeze(0).expand_as(inputIds);
    }
    auto types = tokenTypeIds.defined() ? tokenTypeIds : torch::zeros_like(inputIds);
    auto x = word_embeddings(inputIds) + token_type_embeddings(types);
    x = x + position_embeddings(positions);
    return trainingDropout(LayerNorm(x), dropoutP, is_training());
}

BertSelfAttentionImpl::BertSelfAttentionImpl(const ModelConfig& c) : heads(c.heads), probsDropout(c.attentionDropout) {
    query = register_module("query", linear(c.hidden, c.hidden));
    key = register_module("key", linear(c.hidden, c.hidden));
    value = register_module("value", linear(c.hidden, c.hidden));
}

torch::Tensor BertSelfAttentionImpl::forward(const torch::Tensor& hidden, const torch::Tensor& additiveMask,
                                             const PrefixKeyValue* prefix, const torch::Tensor& queries) {
    const auto& asking = queries.defined() ? queries : hidden;
    auto qLinear = query(asking), vLinear = value(hidden);
    if (queryLora) qLinear = queryLora.apply(asking, qLinear);
    if (valueLora) vLinear = valueLora.apply(hidden, vLinear);
    auto q = splitHeads(qLinear, heads);
    auto k = splitHeads(key(hidden), heads);
    auto v = splitHeads(vLinear, heads);
    if (prefix) {
        k = prependPrefix(k, prefix->key);
        v = prependPrefix(v, prefix->value);
    }
    const double divisor = std::sqrt(static_cast<double>(q.size(-1)));
    return mergeHeads(attend(q, k, v, additiveMask, divisor, probsDropout, is_training()));
}

BertDenseNormImpl::BertDenseNormImpl(int64_t in, int64_t out, double eps) {
    dense = register_module("dense", linear(in, out));
    LayerNorm = register_module("LayerNorm", layerNorm(out, eps));
}

BertAttentionImpl::BertAttentionImpl(const ModelConfig& c) {
    self = register_module("self", BertSelfAttention(c));
    output = register_module("output", BertDenseNorm(c.hidden, c.hidden, c.layerNormEps));
}

BertLayerImpl::BertLayerImpl(const ModelConfig& c)
    : act(activationByName(c.activation)), hiddenDropout(c.hiddenDropout) {
    attention = register_module("attention", BertAttention(c));
    intermediate_dense = registerNested(*this, "intermediate", "dense", linear(c.hidden, c.intermediate));
    output = register_module("output", BertDenseNorm(c.intermediate, c.hidden, c.layerNormEps));
}

torch::Tensor BertLayerImpl::fuse(AdapterFusion& fusion, std::vector<BottleneckAdapter>& adapters,
                                  const torch::Tensor& input, const torch::Tensor& query, const torch::Tensor& residual,
                                  const torch::Tensor& additiveMask) {
    std::vector<torch::Tensor> outputs;
    outputs.reserve(adapters.size());
    for (auto& adapter : adapters)
        outputs.push_back(adapter->forward(input, torch::Tensor(), /*addResidual=*/false));
    // Real tokens for the attention tally (evaluation only): the additive
    // mask is 0 there. A first-token-only layer asks for position 0 alone.
    torch::Tensor positions;
    if (fusion->tallying())
        positions = additiveMask.reshape({input.size(0), -1}).eq(0).narrow(1, 0, input.size(1)).to(input.scalar_type());
    return fusion->forward(query, torch::stack(outputs, 2), residual, positions).output;
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& hidden, const torch::Tensor& additiveMask,
                                     const PrefixKeyValue* prefix, bool firstTokenOnly) {
    auto& attnOut = *attention->output;
    const bool training = is_training();
    const auto residual = firstTokenOnly ? hidden.narrow(1, 0, 1) : hidden;
    const auto context =
        attention->self->forward(hidden, additiveMask, prefix, firstTokenOnly ? residual : torch::Tensor());
    auto a = trainingDropout(attnOut.dense(context), hiddenDropout, training);
    if (attnAdapter) a = attnAdapter(a);
    if (attnFusion) a = fuse(attnFusion, fusedAttnAdapters, a, a, a, additiveMask);
    const auto x = attnOut.LayerNorm(a + residual);

    auto& out = *output;
    auto y = trainingDropout(out.dense(act(intermediate_dense(x))), hiddenDropout, training);
    if (ffnFusion) {
        // Where each placement feeds its one adapter, the fused adapters are
        // fed; the fusion's residual is the one that adapter would add (none
        // for the parallel placement, whose output joins the sum instead).
        switch (ffnPlacement) {
        case FfnPlacement::Sequential:
            return out.LayerNorm(fuse(ffnFusion, fusedFfnAdapters, y, y, y, additiveMask) + x);
        case FfnPlacement::Pfeiffer: {
            const auto sum = y + x;
            const auto h = out.LayerNorm(sum);
            const auto& query = ffnFusion->options().queryBeforeLn ? sum : h;
            return out.LayerNorm(fuse(ffnFusion, fusedFfnAdapters, h, query, y, additiveMask) + x);
        }
        case FfnPlacement::Parallel:
            return out.LayerNorm(y + fuse(ffnFusion, fusedFfnAdapters, x, x, torch::zeros_like(x), additiveMask) + x);
        }
    }
    if (!ffnAdapter) return out.LayerNorm(y + x);
    switch (ffnPlacement) {
    case FfnPlacement::Sequential:
        return out.LayerNorm(ffnAdapter(y) + x);
    case FfnPlacement::Pfeiffer:
        // The reference applies the same output.LayerNorm twice.
        return out.LayerNorm(ffnAdapter(out.LayerNorm(y + x), y) + x);
    case FfnPlacement::Parallel:
        return out.LayerNorm(y + ffnAdapter->forward(x, torch::Tensor(), /*addResidual=*/false) + x);
    }
    return {};
}

BertBackboneImpl::BertBackboneImpl(const ModelConfig& c, bool withPooler) {
    embeddings = register_module("embeddings", BertEmbeddings(c));
    layers = torch::nn::ModuleList();
    for (int64_t i = 0; i < c.layers; ++i)
        layers->push_back(BertLayer(c));
    registerNested(*this, "encoder", "layer", layers);
    if (withPooler) pooler_dense = registerNested(*this, "pooler", "dense", linear(c.hidden, c.hidden));
}

BertTaskModelImpl::BertTaskModelImpl(const ModelConfig& c, TaskHead head, bool withPooler)
    : LanguageModelImpl(c, head) {
    backbone_ = register_module(basePrefix(), BertBackbone(c, withPooler));
}

void BertTaskModelImpl::setPrefixEncoder(PrefixEncoder prefix) {
    prefix_ = register_module("prompt_model", std::move(prefix));
}

std::string BertTaskModelImpl::basePrefix() const {
    return config().architecture == Architecture::Bert ? "bert" : "roberta";
}

torch::Tensor BertTaskModelImpl::encode(const Batch& batch, ModelOutput& out, bool firstTokenOnly) {
    auto& b = *backbone_;
    auto mask = batch.attention_mask.defined() ? batch.attention_mask : torch::ones_like(batch.input_ids);
    auto additive = bertAttentionMask(mask, b.embeddings->word_embeddings->weight.scalar_type());
    std::vector<PrefixKeyValue> prefix;
    if (prefix_) {
        prefix = prefix_->keyValues(PrefixEncoderImpl::Site::Self);
        additive = prependVisible(additive, prefix_->length());
    }
    auto h = b.embeddings(batch.input_ids, batch.token_type_ids);
    out.hidden_states.push_back(h);
    for (std::size_t i = 0; i < b.layers->size(); ++i) {
        const bool firstOnly = firstTokenOnly && i + 1 == b.layers->size();
        h = b.layers[i]->as<BertLayer>()->forward(h, additive, prefix.empty() ? nullptr : &prefix[i], firstOnly);
        out.hidden_states.push_back(h);
    }
    out.last_hidden_state = h;
    return h;
}

BertForSequenceClassificationImpl::BertForSequenceClassificationImpl(const ModelConfig& c)
    : BertTaskModelImpl(c, TaskHead::SequenceClassification, /*withPooler=*/c.architecture == Architecture::Bert),
      headDropout_(c.classifierDropout) {
    if (c.architecture == Architecture::Bert) {
        classifier_ = register_module("classifier", linear(c.hidden, c.numLabels));
    } else {
        auto head = std::make_shared<torch::nn::Module>();
        headDense_ = head->register_module("dense", linear(c.hidden, c.hidden));
        headOut_ = head->register_module("out_proj", linear(c.hidden, c.numLabels));
        register_module("classifier", head);
    }
}

bool BertForSequenceClassificationImpl::isHeadParameter(const std::string& name) const {
    return name.rfind("classifier.", 0) == 0 || name.rfind("bert.pooler.", 0) == 0;
}

bool BertForSequenceClassificationImpl::isTrainableHeadParameter(const std::string& name) const {
    return name.rfind("classifier.", 0) == 0;
}

ModelOutput BertForSequenceClassificationImpl::forward(const Batch& batch) {
    ModelOutput out;
    // The head reads position 0 only: with logitsOnly the last layer
    // computes nothing else (its hidden state is then [batch, 1, hidden]).
    const auto h = encode(batch, out, logitsOnly());
    auto first = h.select(1, 0); // [batch, hidden]: the [CLS] / <s> position
    const bool training = is_training();
    if (classifier_) {
        out.pooler_output = torch::tanh(backbone()->pooler_dense(first));
        out.logits = classifier_(trainingDropout(out.pooler_output, headDropout_, training));
    } else {
        auto x = torch::tanh(headDense_(trainingDropout(first, headDropout_, training)));
        out.logits = headOut_(trainingDropout(x, headDropout_, training));
    }
    if (batch.labels.defined()) out.loss = classificationLoss(out.logits, batch.labels);
    return out;
}

BertForQuestionAnsweringImpl::BertForQuestionAnsweringImpl(const ModelConfig& c)
    : BertTaskModelImpl(c, TaskHead::QuestionAnswering, /*withPooler=*/false) {
    qaOutputs_ = register_module("qa_outputs", linear(c.hidden, 2));
}

bool BertForQuestionAnsweringImpl::isHeadParameter(const std::string& name) const {
    return name.rfind("qa_outputs.", 0) == 0;
}

ModelOutput BertForQuestionAnsweringImpl::forward(const Batch& batch) {
    ModelOutput out;
    const auto h = encode(batch, out, /*firstTokenOnly=*/false);
    splitSpanLogits(qaOutputs_(h), out.start_logits, out.end_logits); // [batch, seq] each
    if (batch.start_positions.defined() && batch.end_positions.defined())
        out.loss = spanLoss(out.start_logits, out.end_logits, batch.start_positions, batch.end_positions).total;
    return out;
}

} // namespace sa
