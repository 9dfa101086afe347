// What must hold before a run folder is continued, so that a resume never
// silently restarts, mixes or half-believes a run (issue 13):
//   - a finished run is never trained again in place;
//   - a run with recorded work but no checkpoint is not restarted from step
//     0 over its own records;
//   - metrics.jsonl covers every step up to the checkpoint's;
//   - (in the trainer) the checkpoint is this run's: run id, config hash,
//     tensor checksum.
// `--restart` is the explicit way forward: the folder's files move aside to
// previous-N/ and the run starts again from step 0 with the same config.
#pragma once

#include "experiment/run_directory.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

struct ResumeOptions {
    bool restart = false;          // keep the old files in previous-N/ and start over
    bool allowMetricsGaps = false; // continue although metrics.jsonl lacks steps (noted in summary.json)
};

// What the folder says about itself before anything is loaded.
struct RunFolderFacts {
    std::string status;    // summary.json's status; empty without a readable summary
    std::string runId;     // summary.json's run_id; empty when unknown
    int64_t stepsDone = 0; // summary.json's steps_done
    bool hasCheckpoint = false;
    std::vector<std::string> notes; // for summary.json and the user
};

// Reads summary.json and looks for the checkpoint; refuses a finished run and
// one whose recorded work has no checkpoint to continue from, naming what is
// missing and the way forward. With options.restart, moves the folder's
// files (all but config.json) to previous-N/ and returns facts of a new run.
RunFolderFacts checkRunFolder(const RunDirectory& run, const ResumeOptions& options);

// The 1-based steps in 1..`step` that no "step" record covers, as ranges
// ("1–259, 300"); empty when none is missing.
std::string missingSteps(const std::vector<nlohmann::json>& records, int64_t step);

// A new random run id (16 hex digits).
std::string newRunId();

} // namespace sa
