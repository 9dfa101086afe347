#include "model/batch_file.h"

#include "error.h"
#include "io/safetensors.h"

namespace sa {

Batch readBatch(const SafetensorsFile& file) {
    for (const char* key : {"input_ids", "attention_mask", "labels"})
        if (!file.contains(key)) throw fileError(file.path(), std::string("batch lacks tensor '") + key + "'");
    Batch b;
    b.input_ids = file.tensor("input_ids").to(torch::kInt64).clone();
    b.attention_mask = file.tensor("attention_mask").to(torch::kInt64).clone();
    b.labels = file.tensor("labels").clone();
    if (file.contains("token_type_ids")) b.token_type_ids = file.tensor("token_type_ids").to(torch::kInt64).clone();
    if (b.input_ids.dim() != 2 || b.attention_mask.sizes() != b.input_ids.sizes() || b.labels.dim() < 1 ||
        b.labels.size(0) != b.input_ids.size(0))
        throw fileError(file.path(), "input_ids and attention_mask must be [batch, seq] and labels [batch, ...]");
    return b;
}

Batch readBatch(const std::string& path) {
    return readBatch(SafetensorsFile::open(path));
}

} // namespace sa
