// A sweep: one base ExperimentConfig and the keys to vary, expanded into
// cells, each an ordinary experiment with its own run folder. The paper's
// results are such grids (methods × sparsities × tasks × seeds, and
// Large-Sparse factors at an equal budget).
//
// {
//   "name": "snip-vs-random",                  // the folder sweeps/<name>/
//   "base": "base.json" | { ExperimentConfig }, // a path is relative to the spec file
//   "grid": { "pruning.method": ["snip", "random"], "pruning.sparsity": [0.4, 0.8] },
//   "zip":  { "adapter.bottleneck": [64, 128], "pruning.large_sparse": [1, 2] },
//   (fusion: "grid": { "adapter.fusion.sources": [["sweeps/s1/runs/a", "sweeps/s1/runs/b"], ...] }:
//    each value one cell's list of run folders, e.g. cells of an earlier sweep)
//           (or a list of such objects: each is one more dimension)
//   "retries": 1,                                // failed attempts retried per cell
//   "output_dir": "sweeps",
//   "local": { "parallel": 0, "threads_per_cell": 0 },      // 0: from the cores
//   "slurm": { "partition": "", "time": "", "cpus_per_task": 1, "mem": "",
//              "gpus": 0, "max_running": 0, "extra": ["--qos=short"] }
// }
//
// Cells are the cartesian product of the grid's lists and the zip groups
// (whose lists, of one length, vary together), in document order, the last
// key fastest. A cell's name joins "key-value" for every varied key (the
// key's last component unless two varied keys share it), e.g.
// "method-snip_sparsity-0.4_seed-1".
#pragma once

#include "experiment/experiment_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sa {

struct LocalExecutorOptions {
    int parallel = 0;       // cells at a time; 0: cores / threads_per_cell
    int threadsPerCell = 0; // each cell's BLAS threads; 0: cores / parallel (1 when both are 0)
};

struct SlurmOptions {
    std::string partition, time, mem; // empty: the cluster's defaults
    int cpusPerTask = 1;
    int gpus = 0;
    int maxRunning = 0;             // the array's %P; 0: no limit
    std::vector<std::string> extra; // more sbatch options, one per #SBATCH line
};

struct SweepSpec {
    std::string name;
    nlohmann::json base; // the base config's document (name and output_dir are set per cell)
    // Each dimension: one or more keys varied together, with one value list each.
    struct Dimension {
        std::vector<std::string> keys;
        std::vector<std::vector<nlohmann::json>> values; // [key][position]
        bool zipped = false;
    };
    std::vector<Dimension> dimensions;
    int retries = 1;
    std::string outputDir = "sweeps";
    LocalExecutorOptions local;
    SlurmOptions slurm;

    // `source` names the file in errors, which give the JSON path at fault
    // ("grid.pruning.sparsity[2]"). A base given as a path is read relative
    // to `baseFolder`.
    static SweepSpec fromJson(const std::string& text, const std::string& source, const std::string& baseFolder);
    static SweepSpec fromFile(const std::string& path);
    // The spec as a document, the base inline (what sweeps/<name>/spec.json holds).
    nlohmann::json toJson() const;
    int64_t cellCount() const;
    std::string folder() const; // outputDir/name
};

struct SweepCell {
    int index = 0;
    std::string name;
    std::vector<std::pair<std::string, nlohmann::json>> values; // the varied keys' values
    ExperimentConfig config;                                    // name = the cell's, output_dir = <sweep folder>/runs
};

// Every cell, validated as `run` would validate it (config parsing and the
// checks of experiment/config_check.h); the first bad cell throws sa::Error
// naming the cell and the key. `sweepFolder` is where the cells' runs live.
std::vector<SweepCell> expandCells(const SweepSpec& spec, const std::string& sweepFolder);

// A value as it appears in a cell's name: strings as written, numbers as JSON
// writes them, a list of run folders (adapter.fusion.sources) as their last
// names joined by "+"; characters other than letters, digits and ". + -"
// become "-".
std::string cellValueText(const nlohmann::json& value);

} // namespace sa
