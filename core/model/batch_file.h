// A batch stored as safetensors (input_ids, attention_mask, labels — or
// start_positions and end_positions for question answering — and, for BERT,
// token_type_ids), as the fixtures store theirs and `sparseadapter
// prune --data` reads a scoring batch. One reader for all of them.
#pragma once

#include "model/language_model.h"

namespace sa {

class SafetensorsFile;

// Copies the tensors out of the file; throws sa::Error naming the file when
// a required tensor is missing or the shapes do not form one batch.
Batch readBatch(const SafetensorsFile& file);
Batch readBatch(const std::string& path);

} // namespace sa
