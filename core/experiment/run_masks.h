// The masks of a finished (or stopped) run, read back from its folder so the
// GUI can show a run picked in the runs table as it showed a live one.
// Plain data in, plain data out: widgets and the CLI may include this header.
#pragma once

#include "train/training_events.h"

#include <string>

namespace sa {

// masks.safetensors of `runFolder` as the trainer's last MaskEvent: one
// MaskTensor per mask (official names, file order; any dtype, non-zero =
// kept). Epoch, round and target density come from the last "prune" record
// of metrics.jsonl and the round count from config.json where the folder has
// them; otherwise round 1 of 1 at the kept fraction. The scores are not kept
// on disk: scores.available is false. Throws sa::Error naming the file when
// masks.safetensors is missing or corrupt.
MaskEvent readRunMasks(const std::string& runFolder);

} // namespace sa
