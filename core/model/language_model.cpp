#include "model/language_model.h"

#include "model/bart.h"
#include "model/bert.h"

#include "error.h"

#include <set>

namespace sa {

TaskHead defaultTaskHead(const ModelConfig& config) {
    if (wantsQuestionAnsweringHead(config)) return TaskHead::QuestionAnswering;
    return wantsClassificationHead(config) ? TaskHead::SequenceClassification : TaskHead::ConditionalGeneration;
}

Batch Batch::to(torch::Device device) const {
    auto move = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
    Batch b;
    b.input_ids = move(input_ids);
    b.attention_mask = move(attention_mask);
    b.token_type_ids = move(token_type_ids);
    b.labels = move(labels);
    b.decoder_input_ids = move(decoder_input_ids);
    b.start_positions = move(start_positions);
    b.end_positions = move(end_positions);
    return b;
}

namespace {

// HF _init_weights: Linear/Embedding normal(0, std), biases 0, LayerNorm 1/0,
// padding rows of embeddings 0.
void initialiseWeights(torch::nn::Module& root, double stddev) {
    torch::NoGradGuard noGrad;
    for (auto& module : root.modules(/*include_self=*/true)) {
        if (auto* linear = module->as<torch::nn::Linear>()) {
            linear->weight.normal_(0.0, stddev);
            if (linear->bias.defined()) linear->bias.zero_();
        } else if (auto* embedding = module->as<torch::nn::Embedding>()) {
            embedding->weight.normal_(0.0, stddev);
            if (const auto& pad = embedding->options.padding_idx()) embedding->weight[*pad].zero_();
        } else if (auto* norm = module->as<torch::nn::LayerNorm>()) {
            norm->weight.fill_(1.0);
            norm->bias.zero_();
        }
    }
}

} // namespace

LanguageModel createModel(const ModelConfig& config, TaskHead head) {
    LanguageModel model;
    if (config.architecture == Architecture::Bart)
        model = std::make_shared<BartModelImpl>(config, head);
    else if (head == TaskHead::QuestionAnswering)
        model = std::make_shared<BertForQuestionAnsweringImpl>(config);
    else if (head == TaskHead::SequenceClassification)
        model = std::make_shared<BertForSequenceClassificationImpl>(config);
    else
        throw Error(std::string(architectureName(config.architecture)) + " has no " + taskHeadName(head) +
                    " head (an encoder-only model; use BART for generation)");
    initialiseWeights(*model, 0.02);
    model->eval(); // dropout is never used at inference; training sets train() itself
    return model;
}

Batch randomBatch(const ModelConfig& config, TaskHead head, int64_t batch, int64_t seq) {
    Batch b;
    b.input_ids = torch::randint(3, config.vocabSize, {batch, seq}, torch::kInt64);
    b.attention_mask = torch::ones({batch, seq}, torch::kInt64);
    if (head == TaskHead::ConditionalGeneration) {
        b.input_ids.select(1, seq - 1).fill_(config.eosTokenId);
        b.labels = torch::randint(3, config.vocabSize, {batch, seq}, torch::kInt64);
    } else if (head == TaskHead::QuestionAnswering) {
        b.start_positions = torch::randint(0, seq, {batch}, torch::kInt64);
        b.end_positions = torch::min(b.start_positions + 3, torch::full({batch}, seq - 1, torch::kInt64));
    } else {
        b.labels = torch::randint(0, config.numLabels, {batch}, torch::kInt64);
    }
    return b;
}

int64_t countParameters(const torch::nn::Module& module) {
    std::set<const void*> seen;
    int64_t total = 0;
    for (const auto& p : module.parameters(/*recurse=*/true))
        if (seen.insert(p.unsafeGetTensorImpl()).second) total += p.numel();
    return total;
}

} // namespace sa
