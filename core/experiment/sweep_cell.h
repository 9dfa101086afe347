// One cell of a sweep, run by the process an executor started for it (a
// local child or a Slurm array task): a new run, the continuation of a
// stopped or killed one from its checkpoint, or, when an earlier attempt
// left no checkpoint, a restart that keeps the old files in previous-N/.
#pragma once

#include "experiment/experiment.h"
#include "experiment/sweep_folder.h"

#include <memory>

namespace sa {

// Null when the cell has finished already. Throws sa::Error naming the run
// folder when it cannot be created or continued.
std::unique_ptr<Experiment> openSweepCell(const SweepFolder& folder, const SweepCell& cell);

} // namespace sa
