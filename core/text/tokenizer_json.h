// A HF `tokenizer.json` (the fast-tokenizer file some checkpoints ship
// instead of vocab.txt / vocab.json + merges.txt), read into the same slow
// tokenizers: a WordPiece model with BertNormalizer + BertPreTokenizer, or a
// BPE model with the ByteLevel pre-tokenizer. Anything else is refused with
// the field that is not supported.
#pragma once

#include "text/tokenizer.h"

#include <memory>
#include <string>

namespace sa {

// `directory`'s tokenizer_config.json / special_tokens_map.json, when
// present, override the special tokens found in the file.
std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string& path, const std::string& directory);

} // namespace sa
