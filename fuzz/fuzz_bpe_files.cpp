// A byte-level BPE pair: vocab.json, then merges.txt after the input's first
// NUL byte (tools/fuzz.sh seeds both halves from the fixture checkpoints).
#include "tokenizer_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto [vocab, merges] = sa_fuzz::splitAtNul(data, size);
    sa_fuzz::writeFile("vocab.json", vocab);
    sa_fuzz::writeFile("merges.txt", merges);
    sa_fuzz::loadAndProbeTokenizer();
    return 0;
}
