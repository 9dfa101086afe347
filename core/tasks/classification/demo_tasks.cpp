#include "tasks/classification/demo_tasks.h"

#include "error.h"
#include "experiment/experiment_config.h"
#include "tasks/classification/demo_sentiment.h"
#include "tasks/classification/glue_metrics.h"

namespace sa {

namespace {

TaskSpec demoSpec(const std::string& name, const std::string& display) {
    TaskSpec s;
    s.family = TaskFamily::Classification;
    s.canonicalName = name;
    s.displayName = display;
    // Not a GLUE task: no GLUE folder, so glueName stays empty.
    s.numLabels = glueNumLabels(kDemoTaskLayout);
    s.mainMetric = glueMainMetricName(kDemoTaskLayout);
    s.rowUnit = "examples";
    return s;
}

} // namespace

const std::vector<TaskSpec>& demoTaskSpecs() {
    static const std::vector<TaskSpec> specs{demoSpec("demo-topic", "Demo topic (built-in)"),
                                             demoSpec("demo-staging-praise", "Demo staging praise (built-in)")};
    return specs;
}

bool isDemoTask(const TaskSpec& spec) {
    for (const auto& s : demoTaskSpecs())
        if (s.canonicalName == spec.canonicalName) return true;
    return false;
}

std::vector<GlueExample> demoTaskExamples(const TaskSpec& spec, const std::string& split) {
    if (spec.canonicalName == "demo-topic") return demoTopicExamples(split);
    if (spec.canonicalName == "demo-staging-praise") return demoStagingPraiseExamples(split);
    throw Error("task '" + spec.canonicalName + "' is not a built-in demo task");
}

std::string demoTaskRefusal(const TaskSpec& spec, const std::string& model, const std::string& dataDir) {
    if (!isBuiltinDemoModel(model))
        return "task.name '" + spec.canonicalName + "' is a built-in demo task: only model " + kBuiltinDemoModel +
               " has its data (got model '" + model + "')";
    if (!dataDir.empty())
        return "task.data_dir: the built-in demo task '" + spec.canonicalName +
               "' has built-in data only; leave task.data_dir empty (got '" + dataDir + "')";
    return "";
}

} // namespace sa
