#include "text/tokenizer.h"

#include "error.h"
#include "text/unicode.h"

#include <algorithm>

namespace sa {

namespace {

bool sameContent(const SpecialToken& a, const SpecialToken& b) {
    return a.content == b.content;
}

} // namespace

std::vector<SpecialToken> SpecialTokens::all() const {
    std::vector<SpecialToken> out;
    auto add = [&out](const SpecialToken& t) {
        if (t.content.empty()) return;
        for (const SpecialToken& seen : out)
            if (sameContent(seen, t)) return;
        out.push_back(t);
    };
    for (const SpecialToken* t : {&bos, &eos, &unk, &sep, &pad, &cls, &mask})
        add(*t);
    for (const SpecialToken& t : additional)
        add(t);
    return out;
}

Tokenizer::Tokenizer(Vocabulary vocabulary, SpecialTokens specials, SequenceTemplate sequenceTemplate,
                     bool lowerCaseText, std::vector<std::string> files)
    : vocabulary_(std::move(vocabulary)), specials_(std::move(specials)), template_(sequenceTemplate),
      lowerCaseText_(lowerCaseText), files_(std::move(files)) {
    noSplit_ = specials_.all();
    for (const SpecialToken& t : noSplit_)
        allSpecialText_.push_back(unicode::decodeUtf8(t.content));
    // HF keeps unique_no_split_tokens sorted, and splits on them in that order.
    std::sort(noSplit_.begin(), noSplit_.end(),
              [](const SpecialToken& a, const SpecialToken& b) { return a.content < b.content; });
    for (const SpecialToken& t : noSplit_)
        noSplitText_.push_back(unicode::decodeUtf8(t.content));
}

Tokenizer::~Tokenizer() = default;

void Tokenizer::prepareForTokenization(std::u32string&) const {}

// HF PreTrainedTokenizer.tokenize → split_on_token: text.split(tok), then the
// pieces next to each occurrence lose their whitespace on the side(s) the
// token eats. Tokens are applied one after the other in sorted order, each to
// the pieces that are not yet a special token.
std::vector<std::u32string> Tokenizer::splitOnSpecialTokens(std::u32string text) const {
    auto isNoSplit = [this](const std::u32string& piece) {
        return std::find(noSplitText_.begin(), noSplitText_.end(), piece) != noSplitText_.end();
    };
    std::vector<std::u32string> pieces{std::move(text)};
    for (std::size_t k = 0; k < noSplit_.size(); ++k) {
        const SpecialToken& token = noSplit_[k];
        const std::u32string& tok = noSplitText_[k];
        std::vector<std::u32string> next;
        for (const std::u32string& piece : pieces) {
            if (isNoSplit(piece)) {
                next.push_back(piece);
                continue;
            }
            std::vector<std::u32string_view> parts; // Python str.split(tok)
            std::u32string_view rest(piece);
            for (std::size_t at; (at = rest.find(tok)) != std::u32string_view::npos;) {
                parts.push_back(rest.substr(0, at));
                rest.remove_prefix(at + tok.size());
            }
            parts.push_back(rest);
            for (std::size_t i = 0; i < parts.size(); ++i) {
                const bool first = i == 0, last = i + 1 == parts.size();
                std::u32string_view sub = parts[i];
                if (token.isAddedToken) {
                    // rstrip: the token eats the spaces on its right, i.e. the left of this piece.
                    if (token.rstrip && !first) sub = unicode::strip(sub, true, false);
                    if (token.lstrip && !last) sub = unicode::strip(sub, false, true);
                } else {
                    sub = unicode::strip(sub, !first, !last);
                }
                if (!sub.empty()) next.emplace_back(sub);
                if (!last) next.push_back(tok);
            }
        }
        pieces = std::move(next);
    }
    return pieces;
}

std::vector<std::string> Tokenizer::tokenize(const std::string& utf8) const {
    std::u32string text = unicode::decodeUtf8(utf8);
    prepareForTokenization(text);
    if (lowerCaseText_) {
        // HF: re.sub("(special|…)|(.+?)", …) lower-cases every character
        // except those inside special tokens, trying specials in
        // all_special_tokens order at each position.
        std::u32string lowered;
        lowered.reserve(text.size());
        for (std::size_t i = 0; i < text.size();) {
            bool matched = false;
            for (const std::u32string& s : allSpecialText_) {
                if (text.compare(i, s.size(), s) == 0) {
                    lowered += s;
                    i += s.size();
                    matched = true;
                    break;
                }
            }
            if (!matched) unicode::appendLower(text[i++], lowered);
        }
        text = std::move(lowered);
    }
    std::vector<std::string> out;
    if (unicode::strip(text).empty()) return out;
    for (const std::u32string& piece : splitOnSpecialTokens(std::move(text))) {
        if (std::find(noSplitText_.begin(), noSplitText_.end(), piece) != noSplitText_.end())
            out.push_back(unicode::encodeUtf8(piece));
        else
            tokenizeSegment(piece, out);
    }
    return out;
}

// The fast tokenizer's AddedVocabulary: special tokens are found in the raw
// text by a leftmost-longest search (not HF slow's split in sorted order,
// which gives the same pieces unless one special contains another); lstrip /
// rstrip widen the match over the whitespace next to it (Rust
// char::is_whitespace = White_Space = unicode::isRegexSpace), and that
// whitespace belongs to the special's span. BERT's specials are plain strings
// (no strip) here: the whitespace they eat in the slow path is dropped by the
// pre-tokenizer anyway.
OffsetTokens Tokenizer::encodeWithOffsets(const std::string& utf8) const {
    const std::u32string text = unicode::decodeUtf8(utf8);
    OffsetTokens out;
    auto encodeSegment = [&](std::size_t begin, std::size_t end) {
        if (end > begin)
            encodeSegmentWithOffsets(std::u32string_view(text).substr(begin, end - begin),
                                     static_cast<std::int64_t>(begin), out);
    };
    std::size_t segmentStart = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t match = noSplit_.size();
        for (std::size_t k = 0; k < noSplit_.size(); ++k) {
            const std::u32string& s = noSplitText_[k];
            if (!s.empty() && text[i] == s[0] && (match == noSplit_.size() || s.size() > noSplitText_[match].size()) &&
                text.compare(i, s.size(), s) == 0)
                match = k;
        }
        if (match == noSplit_.size()) {
            ++i;
            continue;
        }
        std::size_t start = i, stop = i + noSplitText_[match].size();
        if (noSplit_[match].lstrip)
            while (start > segmentStart && unicode::isRegexSpace(text[start - 1]))
                --start;
        if (noSplit_[match].rstrip)
            while (stop < text.size() && unicode::isRegexSpace(text[stop]))
                ++stop;
        encodeSegment(segmentStart, start);
        out.ids.push_back(tokenToId(noSplit_[match].content));
        out.offsets.push_back(CharSpan{static_cast<std::int64_t>(start), static_cast<std::int64_t>(stop)});
        segmentStart = i = stop;
    }
    encodeSegment(segmentStart, text.size());
    return out;
}

std::int64_t Tokenizer::tokenToId(const std::string& token) const {
    const std::int64_t* id = vocabulary_.find(token);
    return id ? *id : unkId();
}

std::vector<std::int64_t> Tokenizer::convertTokensToIds(const std::vector<std::string>& tokens) const {
    std::vector<std::int64_t> ids;
    ids.reserve(tokens.size());
    for (const std::string& t : tokens)
        ids.push_back(tokenToId(t));
    return ids;
}

std::string Tokenizer::decode(const std::vector<std::int64_t>& ids, bool skipSpecialTokens) const {
    std::vector<std::string> tokens;
    const auto specials = specials_.all();
    for (const auto id : ids) {
        auto token = idToToken(id);
        if (skipSpecialTokens &&
            std::any_of(specials.begin(), specials.end(), [&](const SpecialToken& s) { return s.content == token; }))
            continue;
        tokens.push_back(std::move(token));
    }
    std::string text = tokensToString(tokens);
    // clean_up_tokenization(): these pairs lose their space, in this order.
    static const std::pair<const char*, const char*> kCleanUp[] = {
        {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto& [from, to] : kCleanUp) {
        const std::string f(from), t(to);
        for (auto at = text.find(f); at != std::string::npos; at = text.find(f, at + t.size()))
            text.replace(at, f.size(), t);
    }
    return text;
}

std::string Tokenizer::idToToken(std::int64_t id) const {
    const std::string* t = vocabulary_.token(id);
    return t ? *t : specials_.unk.content;
}

std::int64_t Tokenizer::requiredId(const SpecialToken& token, const char* role) const {
    if (token.content.empty()) throw Error(std::string("tokenizer has no ") + role + " token");
    const std::int64_t* id = vocabulary_.find(token.content);
    if (!id) throw Error(std::string(role) + " token \"" + token.content + "\" is not in the vocabulary");
    return *id;
}

std::int64_t Tokenizer::padId() const {
    return requiredId(specials_.pad, "pad");
}
std::int64_t Tokenizer::unkId() const {
    return requiredId(specials_.unk, "unk");
}
std::int64_t Tokenizer::clsId() const {
    return requiredId(specials_.cls, "cls");
}
std::int64_t Tokenizer::sepId() const {
    return requiredId(specials_.sep, "sep");
}

std::int64_t Tokenizer::numSpecialTokensToAdd(bool pair) const {
    switch (template_) {
    case SequenceTemplate::Bert:
        return pair ? 3 : 2;
    case SequenceTemplate::Roberta:
        return pair ? 4 : 2;
    case SequenceTemplate::None:
        return 0;
    }
    return 0;
}

std::vector<std::int64_t> Tokenizer::withSpecials(const std::vector<std::int64_t>& a,
                                                  const std::vector<std::int64_t>* b) const {
    std::vector<std::int64_t> out;
    out.reserve(a.size() + (b ? b->size() : 0) + 4);
    if (template_ == SequenceTemplate::None) {
        out = a;
        if (b) out.insert(out.end(), b->begin(), b->end());
        return out;
    }
    const std::int64_t cls = clsId(), sep = sepId();
    out.push_back(cls);
    out.insert(out.end(), a.begin(), a.end());
    out.push_back(sep);
    if (!b) return out;
    if (template_ == SequenceTemplate::Roberta) out.push_back(sep);
    out.insert(out.end(), b->begin(), b->end());
    out.push_back(sep);
    return out;
}

std::vector<std::int64_t> Tokenizer::tokenTypes(std::size_t lengthA, const std::size_t* lengthB) const {
    const std::size_t total =
        lengthA + (lengthB ? *lengthB : 0) + static_cast<std::size_t>(numSpecialTokensToAdd(lengthB != nullptr));
    std::vector<std::int64_t> types(total, 0);
    // BERT: 0 through the first [SEP], 1 for B and its [SEP].
    if (template_ == SequenceTemplate::Bert && lengthB)
        std::fill(types.begin() + static_cast<std::ptrdiff_t>(lengthA + 2), types.end(), 1);
    return types;
}

Encoding Tokenizer::encode(const std::string& text, const std::string* pair, std::int64_t maxLength) const {
    std::vector<std::int64_t> a = convertTokensToIds(tokenize(text));
    std::vector<std::int64_t> b;
    if (pair) b = convertTokensToIds(tokenize(*pair));
    const std::vector<std::int64_t>* bp = pair ? &b : nullptr;

    // HF truncate_sequences, longest_first: one token at a time from the
    // longer sequence, from the second one on ties.
    const std::int64_t total = static_cast<std::int64_t>(a.size() + b.size()) + numSpecialTokensToAdd(pair);
    if (maxLength > 0 && total > maxLength) {
        for (std::int64_t n = total - maxLength; n > 0; --n) {
            if (!pair || a.size() > b.size()) {
                if (!a.empty()) a.pop_back();
            } else if (!b.empty()) {
                b.pop_back();
            }
        }
    }

    Encoding e;
    e.input_ids = withSpecials(a, bp);
    const std::size_t lengthB = b.size();
    e.token_type_ids = tokenTypes(a.size(), pair ? &lengthB : nullptr);
    e.attention_mask.assign(e.input_ids.size(), 1);
    e.tokens.reserve(e.input_ids.size());
    for (std::int64_t id : e.input_ids)
        e.tokens.push_back(idToToken(id));
    return e;
}

BatchEncoding Tokenizer::encodeBatch(const std::vector<std::string>& texts, const std::vector<std::string>* pairs,
                                     std::int64_t maxLength) const {
    if (pairs && pairs->size() != texts.size())
        throw Error("encodeBatch: " + std::to_string(texts.size()) + " texts but " + std::to_string(pairs->size()) +
                    " text pairs");
    std::vector<Encoding> rows;
    rows.reserve(texts.size());
    std::size_t longest = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        rows.push_back(encode(texts[i], pairs ? &(*pairs)[i] : nullptr, maxLength));
        longest = std::max(longest, rows.back().input_ids.size());
    }
    BatchEncoding batch;
    batch.batch = static_cast<std::int64_t>(rows.size());
    batch.length = static_cast<std::int64_t>(longest);
    const std::size_t cells = rows.size() * longest;
    const bool needsPad =
        std::any_of(rows.begin(), rows.end(), [&](const Encoding& e) { return e.input_ids.size() < longest; });
    batch.input_ids.assign(cells, needsPad ? padId() : 0);
    batch.attention_mask.assign(cells, 0);
    batch.token_type_ids.assign(cells, 0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const Encoding& e = rows[r];
        const auto offset = static_cast<std::ptrdiff_t>(r * longest);
        std::copy(e.input_ids.begin(), e.input_ids.end(), batch.input_ids.begin() + offset);
        std::copy(e.attention_mask.begin(), e.attention_mask.end(), batch.attention_mask.begin() + offset);
        std::copy(e.token_type_ids.begin(), e.token_type_ids.end(), batch.token_type_ids.begin() + offset);
    }
    return batch;
}

} // namespace sa
