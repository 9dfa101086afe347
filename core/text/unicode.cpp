#include "text/unicode.h"

#include "text/unicode_tables.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <utility>

namespace sa::unicode {

namespace t = tables;

Category category(char32_t c) {
    if (c > 0x10FFFF) return Category::Cn;
    // Last range whose start is <= c.
    const std::uint32_t key = (static_cast<std::uint32_t>(c) << 5) | 31u;
    const std::uint32_t* end = t::kCategoryRanges + t::kCategoryRangeCount;
    const std::uint32_t* it = std::upper_bound(t::kCategoryRanges, end, key);
    return static_cast<Category>(*(it - 1) & 31u);
}

bool isLetter(char32_t c) {
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    const Category k = category(c);
    return k == Category::Lu || k == Category::Ll || k == Category::Lt || k == Category::Lm || k == Category::Lo;
}

bool isNumber(char32_t c) {
    if (c < 0x80) return c >= '0' && c <= '9';
    const Category k = category(c);
    return k == Category::Nd || k == Category::Nl || k == Category::No;
}

bool isPunctuation(char32_t c) {
    const Category k = category(c);
    return k >= Category::Pc && k <= Category::Ps;
}

bool isOther(char32_t c) {
    return category(c) <= Category::Cs;
}

bool isNonSpacingMark(char32_t c) {
    return category(c) == Category::Mn;
}

bool isPythonSpace(char32_t c) {
    if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return std::binary_search(t::kPythonSpaces, t::kPythonSpaces + t::kPythonSpaceCount, c);
}

bool isRegexSpace(char32_t c) {
    return !(c >= 0x1C && c <= 0x1F) && isPythonSpace(c);
}

void appendLower(char32_t c, std::u32string& out) {
    if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    for (std::size_t i = 0; i < t::kMultiLowerCount; ++i) {
        if (t::kMultiLower[i].codePoint != c) continue;
        for (char32_t l : t::kMultiLower[i].lower)
            if (l) out.push_back(l);
        return;
    }
    const t::LowerRun* end = t::kLowerRuns + t::kLowerRunCount;
    const t::LowerRun* it =
        std::upper_bound(t::kLowerRuns, end, c, [](char32_t v, const t::LowerRun& r) { return v < r.first; });
    if (it != t::kLowerRuns) {
        const t::LowerRun& r = *(it - 1);
        if (c <= r.last && (c - r.first) % static_cast<char32_t>(r.step) == 0) {
            out.push_back(static_cast<char32_t>(static_cast<std::int64_t>(c) + r.delta));
            return;
        }
    }
    out.push_back(c);
}

std::u32string toLower(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendLower(c, out);
    return out;
}

namespace {

// Case_Ignorable (DerivedCoreProperties): Mn, Me, Cf, Lm, Sk plus the
// Word_Break MidLetter / MidNumLet / Single_Quote characters below. Together
// with isCased this reproduces, for every code point, what Python 3.11
// (Unicode 14) does around a capital sigma (checked exhaustively against
// str.lower() when written).
bool isCaseIgnorable(char32_t c) {
    static const char32_t kPunctuation[] = {0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2018, 0x2019,
                                            0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};
    if (std::binary_search(std::begin(kPunctuation), std::end(kPunctuation), c)) return true;
    const Category k = category(c);
    return k == Category::Mn || k == Category::Me || k == Category::Cf || k == Category::Lm || k == Category::Sk;
}

// Cased = Lu, Ll, Lt plus Other_Lowercase / Other_Uppercase outside those
// categories: ordinal indicators, Roman numerals, circled and squared Latin
// letters. (Other_* members that are also case-ignorable, such as modifier
// letters, never matter: the sigma rule skips them before asking.)
bool isCased(char32_t c) {
    const Category k = category(c);
    if (k == Category::Lu || k == Category::Ll || k == Category::Lt) return true;
    return c == 0x00AA || c == 0x00BA || (c >= 0x2160 && c <= 0x217F) || (c >= 0x24B6 && c <= 0x24E9) ||
           (c >= 0x1F130 && c <= 0x1F149) || (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}

bool isFinalSigma(std::u32string_view text, std::size_t i) {
    std::size_t j = i;
    while (j > 0 && isCaseIgnorable(text[j - 1]))
        --j;
    if (j == 0 || !isCased(text[j - 1])) return false;
    j = i + 1;
    while (j < text.size() && isCaseIgnorable(text[j]))
        ++j;
    return j == text.size() || !isCased(text[j]);
}

} // namespace

std::u32string lowerString(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == 0x03A3)
            out.push_back(isFinalSigma(text, i) ? 0x03C2 : 0x03C3);
        else
            appendLower(text[i], out);
    }
    return out;
}

int combiningClass(char32_t c) {
    if (c < 0x300) return 0;
    const t::CombiningRange* end = t::kCombiningRanges + t::kCombiningRangeCount;
    const t::CombiningRange* it = std::upper_bound(t::kCombiningRanges, end, c,
                                                   [](char32_t v, const t::CombiningRange& r) { return v < r.first; });
    if (it == t::kCombiningRanges) return 0;
    const t::CombiningRange& r = *(it - 1);
    return c <= r.last ? r.combiningClass : 0;
}

namespace {

// Hangul syllables decompose arithmetically (Unicode 3.12), so the generated
// table leaves them out.
constexpr char32_t kHangulBase = 0xAC00, kLeadBase = 0x1100, kVowelBase = 0x1161, kTrailBase = 0x11A7;
constexpr char32_t kVowelCount = 21, kTrailCount = 28, kHangulCount = 11172;

void appendDecomposition(char32_t c, std::u32string& out) {
    if (c >= kHangulBase && c < kHangulBase + kHangulCount) {
        const char32_t s = c - kHangulBase;
        out.push_back(kLeadBase + s / (kVowelCount * kTrailCount));
        out.push_back(kVowelBase + (s % (kVowelCount * kTrailCount)) / kTrailCount);
        if (s % kTrailCount) out.push_back(kTrailBase + s % kTrailCount);
        return;
    }
    if (c >= 0xC0) {
        const t::Decomposition* end = t::kDecompositions + t::kDecompositionCount;
        const t::Decomposition* it = std::lower_bound(
            t::kDecompositions, end, c, [](const t::Decomposition& d, char32_t v) { return d.codePoint < v; });
        if (it != end && it->codePoint == c) {
            const std::uint32_t offset = it->offsetAndLength >> 8, length = it->offsetAndLength & 0xFF;
            out.append(t::kDecompositionPool + offset, length);
            return;
        }
    }
    out.push_back(c);
}

} // namespace

std::u32string nfd(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendDecomposition(c, out);
    // Canonical ordering: stable sort of every run of non-starters by class.
    for (std::size_t i = 0; i < out.size();) {
        if (combiningClass(out[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < out.size() && combiningClass(out[j]) != 0)
            ++j;
        if (j - i > 1)
            std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j),
                             [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = j;
    }
    return out;
}

namespace {

// The code point of the well-formed UTF-8 sequence at s[i] and its length;
// length 0 where the bytes there are not one (overlong, surrogate, cut off).
std::pair<char32_t, std::size_t> sequenceAt(const unsigned char* s, std::size_t i, std::size_t n) {
    const unsigned char b = s[i];
    if (b < 0x80) return {b, 1};
    std::size_t len = 0;
    char32_t c = 0, min = 0;
    if (b >= 0xC2 && b <= 0xDF)
        len = 2, c = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
        len = 3, c = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
        len = 4, c = b & 0x07, min = 0x10000;
    if (len == 0 || i + len > n) return {0, 0};
    for (std::size_t k = 1; k < len; ++k) {
        if ((s[i + k] & 0xC0) != 0x80) return {0, 0};
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {0, 0};
    return {c, len};
}

} // namespace

std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const auto [c, len] = sequenceAt(s, i, text.size());
        out.push_back(len ? c : 0xFFFD);
        i += len ? len : 1;
    }
    return out;
}

std::size_t invalidUtf8At(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const auto len = sequenceAt(s, i, text.size()).second;
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::string escapedExcerpt(std::string_view text, std::size_t maxBytes) {
    std::string out;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = std::min(text.size(), maxBytes);
    for (std::size_t i = 0; i < n;) {
        const auto [c, len] = sequenceAt(s, i, text.size());
        if (len > 1 && i + len <= n) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        if (len == 1 && c >= 0x20 && c != 0x7F && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", s[i]);
            out += escaped;
        }
        ++i;
    }
    if (text.size() > n) out += "\u2026";
    return out;
}

void appendUtf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string encodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendUtf8(c, out);
    return out;
}

std::size_t utf8CutBefore(std::string_view text, std::size_t at) {
    std::size_t cut = std::min(at, text.size());
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // a continuation byte
    return cut;
}

std::u32string_view strip(std::u32string_view text, bool left, bool right) {
    std::size_t b = 0, e = text.size();
    if (left)
        while (b < e && isPythonSpace(text[b]))
            ++b;
    if (right)
        while (e > b && isPythonSpace(text[e - 1]))
            --e;
    return text.substr(b, e - b);
}

std::vector<std::u32string> splitOnSpace(std::u32string_view text) {
    std::vector<std::u32string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isPythonSpace(text[i]))
            ++i;
        std::size_t j = i;
        while (j < text.size() && !isPythonSpace(text[j]))
            ++j;
        if (j > i) out.emplace_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

} // namespace sa::unicode
