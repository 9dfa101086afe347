// Text → model inputs, reproducing HF transformers 4.9's slow tokenizers
// (BertTokenizer, RobertaTokenizer, BartTokenizer) token for token: the
// fixtures in tokenizers/*.json and models/*/reference.json were made with them.
//
// This class holds what HF's PreTrainedTokenizer base does: keep special
// tokens written in the text whole (with their whitespace stripping rules),
// add [CLS]/[SEP] or <s>/</s> around one or two sequences, truncate
// longest_first, pad a batch. The subclasses (WordPieceTokenizer,
// BpeTokenizer) hold the model-specific `_tokenize` and the vocabulary.
#pragma once

#include "text/vocabulary.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

// A special token as HF's `tokenize` sees it. A plain string (BERT's
// specials) eats the whitespace on both sides when it occurs in text; an
// AddedToken (RoBERTa/BART) eats only the sides its lstrip/rstrip flags name
// (`<mask>` has lstrip: "a <mask>" → "a", "<mask>").
struct SpecialToken {
    std::string content;
    bool isAddedToken = false;
    bool lstrip = false;
    bool rstrip = false;
};

// The special-token roles of tokenizer_config.json / special_tokens_map.json.
// An empty content means the role is not set.
struct SpecialTokens {
    SpecialToken bos, eos, unk, sep, pad, cls, mask;
    std::vector<SpecialToken> additional;

    // bos, eos, unk, sep, pad, cls, mask, additional…: HF's
    // all_special_tokens_extended order, duplicates and unset roles dropped.
    std::vector<SpecialToken> all() const;
};

// How special tokens frame one or two sequences (build_inputs_with_special_tokens):
// Bert: [CLS] A [SEP] / [CLS] A [SEP] B [SEP], token type 1 from B on.
// Roberta (also BART): <s> A </s> / <s> A </s></s> B </s>, token types all 0.
// None (GPT-2): A / A B.
enum class SequenceTemplate { Bert, Roberta, None };

struct Encoding {
    std::vector<std::int64_t> input_ids;
    std::vector<std::int64_t> attention_mask; // all 1 (one unpadded example)
    std::vector<std::int64_t> token_type_ids; // always filled; zeros unless Bert pairs
    std::vector<std::string> tokens;          // convert_ids_to_tokens(input_ids)
};

// Code points [begin, end) of the original text (what the fast tokenizer's
// offset_mapping holds: character, not byte, offsets).
struct CharSpan {
    std::int64_t begin = 0, end = 0;
};

// One sequence as the fast tokenizer encodes it, without framing specials.
struct OffsetTokens {
    std::vector<std::int64_t> ids;
    std::vector<CharSpan> offsets; // one per id
};

// A right-padded batch; every tensor is row-major [batch, length].
struct BatchEncoding {
    std::int64_t batch = 0;
    std::int64_t length = 0;
    std::vector<std::int64_t> input_ids;      // padding: padId()
    std::vector<std::int64_t> attention_mask; // padding: 0
    std::vector<std::int64_t> token_type_ids; // padding: 0
};

class Tokenizer {
public:
    virtual ~Tokenizer();

    // HF `tokenizer.tokenize(text)`: tokens without the framing specials.
    std::vector<std::string> tokenize(const std::string& text) const;

    // HF `tokenizer(text[, pair], truncation=..., max_length=...)`.
    // maxLength <= 0: no truncation; otherwise longest_first truncation so
    // that the result, specials included, has at most maxLength tokens.
    Encoding encode(const std::string& text, const std::string* pair = nullptr, std::int64_t maxLength = -1) const;

    // HF `tokenizer(texts[, pairs], padding=True, truncation=maxLength > 0,
    // max_length=maxLength)`: right-padded to the longest row. `pairs`, when
    // given, must have one entry per text.
    BatchEncoding encodeBatch(const std::vector<std::string>& texts, const std::vector<std::string>* pairs = nullptr,
                              std::int64_t maxLength = -1) const;

    // What the FAST tokenizer (Rust `tokenizers`, as built by transformers'
    // BertConverter / RobertaConverter) returns for one sequence without
    // framing specials: ids and each token's span in the original text.
    // Special tokens written in the text are split off first (leftmost
    // longest, with their lstrip/rstrip whitespace inside their span); the
    // rest goes through the subclass's normaliser, pre-tokenizer and model.
    // The ids equal convertTokensToIds(tokenize(text)) for ordinary text.
    // They differ where the libraries do: a text of only spaces (BPE: the
    // slow tokenize returns nothing), and for BERT unassigned code points
    // and U+2B820..U+2B91F (see text/bert_normalizer.h).
    OffsetTokens encodeWithOffsets(const std::string& text) const;

    std::vector<std::int64_t> convertTokensToIds(const std::vector<std::string>& tokens) const;
    // HF decode(ids, skip_special_tokens, clean_up_tokenization_spaces=True)
    // of the slow tokenizers: the tokens' text (BPE: their bytes as UTF-8
    // with errors replaced; WordPiece: joined, "##" pieces glued), then the
    // clean-up of spaces before punctuation and contractions.
    std::string decode(const std::vector<std::int64_t>& ids, bool skipSpecialTokens = true) const;
    std::int64_t tokenToId(const std::string& token) const; // unk id for tokens not in the vocabulary
    std::string idToToken(std::int64_t id) const;           // unk token for unknown ids

    const Vocabulary& vocabulary() const { return vocabulary_; }
    std::int64_t vocabSize() const { return vocabulary_.size(); }
    std::int64_t padId() const; // throws when the tokenizer has no pad token
    std::int64_t unkId() const;
    std::int64_t clsId() const; // throws when the tokenizer has no cls token
    std::int64_t sepId() const; // throws when the tokenizer has no sep token
    const SpecialTokens& specialTokens() const { return specials_; }
    SequenceTemplate sequenceTemplate() const { return template_; }
    // Whether HF returns token_type_ids for this tokenizer (BERT yes, RoBERTa/BART no).
    bool returnsTokenTypeIds() const { return template_ == SequenceTemplate::Bert; }
    // Specials added around one sequence (pair = false) or two.
    std::int64_t numSpecialTokensToAdd(bool pair) const;

    virtual std::string kind() const = 0; // "wordpiece" or "bpe"
    const std::vector<std::string>& filesRead() const { return files_; }

protected:
    // `lowerCaseText`: HF lower-cases the whole text except the special
    // tokens in it before splitting (BertTokenizer's do_lower_case).
    Tokenizer(Vocabulary vocabulary, SpecialTokens specials, SequenceTemplate sequenceTemplate, bool lowerCaseText,
              std::vector<std::string> files);

    // HF `prepare_for_tokenization` (whole text, before specials are split off).
    virtual void prepareForTokenization(std::u32string& text) const;
    // HF convert_tokens_to_string.
    virtual std::string tokensToString(const std::vector<std::string>& tokens) const = 0;
    // HF `_tokenize`: one stretch of text that holds no special token.
    virtual void tokenizeSegment(std::u32string_view text, std::vector<std::string>& out) const = 0;
    // The fast tokenizer's normaliser, pre-tokenizer and model over the same
    // kind of stretch; `begin` is the index of text[0] in the original text.
    // Appends to `out`, which holds the sequence's tokens so far.
    virtual void encodeSegmentWithOffsets(std::u32string_view text, std::int64_t begin, OffsetTokens& out) const = 0;

private:
    std::vector<std::u32string> splitOnSpecialTokens(std::u32string text) const;
    std::vector<std::int64_t> withSpecials(const std::vector<std::int64_t>& a,
                                           const std::vector<std::int64_t>* b) const;
    std::vector<std::int64_t> tokenTypes(std::size_t lengthA, const std::size_t* lengthB) const;
    std::int64_t requiredId(const SpecialToken& token, const char* role) const;

    Vocabulary vocabulary_;
    SpecialTokens specials_;
    SequenceTemplate template_;
    bool lowerCaseText_;
    std::vector<std::string> files_;
    std::vector<std::u32string> allSpecialText_; // all_special_tokens order (lower-casing guard)
    std::vector<SpecialToken> noSplit_;          // unique_no_split_tokens: sorted by content
    std::vector<std::u32string> noSplitText_;    // the same, decoded
};

// Loads the tokenizer files of a checkpoint directory:
//   vocab.txt                → WordPieceTokenizer (BERT),
//   vocab.json + merges.txt  → BpeTokenizer (RoBERTa/BART/GPT-2),
//   else tokenizer.json      → whichever model it holds,
// with tokenizer_config.json / special_tokens_map.json when present. Throws
// sa::Error naming the directory and the files looked for when none is there.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& directory);

} // namespace sa
