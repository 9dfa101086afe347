// The settings a checkpoint's tokenizer_config.json and special_tokens_map.json
// give (do_lower_case, add_prefix_space, special tokens with their stripping
// flags), on top of the defaults of HF's BertTokenizer / RobertaTokenizer.
#pragma once

#include "text/bpe_tokenizer.h"
#include "text/wordpiece_tokenizer.h"

#include <string>
#include <vector>

namespace sa {

enum class TokenizerFamily { WordPiece, Bpe };

struct TokenizerConfig {
    TokenizerFamily family = TokenizerFamily::WordPiece;
    std::string tokenizerClass; // tokenizer_config.json "tokenizer_class", "" when absent
    WordPieceOptions wordPiece;
    BpeOptions bpe;
    SpecialTokens specials;
    SequenceTemplate sequenceTemplate = SequenceTemplate::Bert;
    std::vector<std::string> files; // the config files that were read
};

// BertTokenizer's defaults ([CLS] [SEP] [PAD] [UNK] [MASK], plain strings) or
// RobertaTokenizer's (<s> </s> <pad> <unk> <mask>, AddedTokens, <mask> lstrip).
TokenizerConfig defaultTokenizerConfig(TokenizerFamily family);

// Applies <directory>/tokenizer_config.json, then special_tokens_map.json
// (HF lets the latter override), each only when present. A
// tokenizer_class of GPT2Tokenizer switches to GPT-2's specials and framing.
// Throws sa::Error naming the file and field on a wrongly typed value.
void applyTokenizerConfigFiles(const std::string& directory, TokenizerConfig& config);

// A special-token value as HF stores it: "[CLS]", an AddedToken object
// {"content", "lstrip", "rstrip", …}, or null. `where` names file and field.
SpecialToken parseSpecialToken(const nlohmann::json& value, const SpecialToken& previous, bool isMask,
                               TokenizerFamily family, const std::string& where);

} // namespace sa
