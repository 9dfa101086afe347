// One SparseAdapter experiment, fully resolved: what a run directory's
// config.json holds, what the GUI form edits and what `sparseadapter run`
// reads. Every CLI flag is a `--set key=value` on one of these keys, so the
// JSON layout below is the one vocabulary for all three.
//
// {
//   "name": "sst2-houlsby64-snip40",
//   "model": "builtin:demo",                 // or a HuggingFace checkpoint directory
//   "task": { "name": "SST-2", "data_dir": "...", "max_seq_length": 128,
//             "max_train_examples": 0, "max_eval_examples": 0,
//             "padding": "longest", "group_by_length": false },
//   (question answering: "task": { "name": "squad", "train_file": "...", "eval_file": "...",
//             "max_seq_length": 384, "doc_stride": 128, "n_best_size": 20,
//             "max_answer_length": 30, "max_train_examples": 0, "max_eval_examples": 0 })
//   (summarization: "task": { "name": "xsum", "train_file": "...jsonl", "eval_file": "", "eval_split": 100,
//             "text_column": "document", "summary_column": "summary", "max_source_length": 1024,
//             "max_target_length": 128, "val_max_target_length": 60, "eval_examples": 100,
//             "num_beams": 6, "max_length": 60, "min_length": 10, "no_repeat_ngram_size": 3,
//             "length_penalty": 1.0, "early_stopping": null, "forced_bos_token_id": null,
//             "label_smoothing": 0.0, "max_train_examples": 0, "max_eval_examples": 0 })
//   "adapter": { "preset": "houlsby", "bottleneck": 64, ... AdapterOptions keys },
//   (AdapterFusion: "adapter": { "preset": "fusion", "train_head": true,
//             "fusion": { "sources": ["runs/a", "runs/b"], "preset": "dynamic",
//                         ... FusionOptions keys, "prune": false } })
//   "pruning": { "method": "snip", "sparsity": 0.4, "scope": "global",
//                "scoring_batches": 1, "iterations": 1, "schedule": "exponential",
//                "start_epoch": 0, "large_sparse": 1, "break_ties": false,
//                "reference_gradient_leak": false },
//   "optimization": { "epochs": 3, "max_steps": 0, "batch_size": 32, "eval_batch_size": 64,
//                     "learning_rate": 1e-3, "weight_decay": 0.1, "warmup_ratio": 0.06,
//                     "max_grad_norm": 1.0, "seed": 42, "eval_every_steps": 0,
//                     "checkpoint_every_steps": 0, "dropout": true },
//   "device": "auto",
//   "output_dir": "runs"
// }
#pragma once

#include "adapters/adapter_options.h"
#include "adapters/fusion_options.h"
#include "sparsity/prune_options.h"
#include "tasks/task_family.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sa {

enum class Padding { Longest, Max }; // to the batch's longest row | to max_seq_length (the reference)
enum class DeviceChoice { Auto, Cpu, Cuda };

const char* paddingName(Padding padding);
const char* deviceChoiceName(DeviceChoice device);

// ExperimentConfig::model naming the built-in demo checkpoint.
inline constexpr const char* kBuiltinDemoModel = "builtin:demo";
inline bool isBuiltinDemoModel(const std::string& model) {
    return model == kBuiltinDemoModel;
}

// The task and its data. Which keys a document may give depends on the
// family of `name` (tasks/task_family.h); the others keep their defaults.
struct TaskConfig {
    std::string name = "SST-2";   // "glue/rte" or a bare GLUE name ("RTE"), or "squad"
    int64_t maxSeqLength = 128;   // classification 128, question answering 384
    int64_t maxTrainExamples = 0; // 0 = all (QA: questions, before windowing)
    int64_t maxEvalExamples = 0;  // 0 = all

    // Classification (GLUE)
    std::string dataDir; // folder with train.tsv / dev.tsv; empty for builtin:demo
    Padding padding = Padding::Longest;
    bool groupByLength = false; // batches of similar length (shuffled batch order)

    // Question answering (SQuAD v1.1, run_qa_sparse.py's defaults) and summarization
    std::string trainFile, evalFile; // SQuAD JSON / JSONL or CSV; both empty for builtin:demo
    int64_t docStride = 128;         // context tokens shared by consecutive windows
    int64_t nBestSize = 20;          // start and end candidates per window
    int64_t maxAnswerLength = 30;    // in tokens

    // Summarization (run_summarization_sparse.py's defaults)
    int64_t evalSplit = 0; // without eval_file: the last N train_file records become the eval split
    std::string textColumn = "document", summaryColumn = "summary"; // JSONL fields / CSV columns
    int64_t maxSourceLength = 1024, maxTargetLength = 128, valMaxTargetLength = 60;
    int64_t evalExamples = 100; // of the eval split, generated and scored with ROUGE; 0 = all
    int64_t numBeams = 6, maxLength = 60, minLength = 10, noRepeatNgramSize = 3;
    double lengthPenalty = 1.0;
    std::optional<bool> earlyStopping;       // unset: the checkpoint's config.json
    std::optional<int64_t> forcedBosTokenId; // unset: the checkpoint's config.json
    double labelSmoothing = 0.0;             // label_smoothing_factor

    TaskSpec spec() const { return taskSpecByName(name); } // throws for an unknown name
    // A family's defaults, under `name`.
    static TaskConfig defaultsFor(const std::string& name);
    // The lengths in tokens that must fit the model's positions, by dotted
    // key: max_seq_length, or summarization's source, target and generated
    // lengths. Throws for an unknown name.
    std::vector<std::pair<std::string, int64_t>> lengthsInPositions() const;
};

// A value of a config document that cannot be used, or a combination that
// cannot run: the dotted key to fix ("task.data_dir", "" for the whole
// document) and one sentence naming the value. The GUI shows each under its
// field; nothing needs to be read back out of the text.
struct ConfigProblem {
    std::string key;
    std::string message;
};

// adapter.preset "fusion": AdapterFusion's second stage. The adapters (and
// their masks) of earlier runs are loaded frozen, one fusion layer per
// adapter site learns to mix them on this run's task. The adapters attached
// are the sources' (experiment/fusion_sources.h), so the preset's
// bottleneck and adapter keys do not apply; train_head does.
inline constexpr const char* kFusionPreset = "fusion";

struct FusionConfig {
    std::vector<std::string> sources; // run folders of stage 1 (at least one), as written
    std::string preset = "dynamic";   // FusionOptions::preset: dynamic | static
    FusionOptions options;            // resolved: preset + AdapterHub keys given beside it
    // Prune the fusion layers' query/key/value matrices with `pruning`
    // (method, sparsity, scope) at the start of training; off: pruning
    // applies to nothing (the sources keep their own masks).
    bool prune = false;
};

struct AdapterConfig {
    // A preset name (AdapterOptions::presetNames(), or kFusionPreset) and its
    // main size; keys of AdapterOptions::toJson() given beside them override
    // the preset.
    std::string preset = "houlsby";
    int64_t bottleneck = 64;
    AdapterOptions options = AdapterOptions::preset("houlsby", 64); // resolved: preset + overrides
    FusionConfig fusion; // "fusion": {...}, read and written with preset "fusion" only

    bool isFusion() const { return preset == kFusionPreset; }
};

struct PruningConfig {
    bool enabled = true; // "method": "none" turns pruning off (dense adapters)
    // method, sparsity (fraction REMOVED), scope, iterations, schedule, start
    // epoch, ties; seed = OptimizationConfig::seed (fromJson sets it; no key).
    PruneOptions options = [] {
        PruneOptions o;
        o.seed = 42; // OptimizationConfig's default seed
        return o;
    }();
    int scoringBatches = 1; // training batches the saliency is computed on
    int largeSparse = 1;    // k: bottleneck × k at sparsity 1 − 1/k (exact-count density); 1 = off
    // Reproduce the reference trainer's SNIP quirk (fixtures README 7.4):
    // scoring gradients of unmasked trainable tensors add to the first step.
    bool referenceGradientLeak = false;
};

struct OptimizationConfig {
    int epochs = 3;
    int64_t maxSteps = 0; // > 0: stop after this many optimizer steps (overrides epochs)
    int64_t batchSize = 32;
    int64_t evalBatchSize = 64;
    double learningRate = 1e-3;
    double weightDecay = 0.1;
    double warmupRatio = 0.06; // of the total optimizer steps
    double maxGradNorm = 1.0;  // <= 0: no clipping
    uint64_t seed = 42;
    int64_t evalEverySteps = 0;       // 0 = once per epoch only
    int64_t checkpointEverySteps = 0; // 0 = at each epoch end only
    bool dropout = true;              // false: every dropout probability 0 (deterministic, as the fixtures)
};

struct ExperimentConfig {
    std::string name; // run folder name; empty = derived (defaultRunName)
    std::string model = kBuiltinDemoModel;
    // A checkpoint's classifier of another label count (3-label MNLI for
    // 2-label RTE) is drawn afresh from the seed instead of refused, as
    // HuggingFace's ignore_mismatched_sizes; the run's notes say so.
    bool reinitHead = false;
    // A PEFT LoRA folder (export-adapter --format peft, or PEFT's
    // save_pretrained) loaded into the attached LoRA, head included, before
    // training: to evaluate it or train it further. Empty: adapters drawn
    // from the seed.
    std::string adapterDir;
    TaskConfig task;
    AdapterConfig adapter;
    PruningConfig pruning;
    OptimizationConfig optimization;
    DeviceChoice device = DeviceChoice::Auto;
    std::string outputDir = "runs";

    std::string toJson() const; // every key of the task's family, pretty-printed (2 spaces)

    // `source` names the file (or "--set") in errors. Unknown keys at any
    // level, wrong types and out-of-range values throw sa::Error naming the
    // dotted key ("optimization.learning_rate") and the value: the first
    // problem parse() finds.
    static ExperimentConfig fromJson(const std::string& json, const std::string& source);
    // Every problem of the document at once, each value at fault replaced by
    // its default in `config` (messages without the source prefix).
    struct Parsed;
    static Parsed parse(const std::string& json);
    static ExperimentConfig fromFile(const std::string& path);

    // `--set optimization.learning_rate=5e-4`, `--set adapter.preset=lora`,
    // `--set pruning.method=none`: the value is parsed as JSON when it is
    // valid JSON, else taken as a string. Validated as fromJson validates.
    void applyOverride(const std::string& assignment);

    // Whether the trainer prunes: a pruning method, and in a fusion run
    // adapter.fusion.prune (the sources keep their own masks either way).
    bool prunes() const { return pruning.enabled && (!adapter.isFusion() || adapter.fusion.prune); }

    // "sst-2_houlsby64_snip40_s42": task, adapter, pruning, seed.
    std::string defaultRunName() const;
    std::string runName() const { return name.empty() ? defaultRunName() : name; }
};

struct ExperimentConfig::Parsed {
    ExperimentConfig config;
    std::vector<ConfigProblem> problems; // in document order; empty: `config` is what the document says
};

// A `--set` value as typed: JSON when it parses as JSON, else the text as a
// string (lora, cuda, /data/glue). The sweep editor reads values the same way.
nlohmann::json overrideValue(const std::string& text);

// An adapter section ({"preset", "bottleneck", option keys…}) as JSON,
// without the options equal to its preset's: the explicit overrides, which
// survive a change of preset (the form's document and --set keep only these).
// A section whose preset or bottleneck core refuses comes back unchanged.
std::string adapterOverrides(const std::string& adapterSection);

// The keys `--set` accepts, dotted, in document order, every task family's
// (for --help and errors).
std::vector<std::string> experimentConfigKeys();

} // namespace sa
