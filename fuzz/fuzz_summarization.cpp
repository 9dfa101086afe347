// Summarization data: the same bytes as JSON Lines and as CSV, with XSum's
// and CNN/DailyMail's columns (the suffix picks the parser).
#include "fuzz_support.h"
#include "tasks/summarization/summarization_dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (const char* name : {"train.jsonl", "train.csv"}) {
        const std::string path = sa_fuzz::writeFile(name, bytes);
        for (const char* task : {"xsum", "cnn_dailymail"})
            sa_fuzz::refusalIsFine(
                [&] { (void)sa::readSummarizationFile(path, sa::summarizationColumnsFor(task)); });
    }
    return 0;
}
