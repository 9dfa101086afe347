// A HuggingFace checkpoint directory: config.json plus weights from
// model.safetensors, a sharded model.safetensors.index.json, or
// pytorch_model.bin (torch.save zip format, possibly sharded too).
#pragma once

#include "io/model_config.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace sa {

enum class WeightsFormat { Auto, Safetensors, TorchBin };

struct NamedTensor {
    std::string name;
    torch::Tensor tensor;
    std::string file; // the file it came from, for error messages
};

struct CheckpointWeights {
    std::vector<NamedTensor> tensors;
    std::vector<std::string> filesRead;
    std::string format; // "safetensors", "safetensors (3 shards)", "pytorch_model.bin", ...
};

// Auto prefers safetensors (zero-copy) over the pickle format. Throws
// sa::Error naming the directory and the files looked for when none exists.
CheckpointWeights readCheckpointWeights(const std::string& directory, WeightsFormat format = WeightsFormat::Auto);

// Reads one weights file of either format.
std::vector<NamedTensor> readWeightsFile(const std::string& path);

} // namespace sa
