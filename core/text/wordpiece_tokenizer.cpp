#include "text/wordpiece_tokenizer.h"

#include "text/unicode.h"

#include <algorithm>

namespace sa {

namespace {

// BERT's _is_whitespace: \t \n \r and space separators (Zs).
bool isBertWhitespace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || unicode::category(c) == unicode::Category::Zs;
}

// BERT's _is_control: any C* category except \t \n \r (which count as whitespace).
bool isBertControl(char32_t c) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    return unicode::isOther(c);
}

// BERT's _is_punctuation: all non-alphanumeric ASCII (e.g. "^", "$", "`" are
// not P* but BERT treats them as punctuation) plus every P* character.
bool isBertPunctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    return unicode::isPunctuation(c);
}

// BERT's _is_chinese_char: the CJK Unified Ideograph blocks (not Hangul,
// Hiragana or Katakana, which are written with spaces).
bool isCjkIdeograph(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::u32string stripAccents(const std::u32string& text) {
    std::u32string out;
    for (char32_t c : unicode::nfd(text))
        if (!unicode::isNonSpacingMark(c)) out.push_back(c);
    return out;
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(Vocabulary vocabulary, WordPieceOptions options, SpecialTokens specials,
                                       std::vector<std::string> files, SequenceTemplate sequenceTemplate)
    : Tokenizer(std::move(vocabulary), specials, sequenceTemplate, options.doLowerCase, std::move(files)),
      options_(std::move(options)) {
    for (const std::string& t : options_.neverSplit)
        neverSplit_.push_back(unicode::decodeUtf8(t));
    for (const SpecialToken& t : specials.all())
        specialTexts_.push_back(unicode::decodeUtf8(t.content));
}

bool WordPieceTokenizer::inNeverSplit(const std::u32string& token, bool withSpecials) const {
    if (std::find(neverSplit_.begin(), neverSplit_.end(), token) != neverSplit_.end()) return true;
    return withSpecials && std::find(specialTexts_.begin(), specialTexts_.end(), token) != specialTexts_.end();
}

std::vector<std::u32string> WordPieceTokenizer::basicTokenize(std::u32string_view input) const {
    // _clean_text, then _tokenize_chinese_chars.
    std::u32string text;
    text.reserve(input.size());
    for (char32_t c : input) {
        if (options_.cleanText) {
            if (c == 0 || c == 0xFFFD || isBertControl(c)) continue;
            if (isBertWhitespace(c)) c = ' ';
        }
        if (options_.tokenizeChineseChars && isCjkIdeograph(c)) {
            text.push_back(' ');
            text.push_back(c);
            text.push_back(' ');
        } else {
            text.push_back(c);
        }
    }
    const bool strip = options_.stripAccents.value_or(options_.doLowerCase);
    std::vector<std::u32string> split;
    for (std::u32string token : unicode::splitOnSpace(text)) {
        // BertTokenizer passes never_split = all special tokens here.
        if (inNeverSplit(token, true)) {
            split.push_back(std::move(token));
            continue;
        }
        if (options_.doLowerCase) token = unicode::toLower(token);
        if (strip) token = stripAccents(token);
        // _run_split_on_punc: every punctuation character is its own token.
        std::u32string current;
        for (char32_t c : token) {
            if (isBertPunctuation(c)) {
                if (!current.empty()) split.push_back(std::move(current));
                current.clear();
                split.emplace_back(1, c);
            } else {
                current.push_back(c);
            }
        }
        if (!current.empty()) split.push_back(std::move(current));
    }
    // whitespace_tokenize(" ".join(split)): drops pieces that were only
    // whitespace after lower-casing/accent stripping and splits inner spaces.
    std::vector<std::u32string> out;
    for (const std::u32string& piece : split)
        for (std::u32string& word : unicode::splitOnSpace(piece))
            out.push_back(std::move(word));
    return out;
}

void WordPieceTokenizer::wordPiece(const std::u32string& word, std::vector<std::string>& out) const {
    const std::string& unk = specialTokens().unk.content;
    if (static_cast<std::int64_t>(word.size()) > options_.maxInputCharsPerWord) {
        out.push_back(unk);
        return;
    }
    std::vector<std::string> pieces;
    for (std::size_t start = 0; start < word.size();) {
        std::string found;
        std::size_t end = word.size();
        for (; end > start; --end) {
            std::string candidate = start > 0 ? options_.continuingSubwordPrefix : std::string();
            candidate += unicode::encodeUtf8(std::u32string_view(word).substr(start, end - start));
            if (vocabulary().find(candidate)) {
                found = std::move(candidate);
                break;
            }
        }
        if (end == start) { // no prefix of the rest is in the vocabulary
            out.push_back(unk);
            return;
        }
        pieces.push_back(std::move(found));
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

void WordPieceTokenizer::tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const {
    if (!options_.doBasicTokenize) {
        for (const std::u32string& word : unicode::splitOnSpace(text))
            wordPiece(word, out);
        return;
    }
    for (const std::u32string& token : basicTokenize(text)) {
        // Only the configured never_split (not the specials) bypasses WordPiece.
        if (inNeverSplit(token, false))
            out.push_back(unicode::encodeUtf8(token));
        else
            for (const std::u32string& word : unicode::splitOnSpace(token))
                wordPiece(word, out);
    }
}

} // namespace sa
