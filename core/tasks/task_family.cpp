#include "tasks/task_family.h"

#include "error.h"
#include "tasks/classification/demo_tasks.h"
#include "tasks/classification/glue_dataset.h"
#include "tasks/classification/glue_metrics.h"

#include <algorithm>
#include <cctype>

namespace sa {

namespace {

// "SQuAD", "squad", "s-qu_ad" alike.
std::string folded(const std::string& name) {
    std::string out;
    for (const char c : name)
        if (c != '-' && c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

TaskSpec glueSpec(GlueTask task) {
    TaskSpec s;
    s.family = TaskFamily::Classification;
    s.glueName = glueTaskName(task);
    std::string lower;
    for (const char c : s.glueName)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.canonicalName = "glue/" + lower;
    s.displayName = s.glueName;
    s.numLabels = glueNumLabels(task);
    s.mainMetric = glueMainMetricName(task);
    s.rowUnit = "examples";
    return s;
}

TaskSpec squadSpec() {
    TaskSpec s;
    s.family = TaskFamily::QuestionAnswering;
    s.head = TaskHead::QuestionAnswering;
    s.canonicalName = "squad";
    s.displayName = "SQuAD v1.1";
    s.numLabels = 2;
    s.mainMetric = "f1";
    s.rowUnit = "features";
    return s;
}

TaskSpec summarizationSpec(const std::string& name, const std::string& display) {
    TaskSpec s;
    s.family = TaskFamily::Summarization;
    s.head = TaskHead::ConditionalGeneration;
    s.canonicalName = name;
    s.displayName = display;
    s.numLabels = 2;
    s.mainMetric = "rouge2";
    s.rowUnit = "examples";
    return s;
}

std::vector<TaskSpec> summarizationSpecs() {
    return {summarizationSpec("xsum", "XSum"), summarizationSpec("cnn_dailymail", "CNN/DailyMail"),
            summarizationSpec("summarization", "Summarization (custom files)")};
}

} // namespace

const char* taskFamilyName(TaskFamily family) {
    switch (family) {
    case TaskFamily::QuestionAnswering:
        return "question_answering";
    case TaskFamily::Summarization:
        return "summarization";
    case TaskFamily::Classification:
        break;
    }
    return "classification";
}

const std::vector<TaskFamily>& allTaskFamilies() {
    static const std::vector<TaskFamily> all{TaskFamily::Classification, TaskFamily::QuestionAnswering,
                                             TaskFamily::Summarization};
    return all;
}

TaskSpec taskSpecByName(const std::string& name) {
    const std::string f = folded(name);
    if (f == "squad" || f == "squadv1.1" || f == "squad1.1") return squadSpec();
    for (const auto& spec : summarizationSpecs())
        if (f == folded(spec.canonicalName)) return spec;
    if (f == "cnndm" || f == "cnn/dailymail") return summarizationSpecs()[1];
    for (const auto& spec : demoTaskSpecs())
        if (f == folded(spec.canonicalName)) return spec;
    std::string glue = name;
    if (f.rfind("glue/", 0) == 0) glue = name.substr(name.find('/') + 1);
    try {
        return glueSpec(glueTaskByName(glue));
    } catch (const Error&) {
        std::string known;
        for (const auto& s : allTaskSpecs())
            known += (known.empty() ? "" : ", ") + (s.glueName.empty() ? s.canonicalName : s.glueName);
        std::string demo;
        for (const auto& s : demoTaskSpecs())
            demo += (demo.empty() ? "" : ", ") + s.canonicalName;
        throw Error("unknown task '" + name + "' (known: " + known + "; with model builtin:demo also " + demo +
                    "; GLUE tasks also as glue/<name>, e.g. glue/rte)");
    }
}

std::vector<TaskSpec> allTaskSpecs() {
    std::vector<TaskSpec> out;
    for (const GlueTask t : allGlueTasks())
        out.push_back(glueSpec(t));
    out.push_back(squadSpec());
    for (const auto& spec : summarizationSpecs())
        out.push_back(spec);
    return out;
}

ModelConfig taskModelConfig(ModelConfig backbone, const TaskSpec& task) {
    for (const auto& a : backbone.architectures)
        if (a.find("ForSequenceClassification") != std::string::npos)
            backbone.checkpointHeadLabels = backbone.numLabels;
    backbone.architectures = {taskModelClassName(backbone.architecture, task.head)};
    backbone.numLabels = task.numLabels;
    return backbone;
}

} // namespace sa
