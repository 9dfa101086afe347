// `sparseadapter report SWEEP_DIR`: the paper's tables and figures of a
// sweep. The aggregation is core's (experiment/sweep_report.h), the figures
// the widgets' (sweep_plot.h); this parses the arguments and stages the
// output so that a failure leaves the destinations as they were.
#include "cli_commands.h"
#include "cli_options.h"
#include "export_figures.h"

#include "experiment/sweep_folder.h"
#include "experiment/sweep_report.h"
#include "io/staged_folder.h"

#include <iostream>
#include <memory>

namespace sa::cli {

int report(const Args& args) {
    const Options o(args, {"--tables", "--figures", "--formats"}, 1, {"--no-figures"});
    if (o.positional().empty()) throw Error("report needs the sweep folder (report SWEEP_DIR)");
    const auto folder = SweepFolder::open(o.positional()[0]);
    const auto cells = folder.status();
    const auto aggregate = aggregateCells(cells);
    if (aggregate.unfinished > 0)
        std::cerr << "note: " << aggregate.unfinished << " of " << cells.size()
                  << " cells have no evaluation yet and are left out\n";
    std::vector<std::string> written;
    StagedFolder tables(o.text("--tables", folder.file("tables")));
    writeSweepTables(aggregate, tables.path());
    std::unique_ptr<StagedFolder> figures;
    if (!o.flag("--no-figures")) {
        figures = std::make_unique<StagedFolder>(o.text("--figures", folder.file("figures")));
        exportSweepFigures(aggregate, figures->path(), o.text("--formats", ""));
    }
    for (auto* staged : {&tables, figures.get()})
        if (staged) {
            const auto moved = staged->commit();
            written.insert(written.end(), moved.begin(), moved.end());
        }
    for (const auto& path : written)
        std::cout << path << '\n';
    return 0;
}

} // namespace sa::cli
