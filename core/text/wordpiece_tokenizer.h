// BERT's tokenizer: HF BertTokenizer = BasicTokenizer (clean, CJK split,
// lower-case + accent strip, punctuation split) then WordPiece (greedy
// longest-match-first with "##" continuations). encodeWithOffsets follows
// BertTokenizerFast instead: BertNormalizer, BertPreTokenizer, WordPiece.
#pragma once

#include "text/bert_normalizer.h"
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

    // The fast tokenizer's BertNormalizer (clean_text, handle_chinese_chars,
    // strip_accents, lowercase, in that order, from the same options) with
    // each code point's index in the original text; text[0] is at `begin`.
    bert_normalizer::AlignedText normalize(std::u32string_view text, std::int64_t begin = 0) const;

protected:
    void tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const override;
    std::string tokensToString(const std::vector<std::string>& tokens) const override;
    void encodeSegmentWithOffsets(std::u32string_view text, std::int64_t begin, OffsetTokens& out) const override;

private:
    // One WordPiece of a word: its code points [begin, end) and vocabulary entry.
    struct Piece {
        std::size_t begin = 0, end = 0;
        std::string token;
        std::int64_t id = 0;
    };
    // Greedy longest-match-first pieces of `word`; false when the whole word
    // becomes the unk token (longer than maxInputCharsPerWord, or a rest no
    // vocabulary entry starts).
    bool matchPieces(std::u32string_view word, std::vector<Piece>& pieces) const;
    bool inNeverSplit(const std::u32string& token, bool withSpecials) const;

    WordPieceOptions options_;
    std::vector<std::u32string> neverSplit_;   // options.neverSplit, decoded
    std::vector<std::u32string> specialTexts_; // all special tokens, decoded
};

} // namespace sa
