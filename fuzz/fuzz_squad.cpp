// A SQuAD v1.1 JSON file, and the same bytes as a predictions file.
#include "fuzz_support.h"
#include "tasks/question_answering/squad_dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("dev-v1.1.json", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([&] {
        sa::SquadReadReport report;
        (void)sa::readSquadJson(path, &report);
    });
    sa_fuzz::refusalIsFine([&] { (void)sa::readSquadPredictions(path); });
    return 0;
}
