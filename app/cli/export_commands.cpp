// `sparseadapter export RUN_DIR... --tables DIR`: the runs table and one
// parameter-budget table per run as CSV, Markdown and LaTeX. The reading and
// writing live in core (experiment/report_tables.h); this only parses the
// arguments and says what it wrote.
#include "cli_options.h"

#include "experiment/report_tables.h"
#include "experiment/run_index.h"

#include <filesystem>
#include <iostream>
#include <limits>

namespace sa::cli {

int exportRuns(const Args& args) {
    namespace fs = std::filesystem;
    const Options options(args, {"--tables", "--figures"}, std::numeric_limits<std::size_t>::max());
    if (options.text("--figures", "\n") != "\n")
        throw Error("--figures: figures need the GUI build (not implemented yet)");
    const auto tables = options.text("--tables", "");
    if (tables.empty()) throw Error("give --tables DIR (the folder the tables are written to)");
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

    const auto written = writeRunTables(folders, tables);
    std::cout << folders.size() << (folders.size() == 1 ? " run" : " runs") << " exported\n";
    for (const auto& path : written)
        std::cout << path << '\n';
    return 0;
}

} // namespace sa::cli
