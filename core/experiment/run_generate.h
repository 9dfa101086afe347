// `sparseadapter generate RUN_DIR --input FILE --output OUT.jsonl`: the
// trained adapters of a summarization run (adapter.safetensors at its best
// evaluation, masks.safetensors) on the run's backbone, summarising new
// documents with the run's generation settings.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace sa {

struct RunGenerateOptions {
    std::string runDir, input, output;
    std::string textField; // empty: the run's task.text_column
    int64_t batchSize = 0; // 0: the run's optimization.eval_batch_size / num_beams
    // (done, total) after every batch and decoding step; false stops.
    std::function<bool(int64_t, int64_t)> progress;
};

// Writes one JSON line per input record, {"id", "prediction"}, atomically;
// returns the records written. Throws sa::Error naming the run folder,
// the file and line, or the missing field.
int64_t generateFromRun(const RunGenerateOptions& options);

} // namespace sa
