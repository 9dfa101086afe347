// The task families of the reference's three entry points and the task
// names an ExperimentConfig uses for them:
//   classification      "glue/rte", "glue/sst-2", … (run_glue_sparse.py); a
//                       bare GLUE folder name ("RTE", "SST-2") means the same
//   question_answering  "squad": SQuAD v1.1 (run_qa_sparse.py)
//   summarization       "xsum", "cnn_dailymail", or "summarization" for
//                       any file pair (run_summarization_sparse.py)
// Each family lives in its own folder of core/tasks and reaches the trainer
// through tasks/task.h only; this is what the rest of core may ask about one
// before its data is read. Plain data, no LibTorch.
#pragma once

#include "io/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

enum class TaskFamily { Classification, QuestionAnswering, Summarization };

const char* taskFamilyName(TaskFamily family); // "classification", "question_answering", "summarization"
const std::vector<TaskFamily>& allTaskFamilies();

struct TaskSpec {
    TaskFamily family = TaskFamily::Classification;
    std::string canonicalName; // "glue/rte", "squad"
    std::string displayName;   // "RTE", "SQuAD v1.1"
    std::string glueName;      // classification: the GLUE folder name ("RTE"); empty otherwise
    TaskHead head = TaskHead::SequenceClassification;
    // The head's outputs: GLUE label count (1 = regression); 2 for the span
    // head; unused by the LM head.
    int64_t numLabels = 2;
    std::string mainMetric; // greater is better; the best weights are kept by it
    std::string rowUnit;    // what a batch row is: "examples", "features"
};

// Case, '-' and '_' do not matter ("GLUE/SST2", "sst-2", "SQuAD"). Throws
// sa::Error naming the value and the known tasks.
TaskSpec taskSpecByName(const std::string& name);
// Every task, in picker order (GLUE's nine, SQuAD, XSum, CNN/DailyMail,
// custom summarization), canonical names.
std::vector<TaskSpec> allTaskSpecs();

// The backbone config as the task model is built: the head's class in
// "architectures" (so budgets count that head) and its label count.
ModelConfig taskModelConfig(ModelConfig backbone, const TaskSpec& task);

} // namespace sa
