// Named model geometries (the shapes of public checkpoints), for benchmarks
// and for building random-weight models without downloading anything.
#pragma once

#include "io/model_config.h"

#include <string>
#include <vector>

namespace sa {

// bert-base, bert-large, roberta-base, roberta-large, bart-base, bart-large.
// Throws sa::Error listing the known names otherwise.
ModelConfig geometryConfig(const std::string& name);
std::vector<std::string> geometryNames();

} // namespace sa
