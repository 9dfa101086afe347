// BERT's tokenizer: HF BertTokenizer = BasicTokenizer (clean, CJK split,
// lower-case + accent strip, punctuation split) then WordPiece (greedy
// longest-match-first with "##" continuations).
#pragma once

#include "text/tokenizer.h"

#include <optional>

namespace sa {

// tokenizer_config.json fields of BertTokenizer, with its defaults.
struct WordPieceOptions {
    bool doLowerCase = true;
    bool doBasicTokenize = true;
    bool tokenizeChineseChars = true;
    std::optional<bool> stripAccents; // unset: follows doLowerCase
    bool cleanText = true;            // tokenizer.json BertNormalizer may turn it off
    std::vector<std::string> neverSplit;
    std::int64_t maxInputCharsPerWord = 100;
    std::string continuingSubwordPrefix = "##";
};

class WordPieceTokenizer : public Tokenizer {
public:
    WordPieceTokenizer(Vocabulary vocabulary, WordPieceOptions options, SpecialTokens specials,
                       std::vector<std::string> files, SequenceTemplate sequenceTemplate = SequenceTemplate::Bert);

    std::string kind() const override { return "wordpiece"; }
    const WordPieceOptions& options() const { return options_; }

    // HF BasicTokenizer.tokenize: words and punctuation, before WordPiece.
    std::vector<std::u32string> basicTokenize(std::u32string_view text) const;
    // HF WordpieceTokenizer.tokenize of one whitespace-free word.
    void wordPiece(const std::u32string& word, std::vector<std::string>& out) const;

protected:
    void tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const override;

private:
    bool inNeverSplit(const std::u32string& token, bool withSpecials) const;

    WordPieceOptions options_;
    std::vector<std::u32string> neverSplit_;   // options.neverSplit, decoded
    std::vector<std::u32string> specialTexts_; // all special tokens, decoded
};

} // namespace sa
