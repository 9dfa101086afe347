#include "text/wordpiece_tokenizer.h"

#include "text/unicode.h"

#include <algorithm>

namespace sa {

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
    bert_normalizer::AlignedText cleaned(input);
    if (options_.cleanText) bert_normalizer::cleanText(cleaned, bert_normalizer::Rules::Slow);
    if (options_.tokenizeChineseChars) bert_normalizer::isolateCjkIdeographs(cleaned, bert_normalizer::Rules::Slow);
    const bool strip = options_.stripAccents.value_or(options_.doLowerCase);
    std::vector<std::u32string> out;
    for (std::u32string& token : unicode::splitOnSpace(cleaned.text)) {
        // BertTokenizer passes never_split = all special tokens here.
        if (inNeverSplit(token, true)) {
            out.push_back(std::move(token));
            continue;
        }
        bert_normalizer::AlignedText word(token);
        if (options_.doLowerCase) bert_normalizer::lowerCase(word);
        if (strip) bert_normalizer::stripAccents(word);
        // _run_split_on_punc, then whitespace_tokenize(" ".join(split)):
        // pieces that accent stripping emptied are dropped.
        for (const auto& [begin, end] : bert_normalizer::splitWords(word.text, unicode::isPythonSpace))
            out.push_back(word.text.substr(begin, end - begin));
    }
    return out;
}

bool WordPieceTokenizer::matchPieces(std::u32string_view word, std::vector<Piece>& pieces) const {
    pieces.clear();
    if (static_cast<std::int64_t>(word.size()) > options_.maxInputCharsPerWord) return false;
    std::string utf8;
    std::vector<std::size_t> byteAt; // byteAt[i]: where code point i starts in utf8
    for (char32_t c : word) {
        byteAt.push_back(utf8.size());
        unicode::appendUtf8(c, utf8);
    }
    byteAt.push_back(utf8.size());
    std::string candidate;
    for (std::size_t start = 0; start < word.size();) {
        const std::int64_t* id = nullptr;
        std::size_t end = word.size();
        for (; end > start; --end) {
            candidate.assign(start > 0 ? options_.continuingSubwordPrefix : std::string());
            candidate.append(utf8, byteAt[start], byteAt[end] - byteAt[start]);
            if ((id = vocabulary().find(candidate))) break;
        }
        if (!id) return false; // no prefix of the rest is in the vocabulary
        pieces.push_back(Piece{start, end, candidate, *id});
        start = end;
    }
    return true;
}

void WordPieceTokenizer::wordPiece(const std::u32string& word, std::vector<std::string>& out) const {
    std::vector<Piece> pieces;
    if (!matchPieces(word, pieces)) {
        out.push_back(specialTokens().unk.content);
        return;
    }
    for (Piece& p : pieces)
        out.push_back(std::move(p.token));
}

std::string WordPieceTokenizer::tokensToString(const std::vector<std::string>& tokens) const {
    // " ".join(tokens).replace(" ##", "").strip()
    std::string text;
    for (const auto& t : tokens) {
        if (t.rfind("##", 0) == 0 && !text.empty())
            text += t.substr(2);
        else
            text += (text.empty() ? "" : " ") + t;
    }
    return text;
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

// Rust BertNormalizer::normalize: the slow path's steps, but accents are
// stripped before lower-casing (the same text: both steps work code point by
// code point, and the two orders agree on every code point, U+0130 included).
bert_normalizer::AlignedText WordPieceTokenizer::normalize(std::u32string_view text, std::int64_t begin) const {
    bert_normalizer::AlignedText t(text, begin);
    if (options_.cleanText) bert_normalizer::cleanText(t, bert_normalizer::Rules::Fast);
    if (options_.tokenizeChineseChars) bert_normalizer::isolateCjkIdeographs(t, bert_normalizer::Rules::Fast);
    if (options_.stripAccents.value_or(options_.doLowerCase)) bert_normalizer::stripAccents(t);
    if (options_.doLowerCase) bert_normalizer::lowerCase(t);
    return t;
}

// BertTokenizerFast always normalises and pre-tokenizes (do_basic_tokenize
// and never_split have no fast counterpart). A word that becomes the unk
// token spans the whole word; a piece spans from the source of its first
// normalised code point to that of its last (Rust NormalizedString
// convert_offsets: first alignment's start, last alignment's end).
void WordPieceTokenizer::encodeSegmentWithOffsets(std::u32string_view text, std::int64_t begin,
                                                  OffsetTokens& out) const {
    const bert_normalizer::AlignedText t = normalize(text, begin);
    std::vector<Piece> pieces;
    for (const auto& [wordBegin, wordEnd] : bert_normalizer::splitWords(t.text, unicode::isRegexSpace)) {
        // Captured by copy: clang before 16 cannot capture a structured binding (C++20).
        auto span = [&, wordBegin = wordBegin](std::size_t first, std::size_t end) {
            return CharSpan{t.source[wordBegin + first], t.source[wordBegin + end - 1] + 1};
        };
        const std::u32string_view word = std::u32string_view(t.text).substr(wordBegin, wordEnd - wordBegin);
        if (!matchPieces(word, pieces)) {
            out.ids.push_back(unkId());
            out.offsets.push_back(span(0, word.size()));
            continue;
        }
        for (const Piece& p : pieces) {
            out.ids.push_back(p.id);
            out.offsets.push_back(span(p.begin, p.end));
        }
    }
}

} // namespace sa
