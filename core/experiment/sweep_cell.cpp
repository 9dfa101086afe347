#include "experiment/sweep_cell.h"

#include "error.h"
#include "experiment/run_index.h"
#include "text/text_files.h"

#include <filesystem>

namespace sa {

std::unique_ptr<Experiment> openSweepCell(const SweepFolder& folder, const SweepCell& cell) {
    namespace fs = std::filesystem;
    const std::string run = folder.runFolder(cell);
    if (!text_files::exists(run + "/config.json")) {
        // A folder without config.json is what a kill between mkdir and the
        // first write leaves; an empty one is ours to reuse, anything else is
        // not ours to delete.
        std::error_code error;
        if (fs::exists(run, error) && !fs::remove(run, error))
            throw fileError(run, "holds files but no config.json; move it away to run cell '" + cell.name + "'");
        auto experiment = Experiment::create(cell.config);
        if (fs::path(experiment->runDirectory()).lexically_normal() != fs::path(run).lexically_normal())
            throw fileError(experiment->runDirectory(), "was created instead of " + run + " (another process?)");
        return experiment;
    }
    if (readRun(run).status == "finished") return nullptr;
    ResumeOptions options;
    // Without a checkpoint an attempt left nothing to continue from.
    options.restart = !text_files::exists(run + "/checkpoint.safetensors");
    return Experiment::resume(run, nullptr, options);
}

} // namespace sa
