#include "text/bpe_tokenizer.h"

#include "error.h"
#include "text/byte_level.h"
#include "text/text_files.h"
#include "text/unicode.h"

#include <limits>

namespace sa {

namespace {

constexpr std::size_t kMaxCacheEntries = 1 << 16;

std::string pairKey(const std::string& left, const std::string& right) {
    return left + " " + right;
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
                                      lines[i] + "\"");
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

void BpeTokenizer::tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const {
    for (std::u32string_view piece : byte_level::split(text)) {
        const std::vector<std::string> symbols = cachedBpe(piece);
        out.insert(out.end(), symbols.begin(), symbols.end());
    }
}

} // namespace sa
