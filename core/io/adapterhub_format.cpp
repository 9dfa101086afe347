#include "io/adapterhub_format.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/atomic_write.h"
#include "io/safetensors.h"
#include "io/torch_save.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

namespace sa {
namespace {

using nlohmann::json;

// AdapterHub's file names (src/adapters/utils.py: CONFIG_NAME, WEIGHTS_NAME,
// HEAD_CONFIG_NAME, HEAD_WEIGHTS_NAME).
const char* const kConfigFile = "adapter_config.json";
const char* const kWeightsFile = "pytorch_adapter.bin";
const char* const kHeadConfigFile = "head_config.json";
const char* const kHeadWeightsFile = "pytorch_model_head.bin";
const char* const kMasksFile = "sparse_masks.safetensors";
const char* const kReadmeFile = "README.md";
// The library release whose BnConfig fields and loader this layout follows.
// The loader parses "adapters.<version>" (AdapterLoader._fix_backward_compat);
// a config without "version" would be treated as a legacy one.
const char* const kFormatVersion = "adapters.1.1.0";

const std::string kAttnAdapter = "ef_attn_adapter.";
const std::string kFfnAdapter = "ef_ffn_adapter.";

[[noreturn]] void refuse(const std::string& what) {
    throw Error("cannot export as an AdapterHub adapter: " + what);
}

// CPython's float `//` (float_floor_div): BottleneckLayer.add_adapter sizes
// the bottleneck as int(hidden_size // reduction_factor), so a factor is
// only right if this gives the bottleneck back.
double pythonFloorDivide(double a, double b) {
    double mod = std::fmod(a, b);
    double quotient = (a - mod) / b;
    if (mod != 0.0 && ((b < 0) != (mod < 0))) quotient -= 1.0;
    if (quotient == 0.0) return std::copysign(0.0, a / b);
    double floored = std::floor(quotient);
    if (quotient - floored > 0.5) floored += 1.0;
    return floored;
}

// BnConfig has no explicit bottleneck, only reduction_factor (a number, or a
// per-layer mapping, which cannot tell the two sites of a layer apart). An
// exact integer factor where the bottleneck divides the width; otherwise
// hidden / (bn + 0.5), whose floor division lands mid-way between
// bottlenecks, far from a rounding edge.
json reductionFactor(int64_t hidden, int64_t bottleneck) {
    if (hidden % bottleneck == 0) return hidden / bottleneck;
    const double factor = double(hidden) / (double(bottleneck) + 0.5);
    if (pythonFloorDivide(double(hidden), factor) != double(bottleneck))
        refuse("no reduction_factor gives a bottleneck of " + std::to_string(bottleneck) + " on hidden size " +
               std::to_string(hidden));
    return factor;
}

// What one adapter of ours is in AdapterHub's terms: the LayerNorm option
// decides ln_before / ln_after and where the down projection sits in the
// adapter_down Sequential (after the LayerNorm when there is one).
AdapterLayerNorm siteLayerNorm(bool attention, const AdapterOptions& o) {
    // attachAdapters builds every attention adapter with the LayerNorm "in".
    return attention ? AdapterLayerNorm::In : o.ffnLayerNorm;
}

std::string downProjection(AdapterLayerNorm ln) {
    return ln == AdapterLayerNorm::In ? "adapter_down.1." : "adapter_down.0.";
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::shared_ptr<const std::vector<uint8_t>> tensorBytes(const torch::Tensor& t) {
    const auto c = t.detach().to(torch::kCPU).contiguous();
    auto bytes = std::make_shared<std::vector<uint8_t>>(size_t(c.nbytes()));
    if (!bytes->empty()) std::memcpy(bytes->data(), c.data_ptr(), bytes->size());
    return bytes;
}

TorchSaveTensor saveTensor(const torch::Tensor& t) {
    return {fromScalarType(t.scalar_type()), t.sizes().vec(), tensorBytes(t)};
}

json commonFields(const ModelConfig& model, const AdapterHubExportOptions& e, TaskHead head) {
    // build_full_config (src/adapters/configuration/utils.py) writes these
    // around the "config" object.
    return {{"hidden_size", model.hidden},
            {"model_class", taskModelClassName(model.architecture, head)},
            {"model_name", e.modelName},
            {"model_type", architectureName(model.architecture)},
            {"version", kFormatVersion}};
}

void writeJson(const std::string& path, const json& j) {
    writeFileAtomically(path, [&](std::ostream& out) { out << j.dump(2) << '\n'; });
}

struct MaskCount {
    std::string name; // AdapterHub key of the weight
    int64_t kept = 0, total = 0;
};

MaskCount sum(const std::vector<MaskCount>& counts) {
    MaskCount all{"all", 0, 0};
    for (const auto& c : counts) {
        all.kept += c.kept;
        all.total += c.total;
    }
    return all;
}

double densityOf(const MaskCount& c) {
    return c.total > 0 ? double(c.kept) / double(c.total) : 1.0;
}

std::string readme(const AdapterHubExportOptions& e, const ModelConfig& model, const std::string& modelClass,
                   const std::vector<MaskCount>& counts) {
    const MaskCount all = sum(counts);
    const double density = densityOf(all);
    std::ostringstream r;
    r << std::fixed << std::setprecision(4);
    r << "# Sparse adapter '" << e.adapterName << "' (AdapterHub format)\n\n";
    if (!e.source.empty()) r << "Exported by SparseAdapter Studio from `" << e.source << "`.\n";
    r << "Backbone: `" << e.modelName << "` (" << architectureName(model.architecture) << ", hidden size "
      << model.hidden << ").\n\n";
    r << "**Density " << density << "** (" << all.kept << " of " << all.total
      << " prunable adapter weights kept), **sparsity " << 1.0 - density << "** (fraction removed).\n\n";
    r << "The pruned entries are stored as exact zeros in `" << kWeightsFile
      << "`, so the adapter loads as an ordinary dense one and computes what the sparse one computed. "
      << "The binary masks (1 = kept) are in `" << kMasksFile
      << "` under the keys of the weights they mask; biases and LayerNorms are never pruned.\n\n";
    r << "```python\nfrom transformers import " << modelClass << "\nimport adapters\n\n"
      << "model = " << modelClass << ".from_pretrained(\"" << e.modelName << "\")\n"
      << "adapters.init(model)\nname = model.load_adapter(\"path/to/this/folder\", set_active=True)\n```\n\n";
    if (e.withHead)
        r << "The trained head is in `" << kHeadConfigFile << "` + `" << kHeadWeightsFile
          << "` (loaded with the adapter by `load_adapter`, `with_head=True`).\n\n";
    else
        r << "No head is included: the run trained the adapters alone, so the head is the checkpoint's own (or, "
          << "where the checkpoint had none, one drawn from the run's seed).\n\n";
    r << "Dropout inside the adapter is applied to the ReLU output when SparseAdapter trains and after the "
      << "up-projection in AdapterHub; inference is unaffected.\n\n";
    r << "| weight | kept | of | density |\n|---|---:|---:|---:|\n";
    for (const auto& c : counts)
        r << "| `" << c.name << "` | " << c.kept << " | " << c.total << " | " << densityOf(c) << " |\n";
    return r.str();
}

} // namespace

json adapterHubBnConfig(const AdapterOptions& o, const ModelConfig& model) {
    if (o.attnMode == AttnMode::Lora || o.attnMode == AttnMode::Prefix)
        refuse(std::string(o.attnMode == AttnMode::Lora ? "LoRA" : "prefix tuning") +
               " is not a bottleneck adapter; use --format peft");
    if (!o.any()) refuse("the run has no adapters");
    if (model.architecture == Architecture::Bart)
        refuse("BART adapters are not mapped onto AdapterHub's BART modules (ours sit inside every attention "
               "block, self and cross); only BERT and RoBERTa are");
    const bool attention = o.attnMode == AttnMode::Adapter;
    const bool ffn = o.ffnMode == FfnMode::Adapter;
    if (attention && o.attnPlacement != AttnPlacement::Sequential)
        refuse("a parallel attention adapter has no AdapterHub counterpart");
    // One BnConfig describes both sites; only Houlsby's sequential pair
    // shares every flag, bottleneck and scale.
    if (attention && ffn) {
        if (o.ffnPlacement != FfnPlacement::Sequential)
            refuse("an attention adapter beside a " +
                   std::string(o.ffnPlacement == FfnPlacement::Pfeiffer ? "Pfeiffer" : "parallel") +
                   " FFN adapter: AdapterHub's one config would give the attention adapter the FFN adapter's "
                   "placement (original_ln_before / is_parallel)");
        if (o.attnBn != o.ffnBn)
            refuse("attn_bn " + std::to_string(o.attnBn) + " differs from ffn_bn " + std::to_string(o.ffnBn) +
                   " (AdapterHub has one reduction_factor for both sites of a layer)");
        if (o.ffnScale != 1.0)
            refuse("ffn_adapter_scalar " + std::to_string(o.ffnScale) +
                   " differs from the attention adapter's fixed scale 1 (AdapterHub has one scaling for both)");
        if (o.ffnLayerNorm != AdapterLayerNorm::In)
            refuse("the FFN adapter's LayerNorm option differs from the attention adapter's \"in\" (AdapterHub has "
                   "one ln_before / ln_after for both)");
    }
    const AdapterLayerNorm ln = siteLayerNorm(!ffn, o);
    const bool pfeiffer = ffn && o.ffnPlacement == FfnPlacement::Pfeiffer;
    const bool parallel = ffn && o.ffnPlacement == FfnPlacement::Parallel;
    // Flag by flag against modeling.py, with y = the sub-layer's dense
    // output and x = its input (BertSelfOutput / BertOutput):
    // * sequential (Houlsby): residual_before_ln → the adapter's residual is
    //   y; original_ln_before false → the adapter reads y; original_ln_after
    //   → LN(adapter(y) + x). Ours: LN(up(LN_a(y))·s + y + x).
    // * Pfeiffer: original_ln_before → the adapter reads LN(y + x) with
    //   residual y (residual_before_ln true); original_ln_after → LN(out + x)
    //   with the same LayerNorm, as the reference applies it twice.
    // * parallel: ParallelAdapter reads x and adds no residual;
    //   post_forward gives LN(δ + y + x), as ours adds δ to the FFN output.
    // ln_before puts LN_a in front of the down projection (our "in");
    // ln_after with adapter_residual_before_ln false normalises the scaled
    // up-projection before the residual (our "out").
    json c = {
        {"mh_adapter", attention},
        {"output_adapter", ffn},
        {"reduction_factor", reductionFactor(model.hidden, ffn ? o.ffnBn : o.attnBn)},
        {"non_linearity", "relu"},
        {"original_ln_before", pfeiffer},
        {"original_ln_after", true},
        {"ln_before", ln == AdapterLayerNorm::In},
        {"ln_after", ln == AdapterLayerNorm::Out},
        {"init_weights", "bert"}, // ffn_adapter_init_option "bert": normal(0, 0.02), biases 0
        {"is_parallel", parallel},
        {"scaling", ffn ? o.ffnScale : 1.0}, // a float: an int is "Unknown scaling type"
        {"use_gating", false},
        {"residual_before_ln", true},
        {"adapter_residual_before_ln", false},
        {"inv_adapter", nullptr},
        {"inv_adapter_reduction_factor", nullptr},
        {"cross_adapter", false},
        {"leave_out", json::array()},
        {"dropout", model.hiddenDropout},
        {"phm_layer", false},
        {"phm_dim", 4},
        {"factorized_phm_W", true},
        {"shared_W_phm", false},
        {"shared_phm_rule", true},
        {"factorized_phm_rule", false},
        {"phm_c_init", "normal"},
        {"phm_init_range", 0.0001},
        {"learn_phm", true},
        {"hypercomplex_nonlinearity", "glorot-uniform"},
        {"phm_rank", 1},
        {"phm_bias", true},
        {"stochastic_depth", 0.0},
    };
    return c;
}

std::vector<std::string> toAdapterHubNames(const std::string& name, const AdapterOptions& o,
                                           const std::string& adapterName) {
    size_t at = name.find(kAttnAdapter);
    const bool attention = at != std::string::npos;
    if (!attention) at = name.find(kFfnAdapter);
    if (at == std::string::npos) return {};
    std::string owner = name.substr(0, at); // "<b>.encoder.layer.N.attention.output." / "…output." / "…layer.N."
    const std::string local = name.substr(at + (attention ? kAttnAdapter : kFfnAdapter).size());
    // AdapterHub hangs every FFN-side adapter, the parallel one included, on
    // BertOutput; the reference hangs the parallel one on the layer.
    if (!attention && o.ffnPlacement == FfnPlacement::Parallel) owner += "output.";
    const std::string base = owner + "adapters." + adapterName + ".";
    const AdapterLayerNorm ln = siteLayerNorm(attention, o);
    const std::string norm = "adapter_layer_norm_before.";
    if (local.rfind(norm, 0) == 0) {
        const std::string field = local.substr(norm.size());
        if (ln == AdapterLayerNorm::In)
            return {base + "adapter_norm_before." + field, base + "adapter_down.0." + field};
        return {base + "adapter_norm_after." + field};
    }
    if (local.rfind("down_proj.", 0) == 0) return {base + downProjection(ln) + local.substr(10)};
    if (local == "down_mask") return {base + downProjection(ln) + "weight"};
    if (local.rfind("up_proj.", 0) == 0) return {base + "adapter_up." + local.substr(8)};
    if (local == "up_mask") return {base + "adapter_up.weight"};
    return {};
}

std::string fromAdapterHubName(const std::string& key, const AdapterOptions& o, const std::string& adapterName) {
    const std::string marker = ".adapters." + adapterName + ".";
    const size_t at = key.find(marker);
    if (at == std::string::npos) return {};
    std::string owner = key.substr(0, at + 1);
    const std::string local = key.substr(at + marker.size());
    const bool attention = endsWith(owner, "attention.output.");
    if (!attention && o.ffnPlacement == FfnPlacement::Parallel) {
        if (!endsWith(owner, "output.")) return {};
        owner.resize(owner.size() - std::string("output.").size());
    }
    const std::string adapter = owner + (attention ? kAttnAdapter : kFfnAdapter);
    const AdapterLayerNorm ln = siteLayerNorm(attention, o);
    auto field = [&](const std::string& prefix) { return local.substr(prefix.size()); };
    for (const std::string prefix : {"adapter_norm_before.", "adapter_norm_after."})
        if (local.rfind(prefix, 0) == 0) return adapter + "adapter_layer_norm_before." + field(prefix);
    if (ln == AdapterLayerNorm::In && local.rfind("adapter_down.0.", 0) == 0)
        return adapter + "adapter_layer_norm_before." + field("adapter_down.0.");
    if (local.rfind(downProjection(ln), 0) == 0) return adapter + "down_proj." + field(downProjection(ln));
    if (local.rfind("adapter_up.", 0) == 0) return adapter + "up_proj." + field("adapter_up.");
    return {};
}

std::vector<std::string> writeAdapterHubFolder(LanguageModelImpl& model, const AdapterOptions& options,
                                               const AdapterHubExportOptions& e, const std::string& folder) {
    namespace fs = std::filesystem;
    const json config = adapterHubBnConfig(options, model.config());
    if (e.adapterName.empty() || e.adapterName.find_first_of("./ ") != std::string::npos)
        refuse("adapter name '" + e.adapterName +
               "' must be non-empty, without '.', '/' or spaces (--name; it is "
               "part of every weight's key)");
    torch::NoGradGuard noGrad;

    std::map<std::string, torch::Tensor> maskOf; // by our weight name
    for (const auto& m : maskedWeights(model))
        maskOf[m.weightName] = m.mask;

    std::vector<std::pair<std::string, TorchSaveTensor>> weights, head;
    std::vector<std::pair<std::string, torch::Tensor>> masks;
    std::vector<MaskCount> counts;
    for (const auto& p : model.named_parameters(true)) {
        const auto& name = p.key();
        if (e.withHead && model.isTrainableHeadParameter(name)) {
            head.emplace_back(name, saveTensor(p.value())); // a static HF head keeps its own names
            continue;
        }
        if (!isAdapterParameter(name)) continue;
        const auto keys = toAdapterHubNames(name, options, e.adapterName);
        if (keys.empty()) refuse("adapter tensor '" + name + "' has no AdapterHub counterpart");
        torch::Tensor value = p.value().detach().to(torch::kCPU);
        if (const auto mask = maskOf.find(name); mask != maskOf.end()) {
            const auto m = mask->second.to(torch::kCPU);
            // Pruned entries as +0 exactly (W·0 would give −0 for negative W).
            value = torch::where(m != 0, value, torch::zeros_like(value));
            masks.emplace_back(keys.front(), m);
            counts.push_back({keys.front(), (m != 0).sum().item<int64_t>(), m.numel()});
        }
        const auto stored = saveTensor(value); // one storage for both names of a LayerNorm
        for (const auto& key : keys)
            weights.emplace_back(key, stored);
    }

    const fs::path dir(folder);
    std::vector<std::string> written;
    writeTorchZipStateDict((dir / kWeightsFile).string(), weights);
    json adapterConfig = commonFields(model.config(), e, model.head());
    adapterConfig["config"] = config;
    adapterConfig["name"] = e.adapterName;
    writeJson((dir / kConfigFile).string(), adapterConfig);
    written = {kConfigFile, kWeightsFile};
    if (e.withHead) {
        if (head.empty()) refuse("the model has no trainable head to export");
        // A static head (PredictionHeadLoader.save on a *ForSequenceClassification
        // model): config null, no name, the labels.
        json headConfig = commonFields(model.config(), e, model.head());
        headConfig["config"] = nullptr;
        headConfig["name"] = nullptr;
        headConfig["num_labels"] = model.config().numLabels;
        json label2id = json::object();
        for (int64_t i = 0; i < model.config().numLabels; ++i)
            label2id["LABEL_" + std::to_string(i)] = i;
        headConfig["label2id"] = label2id;
        writeTorchZipStateDict((dir / kHeadWeightsFile).string(), head);
        writeJson((dir / kHeadConfigFile).string(), headConfig);
        written.insert(written.end(), {kHeadConfigFile, kHeadWeightsFile});
    }
    const MaskCount all = sum(counts);
    std::ostringstream density, sparsity;
    density << std::setprecision(17) << densityOf(all);
    sparsity << std::setprecision(17) << 1.0 - densityOf(all);
    writeSafetensors((dir / kMasksFile).string(), masks,
                     {{"format", "pt"},
                      {"density", density.str()},
                      {"sparsity", sparsity.str()},
                      {"kept", std::to_string(all.kept)},
                      {"total", std::to_string(all.total)}});
    writeFileAtomically((dir / kReadmeFile).string(), [&](std::ostream& out) {
        out << readme(e, model.config(), taskModelClassName(model.config().architecture, model.head()), counts);
    });
    written.insert(written.end(), {kMasksFile, kReadmeFile});
    return written;
}

} // namespace sa
