#include "model/batch_file.h"

#include "error.h"
#include "io/safetensors.h"

#include <string>
#include <vector>

namespace sa {

Batch readBatch(const SafetensorsFile& file) {
    for (const char* key : {"input_ids", "attention_mask"})
        if (!file.contains(key)) throw fileError(file.path(), std::string("batch lacks tensor '") + key + "'");
    // Targets: class labels, or the answer span of question answering.
    const bool span = file.contains("start_positions") || file.contains("end_positions");
    const std::vector<std::string> targets =
        span ? std::vector<std::string>{"start_positions", "end_positions"} : std::vector<std::string>{"labels"};
    for (const auto& key : targets)
        if (!file.contains(key)) throw fileError(file.path(), "batch lacks tensor '" + key + "'");
    Batch b;
    b.input_ids = file.tensor("input_ids").to(torch::kInt64).clone();
    b.attention_mask = file.tensor("attention_mask").to(torch::kInt64).clone();
    if (file.contains("token_type_ids")) b.token_type_ids = file.tensor("token_type_ids").to(torch::kInt64).clone();
    if (b.input_ids.dim() != 2 || b.attention_mask.sizes() != b.input_ids.sizes())
        throw fileError(file.path(), "input_ids and attention_mask must be [batch, seq]");
    const auto rows = b.input_ids.size(0);
    if (span) {
        b.start_positions = file.tensor("start_positions").to(torch::kInt64).clone();
        b.end_positions = file.tensor("end_positions").to(torch::kInt64).clone();
        if (b.start_positions.dim() != 1 || b.start_positions.size(0) != rows ||
            b.end_positions.sizes() != b.start_positions.sizes())
            throw fileError(file.path(), "start_positions and end_positions must be [batch]");
    } else {
        b.labels = file.tensor("labels").clone();
        if (b.labels.dim() < 1 || b.labels.size(0) != rows) throw fileError(file.path(), "labels must be [batch, ...]");
    }
    return b;
}

Batch readBatch(const std::string& path) {
    return readBatch(SafetensorsFile::open(path));
}

} // namespace sa
