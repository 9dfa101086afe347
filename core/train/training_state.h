// What a checkpoint holds besides tensors: the trainer's progress and the
// identity of the run that wrote it, kept as JSON in the safetensors
// metadata ("trainer_state"). One struct with its own (de)serialiser, so the
// trainer's save and resume cannot drift apart (Marian keeps its training
// state the same way, beside the model).
//
// The identity makes a checkpoint refuse to continue anything but its own
// run: the run id (random, made when the folder was created), a hash of the
// run's config.json, and a checksum of every tensor in the file, which
// catches a damaged file the safetensors header cannot (flipped bytes).
#pragma once

#include "train/training_events.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sa {

struct TrainingState {
    int64_t step = 0;       // optimizer steps done
    int prunedEpochs = 0;   // epochs whose pruning round has run (from epoch 0)
    int64_t totalSteps = 0; // of the run, to refuse a checkpoint of another schedule
    int64_t stepsPerEpoch = 0;
    double trainSeconds = 0.0; // training time across resumes
    double runSeconds = 0.0;   // wall time of run() across resumes
    int64_t tokens = 0;
    int pendingEvalEpoch = -1; // an evaluation a stop interrupted, redone first
    std::optional<EvalEvent> best, last;

    // Identity; empty / 0 in checkpoints written before they were kept.
    std::string runId, configHash;
    uint64_t tensorsChecksum = 0;

    nlohmann::json toJson() const;
    // Errors name `file` and the key at fault.
    static TrainingState fromJson(const std::string& json, const std::string& file);
};

// A checksum of named tensors' bytes (FNV-1a 64 over name, dtype, shape and
// data, in name order): the same for the tensors written and those read back.
uint64_t tensorsChecksum(std::vector<std::pair<std::string, torch::Tensor>> tensors);
std::string checksumText(uint64_t checksum); // 16 hex digits

// FNV-1a 64 of a text (config.json's canonical dump), as 16 hex digits.
std::string textHash(const std::string& text);

} // namespace sa
