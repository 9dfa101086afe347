// `sparseadapter bench prune`: what scoring costs next to one training step,
// on a random-weight backbone of a named geometry with adapters attached.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sa {

struct PruneBenchOptions {
    std::string geometry = "roberta-base";
    std::string adapter = "houlsby";
    int bottleneck = 64;
    int batch = 16;
    int seq = 128;
    std::vector<std::string> methods = {"snip", "grasp"};
    int repeats = 1;
};

// One JSON line per method: method, score_s, train_step_s, ratio, geometry,
// adapter, bottleneck, batch, seq, peak_rss_mb.
std::vector<std::string> runPruneBench(const PruneBenchOptions& options,
                                       const std::function<void(int, int)>& progress = {});

} // namespace sa
