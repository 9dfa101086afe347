// `sparseadapter export-adapter RUN_DIR --format peft OUT/`: a run's
// trained adapters (as its best evaluation left them) as a PEFT folder. The
// format itself lives in io/peft_format.h; this reads the run.
#pragma once

#include <string>
#include <vector>

namespace sa {

struct AdapterExport {
    std::vector<std::string> files; // written, sorted
    std::vector<std::string> notes; // what the user of the files must know
};

// Loads `runDir`'s model with its trained adapters and masks and writes
// them into `outDir` (created if needed), all or nothing. What PEFT cannot
// express is refused before any weights are loaded, with a sa::Error
// naming the setting.
AdapterExport exportPeftAdapter(const std::string& runDir, const std::string& outDir);

} // namespace sa
