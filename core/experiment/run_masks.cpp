#include "experiment/run_masks.h"

#include "error.h"
#include "experiment/run_directory.h"
#include "io/safetensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <exception>
#include <filesystem>

namespace sa {

namespace {

namespace fs = std::filesystem;

// The last pruning round logged in metrics.jsonl and the configured round
// count, where the folder is a run.
void readRoundInfo(const std::string& runFolder, MaskEvent& event) {
    if (!fs::exists(fs::path(runFolder) / "config.json")) return;
    const auto run = RunDirectory::open(runFolder);
    const auto config = readJsonFile(run.configPath());
    if (config.contains("pruning") && config.at("pruning").contains("iterations"))
        event.iterations = config.at("pruning").at("iterations").get<int>();
    if (!fs::exists(run.metricsPath())) return;
    for (const auto& record : run.readMetrics()) {
        if (record.value("type", std::string()) != "prune") continue;
        event.epoch = record.value("epoch", 0);
        event.iteration = record.value("iteration", 0);
        event.density = record.value("density", event.density);
        event.seconds = record.value("time_s", 0.0);
        event.warnings.clear();
        if (record.contains("warnings") && record.at("warnings").is_array())
            for (const auto& w : record.at("warnings"))
                if (w.is_string()) event.warnings.push_back(w.get<std::string>());
    }
    event.iterations = std::max(event.iterations, event.iteration + 1);
}

} // namespace

MaskEvent readRunMasks(const std::string& runFolder) {
    const auto path = (fs::path(runFolder) / "masks.safetensors").string();
    if (!fs::exists(path)) throw fileError(path, "no masks (the run has not pruned)");
    const auto file = SafetensorsFile::open(path);
    MaskEvent event;
    for (const auto& entry : file.entries()) {
        const auto kept = file.tensor(entry.name).ne(0).to(torch::kUInt8).contiguous();
        MaskTensor t;
        t.name = entry.name;
        // [rows, cols]; a vector is one column, higher ranks fold into the columns.
        t.rows = kept.dim() > 0 ? kept.size(0) : 1;
        t.cols = t.rows > 0 ? kept.numel() / t.rows : 0;
        t.values.assign(kept.data_ptr<uint8_t>(), kept.data_ptr<uint8_t>() + kept.numel());
        t.kept = kept.sum().item<int64_t>();
        event.kept += t.kept;
        event.total += kept.numel();
        event.tensors.push_back(std::move(t));
    }
    if (event.tensors.empty()) throw fileError(path, "holds no mask");
    event.density = event.total > 0 ? static_cast<double>(event.kept) / static_cast<double>(event.total) : 1.0;
    // The round is a caption only: a config.json or metrics.jsonl that cannot
    // be read (the runs table names those) leaves round 1 of 1, not an error
    // about masks that read fine.
    try {
        readRoundInfo(runFolder, event);
    } catch (const std::exception&) {
        event.epoch = event.iteration = 0;
        event.iterations = 1;
    }
    return event;
}

} // namespace sa
