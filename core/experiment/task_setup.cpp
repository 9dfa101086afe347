#include "experiment/task_setup.h"

#include "error.h"
#include "tasks/classification/classification_task.h"
#include "tasks/classification/demo_sentiment.h"
#include "tasks/classification/demo_tasks.h"
#include "tasks/question_answering/demo_questions.h"
#include "tasks/question_answering/qa_task.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/summarization/demo_compression.h"
#include "tasks/summarization/summarization_task.h"

#include <filesystem>

namespace sa {

namespace fs = std::filesystem;

namespace {

template <typename T> void limit(std::vector<T>& v, int64_t n) {
    if (n > 0 && static_cast<int64_t>(v.size()) > n) v.resize(static_cast<std::size_t>(n));
}

// Experiment's and the form's words for data a config lacks (one wording).
std::string glueDataMissing(GlueTask task) {
    return "task.data_dir is empty: give the folder with " + glueTaskName(task) + "'s train.tsv and " +
           glueEvalFileName(task) + " (only builtin:demo has built-in data)";
}
std::string demoIsSentiment(const std::string& name) {
    return "task.name: the built-in demo corpora are binary sentiment (SST-2), questions (squad), compression "
           "(summarization) and the fusion demo's demo-topic and demo-staging-praise; got '" +
           name + "' without task.data_dir";
}
const char* kSquadFilesMissing =
    "task.train_file is empty: give SQuAD v1.1 JSON files (train_file, and eval_file to evaluate; only builtin:demo "
    "has built-in data)";

PreparedTask prepareClassification(const ExperimentConfig& config, const TaskSpec& spec, const Tokenizer& tokenizer) {
    const bool demoTask = isDemoTask(spec);
    const auto task = demoTask ? kDemoTaskLayout : glueTaskByName(spec.glueName);
    std::vector<GlueExample> train, eval;
    if (demoTask) {
        const auto refusal = demoTaskRefusal(spec, config.model, config.task.dataDir);
        if (!refusal.empty()) throw Error(refusal);
        train = demoTaskExamples(spec, "train");
        eval = demoTaskExamples(spec, "dev");
    } else if (config.task.dataDir.empty()) {
        if (!isBuiltinDemoModel(config.model)) throw Error(glueDataMissing(task));
        if (task != GlueTask::SST2) throw Error(demoIsSentiment(config.task.name));
        train = demoSentimentExamples("train");
        eval = demoSentimentExamples("dev");
    } else {
        train = readGlueTsv((fs::path(config.task.dataDir) / "train.tsv").string(), task);
        eval = readGlueTsv((fs::path(config.task.dataDir) / glueEvalFileName(task)).string(), task);
    }
    limit(train, config.task.maxTrainExamples);
    limit(eval, config.task.maxEvalExamples);
    BatchingOptions batching;
    batching.batchSize = config.optimization.batchSize;
    batching.evalBatchSize = config.optimization.evalBatchSize;
    batching.maxLength = config.task.maxSeqLength;
    batching.padding = config.task.padding;
    batching.groupByLength = config.task.groupByLength;
    batching.seed = config.optimization.seed;
    return {std::make_unique<ClassificationTask>(tokenizer, task, train, eval, batching), {}};
}

std::vector<SquadExample> readSquadSplit(const std::string& path, const char* key, std::vector<std::string>& notes) {
    SquadReadReport report;
    auto examples = readSquadJson(path, &report);
    if (report.mismatchedAnswers > 0) {
        std::string note = path + " (task." + key + "): " + std::to_string(report.mismatchedAnswers) +
                           " answers whose answer_start does not point at their text";
        if (!report.mismatches.empty()) note += ", e.g. " + report.mismatches.front();
        notes.push_back(note);
    }
    return examples;
}

PreparedTask prepareQuestionAnswering(const ExperimentConfig& config, const Tokenizer& tokenizer) {
    const auto& t = config.task;
    std::vector<SquadExample> train, eval;
    std::vector<std::string> notes;
    if (t.trainFile.empty() && t.evalFile.empty() && isBuiltinDemoModel(config.model)) {
        train = demoQuestionExamples("train");
        eval = demoQuestionExamples("dev");
    } else {
        if (t.trainFile.empty()) throw Error(kSquadFilesMissing);
        train = readSquadSplit(t.trainFile, "train_file", notes);
        if (!t.evalFile.empty()) eval = readSquadSplit(t.evalFile, "eval_file", notes);
    }
    limit(train, t.maxTrainExamples);
    limit(eval, t.maxEvalExamples);
    QaTaskOptions o;
    o.features.maxSeqLength = t.maxSeqLength;
    o.features.docStride = t.docStride;
    o.postprocess.nBestSize = t.nBestSize;
    o.postprocess.maxAnswerLength = t.maxAnswerLength;
    o.batchSize = config.optimization.batchSize;
    o.evalBatchSize = config.optimization.evalBatchSize;
    o.seed = config.optimization.seed;
    auto task = std::make_unique<QuestionAnsweringTask>(tokenizer, train, eval, o);
    for (const auto& note : task->notes())
        notes.push_back(note);
    return {std::move(task), notes};
}

const char* kSummarizationFilesMissing =
    "task.train_file is empty: give a JSON Lines or CSV file of documents and summaries (train_file, and eval_file "
    "or eval_split to evaluate; only builtin:demo has built-in data)";

std::vector<SummarizationExample> readSummarizationSplit(const TaskConfig& t, const std::string& path,
                                                         const char* key) {
    auto examples = readSummarizationFile(path, {t.textColumn, t.summaryColumn, "id"});
    if (examples.empty()) throw fileError(path, std::string("no records (") + key + ")");
    return examples;
}

PreparedTask prepareSummarization(const ExperimentConfig& config, const Tokenizer& tokenizer,
                                  const ModelConfig& model) {
    const auto& t = config.task;
    std::vector<SummarizationExample> train, eval;
    std::vector<std::string> notes;
    if (t.trainFile.empty() && t.evalFile.empty() && isBuiltinDemoModel(config.model)) {
        train = demoCompressionExamples("train");
        eval = demoCompressionExamples("dev");
    } else {
        if (t.trainFile.empty()) throw Error(kSummarizationFilesMissing);
        train = readSummarizationSplit(t, t.trainFile, "task.train_file");
        if (!t.evalFile.empty()) {
            eval = readSummarizationSplit(t, t.evalFile, "task.eval_file");
        } else if (t.evalSplit > 0) {
            // The last eval_split records evaluate; the rest train.
            if (t.evalSplit >= static_cast<int64_t>(train.size()))
                throw Error("task.eval_split " + std::to_string(t.evalSplit) + " leaves nothing to train on: " +
                            t.trainFile + " has " + std::to_string(train.size()) + " records");
            const auto cut = train.end() - t.evalSplit;
            eval.assign(cut, train.end());
            train.erase(cut, train.end());
            notes.push_back(t.trainFile + ": the last " + std::to_string(t.evalSplit) +
                            " records are the eval split (task.eval_split)");
        }
    }
    limit(train, t.maxTrainExamples);
    limit(eval, t.maxEvalExamples);
    SummarizationTaskOptions o;
    o.maxSourceLength = t.maxSourceLength;
    o.maxTargetLength = t.maxTargetLength;
    o.valMaxTargetLength = t.valMaxTargetLength;
    o.evalExamples = t.evalExamples;
    o.generation = generationOptions(t, model);
    o.batchSize = config.optimization.batchSize;
    o.evalBatchSize = config.optimization.evalBatchSize;
    o.seed = config.optimization.seed;
    return {std::make_unique<SummarizationTask>(tokenizer, train, eval, o), notes};
}

void checkFile(const std::string& path, const char* key, std::vector<ConfigProblem>& out) {
    if (path.empty()) return;
    if (!fs::is_regular_file(path))
        out.push_back({std::string("task.") + key, std::string("task.") + key + " '" + path + "' is not a file"});
}

} // namespace

GenerationOptions generationOptions(const TaskConfig& t, const ModelConfig& model) {
    GenerationOptions g;
    g.numBeams = t.numBeams;
    g.maxLength = t.maxLength;
    g.minLength = t.minLength;
    g.noRepeatNgramSize = t.noRepeatNgramSize;
    g.lengthPenalty = t.lengthPenalty;
    g.earlyStopping = t.earlyStopping.value_or(model.earlyStopping.value_or(false));
    g.forcedBosTokenId = t.forcedBosTokenId ? t.forcedBosTokenId : model.forcedBosTokenId;
    g.forcedEosTokenId = model.forcedEosTokenId;
    g.decoderStartTokenId = model.decoderStartTokenId;
    g.eosTokenId = model.eosTokenId;
    g.padTokenId = model.padTokenId;
    return g;
}

PreparedTask prepareTask(const ExperimentConfig& config, const Tokenizer& tokenizer, const ModelConfig& model) {
    const auto spec = config.task.spec();
    switch (spec.family) {
    case TaskFamily::QuestionAnswering:
        return prepareQuestionAnswering(config, tokenizer);
    case TaskFamily::Summarization:
        return prepareSummarization(config, tokenizer, model);
    case TaskFamily::Classification:
        break;
    }
    return prepareClassification(config, spec, tokenizer);
}

void checkTaskData(const ExperimentConfig& c, std::vector<ConfigProblem>& out) {
    const auto spec = c.task.spec();
    const bool builtin = isBuiltinDemoModel(c.model);
    if (spec.family != TaskFamily::Classification) {
        if (c.task.trainFile.empty() && !(builtin && c.task.evalFile.empty()))
            out.push_back({"task.train_file",
                           spec.family == TaskFamily::Summarization ? kSummarizationFilesMissing : kSquadFilesMissing});
        checkFile(c.task.trainFile, "train_file", out);
        checkFile(c.task.evalFile, "eval_file", out);
        return;
    }
    if (isDemoTask(spec)) {
        const auto refusal = demoTaskRefusal(spec, c.model, c.task.dataDir);
        if (!refusal.empty()) out.push_back({builtin ? "task.data_dir" : "task.name", refusal});
        return;
    }
    const auto task = glueTaskByName(spec.glueName);
    const std::string& dir = c.task.dataDir;
    if (dir.empty()) {
        if (!builtin)
            out.push_back({"task.data_dir", glueDataMissing(task)});
        else if (task != GlueTask::SST2)
            out.push_back({"task.name", demoIsSentiment(c.task.name)});
        return;
    }
    if (!fs::is_directory(dir)) {
        out.push_back({"task.data_dir", "task.data_dir '" + dir + "' is not a folder"});
        return;
    }
    std::string missing;
    for (const auto& file : {std::string("train.tsv"), glueEvalFileName(task)}) {
        if (fs::is_directory(fs::path(dir) / file)) {
            out.push_back({"task.data_dir", "task.data_dir '" + dir + "': " + file + " is a folder, not a file"});
            return;
        }
        if (!fs::is_regular_file(fs::path(dir) / file)) missing += (missing.empty() ? "" : " and ") + file;
    }
    if (!missing.empty())
        out.push_back({"task.data_dir", "task.data_dir '" + dir + "' has no " + missing + " for " + glueTaskName(task) +
                                            " (the GLUE layout)"});
}

} // namespace sa
