#include "io/peft_format.h"

#include "adapters/prefix_encoder.h"
#include "error.h"
#include "io/atomic_write.h"
#include "io/safetensors.h"
#include "io/staged_folder.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace sa {
namespace {

namespace fs = std::filesystem;

// PeftModel holds the task model as `base_model` for prompt learning, and
// as `base_model.model` under the LoraModel tuner for LoRA
// (src/peft/peft_model.py); saved keys keep these prefixes.
const std::string kLoraPrefix = "base_model.model.";
const std::string kPromptPrefix = "base_model.";

// Our LoRA tensors hang on the projection itself (adapters/lora.h); PEFT's
// are the weights of two bias-free Linear modules beside it.
struct LoraName {
    std::string ours, mask, peft;
};
const LoraName kLoraNames[] = {{".ef_lora_A", ".A_mask", ".lora_A.weight"},
                               {".ef_lora_B", ".B_mask", ".lora_B.weight"}};

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream s;
    s << shape;
    return s.str();
}

torch::Tensor forFile(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).contiguous();
}

// PEFT's TaskType for the head (src/peft/utils/peft_types.py) and the
// transformers class the README loads the base model with.
struct PeftTask {
    const char* type;
    const char* autoClass;
};
PeftTask peftTask(TaskHead head) {
    switch (head) {
    case TaskHead::QuestionAnswering:
        return {"QUESTION_ANS", "AutoModelForQuestionAnswering"};
    case TaskHead::ConditionalGeneration:
        return {"SEQ_2_SEQ_LM", "AutoModelForSeq2SeqLM"};
    case TaskHead::SequenceClassification:
        break;
    }
    return {"SEQ_CLS", "AutoModelForSequenceClassification"};
}

} // namespace

// What PEFT has no form for, or would compute differently, is refused here
// rather than written as a file that loads and computes something else.
void checkPeftExpressible(const ModelConfig& c, const AdapterOptions& o) {
    if (o.attnMode == AttnMode::Adapter || o.ffnMode == FfnMode::Adapter)
        throw Error(std::string("the run's ") + (o.ffnMode == FfnMode::Adapter ? "FFN" : "attention") +
                    " adapter is a bottleneck adapter (houlsby/pfeiffer/parallel), which PEFT has no type for; "
                    "export it with --format adapterhub");
    if (o.attnMode == AttnMode::None) throw Error("the run has no adapters to export");
    if (o.attnMode == AttnMode::Prefix && c.architecture == Architecture::Bart)
        throw Error("prefix tuning on BART has no PEFT form: ours learns separate prefixes for the encoder's "
                    "self-attention, the decoder's self-attention and the cross-attention; PEFT's encoder-decoder "
                    "prefix feeds the decoder alone, from one table");
    if (o.attnMode == AttnMode::Prefix && c.architecture == Architecture::Bert)
        throw Error("prefix tuning on BERT (reference_quirks) trains a prefix the model never applies; PEFT would "
                    "apply it and compute something else");
}

namespace {

// The trained task head (classifier / qa_outputs), which PEFT keeps as
// modules_to_save and saves under the module's own names (the wrapper's
// `modules_to_save.<adapter>.` removed: ModulesToSaveWrapper.adapter_state_dict
// in src/peft/utils/other.py). Written even when the run froze it: a head
// drawn from the run's seed exists nowhere else.
std::vector<std::string> addHead(LanguageModelImpl& model, const std::string& prefix, PeftAdapter& out) {
    std::set<std::string> modules;
    for (const auto& p : model.named_parameters(true))
        if (model.isTrainableHeadParameter(p.key())) {
            out.weights.emplace_back(prefix + p.key(), forFile(p.value()));
            modules.insert(p.key().substr(0, p.key().find('.')));
        }
    return {modules.begin(), modules.end()};
}

nlohmann::json alphaJson(double alpha) {
    if (alpha == std::floor(alpha) && std::fabs(alpha) < 1e15) return static_cast<int64_t>(alpha);
    return alpha;
}

void addLora(LanguageModelImpl& model, const AdapterOptions& o, PeftAdapter& out) {
    if (o.attnBn <= 0) throw Error("the run's LoRA rank (adapter.bottleneck) is " + std::to_string(o.attnBn));
    const auto buffers = model.named_buffers(true);
    std::set<std::string> targets;
    torch::NoGradGuard noGrad;
    for (const auto& p : model.named_parameters(true)) {
        for (const auto& n : kLoraNames) {
            if (!endsWith(p.key(), n.ours)) continue;
            const auto module = p.key().substr(0, p.key().size() - n.ours.size());
            const auto* mask = buffers.find(module + n.mask);
            if (!mask) throw Error("LoRA tensor '" + p.key() + "' has no mask '" + module + n.mask + "'");
            const auto rankDim = n.ours == kLoraNames[0].ours ? 0 : 1;
            if (p.value().size(rankDim) != o.attnBn)
                throw Error("LoRA tensor '" + p.key() + "' has shape " + shapeText(p.value().sizes()) +
                            ", not of the run's rank " + std::to_string(o.attnBn));
            const auto kept = *mask != 0;
            const auto key = kLoraPrefix + module + n.peft;
            // where(), not a product: removed entries become +0.0, never -0.0.
            out.weights.emplace_back(key, forFile(torch::where(kept, p.value(), torch::zeros_like(p.value()))));
            out.masks.emplace_back(key, forFile(kept));
            out.kept += kept.sum().item<int64_t>();
            out.total += kept.numel();
            targets.insert(module.substr(module.rfind('.') + 1));
        }
    }
    if (targets.empty()) throw Error("the model carries no LoRA tensors (ef_lora_A / ef_lora_B)");
    const auto head = addHead(model, kLoraPrefix, out);
    // LoraConfig's fields (src/peft/tuners/lora/config.py). PEFT scales by
    // lora_alpha / r (lora_alpha / √r only with use_rslora), as
    // AdapterOptions::loraScaling does; our LoRA has no dropout and no bias.
    out.config = {{"peft_type", "LORA"},
                  {"task_type", peftTask(model.head()).type},
                  {"r", o.attnBn},
                  {"lora_alpha", alphaJson(o.loraAlpha)},
                  {"lora_dropout", 0.0},
                  {"target_modules", std::vector<std::string>(targets.begin(), targets.end())},
                  {"bias", "none"},
                  {"fan_in_fan_out", false},
                  {"use_rslora", false},
                  {"use_dora", false},
                  {"init_lora_weights", true},
                  {"modules_to_save", head.empty() ? nlohmann::json(nullptr) : nlohmann::json(head)}};
}

void addPrefix(LanguageModelImpl& model, PeftAdapter& out) {
    PrefixEncoderImpl* encoder = nullptr;
    for (const auto& child : model.named_children())
        if (child.key() == "prompt_model") encoder = dynamic_cast<PrefixEncoderImpl*>(child.value().get());
    if (!encoder) throw Error("the model carries no prefix network (prompt_model)");
    const auto& c = model.config();
    torch::NoGradGuard noGrad;
    // Our per-layer keys and values [heads, P, head_dim], stacked as PEFT's
    // get_prompt reads its table back: view [P, 2·L, heads, head_dim],
    // permute to [2·L, heads, P, head_dim], split in pairs, so row 2l is
    // layer l's key and row 2l + 1 its value (src/peft/peft_model.py).
    std::vector<torch::Tensor> rows;
    for (const auto& kv : encoder->keyValues(PrefixEncoderImpl::Site::Self)) {
        rows.push_back(kv.key);
        rows.push_back(kv.value);
    }
    const auto length = encoder->length();
    const auto table = torch::stack(rows).permute({2, 0, 1, 3}).reshape({length, c.layers * 2 * c.hidden});
    // With inference_mode, PrefixEncoder is a plain Embedding of that
    // width and set_peft_model_state_dict loads prompt_embeddings into it;
    // prefix_projection false says the MLP has already been applied.
    out.weights.emplace_back("prompt_embeddings", forFile(table));
    addHead(model, kPromptPrefix, out);
    out.config = {
        {"peft_type", "PREFIX_TUNING"}, {"task_type", peftTask(model.head()).type}, {"num_virtual_tokens", length},
        {"token_dim", c.hidden},        {"num_transformer_submodules", 1},          {"num_attention_heads", c.heads},
        {"num_layers", c.layers},       {"encoder_hidden_size", c.hidden},          {"prefix_projection", false}};
    out.notes.push_back(
        "PEFT passes the prefix to the model as past_key_values, and HuggingFace's RoBERTa embeddings then number "
        "the tokens' positions after the " +
        std::to_string(length) +
        " virtual tokens; SparseAdapter, like the reference implementation, numbers them as without a prefix. "
        "Pass position_ids explicitly (as the model computes them without a prefix) for the outputs SparseAdapter "
        "computed");
}

std::string readmeText(const LanguageModelImpl& model, const PeftAdapter& a) {
    const auto& config = a.config;
    const auto base = config.value("base_model_name_or_path", std::string());
    std::ostringstream s;
    s << "# PEFT adapter (" << config.at("peft_type").get<std::string>() << ")\n\n"
      << "Exported by SparseAdapter Studio. Base model: `" << base << "`; task type "
      << config.at("task_type").get<std::string>() << ".\n\n";
    // builtin:demo names no folder: `sparseadapter demo --dir` writes it.
    if (base.rfind("builtin:", 0) == 0)
        s << "The base model is SparseAdapter's built-in demo checkpoint: write it with `sparseadapter demo --dir "
             "DEMO_DIR` and load it from DEMO_DIR.\n\n";
    s << "```python\nfrom transformers import " << peftTask(model.head()).autoClass
      << "\nfrom peft import PeftModel\n\n"
      << "base = " << peftTask(model.head()).autoClass << ".from_pretrained("
      << nlohmann::json(base.rfind("builtin:", 0) == 0 ? std::string("DEMO_DIR") : base).dump();
    if (model.head() == TaskHead::SequenceClassification) s << ", num_labels=" << model.config().numLabels;
    s << ")\nmodel = PeftModel.from_pretrained(base, \"THIS_FOLDER\")  # the folder of this README\n```\n\n";
    if (a.total > 0) {
        const double density = static_cast<double>(a.kept) / static_cast<double>(a.total);
        s << "## Sparsity\n\n"
          << "Of the " << a.total << " LoRA weights, " << a.kept << " are kept: density " << density << ", sparsity "
          << 1.0 - density << " (the fraction removed). "
          << "Removed weights are stored as exact zeros in adapter_model.safetensors, so PEFT loads an ordinary "
             "dense LoRA that computes what SparseAdapter computed. sparse_masks.safetensors holds the masks "
             "(true = kept) under the same keys as the weights they mask.\n\n";
    }
    for (const auto& note : a.notes)
        s << "Note: " << note << ".\n\n";
    return s.str();
}

} // namespace

PeftAdapter toPeftAdapter(LanguageModelImpl& model, const AdapterOptions& adapter, const std::string& baseModel) {
    checkPeftExpressible(model.config(), adapter);
    PeftAdapter out;
    if (adapter.attnMode == AttnMode::Lora)
        addLora(model, adapter, out);
    else
        addPrefix(model, out);
    out.config["base_model_name_or_path"] = baseModel;
    out.config["revision"] = nullptr;
    out.config["inference_mode"] = true;
    out.readme = readmeText(model, out);
    return out;
}

std::vector<std::string> writePeftAdapter(const PeftAdapter& adapter, const std::string& folder) {
    StagedFolder staged(folder);
    const auto in = [&](const char* name) { return (fs::path(staged.path()) / name).string(); };
    writeFileAtomically(in("adapter_config.json"), [&](std::ostream& out) { out << adapter.config.dump(2) << '\n'; });
    // PEFT's save_pretrained writes exactly this metadata.
    writeSafetensors(in("adapter_model.safetensors"), adapter.weights, {{"format", "pt"}});
    if (!adapter.masks.empty())
        writeSafetensors(in("sparse_masks.safetensors"), adapter.masks,
                         {{"format", "pt"}, {"producer", "SparseAdapter Studio"}});
    writeFileAtomically(in("README.md"), [&](std::ostream& out) { out << adapter.readme; });
    auto written = staged.commit();
    // A mask file of an earlier LoRA export into the same folder would
    // describe weights this adapter does not have.
    std::error_code ignored;
    if (adapter.masks.empty()) fs::remove(fs::path(folder) / "sparse_masks.safetensors", ignored);
    return written;
}

void loadPeftAdapter(LanguageModelImpl& model, const AdapterOptions& adapter, const std::string& folder) {
    const auto configPath = (fs::path(folder) / "adapter_config.json").string();
    std::ifstream in(configPath, std::ios::binary);
    if (!in) throw fileError(configPath, "cannot be read (not a PEFT adapter folder?)");
    nlohmann::json config;
    try {
        config = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw fileError(configPath, std::string("not valid JSON: ") + e.what());
    }
    const auto field = [&](const char* key) {
        if (!config.contains(key)) throw fileError(configPath, std::string("has no '") + key + "'");
        return config.at(key);
    };
    const auto type = field("peft_type").get<std::string>();
    if (type != "LORA")
        throw fileError(configPath, "peft_type '" + type +
                                        "': only LORA adapters can be loaded (a PREFIX_TUNING folder holds the "
                                        "prefix network's output, not the network SparseAdapter trains)");
    if (adapter.attnMode != AttnMode::Lora)
        throw fileError(configPath, "a LoRA adapter, but the run's adapter is not LoRA (adapter.preset lora)");
    const auto r = field("r").get<int64_t>();
    if (r != adapter.attnBn)
        throw fileError(configPath, "'r' is " + std::to_string(r) +
                                        " but the run's LoRA rank (adapter.bottleneck) is " +
                                        std::to_string(adapter.attnBn));
    const auto alpha = field("lora_alpha").get<double>();
    const double scaling = config.value("use_rslora", false) ? alpha / std::sqrt(double(r)) : alpha / double(r);
    if (std::fabs(scaling - adapter.loraScaling()) > 1e-12 * std::fabs(adapter.loraScaling()))
        throw fileError(configPath, "'lora_alpha' " + field("lora_alpha").dump() + " scales by " +
                                        std::to_string(scaling) + ", the run's LoRA (adapter.lora_alpha) by " +
                                        std::to_string(adapter.loraScaling()));
    if (config.value("bias", std::string("none")) != "none" || config.value("fan_in_fan_out", false) ||
        config.value("use_dora", false))
        throw fileError(configPath, "'bias', 'fan_in_fan_out' or 'use_dora' asks for a LoRA variant SparseAdapter "
                                    "does not compute (needs bias none, fan_in_fan_out and use_dora false)");

    auto params = model.named_parameters(true);
    auto buffers = model.named_buffers(true);
    torch::NoGradGuard noGrad;
    // PEFT's key → ours: the prefix goes, lora_A.weight becomes ef_lora_A.
    const auto ourName = [&](const std::string& file, const std::string& key, bool mask) {
        if (key.rfind(kLoraPrefix, 0) != 0)
            throw fileError(file, "tensor '" + key + "' is not under '" + kLoraPrefix + "'");
        const auto name = key.substr(kLoraPrefix.size());
        for (const auto& n : kLoraNames)
            if (endsWith(name, n.peft)) return name.substr(0, name.size() - n.peft.size()) + (mask ? n.mask : n.ours);
        if (mask) throw fileError(file, "tensor '" + key + "' is not a LoRA weight's mask");
        return name;
    };
    const auto copyInto = [&](const std::string& file, const std::string& key, torch::Tensor* target,
                              const torch::Tensor& source) {
        if (!target) throw fileError(file, "tensor '" + key + "' has no place in the model (LoRA on query/value?)");
        if (source.sizes() != target->sizes())
            throw fileError(file, "tensor '" + key + "' has shape " + shapeText(source.sizes()) +
                                      " but the model expects " + shapeText(target->sizes()));
        target->copy_(source);
    };
    std::set<std::string> loaded;
    const auto weightsPath = (fs::path(folder) / "adapter_model.safetensors").string();
    const auto weights = SafetensorsFile::open(weightsPath);
    for (const auto& e : weights.entries()) {
        const auto name = ourName(weightsPath, e.name, false);
        copyInto(weightsPath, e.name, params.find(name), weights.tensor(e.name));
        loaded.insert(name);
    }
    for (const auto& p : params)
        for (const auto& n : kLoraNames)
            if (endsWith(p.key(), n.ours) && !loaded.count(p.key()))
                throw fileError(weightsPath, "has no '" + kLoraPrefix +
                                                 p.key().substr(0, p.key().size() - n.ours.size()) + n.peft +
                                                 "' (the model's LoRA has more layers than the file)");
    const auto masksPath = (fs::path(folder) / "sparse_masks.safetensors").string();
    if (!fs::exists(masksPath)) {
        for (auto& b : buffers)
            for (const auto& n : kLoraNames)
                if (endsWith(b.key(), n.mask)) b.value().fill_(1.0);
        return;
    }
    const auto masks = SafetensorsFile::open(masksPath);
    for (const auto& e : masks.entries())
        copyInto(masksPath, e.name, buffers.find(ourName(masksPath, e.name, true)), masks.tensor(e.name));
}

} // namespace sa
