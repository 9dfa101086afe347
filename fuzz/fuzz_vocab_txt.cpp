// A WordPiece vocab.txt, loaded alone in its folder (BERT's defaults).
#include "tokenizer_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    sa_fuzz::writeFile("vocab.txt", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::loadAndProbeTokenizer();
    return 0;
}
