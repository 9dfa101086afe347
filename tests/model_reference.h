// Reading the model fixtures (models/<name>/reference.{json,safetensors}):
// which checkpoints exist, their cases, and a Batch built from a case's
// stored inputs. Shared by test_models and test_checkpoint.
#pragma once

#include "test_support.h"

#include "io/safetensors.h"
#include "model/language_model.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace sa_test {

struct Tolerance {
    double atol = 1e-5, rtol = 1e-5;
};

inline nlohmann::json readJson(const QString& path) {
    std::ifstream in(path.toStdString());
    if (!in) throw std::runtime_error("cannot open " + path.toStdString());
    return nlohmann::json::parse(in);
}

// Every models/<dir> that has a reference.json, by directory name.
inline QStringList referenceModelDirs() {
    QDir models(QDir(fixturesRoot()).filePath(QStringLiteral("models")));
    QStringList out;
    for (const auto& d : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(models.filePath(d + QStringLiteral("/reference.json")))) out << models.filePath(d);
    return out;
}

inline sa::TaskHead headForClass(const std::string& modelClass) {
    return modelClass.find("ConditionalGeneration") != std::string::npos ? sa::TaskHead::ConditionalGeneration
                                                                         : sa::TaskHead::SequenceClassification;
}

inline bool isInputTensor(const std::string& name) {
    return name == "input_ids" || name == "attention_mask" || name == "token_type_ids" || name == "labels" ||
           name == "decoder_input_ids";
}

inline sa::Batch batchFromCase(const nlohmann::json& testCase, const sa::SafetensorsFile& reference) {
    sa::Batch b;
    for (const auto& [name, spec] : testCase.at("tensors").items()) {
        if (!isInputTensor(name)) continue;
        auto t = reference.tensor(spec.at("key").get<std::string>()).clone();
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

inline Tolerance toleranceFor(const nlohmann::json& reference, const std::string& tensor) {
    Tolerance t;
    const auto& rec = reference.value("recommended_tolerance", nlohmann::json::object());
    const auto& spec = rec.contains(tensor) ? rec[tensor] : rec.value("default", nlohmann::json::object());
    t.atol = spec.value("atol", t.atol);
    t.rtol = spec.value("rtol", t.rtol);
    return t;
}

// max |a - b| - (atol + rtol·|b|) <= 0, with the worst deviation in `detail`.
inline bool allClose(const torch::Tensor& actual, const torch::Tensor& expected, Tolerance tol, std::string& detail) {
    if (actual.sizes() != expected.sizes()) {
        detail = "shape " + c10::str(actual.sizes()) + " vs reference " + c10::str(expected.sizes());
        return false;
    }
    const auto a = actual.detach().to(torch::kFloat64), e = expected.to(torch::kFloat64);
    const auto excess = (a - e).abs() - (tol.atol + tol.rtol * e.abs());
    const double worst = excess.numel() ? excess.max().item<double>() : -1.0;
    detail = "max |diff| = " + std::to_string((a - e).abs().max().item<double>());
    return worst <= 0.0;
}

} // namespace sa_test
