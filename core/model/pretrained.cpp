#include "model/pretrained.h"

#include "error.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <tuple>

namespace sa {
namespace {

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < shape.size(); ++i)
        s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Checkpoint name -> the model's name: TF-era LayerNorm gamma/beta, and
// checkpoints of the bare backbone (no "bert." / "model." prefix).
std::string canonicalName(std::string name, const std::string& basePrefix,
                          const std::map<std::string, torch::Tensor>& expected) {
    if (endsWith(name, ".gamma"))
        name = name.substr(0, name.size() - 6) + ".weight";
    else if (endsWith(name, ".beta"))
        name = name.substr(0, name.size() - 5) + ".bias";
    if (!expected.count(name) && expected.count(basePrefix + "." + name)) return basePrefix + "." + name;
    return name;
}

// The layer count a checkpoint holds under `marker` ("layer.", "encoder.layers.").
int64_t layersHeld(const CheckpointWeights& weights, const std::string& marker) {
    int64_t count = 0;
    for (const auto& t : weights.tensors) {
        const auto at = t.name.find(marker);
        if (at == std::string::npos || (at > 0 && t.name[at - 1] != '.')) continue;
        const auto digits = t.name.find_first_not_of("0123456789", at + marker.size());
        if (digits == at + marker.size() || digits - (at + marker.size()) > 6) continue;
        count =
            std::max<int64_t>(count, std::stoll(t.name.substr(at + marker.size(), digits - at - marker.size())) + 1);
    }
    return count;
}

// The config's sizes against the weights' own shapes, before a model of
// those sizes is allocated: a vocab_size of 10^7 over a 30k-word checkpoint
// fails here, by name, in a moment, not after gigabytes and seconds.
void checkConfigAgainstWeights(const ModelConfig& c, const CheckpointWeights& weights, const std::string& source) {
    const bool bart = c.architecture == Architecture::Bart;
    for (const auto& t : weights.tensors) {
        if (!(endsWith(t.name, "word_embeddings.weight") ||
              (bart && (endsWith(t.name, "shared.weight") || endsWith(t.name, "embed_tokens.weight")))))
            continue;
        if (t.tensor.dim() == 2 && t.tensor.size(0) == c.vocabSize && t.tensor.size(1) == c.hidden) continue;
        throw fileError(source, std::string("vocab_size ") + std::to_string(c.vocabSize) + " and " +
                                    (bart ? "d_model " : "hidden_size ") + std::to_string(c.hidden) +
                                    " do not match the embeddings of the weights: '" + t.name + "' in " + t.file +
                                    " has shape " + shapeText(t.tensor.sizes()));
    }
    const std::vector<std::tuple<std::string, const char*, int64_t>> stacks =
        bart ? std::vector<std::tuple<std::string, const char*, int64_t>>{{"encoder.layers.", "encoder_layers",
                                                                           c.encoderLayers},
                                                                          {"decoder.layers.", "decoder_layers",
                                                                           c.decoderLayers}}
             : std::vector<std::tuple<std::string, const char*, int64_t>>{{"layer.", "num_hidden_layers", c.layers}};
    for (const auto& [marker, key, layers] : stacks) {
        const auto held = layersHeld(weights, marker);
        if (held > 0 && held < layers)
            throw fileError(source, std::string(key) + " is " + std::to_string(layers) + ", but the weights (" +
                                        (weights.filesRead.empty() ? std::string("?") : weights.filesRead.front()) +
                                        ") hold " + std::to_string(held) + " layer(s)");
    }
}

} // namespace

void loadWeights(LanguageModelImpl& model, const CheckpointWeights& weights, LoadReport& report,
                 bool reinitMismatchedHead) {
    std::map<std::string, torch::Tensor> expected;
    for (const auto& p : model.named_parameters(true))
        expected[p.key()] = p.value();
    for (const auto& b : model.named_buffers(true))
        expected[b.key()] = b.value();
    std::map<std::string, std::string> aliases;
    for (const auto& [alias, target] : model.tiedAliases())
        aliases[alias] = target;

    std::map<std::string, const NamedTensor*> found;
    for (const auto& t : weights.tensors) {
        auto name = canonicalName(t.name, model.basePrefix(), expected);
        if (auto a = aliases.find(name); a != aliases.end()) {
            // A tied copy: use it only when the checkpoint lacks the target.
            found.emplace(a->second, &t);
            continue;
        }
        if (!expected.count(name)) {
            if (!endsWith(name, "position_ids")) report.unexpected.push_back(t.name);
            continue;
        }
        found[name] = &t; // the real name wins over an alias seen earlier
    }

    torch::NoGradGuard noGrad;
    for (auto& [name, target] : expected) {
        const auto it = found.find(name);
        if (it == found.end()) {
            if (model.isHeadParameter(name)) {
                report.initialisedHead.push_back(name);
                continue;
            }
            throw Error("checkpoint lacks tensor '" + name + "' (model expects shape " + shapeText(target.sizes()) +
                        "); read " + (weights.filesRead.empty() ? std::string("nothing") : weights.filesRead.front()));
        }
        const auto& source = *it->second;
        if (source.tensor.sizes() != target.sizes()) {
            const bool head = model.isHeadParameter(name);
            if (head && reinitMismatchedHead) {
                report.reinitialisedHead.push_back(name + " " + shapeText(source.tensor.sizes()) + " -> " +
                                                   shapeText(target.sizes()));
                continue;
            }
            throw fileError(source.file,
                            "tensor '" + source.name + "' has shape " + shapeText(source.tensor.sizes()) +
                                " but the model expects " + shapeText(target.sizes()) + " for '" + name + "'" +
                                (head ? std::string("; the checkpoint's head was trained for another label count: "
                                                    "set reinit_head=true to draw it afresh from the seed")
                                      : std::string()));
        }
        // NaN or inf weights would surface as a diverging loss ("lower the
        // learning rate?"): name the tensor instead.
        if (source.tensor.is_floating_point() && !torch::isfinite(source.tensor).all().item<bool>())
            throw fileError(source.file, "tensor '" + source.name + "' holds " +
                                             std::to_string(source.tensor.numel() -
                                                            torch::isfinite(source.tensor).sum().item<int64_t>()) +
                                             " NaN or infinite values: the checkpoint is damaged");
        target.copy_(source.tensor);
    }
}

PretrainedModel loadPretrained(const std::string& directory, const LoadOptions& options) {
    if (!std::filesystem::is_directory(directory)) throw fileError(directory, "no such checkpoint directory");
    const auto configPath = (std::filesystem::path(directory) / "config.json").string();
    if (!std::filesystem::exists(configPath))
        throw fileError(directory, "no config.json (not a HuggingFace checkpoint directory)");
    auto config = readModelConfig(configPath);
    if (options.numLabels) config.numLabels = *options.numLabels;
    // The config describes the model built (its budget counts that head).
    if (options.head) config.architectures = {taskModelClassName(config.architecture, *options.head)};
    if (!options.dropout) config.disableDropout();
    PretrainedModel result;
    const auto weights = readCheckpointWeights(directory, options.format);
    checkConfigAgainstWeights(config, weights, configPath);
    try {
        result.model = createModel(config, options.head.value_or(defaultTaskHead(config)));
    } catch (const std::bad_alloc&) {
        throw fileError(configPath, "out of memory while building the model it describes (" +
                                        std::string(architectureName(config.architecture)) + ", hidden " +
                                        std::to_string(config.hidden) + ", vocabulary " +
                                        std::to_string(config.vocabSize) + ")");
    } catch (const c10::Error& e) {
        throw fileError(configPath,
                        std::string("building the model it describes failed: ") + e.what_without_backtrace());
    }
    result.report.filesRead.push_back(configPath);
    result.report.filesRead.insert(result.report.filesRead.end(), weights.filesRead.begin(), weights.filesRead.end());
    result.report.weightsFormat = weights.format;
    loadWeights(*result.model, weights, result.report, options.reinitMismatchedHead);
    return result;
}

} // namespace sa
