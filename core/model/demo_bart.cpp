#include "model/demo_bart.h"

#include "io/atomic_write.h"
#include "io/safetensors.h"
#include "model/global_rng.h"
#include "model/language_model.h"
#include "tasks/summarization/demo_compression.h"
#include "text/byte_level.h"
#include "text/unicode.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

namespace sa {
namespace {

constexpr double kEmbeddingStd = 0.5;

struct DemoBpe {
    std::vector<std::string> tokens;                         // id order
    std::vector<std::pair<std::string, std::string>> merges; // rank order
};

// <s> <pad> </s> <unk> (BART's ids 0–3), the 256 byte symbols, then for
// every demo word "Ġw1", "Ġw1w2", … with the merge that builds each: with
// add_prefix_space every word of a text comes out as one token.
const DemoBpe& demoBpe() {
    static const DemoBpe bpe = [] {
        DemoBpe b;
        b.tokens = {"<s>", "<pad>", "</s>", "<unk>"};
        std::set<std::string> have(b.tokens.begin(), b.tokens.end());
        for (int i = 0; i < 256; ++i) {
            const auto& s = byte_level::byteSymbol(static_cast<unsigned char>(i));
            if (have.insert(s).second) b.tokens.push_back(s);
        }
        for (const auto& word : demoCompressionWords()) {
            const auto symbols = byte_level::byteSymbols(unicode::decodeUtf8(" " + word));
            std::string prefix = symbols.front();
            for (std::size_t i = 1; i < symbols.size(); ++i) {
                const auto merged = prefix + symbols[i];
                if (have.insert(merged).second) {
                    b.merges.emplace_back(prefix, symbols[i]);
                    b.tokens.push_back(merged);
                }
                prefix = merged;
            }
        }
        b.tokens.push_back("<mask>");
        return b;
    }();
    return bpe;
}

} // namespace

ModelConfig demoBartConfig() {
    ModelConfig c;
    c.architecture = Architecture::Bart;
    c.architectures = {"BartForConditionalGeneration"};
    c.vocabSize = static_cast<int64_t>(demoBpe().tokens.size());
    c.hidden = 64;
    c.encoderLayers = c.decoderLayers = 2;
    c.encoderHeads = c.decoderHeads = 4;
    c.encoderFfn = c.decoderFfn = 128;
    c.layers = 2;
    c.heads = 4;
    c.maxPositions = 128;
    c.activation = "gelu";
    c.layerNormEps = 1e-5;
    c.padTokenId = 1;
    c.bosTokenId = 0;
    c.eosTokenId = 2;
    c.decoderStartTokenId = 2;
    c.earlyStopping = true;
    c.forcedEosTokenId = 2;
    c.numLabels = 2;
    return c;
}

void writeDemoBartCheckpoint(const std::string& directory) {
    namespace fs = std::filesystem;
    fs::create_directories(directory);
    const fs::path dir(directory);
    const auto c = demoBartConfig();
    auto rng = lockGlobalRng();
    torch::manual_seed(20221210); // fixed: every install gets the same demo weights
    auto model = createModel(c, TaskHead::ConditionalGeneration);
    {
        // The LM head is the (frozen) token embedding: at HF's 0.02 its
        // logits could hardly differ (|row| ≈ 0.16 against a LayerNorm'ed
        // state), and no adapter could make a prediction confident. A
        // pretrained model's rows are far longer; so are these.
        torch::NoGradGuard noGrad;
        auto& shared = *model->named_parameters(true).find("model.shared.weight");
        shared.normal_(0.0, kEmbeddingStd);
        shared[c.padTokenId].zero_();
    }
    rng.unlock();
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : model->named_parameters(true))
        tensors.emplace_back(p.key(), p.value());
    for (const auto& b : model->named_buffers(true))
        tensors.emplace_back(b.key(), b.value());
    writeSafetensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});
    writeFileAtomically((dir / "config.json").string(),
                        [&](std::ostream& out) { out << modelConfigToJson(c) << '\n'; });
    const auto& bpe = demoBpe();
    nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < bpe.tokens.size(); ++i)
        vocab[bpe.tokens[i]] = i;
    writeFileAtomically((dir / "vocab.json").string(), [&](std::ostream& out) { out << vocab.dump() << '\n'; });
    writeFileAtomically((dir / "merges.txt").string(), [&](std::ostream& out) {
        out << "#version: 0.2\n";
        for (const auto& [a, b] : bpe.merges)
            out << a << ' ' << b << '\n';
    });
    writeFileAtomically((dir / "tokenizer_config.json").string(), [](std::ostream& out) {
        out << R"({"tokenizer_class": "BartTokenizer", "add_prefix_space": true, "errors": "replace", )"
            << R"("model_max_length": 128})" << '\n';
    });
    writeFileAtomically((dir / "special_tokens_map.json").string(), [](std::ostream& out) {
        out << R"({"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", )"
            << R"("pad_token": "<pad>", "cls_token": "<s>", "mask_token": {"content": "<mask>", "lstrip": true}})"
            << '\n';
    });
}

} // namespace sa
