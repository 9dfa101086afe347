// Reading finished (or running, stopped, failed) run folders back: one
// RunRecord per folder for the GUI's runs table and `sparseadapter export`,
// and the step / evaluation series of metrics.jsonl for plots. Torch-free.
//
// A record comes from summary.json (the layout Experiment writes, README
// "The run folder"); what summary.json lacks (an older or half-written run,
// a folder without summary.json) is taken from config.json.
#pragma once

#include "adapters/parameter_budget.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sa {

struct RunRecord {
    static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

    std::string folder; // the run folder as given / found
    std::string name;   // summary "name", else config "name", else the folder's name
    // created | running | stopped | finished | failed (summary.json);
    // "unknown" without summary.json; "unreadable" (listRuns only) when
    // summary.json or config.json could not be read: `error` says why.
    std::string status;
    std::string error; // the run's own error (summary "error"), or why it is unreadable

    std::string task;    // GLUE task as written, e.g. "SST-2"
    std::string model;   // checkpoint folder or "builtin:demo"
    std::string adapter; // preset: houlsby, pfeiffer, parallel, lora, prefix, mam
    int64_t bottleneck = 0;
    int64_t largeSparse = 1;
    std::string pruning;        // method name, "none" for dense adapters
    double sparsity = kMissing; // fraction removed (after Large-Sparse, as trained)
    int64_t stepsDone = 0;
    int64_t totalSteps = 0;

    std::string mainMetric;       // e.g. "accuracy", "mcc"; empty before the first evaluation
    double bestValue = kMissing;  // NaN: no evaluation yet (or a non-finite metric)
    int64_t bestStep = -1;        // -1: no evaluation yet
    double finalValue = kMissing; // the last evaluation

    // The parameter budget of summary.json; -1 / NaN without one.
    int64_t trainable = -1;
    int64_t effectiveTrainable = -1;
    double trainablePercent = kMissing; // of the backbone
    double effectivePercent = kMissing;
    std::optional<ParameterBudget> budget; // counts only: no sites, notes or maskedTensors

    double trainSeconds = kMissing; // timings.train_s; NaN while it is 0 in an unfinished or failed run
};

// One record per subfolder of `runsRoot` that holds a config.json, sorted by
// folder name. A folder whose summary.json or config.json cannot be read
// becomes a record with status "unreadable" and the error text; this never
// throws for a bad run. A `runsRoot` that does not exist yields no records
// (no run yet); one that is not a folder throws sa::Error.
std::vector<RunRecord> listRuns(const std::string& runsRoot);

// The record of one run folder. Throws sa::Error naming the file (and key) at
// fault: no config.json, malformed JSON, a value of the wrong type.
RunRecord readRun(const std::string& folder);

// The counts of summary.json's "budget" object (backbone, head, train_head,
// adapter_weights, adapter_weights_kept, biases_and_norms, prefix, density).
// A missing or mistyped field throws sa::Error naming `file` and the key.
ParameterBudget budgetFromJson(const nlohmann::json& budget, const std::string& file);

// The series of metrics.jsonl, in file order.
struct MetricSeries {
    // "type": "step" records; epoch is 0-based (-1 where a record lacks
    // it), seconds the run's training time when the step ended (NaN where
    // a record lacks "time_s")
    std::vector<double> step, loss, lr;
    std::vector<int> epoch;
    std::vector<double> seconds;
    // "type": "eval" records: evalStep[i] goes with eval[name][i] and
    // evalLoss[i]. A metric absent from (or null in) a record is NaN there.
    std::vector<int64_t> evalStep;
    std::map<std::string, std::vector<double>> eval;
    std::vector<double> evalLoss;
    std::string mainMetric; // "main" of the last evaluation
    // "type": "prune" records (a pruning round at that step)
    std::vector<int64_t> pruneStep;
    std::vector<double> pruneDensity;
};

// metrics.jsonl of `folder`; no file yet (before the first checkpoint) gives
// empty series. A malformed line, or a record missing a field its type needs,
// throws sa::Error naming file:line. Records of other types are skipped.
MetricSeries readMetricSeries(const std::string& folder);

} // namespace sa
