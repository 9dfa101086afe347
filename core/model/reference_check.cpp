#include "model/reference_check.h"

#include "error.h"
#include "io/safetensors.h"
#include "model/pretrained.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace sa {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json readJson(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw fileError(path, "cannot open");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw fileError(path, std::string("not valid JSON: ") + e.what());
    }
}

bool isInput(const std::string& name) {
    return name == "input_ids" || name == "attention_mask" || name == "token_type_ids" || name == "labels" ||
           name == "decoder_input_ids";
}

Batch batchFromCase(const json& testCase, const SafetensorsFile& reference, torch::Device device) {
    Batch b;
    for (const auto& [name, spec] : testCase.at("tensors").items()) {
        if (!isInput(name)) continue;
        auto t = reference.tensor(spec.at("key").get<std::string>()).to(device);
        if (name == "input_ids")
            b.input_ids = t;
        else if (name == "attention_mask")
            b.attention_mask = t;
        else if (name == "token_type_ids")
            b.token_type_ids = t;
        else if (name == "labels")
            b.labels = t;
        else
            b.decoder_input_ids = t;
    }
    return b;
}

// Reference tensor name -> our output.
torch::Tensor pick(const ModelOutput& out, const std::string& name) {
    auto indexed = [&](const std::string& prefix, const std::vector<torch::Tensor>& list) -> torch::Tensor {
        const auto i = std::stoul(name.substr(prefix.size()));
        return i < list.size() ? list[i] : torch::Tensor();
    };
    const bool seq2seq = !out.decoder_hidden_states.empty();
    if (name.rfind("encoder_hidden_states.", 0) == 0) return indexed("encoder_hidden_states.", out.hidden_states);
    if (name.rfind("decoder_hidden_states.", 0) == 0)
        return indexed("decoder_hidden_states.", out.decoder_hidden_states);
    if (name.rfind("hidden_states.", 0) == 0) return indexed("hidden_states.", out.hidden_states);
    if (name == "last_hidden_state") return seq2seq ? torch::Tensor() : out.last_hidden_state;
    if (name == "decoder_last_hidden_state") return out.last_hidden_state;
    if (name == "encoder_last_hidden_state") return out.encoder_last_hidden_state;
    if (name == "pooler_output") return out.pooler_output;
    if (name == "logits") return out.logits;
    if (name == "loss") return out.loss;
    return {};
}

std::pair<double, double> tolerance(const json& reference, const std::string& tensor) {
    const auto rec = reference.value("recommended_tolerance", json::object());
    const auto spec = rec.contains(tensor) ? rec[tensor] : rec.value("default", json::object());
    return {spec.value("atol", 1e-5), spec.value("rtol", 1e-5)};
}

} // namespace

bool CaseCheck::pass() const {
    if (tensors.empty()) return false;
    for (const auto& t : tensors)
        if (!t.pass) return false;
    return true;
}

std::vector<ReferenceCase> listModelReferenceCases(const std::string& fixturesRoot) {
    std::vector<ReferenceCase> cases;
    const fs::path models = fs::path(fixturesRoot) / "models";
    if (!fs::is_directory(models)) return cases;
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(models))
        if (fs::exists(entry.path() / "reference.json")) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        const auto ref = readJson((dir / "reference.json").string());
        const std::pair<WeightsFormat, const char*> formats[] = {{WeightsFormat::Safetensors, "model.safetensors"},
                                                                 {WeightsFormat::TorchBin, "pytorch_model.bin"}};
        for (const auto& [format, file] : formats) {
            if (!fs::exists(dir / file)) continue;
            for (int i = 0; i < static_cast<int>(ref.at("cases").size()); ++i)
                cases.push_back({dir.string(), format, i,
                                 dir.filename().string() + "/" +
                                     (format == WeightsFormat::Safetensors ? "safetensors" : "bin") + "/" +
                                     ref["cases"][i].value("name", std::to_string(i))});
        }
    }
    return cases;
}

CaseCheck checkModelReferenceCase(const ReferenceCase& c, torch::Device device, std::optional<double> atol,
                                  std::optional<double> rtol) {
    const auto ref = readJson(c.modelDir + "/reference.json");
    const auto tensors = SafetensorsFile::open(c.modelDir + "/reference.safetensors");
    LoadOptions options;
    options.format = c.format;
    const auto modelClass = ref.value("model_class", std::string());
    options.head = modelClass.find("ConditionalGeneration") != std::string::npos ? TaskHead::ConditionalGeneration
                                                                                 : TaskHead::SequenceClassification;
    auto loaded = loadPretrained(c.modelDir, options);
    loaded.model->to(device);
    const auto& testCase = ref.at("cases").at(c.caseIndex);

    torch::NoGradGuard noGrad;
    const auto out = loaded.model->forward(batchFromCase(testCase, tensors, device));
    CaseCheck result;
    result.label = c.label;
    for (const auto& [name, spec] : testCase.at("tensors").items()) {
        if (isInput(name)) continue;
        TensorCheck check;
        check.name = name;
        std::tie(check.atol, check.rtol) = tolerance(ref, name);
        check.atol = atol.value_or(check.atol);
        check.rtol = rtol.value_or(check.rtol);
        const auto expected = tensors.tensor(spec.at("key").get<std::string>()).to(torch::kFloat64);
        const auto actual = pick(out, name);
        if (!actual.defined()) {
            check.problem = "the model produces no such output";
        } else if (actual.sizes() != expected.sizes()) {
            check.problem = "shape " + c10::str(actual.sizes()) + " vs reference " + c10::str(expected.sizes());
        } else {
            const auto diff = (actual.detach().to(torch::kCPU, torch::kFloat64) - expected).abs();
            check.maxAbsDiff = diff.numel() ? diff.max().item<double>() : 0.0;
            const auto excess = diff - (check.atol + check.rtol * expected.abs());
            check.pass = excess.numel() == 0 || excess.max().item<double>() <= 0.0;
        }
        result.tensors.push_back(std::move(check));
    }
    return result;
}

} // namespace sa
