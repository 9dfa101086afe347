#include "text/byte_level.h"

#include "text/unicode.h"

#include <array>
#include <map>

namespace sa::byte_level {

namespace {

bool isOtherSymbol(char32_t c) {
    return !unicode::isRegexSpace(c) && !unicode::isLetter(c) && !unicode::isNumber(c);
}

// Length of the contraction ('s 't 're 've 'm 'll 'd) at text[i], or 0.
// Case-sensitive, as in GPT-2's pattern.
std::size_t contraction(std::u32string_view text, std::size_t i) {
    if (text[i] != '\'' || i + 1 >= text.size()) return 0;
    const char32_t a = text[i + 1];
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (i + 2 >= text.size()) return 0;
    const char32_t b = text[i + 2];
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    return 0;
}

template <typename Predicate> std::size_t runEnd(std::u32string_view text, std::size_t i, Predicate inClass) {
    while (i < text.size() && inClass(text[i]))
        ++i;
    return i;
}

} // namespace

std::vector<std::u32string_view> split(std::u32string_view text) {
    std::vector<std::u32string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i + contraction(text, i);
        if (end == i) {
            // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": an optional single
            // space, then a run of one class. The alternatives are tried in
            // order, so the class is the one of the first non-space character.
            const std::size_t body = (text[i] == ' ' && i + 1 < text.size()) ? i + 1 : i;
            const char32_t c = text[body];
            if (unicode::isLetter(c))
                end = runEnd(text, body, unicode::isLetter);
            else if (unicode::isNumber(c))
                end = runEnd(text, body, unicode::isNumber);
            else if (isOtherSymbol(c))
                end = runEnd(text, body, isOtherSymbol);
        }
        if (end == i) {
            // Whitespace. "\s+(?!\S)" backs off one character when the run is
            // followed by a non-space, leaving that space to prefix the next
            // word; a single space before a word therefore falls to "\s+".
            const std::size_t runStop = runEnd(text, i, unicode::isRegexSpace);
            end = runStop;
            if (runStop < text.size() && runStop - i >= 2) end = runStop - 1;
        }
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

const std::string& byteSymbol(unsigned char b) {
    // Printable Latin-1 bytes stand for themselves; the other 68 bytes (controls,
    // space, DEL, NBSP, soft hyphen) take U+0100.. in byte order.
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> t;
        char32_t next = 256;
        for (int v = 0; v < 256; ++v) {
            const bool printable = (v >= '!' && v <= '~') || (v >= 0xA1 && v <= 0xAC) || (v >= 0xAE && v <= 0xFF);
            unicode::appendUtf8(printable ? static_cast<char32_t>(v) : next++, t[static_cast<std::size_t>(v)]);
        }
        return t;
    }();
    return table[b];
}

std::vector<std::string> byteSymbols(std::u32string_view piece) {
    std::vector<std::string> out;
    std::string bytes;
    for (char32_t c : piece) {
        bytes.clear();
        unicode::appendUtf8(c, bytes);
        for (char b : bytes)
            out.push_back(byteSymbol(static_cast<unsigned char>(b)));
    }
    return out;
}

void appendSpelledBytes(std::u32string_view spelling, std::string& bytes) {
    static const std::map<char32_t, unsigned char> decoder = [] {
        std::map<char32_t, unsigned char> m;
        for (int b = 0; b < 256; ++b)
            m[unicode::decodeUtf8(byteSymbol(static_cast<unsigned char>(b))).front()] = static_cast<unsigned char>(b);
        return m;
    }();
    for (const char32_t c : spelling) {
        const auto it = decoder.find(c);
        if (it != decoder.end())
            bytes += static_cast<char>(it->second);
        else
            unicode::appendUtf8(c, bytes);
    }
}

} // namespace sa::byte_level
