// The AdapterFusion demo (`sparseadapter run --demo fusion`): both stages of
// AdapterFusion on the built-in model, in a few minutes on 2 cores. Stage 1
// trains two source adapters: on the demo sentiment corpus (SST-2) and on
// demo-topic (is the sentence about the story or the staging?). Stage 2
// fuses both on demo-staging-praise (does it praise the staging?), which
// takes the polarity and the topic together, and, trained the same way
// (same task, steps, rate and seed), fuses each source alone: the
// single-source baselines the fusion is compared with. Plain data, no
// LibTorch: the runs themselves are Experiments the caller starts.
#pragma once

#include "experiment/experiment_config.h"

#include <string>
#include <utility>
#include <vector>

namespace sa {

struct FusionDemoStage {
    enum class Role { Source, Fusion, SingleSource };
    Role role = Role::Source;
    std::string label; // the source's short name ("sentiment", "topic"), or "fusion"
    ExperimentConfig config;
};

struct FusionDemoPlan {
    std::string folder;                  // every stage's output_dir
    std::vector<FusionDemoStage> stages; // in run order: sources, fusion, single-source baselines
};

// The demo's runs under <output_dir>/demo-fusion, or demo-fusion-2, -3, ...
// when that folder exists: a fusion run names its sources by folder, so no
// run may be renamed away from the name its config expects. `overrides`
// (`--set key=value`) apply to every stage (output_dir names the parent
// folder); each stage's name, output_dir and fusion sources stay the demo's.
// Throws sa::Error naming a bad override.
FusionDemoPlan fusionDemoPlan(const std::vector<std::string>& overrides = {});

struct FusionDemoResult {
    double fusion = 0.0;                                       // best dev accuracy
    std::vector<std::pair<std::string, double>> singleSources; // label, best dev accuracy
    double seconds = 0.0;                                      // wall time of every stage
};

// The finished plan's best dev accuracies, from the runs' summary.json;
// throws sa::Error naming a run without an evaluation.
FusionDemoResult fusionDemoResult(const FusionDemoPlan& plan, double seconds);

// One line for a reader: "fusion 0.9125 vs single sources: sentiment
// 0.8500, topic 0.7917 (fusion ahead by 0.0625)".
std::string fusionDemoComparison(const FusionDemoResult& result);
// One JSON line for a script: {"fusion": 0.9125, "single_sources":
// {"sentiment": 0.85, "topic": 0.7917}, "seconds": 95.2}.
std::string fusionDemoJson(const FusionDemoResult& result);

} // namespace sa
