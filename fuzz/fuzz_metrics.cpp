// A run folder's metrics.jsonl, as the plots (readMetricSeries) and a resume
// (RunDirectory::open, truncateMetricsAfter, readMetrics) read it.
#include "experiment/run_directory.h"
#include "experiment/run_index.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    sa_fuzz::writeFile("config.json", "{}");
    sa_fuzz::writeFile("metrics.jsonl", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([] { (void)sa::readMetricSeries(sa_fuzz::tempFolder()); });
    sa_fuzz::refusalIsFine([] {
        sa::RunDirectory run = sa::RunDirectory::open(sa_fuzz::tempFolder());
        run.truncateMetricsAfter(10); // rewrites metrics.jsonl, which the next input replaces
        (void)run.readMetrics();
    });
    return 0;
}
