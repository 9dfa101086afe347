// tokenizer_config.json, then special_tokens_map.json (the input after its
// first NUL byte, when it has one), over both families' defaults.
#include "fuzz_support.h"
#include "text/tokenizer_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto [config, specials] = sa_fuzz::splitAtNul(data, size);
    sa_fuzz::writeFile("tokenizer_config.json", config);
    if (specials.empty())
        sa_fuzz::removeFile("special_tokens_map.json");
    else
        sa_fuzz::writeFile("special_tokens_map.json", specials);
    for (const auto family : {sa::TokenizerFamily::WordPiece, sa::TokenizerFamily::Bpe})
        sa_fuzz::refusalIsFine([&] {
            sa::TokenizerConfig c = sa::defaultTokenizerConfig(family);
            sa::applyTokenizerConfigFiles(sa_fuzz::tempFolder(), c);
        });
    return 0;
}
