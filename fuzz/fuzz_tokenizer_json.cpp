// A fast tokenizer's tokenizer.json, loaded alone in its folder.
#include "tokenizer_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    sa_fuzz::writeFile("tokenizer.json", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::loadAndProbeTokenizer();
    return 0;
}
