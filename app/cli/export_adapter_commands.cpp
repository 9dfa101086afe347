// `sparseadapter export-adapter RUN_DIR --format peft OUT/`: a run's trained
// adapters in the form another library loads. Reading the run and writing
// the format live in core (experiment/adapter_export.h, io/peft_format.h);
// this only parses the arguments and says what it wrote.
#include "cli_options.h"

#include "experiment/adapter_export.h"

#include <iostream>

namespace sa::cli {

int exportAdapter(const Args& args) {
    const Options options(args, {"--format"}, 2);
    const auto format = options.text("--format", "");
    if (format.empty()) throw Error("give --format peft (the library the adapter is for)");
    if (options.positional().size() != 2)
        throw Error("give the run folder and the folder to write into: export-adapter RUN_DIR --format peft OUT");
    const auto result = exportRunAdapter(options.positional()[0], adapterFormatByName(format), options.positional()[1]);
    for (const auto& note : result.notes)
        std::cerr << "note: " << note << '\n';
    for (const auto& path : result.files)
        std::cout << path << '\n';
    return 0;
}

} // namespace sa::cli
