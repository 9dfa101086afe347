#include "text/bpe_tokenizer.h"

#include "error.h"
#include "text/byte_level.h"
#include "text/text_files.h"
#include "text/unicode.h"

#include <algorithm>
#include <limits>

namespace sa {

namespace {

constexpr std::size_t kMaxCacheEntries = 1 << 16;

std::string pairKey(const std::string& left, const std::string& right) {
    return left + " " + right;
}

// A BPE token is a run of byte symbols, one code point each.
std::size_t byteCount(const std::string& token) {
    return static_cast<std::size_t>(std::count_if(
        token.begin(), token.end(), [](char b) { return (static_cast<unsigned char>(b) & 0xC0) != 0x80; }));
}

// How many of the token's first (or last) symbols stand for the space byte.
std::size_t spaceSymbols(const std::string& token, bool fromEnd) {
    const std::string& space = byte_level::byteSymbol(' ');
    std::size_t n = 0;
    if (fromEnd)
        for (std::size_t end = token.size();
             end >= space.size() && token.compare(end - space.size(), space.size(), space) == 0; end -= space.size())
            ++n;
    else
        for (std::size_t at = 0; token.compare(at, space.size(), space) == 0; at += space.size())
            ++n;
    return n;
}

} // namespace

BpeTokenizer::BpeTokenizer(Vocabulary vocabulary, const MergeList& merges, BpeOptions options, SpecialTokens specials,
                           SequenceTemplate sequenceTemplate, std::vector<std::string> files)
    : Tokenizer(std::move(vocabulary), std::move(specials), sequenceTemplate, false, std::move(files)),
      options_(options) {
    // dict(zip(merges, range(len(merges)))): a repeated merge keeps its last rank.
    for (std::size_t i = 0; i < merges.size(); ++i)
        ranks_[pairKey(merges[i].first, merges[i].second)] = static_cast<std::int64_t>(i);
}

MergeList BpeTokenizer::readMerges(const std::string& path) {
    const std::string content = text_files::read(path);
    // HF: read().split("\n")[1:-1].
    std::vector<std::string> lines;
    for (std::size_t start = 0;;) {
        const std::size_t nl = content.find('\n', start);
        if (nl == std::string::npos) break; // the last element is dropped
        lines.push_back(content.substr(start, nl - start));
        start = nl + 1;
    }
    MergeList merges;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::vector<std::u32string> parts = unicode::splitOnSpace(unicode::decodeUtf8(lines[i]));
        if (parts.empty()) continue;
        if (parts.size() != 2)
            throw fileError(path, "line " + std::to_string(i + 1) + ": expected two symbols \"left right\", got \"" +
                                      unicode::escapedExcerpt(lines[i]) + "\"");
        merges.emplace_back(unicode::encodeUtf8(parts[0]), unicode::encodeUtf8(parts[1]));
    }
    if (merges.empty()) throw fileError(path, "no merges (expected \"#version\" then one \"left right\" per line)");
    return merges;
}

std::vector<std::string> BpeTokenizer::bpe(const std::vector<std::string>& symbols) const {
    std::vector<std::string> word = symbols;
    while (word.size() > 1) {
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            auto it = ranks_.find(pairKey(word[i], word[i + 1]));
            if (it != ranks_.end() && it->second < best) {
                best = it->second;
                bestAt = i;
            }
        }
        if (best == std::numeric_limits<std::int64_t>::max()) break;
        // Merge every occurrence of the pair, left to right, non-overlapping.
        const std::string left = word[bestAt], right = word[bestAt + 1];
        std::vector<std::string> merged;
        merged.reserve(word.size());
        for (std::size_t i = 0; i < word.size();) {
            if (i + 1 < word.size() && word[i] == left && word[i + 1] == right) {
                merged.push_back(left + right);
                i += 2;
            } else {
                merged.push_back(word[i++]);
            }
        }
        word = std::move(merged);
    }
    return word;
}

std::vector<std::string> BpeTokenizer::cachedBpe(std::u32string_view piece) const {
    const std::u32string key(piece);
    {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        auto it = cache_.find(key);
        if (it != cache_.end()) return it->second;
    }
    std::vector<std::string> result = bpe(byte_level::byteSymbols(piece));
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_.emplace(key, result);
    return result;
}

void BpeTokenizer::prepareForTokenization(std::u32string& text) const {
    // RobertaTokenizer.prepare_for_tokenization.
    if (options_.addPrefixSpace && !text.empty() && !unicode::isPythonSpace(text[0])) text.insert(0, 1, U' ');
}

std::string BpeTokenizer::tokensToString(const std::vector<std::string>& tokens) const {
    // The bytes the tokens spell, then read as UTF-8 with bad sequences
    // replaced (errors="replace").
    std::string bytes;
    for (const auto& token : tokens)
        byte_level::appendSpelledBytes(unicode::decodeUtf8(token), bytes);
    return unicode::encodeUtf8(unicode::decodeUtf8(bytes));
}

void BpeTokenizer::tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const {
    for (std::u32string_view piece : byte_level::split(text)) {
        const std::vector<std::string> symbols = cachedBpe(piece);
        out.insert(out.end(), symbols.begin(), symbols.end());
    }
}

// Rust ByteLevel pre-tokenizer + BPE: each byte of a piece's UTF-8 belongs to
// the character it encodes, so a token holding part of a multi-byte
// character spans that whole character. add_prefix_space puts a space before
// every stretch that does not start with one (per stretch between specials,
// unlike the slow path's once per text), aligned to the stretch's first
// character. RobertaProcessing's trim_offsets then moves a token's begin past
// its leading space symbols and its end before its trailing ones (never past
// each other); the first token keeps the one space add_prefix_space gave it.
// The Rust code only looks at token index 0 of each encoding it trims, and
// trims each overflowing window as its own encoding: with add_prefix_space a
// window's first token would keep its space too, which windows cut from
// this whole-sequence encoding do not reproduce (RoBERTa's QA setup has
// add_prefix_space false).
void BpeTokenizer::encodeSegmentWithOffsets(std::u32string_view segment, std::int64_t begin, OffsetTokens& out) const {
    std::u32string prefixed;
    std::u32string_view text = segment;
    const bool prefix = options_.addPrefixSpace && !segment.empty() && segment[0] != U' ';
    if (prefix) {
        prefixed.reserve(segment.size() + 1);
        prefixed.push_back(U' ');
        prefixed.append(segment);
        text = prefixed;
    }
    auto source = [&](std::size_t i) { // index in `text` → index in the original
        return begin + static_cast<std::int64_t>(prefix && i > 0 ? i - 1 : i);
    };
    const bool trim = sequenceTemplate() == SequenceTemplate::Roberta;
    std::vector<std::size_t> charOfByte;
    std::string bytes;
    for (std::u32string_view piece : byte_level::split(text)) {
        const auto pieceAt = static_cast<std::size_t>(piece.data() - text.data());
        charOfByte.clear();
        for (std::size_t k = 0; k < piece.size(); ++k) {
            bytes.clear();
            unicode::appendUtf8(piece[k], bytes);
            charOfByte.insert(charOfByte.end(), bytes.size(), pieceAt + k);
        }
        std::size_t byte = 0;
        for (const std::string& token : cachedBpe(piece)) {
            const std::size_t n = byteCount(token);
            CharSpan span{source(charOfByte[byte]), source(charOfByte[byte + n - 1]) + 1};
            byte += n;
            if (trim) {
                std::size_t leading = spaceSymbols(token, false);
                const std::size_t trailing = spaceSymbols(token, true);
                const bool first = out.ids.empty() || span.begin == 0;
                if (first && options_.addPrefixSpace && leading == 1) leading = 0;
                span.begin = std::min(span.begin + static_cast<std::int64_t>(leading), span.end);
                if (static_cast<std::int64_t>(trailing) <= span.end)
                    span.end = std::max(span.end - static_cast<std::int64_t>(trailing), span.begin);
            }
            out.ids.push_back(tokenToId(token));
            out.offsets.push_back(span);
        }
    }
}

} // namespace sa
