#include "text/bert_normalizer.h"

#include "text/unicode.h"

#include <algorithm>
#include <numeric>

namespace sa::bert_normalizer {

bool isWhitespace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || unicode::category(c) == unicode::Category::Zs;
}

bool isControl(char32_t c, Rules rules) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    if (rules == Rules::Fast) {
        const unicode::Category k = unicode::category(c);
        return k == unicode::Category::Cc || k == unicode::Category::Cf || k == unicode::Category::Co;
    }
    return unicode::isOther(c);
}

// All non-alphanumeric ASCII counts (e.g. "^", "$", "`" are not P* but BERT
// treats them as punctuation; Rust's is_ascii_punctuation is the same set).
bool isPunctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    return c >= 0x80 && unicode::isPunctuation(c);
}

// Not Hangul, Hiragana or Katakana, which are written with spaces.
bool isCjkIdeograph(char32_t c, Rules rules) {
    const char32_t extensionE = rules == Rules::Fast ? 0x2B920 : 0x2B820;
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= extensionE && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

AlignedText::AlignedText(std::u32string_view input, std::int64_t firstIndex) : text(input), source(input.size()) {
    std::iota(source.begin(), source.end(), firstIndex);
}

namespace {

// Rebuilds `t` through `emit(c, source, out)`, called once per code point.
template <typename Emit> void rewrite(AlignedText& t, Emit emit) {
    AlignedText out;
    out.text.reserve(t.text.size() + t.text.size() / 8);
    out.source.reserve(out.text.capacity());
    for (std::size_t i = 0; i < t.text.size(); ++i)
        emit(t.text[i], t.source[i], out);
    t = std::move(out);
}

void push(AlignedText& t, char32_t c, std::int64_t source) {
    t.text.push_back(c);
    t.source.push_back(source);
}

// Canonical ordering (the last step of NFD): a stable sort of every run of
// non-starters by combining class; the source indices move with their code
// points. Sorting per character first and then over the whole text gives
// the same order as unicode::nfd, which sorts the whole text once.
void canonicalOrder(AlignedText& t) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < t.text.size();) {
        if (unicode::combiningClass(t.text[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < t.text.size() && unicode::combiningClass(t.text[j]) != 0)
            ++j;
        if (j - i > 1) {
            order.resize(j - i);
            std::iota(order.begin(), order.end(), i);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return unicode::combiningClass(t.text[a]) < unicode::combiningClass(t.text[b]);
            });
            const std::u32string text(t.text.begin() + static_cast<std::ptrdiff_t>(i),
                                      t.text.begin() + static_cast<std::ptrdiff_t>(j));
            const std::vector<std::int64_t> source(t.source.begin() + static_cast<std::ptrdiff_t>(i),
                                                   t.source.begin() + static_cast<std::ptrdiff_t>(j));
            for (std::size_t k = 0; k < order.size(); ++k) {
                t.text[i + k] = text[order[k] - i];
                t.source[i + k] = source[order[k] - i];
            }
        }
        i = j;
    }
}

} // namespace

void cleanText(AlignedText& t, Rules rules) {
    rewrite(t, [rules](char32_t c, std::int64_t source, AlignedText& out) {
        if (c == 0 || c == 0xFFFD || isControl(c, rules)) return;
        push(out, isWhitespace(c) ? U' ' : c, source);
    });
}

void isolateCjkIdeographs(AlignedText& t, Rules rules) {
    rewrite(t, [rules](char32_t c, std::int64_t source, AlignedText& out) {
        if (!isCjkIdeograph(c, rules)) {
            push(out, c, source);
            return;
        }
        push(out, U' ', source);
        push(out, c, source);
        push(out, U' ', source);
    });
}

void stripAccents(AlignedText& t) {
    bool reorder = false;
    rewrite(t, [&reorder](char32_t c, std::int64_t source, AlignedText& out) {
        if (c < 0xC0) { // nothing below U+00C0 decomposes or combines
            push(out, c, source);
            return;
        }
        for (char32_t d : unicode::nfd(std::u32string_view(&c, 1))) {
            reorder = reorder || unicode::combiningClass(d) != 0;
            push(out, d, source);
        }
    });
    if (reorder) canonicalOrder(t);
    rewrite(t, [](char32_t c, std::int64_t source, AlignedText& out) {
        if (c < 0x300 || !unicode::isNonSpacingMark(c)) push(out, c, source);
    });
}

void lowerCase(AlignedText& t) {
    std::u32string lowered;
    rewrite(t, [&lowered](char32_t c, std::int64_t source, AlignedText& out) {
        if (c < 0x80) {
            push(out, c >= 'A' && c <= 'Z' ? c + 32 : c, source);
            return;
        }
        lowered.clear();
        unicode::appendLower(c, lowered);
        for (char32_t l : lowered)
            push(out, l, source);
    });
}

std::vector<std::pair<std::size_t, std::size_t>> splitWords(std::u32string_view text, bool (*isSpace)(char32_t)) {
    std::vector<std::pair<std::size_t, std::size_t>> words;
    std::size_t start = 0;
    bool inWord = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        const bool space = isSpace(c), punctuation = !space && isPunctuation(c);
        if ((space || punctuation) && inWord) {
            words.emplace_back(start, i);
            inWord = false;
        }
        if (punctuation) {
            words.emplace_back(i, i + 1);
        } else if (!space && !inWord) {
            start = i;
            inWord = true;
        }
    }
    if (inWord) words.emplace_back(start, text.size());
    return words;
}

} // namespace sa::bert_normalizer
