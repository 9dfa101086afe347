#include "model/bart.h"

#include "error.h"
#include "model/few_rows_linear.h"

#include <cmath>

namespace sa {
namespace {

torch::nn::Linear linear(int64_t in, int64_t out) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out));
}

torch::nn::LayerNorm layerNorm(int64_t d, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(eps));
}

} // namespace

torch::Tensor shiftTokensRight(const torch::Tensor& labels, int64_t padId, int64_t decoderStartId) {
    auto shifted = torch::empty_like(labels);
    shifted.slice(1, 1).copy_(labels.slice(1, 0, -1));
    shifted.select(1, 0).fill_(decoderStartId);
    return shifted.masked_fill(shifted.eq(-100), padId);
}

torch::Tensor labelSmoothedLoss(const torch::Tensor& logits, const torch::Tensor& labels, double epsilon) {
    if (epsilon <= 0.0) return classificationLoss(logits, labels);
    const auto logProbs = -torch::log_softmax(logits, -1);
    const auto padding = labels.eq(-100).unsqueeze(-1);
    const auto nll = logProbs.gather(-1, labels.clamp_min(0).unsqueeze(-1)).masked_fill(padding, 0.0);
    const auto smoothed = logProbs.sum(-1, true, torch::kFloat32).masked_fill(padding, 0.0);
    const auto active = padding.numel() - padding.sum().item<int64_t>();
    return (1.0 - epsilon) * (nll.sum() / active) +
           epsilon * (smoothed.sum() / (active * static_cast<double>(logits.size(-1))));
}

void DecoderCache::reorder(const torch::Tensor& rows) {
    // The cross-attention cache holds one row per source, the same for all
    // of its beams: nothing to move.
    for (auto& c : self) {
        c.key = c.key.index_select(0, rows);
        c.value = c.value.index_select(0, rows);
    }
}

namespace {

// [sources·g, heads, t, dh] → [sources, heads, g·t, dh]: the g beams of a
// source as more query positions against its keys.
torch::Tensor groupBeams(const torch::Tensor& x, int64_t g) {
    const auto rows = x.size(0), heads = x.size(1), t = x.size(2), d = x.size(3);
    return x.view({rows / g, g, heads, t, d}).permute({0, 2, 1, 3, 4}).reshape({rows / g, heads, g * t, d});
}

// attend() for one query position per row and head (a decoding step of
// self-attention): ATen's CPU matmul would run rows × heads small GEMMs one
// by one (bmm's fallback loop: 384 dispatcher calls per layer and step at 6
// beams × 2 sources × 16 heads, a third of bart-large's decoding time); a
// broadcast product and a sum read the keys and values once.
torch::Tensor attendOneQuery(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                             const torch::Tensor& additiveMask, double probsDropout, bool training) {
    auto scores = (q * k).sum(-1).unsqueeze(-2); // [rows, heads, 1, keys]
    if (additiveMask.defined()) scores = scores + additiveMask;
    const auto probs = trainingDropout(torch::softmax(scores, -1), probsDropout, training);
    return (probs.transpose(-1, -2) * v).sum(-2, true); // [rows, heads, 1, dh]
}

// The inverse of groupBeams.
torch::Tensor ungroupBeams(const torch::Tensor& x, int64_t g) {
    const auto sources = x.size(0), heads = x.size(1), t = x.size(2) / g, d = x.size(3);
    return x.view({sources, heads, g, t, d}).permute({0, 2, 1, 3, 4}).reshape({sources * g, heads, t, d});
}

} // namespace

BartAttentionImpl::BartAttentionImpl(int64_t dModel, int64_t heads_) : heads(heads_) {
    k_proj = register_module("k_proj", linear(dModel, dModel));
    v_proj = register_module("v_proj", linear(dModel, dModel));
    q_proj = register_module("q_proj", linear(dModel, dModel));
    out_proj = register_module("out_proj", linear(dModel, dModel));
}

torch::Tensor BartAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& keyValue,
                                         const torch::Tensor& mask, const PrefixKeyValue* prefix, AttentionCache* cache,
                                         bool staticKeys) {
    const double scaling = std::pow(static_cast<double>(query.size(-1) / heads), -0.5);
    auto q = splitHeads(fewRowsLinear(q_proj, query) * scaling, heads);
    torch::Tensor k, v;
    if (cache && staticKeys && cache->key.defined()) {
        k = cache->key;
        v = cache->value;
    } else {
        k = splitHeads(fewRowsLinear(k_proj, keyValue), heads);
        v = splitHeads(fewRowsLinear(v_proj, keyValue), heads);
        if (cache && !staticKeys && cache->key.defined()) {
            k = torch::cat({cache->key, k}, 2);
            v = torch::cat({cache->value, v}, 2);
        }
        if (cache) *cache = {k, v};
    }
    if (prefix) {
        k = prependPrefix(k, prefix->key);
        v = prependPrefix(v, prefix->value);
    }
    const int64_t groups = q.size(0) / k.size(0); // beams per source row in cross-attention
    torch::Tensor attended;
    if (cache && !staticKeys && q.size(2) == 1)
        attended = attendOneQuery(q, k, v, mask, probsDropout, is_training());
    else
        attended = attend(groups > 1 ? groupBeams(q, groups) : q, k, v, mask, 1.0, probsDropout, is_training());
    auto context = mergeHeads(groups > 1 ? ungroupBeams(attended, groups) : attended);
    if (!adapter) return fewRowsLinear(out_proj, context);
    if (adapterPlacement == AttnPlacement::Parallel)
        return fewRowsLinear(out_proj, context + adapter->forward(query, {}, false));
    return adapter(fewRowsLinear(out_proj, context));
}

BartLayerImpl::BartLayerImpl(const ModelConfig& c, bool decoder)
    : act(activationByName(c.activation)), preNorm(c.normalizeBefore), hiddenDropout(c.hiddenDropout),
      activationDropout(c.activationDropout) {
    const auto heads = decoder ? c.decoderHeads : c.encoderHeads;
    const auto ffn = decoder ? c.decoderFfn : c.encoderFfn;
    self_attn = register_module("self_attn", BartAttention(c.hidden, heads));
    self_attn->probsDropout = c.attentionDropout;
    self_attn_layer_norm = register_module("self_attn_layer_norm", layerNorm(c.hidden, c.layerNormEps));
    if (decoder) {
        encoder_attn = register_module("encoder_attn", BartAttention(c.hidden, heads));
        encoder_attn->probsDropout = c.attentionDropout;
        encoder_attn_layer_norm = register_module("encoder_attn_layer_norm", layerNorm(c.hidden, c.layerNormEps));
    }
    fc1 = register_module("fc1", linear(c.hidden, ffn));
    fc2 = register_module("fc2", linear(ffn, c.hidden));
    final_layer_norm = register_module("final_layer_norm", layerNorm(c.hidden, c.layerNormEps));
}

torch::Tensor BartLayerImpl::forward(const torch::Tensor& input, const torch::Tensor& selfMask,
                                     const torch::Tensor& encoderOut, const torch::Tensor& crossMask,
                                     const PrefixKeyValue* selfPrefix, const PrefixKeyValue* crossPrefix,
                                     AttentionCache* selfCache, AttentionCache* crossCache) {
    // Each sub-block: residual + f(x), normalised after (post-LN) or before (pre-LN).
    const bool training = is_training();
    auto block = [&](const torch::Tensor& x, torch::nn::LayerNorm& norm, auto&& f) {
        if (preNorm) return x + trainingDropout(f(norm(x)), hiddenDropout, training);
        return norm(x + trainingDropout(f(x), hiddenDropout, training));
    };
    auto x = block(input, self_attn_layer_norm,
                   [&](const torch::Tensor& h) { return self_attn->forward(h, h, selfMask, selfPrefix, selfCache); });
    if (encoder_attn)
        x = block(x, encoder_attn_layer_norm, [&](const torch::Tensor& h) {
            return encoder_attn->forward(h, encoderOut, crossMask, crossPrefix, crossCache, true);
        });
    return block(x, final_layer_norm, [&](const torch::Tensor& h) {
        auto y = fewRowsLinear(fc2, trainingDropout(act(fewRowsLinear(fc1, h)), activationDropout, training));
        if (!ffnAdapter) return y;
        // Sequential: on the fc2 output (its own residual); parallel: from the
        // FFN input, added to the fc2 output (the reference has no Pfeiffer
        // placement for BART).
        return ffnPlacement == FfnPlacement::Parallel ? y + ffnAdapter->forward(h, torch::Tensor(), false)
                                                      : ffnAdapter(y);
    });
}

BartStackImpl::BartStackImpl(const ModelConfig& c, bool decoder)
    : embedScale(c.scaleEmbedding ? std::sqrt(static_cast<double>(c.hidden)) : 1.0), dropoutP(c.hiddenDropout) {
    embed_positions = register_module("embed_positions", torch::nn::Embedding(torch::nn::EmbeddingOptions(
                                                             c.maxPositions + c.positionOffset(), c.hidden)));
    layers = torch::nn::ModuleList();
    const auto n = decoder ? c.decoderLayers : c.encoderLayers;
    for (int64_t i = 0; i < n; ++i)
        layers->push_back(BartLayer(c, decoder));
    register_module("layers", layers);
    layernorm_embedding = register_module("layernorm_embedding", layerNorm(c.hidden, c.layerNormEps));
    if (c.addFinalLayerNorm) layer_norm = register_module("layer_norm", layerNorm(c.hidden, c.layerNormEps));
}

std::vector<torch::Tensor> BartStackImpl::forward(const torch::Tensor& ids, const torch::Tensor& shared,
                                                  const torch::Tensor& selfMask, const torch::Tensor& encoderOut,
                                                  const torch::Tensor& crossMask,
                                                  const std::vector<PrefixKeyValue>& selfPrefix,
                                                  const std::vector<PrefixKeyValue>& crossPrefix, DecoderCache* cache) {
    const auto past = cache ? cache->length() : 0;
    const auto length = past + ids.size(1);
    const auto rows = embed_positions->weight.size(0) - 2;
    if (length > rows)
        throw Error("sequence of " + std::to_string(length) + " tokens exceeds max_position_embeddings " +
                    std::to_string(rows));
    if (cache && cache->self.size() != layers->size()) {
        cache->self.resize(layers->size());
        cache->cross.resize(layers->size());
    }
    // Learned positions are offset by 2 (fairseq's padding_idx convention).
    auto positions = torch::arange(past + 2, length + 2, ids.options());
    auto x = torch::nn::functional::embedding(ids, shared) * embedScale + embed_positions(positions);
    x = trainingDropout(layernorm_embedding(x), dropoutP, is_training());
    std::vector<torch::Tensor> states;
    for (std::size_t i = 0; i < layers->size(); ++i) {
        states.push_back(x);
        x = layers[i]->as<BartLayer>()->forward(x, selfMask, encoderOut, crossMask,
                                                i < selfPrefix.size() ? &selfPrefix[i] : nullptr,
                                                i < crossPrefix.size() ? &crossPrefix[i] : nullptr,
                                                cache ? &cache->self[i] : nullptr, cache ? &cache->cross[i] : nullptr);
    }
    if (layer_norm) x = layer_norm(x);
    states.push_back(x);
    return states;
}

BartModelImpl::BartModelImpl(const ModelConfig& c, TaskHead head) : LanguageModelImpl(c, head) {
    auto model = std::make_shared<torch::nn::Module>();
    shared_ = model->register_module(
        "shared", torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabSize, c.hidden).padding_idx(c.padTokenId)));
    encoder_ = model->register_module("encoder", BartStack(c, false));
    decoder_ = model->register_module("decoder", BartStack(c, true));
    register_module("model", model);
    if (head == TaskHead::ConditionalGeneration) {
        finalLogitsBias_ = register_buffer("final_logits_bias", torch::zeros({1, c.vocabSize}));
    } else if (head == TaskHead::QuestionAnswering) {
        qaOutputs_ = register_module("qa_outputs", linear(c.hidden, 2));
    } else {
        auto cls = std::make_shared<torch::nn::Module>();
        headDense_ = cls->register_module("dense", linear(c.hidden, c.hidden));
        headOut_ = cls->register_module("out_proj", linear(c.hidden, c.numLabels));
        register_module("classification_head", cls);
    }
}

void BartModelImpl::setPrefixEncoder(PrefixEncoder prefix) {
    prefix_ = register_module("prompt_model", std::move(prefix));
}

bool BartModelImpl::isHeadParameter(const std::string& name) const {
    return name.rfind("classification_head.", 0) == 0 || name.rfind("qa_outputs.", 0) == 0 ||
           name == "final_logits_bias";
}

std::vector<std::pair<std::string, std::string>> BartModelImpl::tiedAliases() const {
    std::vector<std::pair<std::string, std::string>> aliases{
        {"model.encoder.embed_tokens.weight", "model.shared.weight"},
        {"model.decoder.embed_tokens.weight", "model.shared.weight"}};
    if (head() == TaskHead::ConditionalGeneration) aliases.emplace_back("lm_head.weight", "model.shared.weight");
    return aliases;
}

ModelOutput BartModelImpl::forward(const Batch& batch) {
    const auto& c = config();
    const auto dtype = shared_->weight.scalar_type();
    auto mask = batch.attention_mask.defined() ? batch.attention_mask : torch::ones_like(batch.input_ids);
    auto decoderIds = batch.decoder_input_ids;
    if (!decoderIds.defined()) {
        const bool seq2seqLabels = head() == TaskHead::ConditionalGeneration && batch.labels.defined();
        decoderIds =
            shiftTokensRight(seq2seqLabels ? batch.labels : batch.input_ids, c.padTokenId, c.decoderStartTokenId);
    }
    ModelOutput out;
    auto encoderMask = bartPaddingMask(mask, batch.input_ids.size(1), dtype);
    const auto tgt = decoderIds.size(1);
    auto selfMask = causalMask(tgt, dtype, decoderIds.device());
    auto crossMask = bartPaddingMask(mask, tgt, dtype);
    // Prefix tuning (reference): wte_enc feeds encoder self-attention, wte
    // decoder self-attention, wte2 cross-attention; the prefix is visible
    // from every position, the causal mask covers the tokens only.
    std::vector<PrefixKeyValue> encoderPrefix, selfPrefix, crossPrefix;
    if (prefix_) {
        encoderPrefix = prefix_->keyValues(PrefixEncoderImpl::Site::Encoder);
        selfPrefix = prefix_->keyValues(PrefixEncoderImpl::Site::Self);
        crossPrefix = prefix_->keyValues(PrefixEncoderImpl::Site::Cross);
        const auto p = prefix_->length();
        encoderMask = prependVisible(encoderMask, p);
        selfMask = prependVisible(selfMask, p);
        crossMask = prependVisible(crossMask, p);
    }
    out.hidden_states = encoder_->forward(batch.input_ids, shared_->weight, encoderMask, torch::Tensor(),
                                          torch::Tensor(), encoderPrefix);
    out.encoder_last_hidden_state = out.hidden_states.back();
    out.decoder_hidden_states = decoder_->forward(decoderIds, shared_->weight, selfMask, out.encoder_last_hidden_state,
                                                  crossMask, selfPrefix, crossPrefix);
    out.last_hidden_state = out.decoder_hidden_states.back();

    if (head() == TaskHead::ConditionalGeneration) {
        out.logits = torch::matmul(out.last_hidden_state, shared_->weight.t()) + finalLogitsBias_;
        if (batch.labels.defined()) out.loss = labelSmoothedLoss(out.logits, batch.labels, labelSmoothing_);
        return out;
    }
    if (head() == TaskHead::QuestionAnswering) {
        // HF BartForQuestionAnswering: the decoder reads the shifted input ids
        // (no decoder_input_ids given), the span logits come from its states.
        splitSpanLogits(qaOutputs_(out.last_hidden_state), out.start_logits, out.end_logits);
        if (batch.start_positions.defined() && batch.end_positions.defined())
            out.loss = spanLoss(out.start_logits, out.end_logits, batch.start_positions, batch.end_positions).total;
        return out;
    }
    // Sequence classification reads the decoder state at the last <eos> of
    // every row; rows must hold the same number of <eos> tokens (as in HF).
    const auto eos = batch.input_ids.eq(c.eosTokenId);
    const auto counts = eos.sum(1);
    if (counts.min().item<int64_t>() == 0 || counts.min().item<int64_t>() != counts.max().item<int64_t>())
        throw Error("BART classification: every example must contain the same number of </s> tokens");
    const auto h = out.last_hidden_state;
    auto rep = h.index({eos}).view({h.size(0), -1, h.size(-1)}).select(1, -1);
    const double p = c.classifierDropout;
    out.logits =
        headOut_(trainingDropout(torch::tanh(headDense_(trainingDropout(rep, p, is_training()))), p, is_training()));
    if (batch.labels.defined()) out.loss = classificationLoss(out.logits, batch.labels);
    return out;
}

EncodedSource BartModelImpl::encode(const torch::Tensor& inputIds, const torch::Tensor& attentionMask) {
    auto mask = bartPaddingMask(attentionMask, inputIds.size(1), shared_->weight.scalar_type());
    std::vector<PrefixKeyValue> prefix;
    if (prefix_) {
        prefix = prefix_->keyValues(PrefixEncoderImpl::Site::Encoder);
        mask = prependVisible(mask, prefix_->length());
    }
    auto states = encoder_->forward(inputIds, shared_->weight, mask, torch::Tensor(), torch::Tensor(), prefix);
    return {states.back(), attentionMask};
}

torch::Tensor BartModelImpl::nextTokenLogits(const torch::Tensor& decoderIds, const EncodedSource& source,
                                             DecoderCache* cache) {
    if (head() != TaskHead::ConditionalGeneration) throw Error("generation needs BART with its LM head");
    const auto dtype = shared_->weight.scalar_type();
    const auto past = cache ? cache->length() : 0;
    const auto t = decoderIds.size(1);
    if (past > 0 && t != 1) throw Error("cached decoding takes one new token per step");
    // One new token sees every cached one: no causal mask (as HF passes none).
    auto selfMask = past > 0 || t == 1 ? torch::Tensor() : causalMask(t, dtype, decoderIds.device());
    auto crossMask = bartPaddingMask(source.attentionMask, source.beams * t, dtype);
    DecoderCache local;
    auto& prefixes = cache ? *cache : local;
    if (prefix_) {
        if (!prefixes.prefixReady) {
            prefixes.selfPrefix = prefix_->keyValues(PrefixEncoderImpl::Site::Self);
            prefixes.crossPrefix = prefix_->keyValues(PrefixEncoderImpl::Site::Cross);
            prefixes.prefixReady = true;
        }
        if (selfMask.defined()) selfMask = prependVisible(selfMask, prefix_->length());
        crossMask = prependVisible(crossMask, prefix_->length());
    }
    const auto states = decoder_->forward(decoderIds, shared_->weight, selfMask, source.hidden, crossMask,
                                          prefixes.selfPrefix, prefixes.crossPrefix, cache);
    // The LM head on the last position only: the others are never read.
    const auto last = states.back().select(1, t - 1);
    return fewRowsLinear(last, shared_->weight) + finalLogitsBias_;
}

} // namespace sa
