// `sparseadapter export-adapter RUN_DIR --format adapterhub|peft OUT/` and
// the Studio's Run ▸ Export Adapter…: a run's trained adapters (as its best
// evaluation left them) as a PEFT or an AdapterHub folder. The formats
// themselves live in io/peft_format.h and io/adapterhub_format.h; this reads
// the run and picks one.
#pragma once

#include <string>
#include <vector>

namespace sa {

struct AdapterExport {
    std::vector<std::string> files; // written, sorted
    std::vector<std::string> notes; // what the user of the files must know
};

enum class AdapterFormat { Peft, AdapterHub };

// "peft" or "adapterhub"; anything else throws sa::Error naming both.
AdapterFormat adapterFormatByName(const std::string& name);

// Why `runDir`'s adapters cannot be written in `format`, from its config
// alone (no weights are read), e.g. "LoRA ...: use --format peft"; empty
// when they can. A folder that is no run, or has no adapter.safetensors
// yet, is a reason too.
std::string adapterExportRefusal(const std::string& runDir, AdapterFormat format);

// exportPeftAdapter or exportAdapterHubAdapter; `adapterName` is
// AdapterHub's name for the adapter (empty: its default) and must be empty
// for PEFT, whose folders name none.
AdapterExport exportRunAdapter(const std::string& runDir, AdapterFormat format, const std::string& outDir,
                               const std::string& adapterName = {});

// Loads `runDir`'s model with its trained adapters and masks and writes
// them into `outDir` (created if needed), all or nothing. What PEFT cannot
// express is refused before any weights are loaded, with a sa::Error
// naming the setting.
AdapterExport exportPeftAdapter(const std::string& runDir, const std::string& outDir);

// The same for AdapterHub's `adapters` (bottleneck adapters: houlsby,
// pfeiffer, parallel), the head included when the run trained it.
AdapterExport exportAdapterHubAdapter(const std::string& runDir, const std::string& outDir,
                                      const std::string& adapterName = {});

} // namespace sa
