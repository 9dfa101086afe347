#include "train/training_state.h"

#include "error.h"
#include "train/eval_json.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>

namespace sa {

namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t fnv1a(uint64_t hash, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i)
        hash = (hash ^ bytes[i]) * kFnvPrime;
    return hash;
}

} // namespace

nlohmann::json TrainingState::toJson() const {
    nlohmann::json j = {{"step", step},
                        {"pruned_epochs", prunedEpochs},
                        {"total_steps", totalSteps},
                        {"steps_per_epoch", stepsPerEpoch},
                        {"train_seconds", trainSeconds},
                        {"run_seconds", runSeconds},
                        {"tokens", tokens}};
    if (pendingEvalEpoch >= 0) j["pending_eval_epoch"] = pendingEvalEpoch;
    if (best) j["best"] = evalEventToJson(*best);
    if (last) j["last"] = evalEventToJson(*last);
    if (!runId.empty()) j["run_id"] = runId;
    if (!configHash.empty()) j["config_hash"] = configHash;
    if (tensorsChecksum != 0) j["tensors_checksum"] = checksumText(tensorsChecksum);
    return j;
}

TrainingState TrainingState::fromJson(const std::string& text, const std::string& file) {
    TrainingState s;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) throw fileError(file, "trainer_state is not a JSON object");
    std::string key;
    // Integers through integerFromJson: get<int64_t>() of 1e300 is undefined.
    auto integer = [&](const char* name, std::optional<int64_t> fallback) -> int64_t {
        key = name;
        if (!j.contains(key) && fallback) return *fallback;
        return integerFromJson(j.at(key));
    };
    auto smallInteger = [&](const char* name, std::optional<int64_t> fallback) -> int {
        const auto value = integer(name, fallback);
        if (value < -1 || value > 1000000000) throw std::out_of_range(std::to_string(value));
        return static_cast<int>(value);
    };
    try {
        s.step = integer("step", std::nullopt);
        s.prunedEpochs = smallInteger("pruned_epochs", std::nullopt);
        s.totalSteps = integer("total_steps", std::nullopt);
        s.stepsPerEpoch = integer("steps_per_epoch", std::nullopt);
        // Checkpoints written before the clock was kept start it from zero.
        key = "train_seconds", s.trainSeconds = j.value(key, 0.0);
        key = "run_seconds", s.runSeconds = j.value(key, 0.0);
        s.tokens = integer("tokens", 0);
        s.pendingEvalEpoch = smallInteger("pending_eval_epoch", -1);
        key = "best";
        if (j.contains(key)) s.best = evalEventFromJson(j.at(key));
        key = "last";
        if (j.contains(key)) s.last = evalEventFromJson(j.at(key));
        key = "run_id", s.runId = j.value(key, std::string());
        key = "config_hash", s.configHash = j.value(key, std::string());
        key = "tensors_checksum";
        if (j.contains(key)) {
            const auto hex = j.at(key).get<std::string>();
            std::size_t used = 0;
            s.tensorsChecksum = std::stoull(hex, &used, 16);
            if (used != hex.size() || hex.size() != 16) throw std::invalid_argument(hex);
        }
    } catch (const std::exception& e) {
        throw fileError(file, "trainer_state." + key + ": " + e.what());
    }
    if (s.step < 0 || s.totalSteps < 0 || s.stepsPerEpoch < 1 || s.step > s.totalSteps || s.prunedEpochs < 0)
        throw fileError(file, "trainer_state: step " + std::to_string(s.step) + " of " + std::to_string(s.totalSteps) +
                                  " (" + std::to_string(s.stepsPerEpoch) + " per epoch) is not a training position");
    return s;
}

uint64_t tensorsChecksum(std::vector<std::pair<std::string, torch::Tensor>> tensors) {
    std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    uint64_t hash = kFnvOffset;
    for (const auto& [name, tensor] : tensors) {
        hash = fnv1a(hash, name.data(), name.size() + 1);
        const auto t = tensor.detach().to(torch::kCPU).contiguous();
        const auto type = static_cast<int>(t.scalar_type());
        hash = fnv1a(hash, &type, sizeof type);
        for (const auto size : t.sizes())
            hash = fnv1a(hash, &size, sizeof size);
        hash = fnv1a(hash, t.data_ptr(), t.nbytes());
    }
    return hash == 0 ? 1 : hash; // 0 means "none kept"
}

std::string checksumText(uint64_t checksum) {
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(checksum));
    return text;
}

std::string textHash(const std::string& text) {
    return checksumText(fnv1a(kFnvOffset, text.data(), text.size()));
}

} // namespace sa
