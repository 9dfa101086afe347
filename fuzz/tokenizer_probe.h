// The three tokenizer harnesses load a folder with loadTokenizer (as a
// checkpoint is loaded), then run the loaded tokenizer over a fixed text:
// the fuzzed vocabulary, merges and special tokens decide how it splits,
// which is where a bad file would do harm after a successful load.
#pragma once

#include "fuzz_support.h"
#include "text/tokenizer.h"

namespace sa_fuzz {

inline void loadAndProbeTokenizer() {
    refusalIsFine([] {
        const auto tokenizer = sa::loadTokenizer(tempFolder());
        const std::string text = "Hello, WORLD! [CLS] <s> na\xc3\xafve caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac  don't\t42.5%";
        const std::string pair = "[MASK] <mask> a\xcc\x81 \xf0\x9f\x99\x82 ##ing";
        const sa::Encoding encoding = tokenizer->encode(text, &pair, 24);
        (void)tokenizer->decode(encoding.input_ids, false);
        (void)tokenizer->encodeWithOffsets(text);
        (void)tokenizer->tokenize(pair);
    });
}

} // namespace sa_fuzz
