// `sparseadapter export RUN_DIR... --tables DIR --figures DIR --tensorboard
// DIR`: the runs table and one parameter-budget table per run as CSV,
// Markdown and LaTeX, the runs' curves as PNG, PDF and SVG, and as
// TensorBoard event files (one folder per run, for runs made before tb/). The reading and writing live in
// core (experiment/report_tables.h) and the widgets (run_figures.h); this
// only parses the arguments and says what it wrote.
#include "cli_options.h"
#include "export_figures.h"

#include "experiment/report_tables.h"
#include "experiment/run_index.h"
#include "experiment/run_tensorboard.h"
#include "io/staged_folder.h"

#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <set>

namespace sa::cli {

int exportRuns(const Args& args) {
    namespace fs = std::filesystem;
    const Options options(args, {"--tables", "--figures", "--formats", "--x-axis", "--tensorboard"},
                          std::numeric_limits<std::size_t>::max());
    const auto tables = options.text("--tables", "");
    const auto figures = options.text("--figures", "");
    const auto tensorboard = options.text("--tensorboard", "");
    if (tables.empty() && figures.empty() && tensorboard.empty())
        throw Error("give --tables DIR, --figures DIR and/or --tensorboard DIR (the folders the tables, figures and "
                    "event files are written to)");
    if (options.positional().empty()) throw Error("give at least one run folder (or a folder of runs)");

    // A run folder as it is; a folder of runs (runs/) as every run in it.
    std::vector<std::string> folders;
    for (const auto& path : options.positional()) {
        if (!fs::is_directory(path) || fs::exists(fs::path(path) / "config.json")) {
            folders.push_back(path); // readRun names what is wrong with it
            continue;
        }
        const auto runs = listRuns(path);
        if (runs.empty()) throw fileError(path, "not a run folder (no config.json) and holds no run folders");
        for (const auto& r : runs)
            folders.push_back(r.folder);
    }

    // Every run is read before anything is written: a folder that is not a
    // run (a model checkpoint has a config.json too) is refused by name.
    for (const auto& folder : folders)
        readRun(folder);
    // All or nothing: a failure halfway leaves the destinations as they were.
    std::vector<std::string> written;
    std::unique_ptr<StagedFolder> stagedTables, stagedFigures, stagedEvents;
    if (!tables.empty()) {
        stagedTables = std::make_unique<StagedFolder>(tables);
        writeRunTables(folders, stagedTables->path());
    }
    if (!figures.empty()) {
        stagedFigures = std::make_unique<StagedFolder>(figures);
        exportFigures(folders, stagedFigures->path(), options.text("--formats", ""), options.text("--x-axis", "step"));
    }
    if (!tensorboard.empty()) {
        // One folder per run: TensorBoard names a run by its folder.
        stagedEvents = std::make_unique<StagedFolder>(tensorboard);
        std::set<std::string> names;
        for (const auto& folder : folders) {
            auto path = fs::path(folder).lexically_normal();
            if (!path.has_filename()) path = path.parent_path(); // "runs/a/" is run a
            const auto name = path.filename().string();
            if (!names.insert(name).second)
                throw Error("two runs are named '" + name + "'; export them to TensorBoard separately");
            exportRunTensorBoard(folder, (fs::path(stagedEvents->path()) / name).string());
        }
    }
    for (auto* staged : {stagedTables.get(), stagedFigures.get(), stagedEvents.get()})
        if (staged) {
            const auto moved = staged->commit();
            written.insert(written.end(), moved.begin(), moved.end());
        }
    std::cout << folders.size() << (folders.size() == 1 ? " run" : " runs") << " exported\n";
    for (const auto& path : written)
        std::cout << path << '\n';
    return 0;
}

} // namespace sa::cli
