// `sparseadapter export-adapter RUN_DIR --format FORMAT OUT/`: a run's
// trained adapters (as its best evaluation left them) in the form another
// library loads. The formats themselves live in io/ (io/peft_format.h);
// this reads the run and picks one.
#pragma once

#include <string>
#include <vector>

namespace sa {

enum class AdapterFormat { Peft };

// "peft"; anything else throws sa::Error naming the formats there are.
AdapterFormat adapterFormatByName(const std::string& name);

struct AdapterExport {
    std::vector<std::string> files; // written, sorted
    std::vector<std::string> notes; // what the user of the files must know
};

// Loads `runDir`'s model with its trained adapters and masks and writes
// them into `outDir` (created if needed), all or nothing. What the format
// cannot express is refused before any weights are loaded, with a sa::Error
// naming the setting.
AdapterExport exportRunAdapter(const std::string& runDir, AdapterFormat format, const std::string& outDir);

} // namespace sa
