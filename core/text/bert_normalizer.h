// BERT's text normalisation and word splitting, shared by the slow path (HF
// BasicTokenizer: _clean_text, _tokenize_chinese_chars, lower-casing,
// _run_strip_accents, _run_split_on_punc) and the fast one (Rust tokenizers'
// BertNormalizer + BertPreTokenizer, which use the same character classes).
//
// Each step rewrites an AlignedText and keeps, for every code point, the
// index of the original code point it came from: the Rust NormalizedString's
// alignments, counted in code points. A code point a step inserts (the
// spaces around a CJK ideograph, the second code point of a lower-cased
// U+0130, an NFD mark) takes the index of the one it came from; a removed
// one vanishes. The slow path only reads the text.
//
// Where the two reference implementations disagree, the step takes a Rules:
// BasicTokenizer counts every C* category as control, unassigned code
// points (Cn) included; the Rust normaliser's is_other (unicode_categories
// crate) is Cc, Cf and Co only, so it keeps unassigned code points, and its
// CJK table starts Extension E at U+2B920 instead of U+2B820.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sa::bert_normalizer {

enum class Rules { Slow, Fast }; // HF BasicTokenizer, Rust BertNormalizer / BertPreTokenizer

bool isWhitespace(char32_t c);                // _is_whitespace: \t \n \r and Zs
bool isControl(char32_t c, Rules rules);      // _is_control: C* (Fast: Cc Cf Co) except \t \n \r
bool isPunctuation(char32_t c);               // _is_punctuation: non-alphanumeric ASCII and P*
bool isCjkIdeograph(char32_t c, Rules rules); // _is_chinese_char: the CJK Unified Ideograph blocks

struct AlignedText {
    std::u32string text;
    std::vector<std::int64_t> source; // one per code point of text

    AlignedText() = default;
    // `text` with source indices firstIndex, firstIndex + 1, …
    explicit AlignedText(std::u32string_view text, std::int64_t firstIndex = 0);
};

// clean_text: drop NUL, U+FFFD and control characters; whitespace → ' '.
void cleanText(AlignedText& t, Rules rules);
// handle_chinese_chars: a space either side of every CJK ideograph.
void isolateCjkIdeographs(AlignedText& t, Rules rules);
// strip_accents: NFD, then drop the non-spacing marks (Mn).
void stripAccents(AlignedText& t);
// lowercase: code point by code point (Python chr(c).lower(), Rust char::to_lowercase).
void lowerCase(AlignedText& t);

// The words of `text` as [begin, end) code point ranges: split where
// `isSpace` holds (the space is dropped), every punctuation character a word
// of its own (BertPreTokenizer; BasicTokenizer's _run_split_on_punc).
std::vector<std::pair<std::size_t, std::size_t>> splitWords(std::u32string_view text, bool (*isSpace)(char32_t));

} // namespace sa::bert_normalizer
