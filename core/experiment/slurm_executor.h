// Runs a sweep's cells on a Slurm cluster as one job array per submission:
// Slurm schedules, each array task runs `sparseadapter sweep run-cell DIR
// $SLURM_ARRAY_TASK_ID`, the task id being the cell's index in cells.json.
// State comes from squeue plus the cells' own files, never from sacct
// (small clusters run without accounting storage).
#pragma once

#include "experiment/sweep_folder.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sa {

// "0-3,5,7-9" (+ "%P" when maxRunning > 0): Slurm's --array syntax.
std::string slurmArraySpec(const std::vector<int>& cells, int maxRunning);

// The batch script: #SBATCH lines from the spec's slurm section, logs named
// logs/slurm-%A_%a.out, SPARSEADAPTER_THREADS from --cpus-per-task.
std::string slurmBatchScript(const SweepFolder& folder, const std::string& program);

// Task ids must stay below the cluster's MaxArraySize (1001 by default):
// cells are submitted in blocks of that many, each an array whose task id
// plus the block's offset (SPARSEADAPTER_CELL_OFFSET) is the cell's index.
struct SlurmSubmission {
    std::string jobId;
    int offset = 0;         // the first cell index of the block
    std::vector<int> cells; // cell indices
    std::string array;      // the --array value given
};

// The cluster's MaxArraySize from `scontrol show config`; 1001 (Slurm's
// default) when it cannot be read.
int slurmMaxArraySize();

// Writes slurm/sweep.sbatch, submits `cells` with `sbatch --parsable
// --array=…` (one array per block of MaxArraySize cells) and records the
// jobs in slurm/jobs.json. Throws sa::Error when sbatch is missing or
// refuses (its message quoted).
std::vector<SlurmSubmission> submitSlurmArrays(const SweepFolder& folder, const std::vector<int>& cells,
                                               const std::string& program, int maxArraySize = 0);

// The job ids recorded in slurm/jobs.json, oldest first.
std::vector<std::string> slurmJobs(const SweepFolder& folder);

// What squeue says of the sweep's array tasks: cell index → state
// ("PENDING", "RUNNING", ...). Tasks squeue no longer lists are absent.
std::map<int, std::string> slurmQueue(const SweepFolder& folder);

// scancel for every recorded job; returns how many scancel accepted.
int cancelSlurmJobs(const SweepFolder& folder);

struct SlurmRunOptions {
    std::string program;                                          // the sparseadapter executable the tasks run
    bool detach = false;                                          // return after the first submission
    std::function<bool()> stopRequested;                          // polled; true: scancel and return
    std::function<void(const std::vector<CellStatus>&)> onStatus; // every poll while following
    std::function<void(const SlurmSubmission&)> onSubmitted;
    std::function<void(const std::string&)> log;
    double pollSeconds = 2.0;
};

struct SlurmRunResult {
    std::vector<CellStatus> status; // the last one read
    bool detached = false;          // returned after submitting (or with cells still in Slurm's hands)
    bool cancelled = false;         // stopped on request, its jobs scancelled
};

// Submits the cells left to run and follows them through squeue until none
// is queued or running, then submits what is left again (cells killed or
// failed on the way, while failures <= retries), for at most retries + 1
// further rounds. Nothing is submitted while cells are still in Slurm's hands.
SlurmRunResult runSlurmSweep(const SweepFolder& folder, const SlurmRunOptions& options);

// Why Slurm cannot be used from here (sbatch missing), or empty.
std::string slurmUnavailableReason();

} // namespace sa
