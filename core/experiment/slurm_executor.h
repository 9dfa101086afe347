// Runs a sweep's cells on a Slurm cluster as one job array per submission:
// Slurm schedules, each array task runs `sparseadapter sweep run-cell DIR
// $SLURM_ARRAY_TASK_ID`, the task id being the cell's index in cells.json.
// State comes from squeue plus the cells' own files, never from sacct
// (small clusters run without accounting storage).
#pragma once

#include "experiment/sweep_folder.h"

#include <map>
#include <string>
#include <vector>

namespace sa {

// "0-3,5,7-9" (+ "%P" when maxRunning > 0): Slurm's --array syntax.
std::string slurmArraySpec(const std::vector<int>& cells, int maxRunning);

// The batch script: #SBATCH lines from the spec's slurm section, logs named
// logs/slurm-%A_%a.out, SPARSEADAPTER_THREADS from --cpus-per-task.
std::string slurmBatchScript(const SweepFolder& folder, const std::string& program);

// Writes slurm/sweep.sbatch, submits `cells` with `sbatch --parsable
// --array=…` and records the job in slurm/jobs.json; returns the job id.
// Throws sa::Error when sbatch is missing or refuses (its message quoted).
std::string submitSlurmArray(const SweepFolder& folder, const std::vector<int>& cells, const std::string& program);

// The job ids recorded in slurm/jobs.json, oldest first.
std::vector<std::string> slurmJobs(const SweepFolder& folder);

// What squeue says of the sweep's array tasks: cell index → state
// ("PENDING", "RUNNING", ...). Tasks squeue no longer lists are absent.
std::map<int, std::string> slurmQueue(const SweepFolder& folder);

// scancel for every recorded job; returns how many scancel accepted.
int cancelSlurmJobs(const SweepFolder& folder);

// Why Slurm cannot be used from here (sbatch missing), or empty.
std::string slurmUnavailableReason();

} // namespace sa
