// The folder of a sweep, and what each cell's state is:
//
//   sweeps/<name>/spec.json        the spec, base inline (a re-run must match it)
//                 cells.json       index, name, varied values and full config per cell
//                 runs/<cell>/     one ordinary run folder per cell
//                 attempts/<cell>.json   how often the cell started and failed
//                 logs/<cell>.log  the local executor's per-cell output
//                 logs/slurm-<job>_<task>.out   a Slurm array task's output
//                 slurm/           the batch script and the submitted jobs
//                 executor.json    the local executor holding the sweep (pid, host)
//
// A cell's state comes from its own files (summary.json, the run folder's
// lock, the attempts record) and, for Slurm, from squeue: nothing depends on
// an executor being alive, so a sweep is picked up again after the GUI or
// the submitting shell went away.
#pragma once

#include "experiment/run_index.h"
#include "experiment/sweep_spec.h"

#include <map>
#include <string>
#include <vector>

namespace sa {

struct CellAttempts {
    int attempts = 0; // starts
    int failures = 0; // attempts that ended in an error
    std::string lastError;
};

// What a cell is doing. Pending: never started, or interrupted and to be
// continued from its checkpoint; Failed: its last attempt failed (retried
// while failures <= retries: `givenUp` says when no more).
enum class CellState { Pending, Queued, Running, Stopped, Failed, Finished };
const char* cellStateName(CellState state);

struct CellStatus {
    int index = 0;
    std::string name;
    CellState state = CellState::Pending;
    bool givenUp = false;
    CellAttempts attempts;
    RunRecord run; // the cell's run folder as read (a default record before it exists)
    int64_t stepsDone = 0, totalSteps = 0;
    std::string mainMetric;
    double best = 0.0;
    bool hasBest = false;
    std::string holder; // who runs it ("pid N on host H since T"), or the Slurm job
};

class SweepFolder {
public:
    // Creates spec.folder() with spec.json and cells.json, or reopens it when
    // it exists; a folder made from another spec is refused, naming the first
    // cell or key that differs.
    static SweepFolder prepare(const SweepSpec& spec);
    // An existing sweep folder (status, cancel, report, a cell's job).
    static SweepFolder open(const std::string& path);

    const std::string& path() const { return path_; }
    const SweepSpec& spec() const { return spec_; }
    const std::vector<SweepCell>& cells() const { return cells_; }
    const SweepCell& cell(int index) const; // throws naming the range
    std::string runFolder(const SweepCell& cell) const;
    std::string logPath(const SweepCell& cell) const;
    std::string file(const std::string& relative) const;

    // `sweep cancel` leaves a marker: executors and followers stop when they
    // see it, wherever they run, cells not yet started refuse to, and the
    // next `sweep` removes it.
    void markCancelled() const;
    void clearCancelled() const;
    bool cancelled() const;

    CellAttempts attempts(const SweepCell& cell) const;
    void recordStart(const SweepCell& cell) const;
    void recordFailure(const SweepCell& cell, const std::string& error) const;

    // `queue`: Slurm's view, cell index → "PENDING", "RUNNING", ... (empty
    // for a local sweep).
    std::vector<CellStatus> status(const std::map<int, std::string>& queue = {}) const;

private:
    SweepFolder(std::string path, SweepSpec spec, std::vector<SweepCell> cells);
    std::string path_;
    SweepSpec spec_;
    std::vector<SweepCell> cells_;
};

// The cells an executor should start now: not finished, not running or
// queued, and not given up.
std::vector<int> cellsToRun(const std::vector<CellStatus>& status);
// "3 finished, 1 running, 2 pending" in state order, states with no cell left out.
std::string statusCounts(const std::vector<CellStatus>& status);

} // namespace sa
