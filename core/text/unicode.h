// The Unicode queries the tokenizers need, with Python's semantics: the
// reference tokenizers (HF transformers 4.9, slow) are pure Python, so a
// character is "whitespace", "a letter" or "lower case" exactly when Python's
// unicodedata / str methods say so. Tables: unicode_tables.cpp (generated).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa::unicode {

// Unicode general categories, in the order of tools/gen_unicode_tables.py.
enum class Category : unsigned char {
    Cc,
    Cf,
    Cn,
    Co,
    Cs,
    Ll,
    Lm,
    Lo,
    Lt,
    Lu,
    Mc,
    Me,
    Mn,
    Nd,
    Nl,
    No,
    Pc,
    Pd,
    Pe,
    Pf,
    Pi,
    Po,
    Ps,
    Sc,
    Sk,
    Sm,
    So,
    Zl,
    Zp,
    Zs
};

Category category(char32_t c);
bool isLetter(char32_t c);         // L*  (regex \p{L})
bool isNumber(char32_t c);         // N*  (regex \p{N})
bool isPunctuation(char32_t c);    // P*
bool isOther(char32_t c);          // C*  (control, format, unassigned, private use, surrogate)
bool isNonSpacingMark(char32_t c); // Mn

// Python str.isspace(): what str.split()/strip() treat as whitespace.
bool isPythonSpace(char32_t c);
// \s of the `regex` module (the White_Space property): str.isspace() minus
// U+001C..U+001F, which regex does not count as space.
bool isRegexSpace(char32_t c);

// Python chr(c).lower(): usually one code point, two for U+0130.
void appendLower(char32_t c, std::u32string& out);
std::u32string toLower(std::u32string_view text); // code point by code point
// Python str.lower() of a whole string: toLower plus the one context rule
// Python applies, Final_Sigma (U+03A3 becomes final U+03C2 after a cased
// letter, case-ignorable characters skipped, unless a cased letter follows).
std::u32string lowerString(std::u32string_view text);

// unicodedata.normalize("NFD", text): full canonical decomposition (Hangul
// included) followed by canonical ordering of combining marks.
std::u32string nfd(std::u32string_view text);
int combiningClass(char32_t c);

// UTF-8 <-> code points. Malformed input (which a Python str cannot hold)
// decodes to U+FFFD per bad byte, as bytes.decode("utf-8", "replace") would.
std::u32string decodeUtf8(std::string_view text);
void appendUtf8(char32_t c, std::string& out);
std::string encodeUtf8(std::u32string_view text);
// The byte offset of the first byte that does not begin a well-formed UTF-8
// sequence; npos when the whole text is valid UTF-8.
std::size_t invalidUtf8At(std::string_view text);
// At most `maxBytes` of `text` for an error message: valid UTF-8 kept,
// control characters, backslashes and invalid bytes as \xNN, "…" when cut;
// so no error ever echoes raw bytes to a terminal.
std::string escapedExcerpt(std::string_view text, std::size_t maxBytes = 40);
// The largest byte position <= `at` (and <= text.size()) that starts a UTF-8
// sequence: where a text can be cut short without splitting a character.
std::size_t utf8CutBefore(std::string_view text, std::size_t at);

// Python str.strip()/lstrip()/rstrip() and str.split() with no argument.
std::u32string_view strip(std::u32string_view text, bool left = true, bool right = true);
std::vector<std::u32string> splitOnSpace(std::u32string_view text);

} // namespace sa::unicode
