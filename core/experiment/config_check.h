// Problems of an ExperimentConfig that ExperimentConfig::fromJson cannot see,
// because they involve two fields, the file system or the backbone: what the
// GUI form explains inline before Start is pressed. Experiment still throws
// its own errors; this is advice, checked without loading any weights.
#pragma once

#include "experiment/experiment_config.h"
#include "io/model_config.h"

#include <string>
#include <vector>

namespace sa {

// `model` is experimentModelConfig(config) when it could be read; null skips
// the checks that need the backbone (positions, adapter sites).
std::vector<ConfigProblem> checkExperimentConfig(const ExperimentConfig& config, const ModelConfig* model);

} // namespace sa
