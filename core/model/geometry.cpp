#include "model/geometry.h"

#include "error.h"

namespace sa {
namespace {

ModelConfig encoder(Architecture a, int64_t hidden, int64_t layers, int64_t heads) {
    ModelConfig c;
    c.architecture = a;
    c.hidden = hidden;
    c.layers = layers;
    c.heads = heads;
    c.intermediate = 4 * hidden;
    c.activation = "gelu";
    if (a == Architecture::Bert) {
        c.vocabSize = 30522;
        c.maxPositions = 512;
        c.typeVocabSize = 2;
        c.padTokenId = 0;
    } else {
        c.vocabSize = 50265;
        c.maxPositions = 514; // 512 + the padding offset
        c.typeVocabSize = 1;
        c.padTokenId = 1;
        c.layerNormEps = 1e-5;
    }
    return c;
}

ModelConfig bart(int64_t d, int64_t layers, int64_t heads) {
    ModelConfig c;
    c.architecture = Architecture::Bart;
    c.vocabSize = 50265;
    c.hidden = d;
    c.encoderLayers = c.decoderLayers = layers;
    c.encoderHeads = c.decoderHeads = heads;
    c.encoderFfn = c.decoderFfn = 4 * d;
    c.maxPositions = 1024;
    c.layerNormEps = 1e-5;
    c.padTokenId = 1;
    c.architectures = {"BartForConditionalGeneration"};
    return c;
}

} // namespace

std::vector<std::string> geometryNames() {
    return {"bert-base", "bert-large", "roberta-base", "roberta-large", "bart-base", "bart-large"};
}

ModelConfig geometryConfig(const std::string& name) {
    if (name == "bert-base") return encoder(Architecture::Bert, 768, 12, 12);
    if (name == "bert-large") return encoder(Architecture::Bert, 1024, 24, 16);
    if (name == "roberta-base") return encoder(Architecture::Roberta, 768, 12, 12);
    if (name == "roberta-large") return encoder(Architecture::Roberta, 1024, 24, 16);
    if (name == "bart-base") return bart(768, 6, 12);
    if (name == "bart-large") return bart(1024, 12, 16);
    std::string known;
    for (const auto& n : geometryNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown geometry '" + name + "' (known: " + known + ")");
}

} // namespace sa
