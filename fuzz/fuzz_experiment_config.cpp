// An experiment configuration (a run folder's config.json, `sparseadapter
// run`'s file): read, then written and read back as a run would.
#include "experiment/experiment_config.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("experiment.json", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([&] {
        (void)sa::ExperimentConfig::parse(std::string(reinterpret_cast<const char*>(data), size));
        const sa::ExperimentConfig config = sa::ExperimentConfig::fromFile(path);
        (void)config.runName();
        (void)sa::ExperimentConfig::fromJson(config.toJson(), "toJson");
    });
    return 0;
}
