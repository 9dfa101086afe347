// GPT-2 / RoBERTa / BART byte-level BPE (HF GPT2Tokenizer._tokenize and
// .bpe): byte-level pieces (text/byte_level.h), then the lowest-ranked
// adjacent symbol pair is merged until no listed merge applies.
// encodeWithOffsets follows the fast tokenizer (ByteLevel pre-tokenizer, BPE,
// RobertaProcessing's trim_offsets): the same pieces and merges.
#pragma once

#include "text/tokenizer.h"

#include <mutex>
#include <unordered_map>
#include <utility>

namespace sa {

struct BpeOptions {
    bool addPrefixSpace = false; // tokenizer_config.json add_prefix_space
};

using MergeList = std::vector<std::pair<std::string, std::string>>;

class BpeTokenizer : public Tokenizer {
public:
    BpeTokenizer(Vocabulary vocabulary, const MergeList& merges, BpeOptions options, SpecialTokens specials,
                 SequenceTemplate sequenceTemplate, std::vector<std::string> files);

    // merges.txt as HF reads it: the first line (#version) and the text after
    // the last newline are skipped, each other line is "left right"; the
    // rank is the line's position. Blank lines are skipped; any other line
    // without exactly two parts throws, naming the file and line.
    static MergeList readMerges(const std::string& path);

    std::string kind() const override { return "bpe"; }
    const BpeOptions& options() const { return options_; }

    // The BPE symbols of one byte-level piece (its byte symbols, merged).
    std::vector<std::string> bpe(const std::vector<std::string>& symbols) const;

protected:
    void prepareForTokenization(std::u32string& text) const override;
    void tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const override;
    std::string tokensToString(const std::vector<std::string>& tokens) const override;
    void encodeSegmentWithOffsets(std::u32string_view text, std::int64_t begin, OffsetTokens& out) const override;

private:
    std::vector<std::string> cachedBpe(std::u32string_view piece) const;

    std::unordered_map<std::string, std::int64_t> ranks_; // "left right" → rank
    BpeOptions options_;
    // Words repeat a lot in a corpus; HF caches bpe() per piece too.
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::u32string, std::vector<std::string>> cache_;
};

} // namespace sa
