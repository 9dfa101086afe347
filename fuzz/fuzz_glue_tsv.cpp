// A GLUE train/dev TSV, read as every task's layout (the header, column
// count and labels differ per task, so one input reaches them all).
#include "fuzz_support.h"
#include "tasks/classification/glue_dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("dev.tsv", std::string(reinterpret_cast<const char*>(data), size));
    for (const sa::GlueTask task : sa::allGlueTasks())
        sa_fuzz::refusalIsFine([&] { (void)sa::readGlueTsv(path, task); });
    return 0;
}
