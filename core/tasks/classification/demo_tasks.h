// The built-in demo model's classification tasks besides its sentiment
// corpus (which stands in for SST-2): the AdapterFusion demo's second source
// task and its target (experiment/fusion_demo.h). Their sentences come from
// the sentiment corpus's generator (demo_sentiment.h); they exist only with
// `model: builtin:demo` and no task.data_dir. Plain data, no LibTorch.
#pragma once

#include "tasks/classification/glue_dataset.h"
#include "tasks/task_family.h"

#include <string>
#include <vector>

namespace sa {

// "demo-topic" (the story or the staging) and "demo-staging-praise"
// (whether the sentence praises the staging): two labels each, accuracy.
const std::vector<TaskSpec>& demoTaskSpecs();
bool isDemoTask(const TaskSpec& spec);

// A demo task's examples are SST-2-shaped rows (one sentence, labels 0 and
// 1, accuracy): the classification task reads them with this layout.
inline constexpr GlueTask kDemoTaskLayout = GlueTask::SST2;

// The "train" or "dev" split of a demo task; throws sa::Error naming a task
// that is not one, or an unknown split.
std::vector<GlueExample> demoTaskExamples(const TaskSpec& spec, const std::string& split);

// Why a config cannot use demo task `spec` ("" when it can): only the
// built-in model has its data, and a data_dir would go unread.
std::string demoTaskRefusal(const TaskSpec& spec, const std::string& model, const std::string& dataDir);

} // namespace sa
