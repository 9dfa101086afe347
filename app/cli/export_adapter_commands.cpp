// `sparseadapter export-adapter RUN_DIR --format adapterhub|peft OUT/`: a
// run's trained adapters (adapter.safetensors, at its best evaluation) in a
// format another library loads. Reading the run and writing the format live
// in core (experiment/adapter_export.h); this parses the arguments and says
// what it wrote.
#include "cli_options.h"

#include "experiment/adapter_export.h"

#include <iostream>

namespace sa::cli {

int exportAdapter(const Args& args) {
    const Options o(args, {"--format", "--name"}, 2);
    const char* const usage =
        "usage: sparseadapter export-adapter RUN_DIR --format adapterhub|peft OUT_DIR [--name NAME]";
    if (o.positional().size() != 2) throw Error(usage);
    const auto format = o.text("--format", "");
    if (format.empty()) throw Error(std::string("give --format (formats: adapterhub, peft); ") + usage);
    const auto name = o.text("--name", "");
    const auto result = exportRunAdapter(o.positional()[0], adapterFormatByName(format), o.positional()[1], name);
    for (const auto& note : result.notes)
        std::cerr << "note: " << note << '\n';
    for (const auto& path : result.files)
        std::cout << path << '\n';
    return 0;
}

} // namespace sa::cli
