// Runs a sweep's cells on this machine, each in its own process (the CLI's
// `sweep run-cell`), a few at a time, with per-cell logs. One executor per
// sweep folder: it holds the folder's lock (experiment/run_lock.h), whose
// file names its pid for `sweep cancel`.
#pragma once

#include "experiment/sweep_folder.h"

#include <functional>
#include <string>
#include <utility>

namespace sa {

struct LocalRunOptions {
    std::string program; // the sparseadapter executable
    int parallel = 1, threadsPerCell = 1;
    std::function<bool()> stopRequested; // polled; true: stop every cell (as `sweep cancel` does)
    std::function<void(const std::vector<CellStatus>&)> onStatus; // on every change, and every few seconds
    std::function<void(const std::string&)> log;                  // one line per start / end
};

// (parallel, threads per cell) from the spec's choices and the cores: each
// cell's BLAS threads times the cells at a time fill the cores, no more.
std::pair<int, int> localSlots(const LocalExecutorOptions& options, int cores);

// Runs every cell that is not finished, running elsewhere or given up, and
// retries a failed one while its failures <= retries. A stop sends SIGTERM to
// every cell (each stops at a checkpoint; SIGKILL after a minute) and waits.
// Returns the final status.
std::vector<CellStatus> runLocalSweep(const SweepFolder& folder, const LocalRunOptions& options);

} // namespace sa
