// A checkpoint's config.json, read back and written out again.
#include "fuzz_support.h"
#include "io/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("config.json", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([&] {
        const sa::ModelConfig config = sa::readModelConfig(path);
        (void)config.usablePositions();
        (void)sa::modelConfigToJson(config);
    });
    return 0;
}
