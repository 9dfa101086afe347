#include "model/model_summary.h"

#include "error.h"
#include "model/pretrained.h"
#include "text/tokenizer.h"

#include <filesystem>
#include <sstream>

namespace sa {

ModelSummary inspectCheckpoint(const std::string& directory) {
    auto loaded = loadPretrained(directory);
    const auto& c = loaded.model->config();
    ModelSummary s;
    s.directory = directory;
    s.modelType = architectureName(c.architecture);
    s.head = taskHeadName(loaded.model->head());
    const bool bart = c.architecture == Architecture::Bart;
    s.encoderLayers = bart ? c.encoderLayers : c.layers;
    s.decoderLayers = bart ? c.decoderLayers : 0;
    s.hidden = c.hidden;
    s.heads = c.attentionHeads();
    s.intermediate = bart ? c.encoderFfn : c.intermediate;
    s.vocabSize = c.vocabSize;
    s.maxPositions = c.maxPositions;
    s.numLabels = c.numLabels;
    s.activation = c.activation;
    s.parameters = countParameters(*loaded.model);
    s.weightsFormat = loaded.report.weightsFormat;
    s.filesRead = loaded.report.filesRead;
    s.initialisedHead = loaded.report.initialisedHead;
    s.unexpected = loaded.report.unexpected;
    try {
        const auto tokenizer = loadTokenizer(directory);
        s.tokenizer = tokenizer->kind() + ", " + std::to_string(tokenizer->vocabSize()) + " tokens";
        for (const auto& f : tokenizer->filesRead())
            s.filesRead.push_back(f);
    } catch (const Error& e) {
        s.tokenizer = std::string("none (") + e.what() + ")";
        // Files that are there but refused would stop a run: not a mere absence.
        for (const char* name : {"vocab.txt", "vocab.json", "merges.txt", "tokenizer.json"})
            if (std::filesystem::exists(std::filesystem::path(directory) / name)) s.tokenizerError = e.what();
    }
    return s;
}

std::string formatSummary(const ModelSummary& s) {
    std::ostringstream o;
    o << "checkpoint:        " << s.directory << '\n'
      << "architecture:      " << s.modelType << " (" << s.head << ")\n";
    if (s.decoderLayers > 0)
        o << "layers:            " << s.encoderLayers << " encoder + " << s.decoderLayers << " decoder\n";
    else
        o << "layers:            " << s.encoderLayers << '\n';
    o << "hidden size:       " << s.hidden << '\n'
      << "attention heads:   " << s.heads << '\n'
      << "feed-forward size: " << s.intermediate << " (" << s.activation << ")\n"
      << "vocabulary size:   " << s.vocabSize << '\n'
      << "max positions:     " << s.maxPositions << '\n'
      << "labels:            " << s.numLabels << '\n'
      << "parameters:        " << s.parameters << '\n'
      << "weights format:    " << s.weightsFormat << '\n'
      << "tokenizer:         " << s.tokenizer << '\n'
      << "files read:\n";
    for (const auto& f : s.filesRead)
        o << "  " << f << '\n';
    if (!s.initialisedHead.empty()) {
        o << "newly initialised (not in the checkpoint):\n";
        for (const auto& n : s.initialisedHead)
            o << "  " << n << '\n';
    }
    if (!s.unexpected.empty()) o << "unused checkpoint tensors: " << s.unexpected.size() << '\n';
    return o.str();
}

} // namespace sa
