// What `sparseadapter inspect` and the GUI's File ▸ Open Model show about a
// checkpoint. Plain data, no LibTorch types, so widgets can include it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct ModelSummary {
    std::string directory;
    std::string modelType; // bert / roberta / bart
    std::string head;      // sequence-classification / conditional-generation
    int64_t encoderLayers = 0, decoderLayers = 0;
    int64_t hidden = 0, heads = 0, intermediate = 0;
    int64_t vocabSize = 0, maxPositions = 0, numLabels = 0;
    std::string activation;
    int64_t parameters = 0; // of the instantiated model, tied tensors once
    std::string weightsFormat;
    std::string tokenizer; // e.g. "wordpiece, 30522 tokens", or why none loaded
    // Why tokenizer files that are present were refused (a run would fail
    // on them); empty when they loaded or there are none.
    std::string tokenizerError;
    std::vector<std::string> filesRead;
    std::vector<std::string> initialisedHead;
    std::vector<std::string> unexpected;
};

// Loads the checkpoint fully (so every tensor is validated). Throws sa::Error.
ModelSummary inspectCheckpoint(const std::string& directory);

// Human-readable, one fact per line.
std::string formatSummary(const ModelSummary& summary);

} // namespace sa
