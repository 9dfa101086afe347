// A run folder as the runs table reads it: summary.json, and the run's
// config.json after the input's first NUL byte ("{}" when it has none).
#include "experiment/run_index.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto [summary, config] = sa_fuzz::splitAtNul(data, size);
    sa_fuzz::writeFile("summary.json", summary);
    sa_fuzz::writeFile("config.json", config.empty() ? std::string("{}") : config);
    sa_fuzz::refusalIsFine([] { (void)sa::readRun(sa_fuzz::tempFolder()); });
    return 0;
}
