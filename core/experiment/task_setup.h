// The one place that knows every task family: which data an ExperimentConfig
// names (GLUE folder, SQuAD files, or the built-in demo corpora), the
// problems of that data before a run, and the Task the trainer gets.
// Experiment and the GUI form's checks come here; nothing else branches on
// the family.
#pragma once

#include "experiment/experiment_config.h"
#include "model/generation.h"
#include "tasks/task.h"
#include "text/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace sa {

struct PreparedTask {
    std::unique_ptr<Task> task;
    // What reading the data found worth saying (e.g. SQuAD answers whose
    // answer_start does not point at their text), for the CLI and summary.json.
    std::vector<std::string> notes;
};

// Reads the data and builds the task's features. Throws sa::Error naming the
// file (and line or JSON path) or the config key at fault.
// `model` gives summarization its generation defaults (pad, EOS, decoder
// start; early stopping and forced BOS when the config leaves them null).
PreparedTask prepareTask(const ExperimentConfig& config, const Tokenizer& tokenizer, const ModelConfig& model);

// The generation settings of a summarization config on `model`.
GenerationOptions generationOptions(const TaskConfig& task, const ModelConfig& model);

// The data problems prepareTask would throw for, found without reading the
// files: missing folders and files, the demo corpus asked for another task.
void checkTaskData(const ExperimentConfig& config, std::vector<ConfigProblem>& out);

} // namespace sa
