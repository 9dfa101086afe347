// The "task" section of an experiment configuration: which keys each task
// family takes, the section as JSON, and reading it (the family of
// task.name decides the keys; another family's keys are refused with what
// the task takes instead). Internal to experiment/.
#pragma once

#include "experiment/config_section.h"
#include "experiment/experiment_config.h"

#include <string>
#include <vector>

namespace sa {

// The family's keys, in document order.
const std::vector<std::string>& taskKeys(TaskFamily family);

// Every key of the task's family (an unknown name shows as classification).
ojson taskJson(const TaskConfig& t);

// Reads top["task"] into `t` (the family's defaults first); problems go to
// top's list.
void readTask(const ConfigSection& top, TaskConfig& t);

} // namespace sa
