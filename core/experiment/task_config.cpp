#include "experiment/task_config.h"

#include "error.h"
#include "tasks/summarization/summarization_dataset.h"

#include <algorithm>

namespace sa {
namespace {

const std::vector<std::string> kClassificationTaskKeys{
    "name", "data_dir", "max_seq_length", "max_train_examples", "max_eval_examples", "padding", "group_by_length"};
const std::vector<std::string> kQuestionAnsweringTaskKeys{
    "name",        "train_file",        "eval_file",          "max_seq_length",   "doc_stride",
    "n_best_size", "max_answer_length", "max_train_examples", "max_eval_examples"};
const std::vector<std::string> kSummarizationTaskKeys{"name",
                                                      "train_file",
                                                      "eval_file",
                                                      "eval_split",
                                                      "text_column",
                                                      "summary_column",
                                                      "max_source_length",
                                                      "max_target_length",
                                                      "val_max_target_length",
                                                      "eval_examples",
                                                      "num_beams",
                                                      "max_length",
                                                      "min_length",
                                                      "no_repeat_ngram_size",
                                                      "length_penalty",
                                                      "early_stopping",
                                                      "forced_bos_token_id",
                                                      "label_smoothing",
                                                      "max_train_examples",
                                                      "max_eval_examples"};

const std::vector<std::pair<Padding, std::string>> kPaddings{{Padding::Longest, "longest"}, {Padding::Max, "max"}};

template <typename T> ojson optionalJson(const std::optional<T>& v) {
    return v ? ojson(*v) : ojson(nullptr);
}

// A key whose null means "the checkpoint's config.json decides".
template <typename T>
void nullable(const ConfigSection& s, const std::string& key, std::optional<T>& out, const char* what) {
    const ojson* v = s.find(key);
    if (!v) return;
    if (v->is_null()) {
        out.reset();
    } else if constexpr (std::is_same_v<T, bool>) {
        if (v->is_boolean())
            out = v->get<bool>();
        else
            s.fail(key, *v, what);
    } else {
        if (v->is_number_integer() && v->get<int64_t>() >= 0)
            out = v->get<int64_t>();
        else
            s.fail(key, *v, what);
    }
}

void readSummarization(const ConfigSection& s, TaskConfig& t) {
    s.integer<int64_t>("eval_split", t.evalSplit, 0);
    s.string("text_column", t.textColumn, true);
    s.string("summary_column", t.summaryColumn, true);
    s.integer<int64_t>("max_source_length", t.maxSourceLength, 4, 1 << 20);
    s.integer<int64_t>("max_target_length", t.maxTargetLength, 4, 1 << 20);
    s.integer<int64_t>("val_max_target_length", t.valMaxTargetLength, 4, 1 << 20);
    s.integer<int64_t>("eval_examples", t.evalExamples, 0);
    s.integer<int64_t>("num_beams", t.numBeams, 1, 64);
    s.integer<int64_t>("max_length", t.maxLength, 2, 1 << 20);
    s.integer<int64_t>("min_length", t.minLength, 0, 1 << 20);
    s.integer<int64_t>("no_repeat_ngram_size", t.noRepeatNgramSize, 0, 64);
    s.number(
        "length_penalty", t.lengthPenalty, [](double) { return true; }, "a finite number");
    nullable(s, "early_stopping", t.earlyStopping, "true, false or null (the checkpoint's config.json)");
    nullable(s, "forced_bos_token_id", t.forcedBosTokenId, "a token id or null (the checkpoint's config.json)");
    s.number(
        "label_smoothing", t.labelSmoothing, [](double x) { return x >= 0 && x < 1; }, "a number in [0, 1)");
    if (t.minLength >= t.maxLength) {
        s.problem("min_length", "'task.min_length' " + std::to_string(t.minLength) +
                                    " must be below 'task.max_length' " + std::to_string(t.maxLength) +
                                    " (lengths count the decoder start token)");
        t.minLength = std::min<int64_t>(TaskConfig{}.minLength, t.maxLength - 1);
    }
    if (t.evalSplit > 0 && !t.evalFile.empty())
        s.problem("eval_split", "'task.eval_split' " + std::to_string(t.evalSplit) +
                                    " holds records of train_file out for evaluation, but 'task.eval_file' is set: "
                                    "give one or the other");
}

} // namespace

const std::vector<std::string>& taskKeys(TaskFamily family) {
    switch (family) {
    case TaskFamily::QuestionAnswering:
        return kQuestionAnsweringTaskKeys;
    case TaskFamily::Summarization:
        return kSummarizationTaskKeys;
    case TaskFamily::Classification:
        break;
    }
    return kClassificationTaskKeys;
}

std::vector<std::pair<std::string, int64_t>> TaskConfig::lengthsInPositions() const {
    if (spec().family != TaskFamily::Summarization) return {{"task.max_seq_length", maxSeqLength}};
    return {{"task.max_source_length", maxSourceLength},
            {"task.max_target_length", maxTargetLength},
            {"task.val_max_target_length", valMaxTargetLength},
            {"task.max_length", maxLength}};
}

TaskConfig TaskConfig::defaultsFor(const std::string& name) {
    TaskConfig t;
    t.name = name;
    const auto spec = taskSpecByName(name);
    if (spec.family == TaskFamily::QuestionAnswering) t.maxSeqLength = 384;
    if (spec.family == TaskFamily::Summarization) {
        const auto columns = summarizationColumnsFor(spec.canonicalName);
        t.textColumn = columns.text;
        t.summaryColumn = columns.summary;
    }
    return t;
}

ojson taskJson(const TaskConfig& t) {
    ojson j = ojson::object();
    TaskFamily family = TaskFamily::Classification;
    try {
        family = t.spec().family;
    } catch (const Error&) {
        // An unknown name (a config that never parsed): shown as classification.
    }
    const ojson all = {{"name", t.name},
                       {"data_dir", t.dataDir},
                       {"train_file", t.trainFile},
                       {"eval_file", t.evalFile},
                       {"max_seq_length", t.maxSeqLength},
                       {"doc_stride", t.docStride},
                       {"n_best_size", t.nBestSize},
                       {"max_answer_length", t.maxAnswerLength},
                       {"max_train_examples", t.maxTrainExamples},
                       {"max_eval_examples", t.maxEvalExamples},
                       {"padding", paddingName(t.padding)},
                       {"group_by_length", t.groupByLength},
                       {"eval_split", t.evalSplit},
                       {"text_column", t.textColumn},
                       {"summary_column", t.summaryColumn},
                       {"max_source_length", t.maxSourceLength},
                       {"max_target_length", t.maxTargetLength},
                       {"val_max_target_length", t.valMaxTargetLength},
                       {"eval_examples", t.evalExamples},
                       {"num_beams", t.numBeams},
                       {"max_length", t.maxLength},
                       {"min_length", t.minLength},
                       {"no_repeat_ngram_size", t.noRepeatNgramSize},
                       {"length_penalty", t.lengthPenalty},
                       {"early_stopping", optionalJson(t.earlyStopping)},
                       {"forced_bos_token_id", optionalJson(t.forcedBosTokenId)},
                       {"label_smoothing", t.labelSmoothing}};
    for (const auto& key : taskKeys(family))
        j[key] = all.at(key);
    return j;
}

void readTask(const ConfigSection& top, TaskConfig& t) {
    // The family decides which keys the section takes, so the name comes first.
    std::string name = t.name;
    bool known = true;
    const ojson* section = top.find("task");
    const ojson* v = section && section->is_object() && section->contains("name") ? &section->at("name") : nullptr;
    if (v) {
        try {
            if (!v->is_string()) throw Error("must be a string (a task)");
            taskSpecByName(v->get<std::string>());
            name = v->get<std::string>();
        } catch (const Error& e) {
            top.problems().push_back({"task.name", "'task.name' is " + v->dump() + ": " + e.what()});
            known = false;
        }
    }
    t = TaskConfig::defaultsFor(name);
    const TaskFamily family = taskSpecByName(name).family;
    // With an unknown name, keys of any family are taken without complaint:
    // the name is the problem, not them.
    std::vector<std::string> keys = taskKeys(family);
    if (!known)
        for (const TaskFamily f : allTaskFamilies())
            for (const auto& k : taskKeys(f))
                if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    const auto otherFamily = [&](const std::string& key) -> std::string {
        for (const TaskFamily f : allTaskFamilies()) {
            const auto& fk = taskKeys(f);
            if (f != family && std::find(fk.begin(), fk.end(), key) != fk.end())
                return "'task." + key + "' is a " + taskFamilyName(f) + " key; task '" + name + "' (" +
                       taskFamilyName(family) + ") takes " + joinedNames(taskKeys(family));
        }
        return {};
    };
    const ConfigSection s = top.sub("task", keys, otherFamily);
    // [CLS] and [SEP] (or <s> and </s>) take two positions of every row.
    s.integer<int64_t>("max_seq_length", t.maxSeqLength, 8, 4096);
    s.integer<int64_t>("max_train_examples", t.maxTrainExamples, 0);
    s.integer<int64_t>("max_eval_examples", t.maxEvalExamples, 0);
    s.string("data_dir", t.dataDir);
    s.choice("padding", t.padding, kPaddings);
    s.boolean("group_by_length", t.groupByLength);
    s.string("train_file", t.trainFile);
    s.string("eval_file", t.evalFile);
    s.integer<int64_t>("doc_stride", t.docStride, 0, 4096);
    s.integer<int64_t>("n_best_size", t.nBestSize, 1, 1000);
    s.integer<int64_t>("max_answer_length", t.maxAnswerLength, 1, 4096);
    // The window holds max_seq_length minus the question and 3–4 specials;
    // the stride must stay below it (the tokenizer's own rule).
    if (family == TaskFamily::QuestionAnswering && t.docStride + 5 > t.maxSeqLength) {
        s.problem("doc_stride", "'task.doc_stride' " + std::to_string(t.docStride) +
                                    " leaves no room for a window in 'task.max_seq_length' " +
                                    std::to_string(t.maxSeqLength) +
                                    " (windows hold max_seq_length minus the question and its special tokens, and "
                                    "must be longer than the stride)");
        t.docStride = TaskConfig::defaultsFor(name).docStride;
    }
    if (family == TaskFamily::Summarization || !known) readSummarization(s, t);
}

} // namespace sa
