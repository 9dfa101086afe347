// The fields of a HuggingFace config.json that change the math of the
// backbones we implement (BERT, RoBERTa, BART). Anything else in the file is
// ignored; an unknown model_type or a missing required field is an error
// naming the file and the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sa {

enum class Architecture { Bert, Roberta, Bart };

const char* architectureName(Architecture a); // "bert", "roberta", "bart"

// The head on top of the backbone, as HF's *For<Head> classes: a label per
// sequence, a start and an end logit per position (extractive question
// answering: qa_outputs), or the seq2seq LM head.
enum class TaskHead { SequenceClassification, QuestionAnswering, ConditionalGeneration };

const char* taskHeadName(TaskHead head); // "sequence-classification", ...
// HF's class for a backbone with a head: "BertForQuestionAnswering", ...
std::string taskModelClassName(Architecture architecture, TaskHead head);

struct ModelConfig {
    Architecture architecture = Architecture::Bert;
    std::vector<std::string> architectures; // config "architectures", e.g. BartForConditionalGeneration

    int64_t vocabSize = 0;
    int64_t hidden = 0; // hidden_size / d_model
    int64_t maxPositions = 512;
    double layerNormEps = 1e-12;
    std::string activation = "gelu"; // hidden_act / activation_function
    int64_t padTokenId = 0;
    int64_t numLabels = 2;
    // The label count of the classifier the checkpoint's own config.json
    // describes (architectures *ForSequenceClassification), kept when a task
    // sets numLabels (taskModelConfig); 0 where it names none.
    int64_t checkpointHeadLabels = 0;

    // Dropout probabilities, active only in training mode. BERT/RoBERTa:
    // hidden_dropout_prob (embeddings, sublayer outputs, and the reference's
    // adapters, which take theirs from it), attention_probs_dropout_prob,
    // classifier_dropout (null: the hidden one). BART: dropout,
    // attention_dropout, activation_dropout, classifier_dropout.
    double hiddenDropout = 0.1;
    double attentionDropout = 0.1;
    double activationDropout = 0.0;
    double classifierDropout = 0.1;

    // BERT / RoBERTa encoder
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t intermediate = 0;
    int64_t typeVocabSize = 2;

    // BART encoder-decoder
    int64_t encoderLayers = 0, decoderLayers = 0;
    int64_t encoderHeads = 0, decoderHeads = 0;
    int64_t encoderFfn = 0, decoderFfn = 0;
    bool scaleEmbedding = false;
    bool normalizeBefore = false;   // pre-LN layers (mBART-style checkpoints)
    bool addFinalLayerNorm = false; // encoder/decoder.layer_norm after the last layer
    int64_t bosTokenId = 0, eosTokenId = 2, decoderStartTokenId = 2;
    // Generation defaults of the checkpoint (facebook/bart-large: early
    // stopping, forced BOS 0, forced EOS 2); unset when config.json lacks
    // them, except forced EOS, which is BartConfig's 2 unless set to null.
    std::optional<bool> earlyStopping;
    std::optional<int64_t> forcedBosTokenId, forcedEosTokenId;

    // RoBERTa and BART position tables start after the padding index.
    int64_t positionOffset() const;
    // The longest input the position table can place: RoBERTa's table holds
    // the offset rows within max_position_embeddings, BART's beside them.
    int64_t usablePositions() const;
    int64_t totalLayers() const { return architecture == Architecture::Bart ? encoderLayers + decoderLayers : layers; }
    int64_t attentionHeads() const { return architecture == Architecture::Bart ? encoderHeads : heads; }
    // Every dropout probability 0 (deterministic training, as the fixtures).
    void disableDropout() { hiddenDropout = attentionDropout = activationDropout = classifierDropout = 0.0; }
};

// Whether config "architectures" names *ForQuestionAnswering: start/end
// logits from qa_outputs (a SQuAD-fine-tuned checkpoint, or a task model
// built for question answering).
bool wantsQuestionAnsweringHead(const ModelConfig& config);
// Whether the checkpoint asks for a sequence-classification head (BERT and
// RoBERTa unless they ask for question answering; BART when config
// "architectures" names *ForSequenceClassification, else the seq2seq LM head).
bool wantsClassificationHead(const ModelConfig& config);

// `source` names the file in error messages.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source);
ModelConfig readModelConfig(const std::string& configJsonPath);
// The config.json text HF would write for `config` (parseModelConfig reads it back).
std::string modelConfigToJson(const ModelConfig& config);

} // namespace sa
