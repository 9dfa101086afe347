// `sparseadapter bench sweep`: what the sweep machinery costs, measured with
// the built-in demo against a plain `run` in the same session:
//   - overhead: seconds from starting a one-cell sweep (locally, or through
//     sbatch when the executor is slurm) to the cell's first training step,
//     next to the same for `sparseadapter run` of the same config;
//   - throughput (local): a 2 × 2 grid of demo runs, cells per minute with
//     one cell at a time (all cores each) and two at a time (half each).
// The first step is seen when metrics.jsonl holds it: the configs checkpoint
// after every step, so the file is written right after step 1.
#pragma once

#include <functional>
#include <string>

namespace sa {

struct SweepBenchOptions {
    std::string executor = "local"; // local | slurm (needs a cluster: SLURM_CONF)
    int repeats = 3;                // overhead measurements, alternating sweep and run
    int steps = 300;                // training steps of each throughput cell
    int cores = 0;                  // 0: this machine's
};

// JSON lines: one "sweep-overhead", and for the local executor one
// "sweep-throughput" line. `progress(done, total)` after every measurement.
std::string runSweepBench(const SweepBenchOptions& options, const std::function<void(int, int)>& progress = {});

} // namespace sa
