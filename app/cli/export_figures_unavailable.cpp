// The core-only build (SPARSEADAPTER_BUILD_GUI=OFF) has no Qt to draw with.
#include "export_figures.h"

#include "error.h"

namespace sa::cli {

std::vector<std::string> exportFigures(const std::vector<std::string>&, const std::string&, const std::string&,
                                       const std::string&) {
    throw Error("--figures: this build has no GUI libraries (built with SPARSEADAPTER_BUILD_GUI=OFF); "
                "write the tables here and the figures with a GUI build");
}

std::vector<std::string> exportSweepFigures(const SweepAggregate&, const std::string&, const std::string&) {
    throw Error("--figures: this build has no GUI libraries (built with SPARSEADAPTER_BUILD_GUI=OFF); "
                "write the tables here and the figures with a GUI build");
}

} // namespace sa::cli
