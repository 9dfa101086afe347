// The fusion attention of a run folder's latest evaluation, from the
// "fusion_attention" of the last eval record in its metrics.jsonl, for the
// Fusion tab of an opened run (and anything else that reads a finished run).
#pragma once

#include "train/training_events.h"

#include <cstdint>
#include <string>

namespace sa {

struct RunFusion {
    bool evaluated = false;    // the run has an eval record
    int64_t step = -1;         // of the last one
    FusionAttention attention; // empty where that record has none
};

// Throws sa::Error naming the folder when it is not a run folder, and
// file:line for a line that is not JSON or a "fusion_attention" that is
// malformed; no metrics.jsonl reads as not evaluated.
RunFusion readRunFusion(const std::string& folder);

} // namespace sa
