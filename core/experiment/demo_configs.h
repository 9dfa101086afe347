// The built-in demos: where the built-in model lives on disk and the demo
// experiments the CLI's `run --demo` and the Studio's first run start from.
#pragma once

#include "experiment/experiment_config.h"
#include "tasks/task_family.h"

#include <string>

namespace sa {

// Where `model: "builtin:demo"` lives on disk for a task family (written on
// every use): the BERT-style demo, or for summarization the built-in BART.
std::string builtinDemoDirectory(TaskFamily family = TaskFamily::Classification);

// A built-in demo experiment (`run --demo [task]`, the GUI's first run) on
// the built-in model: a SNIP-pruned Houlsby adapter on its sentiment corpus
// ("sst-2"), SNIP-pruned LoRA on its question corpus ("squad"), or a
// SNIP-pruned Houlsby adapter on the built-in BART's sentence-compression
// corpus ("summarization"); each finishes in well under two minutes on 2
// cores. Another task name throws sa::Error listing them.
ExperimentConfig builtinDemoConfig(const std::string& task = "sst-2");

} // namespace sa
