// GPT-2's byte-level pre-tokenization, shared by GPT-2, RoBERTa and BART:
// the text is cut into pieces by GPT-2's regular expression, and each piece's
// UTF-8 bytes are spelled with 256 printable characters so that BPE never
// meets an unknown symbol.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa::byte_level {

// The matches of GPT-2's pattern, in order (they cover the whole text):
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with the `regex` module's meaning of \s, \p{L}, \p{N}.
std::vector<std::u32string_view> split(std::u32string_view text);

// bytes_to_unicode(): byte b → the UTF-8 spelling of its stand-in character.
const std::string& byteSymbol(unsigned char b);

// The stand-in spelling of `piece`'s UTF-8 bytes, one symbol per byte.
std::vector<std::string> byteSymbols(std::u32string_view piece);

// The inverse (byte_decoder): the bytes that a spelling's stand-in
// characters stand for, appended to `bytes`; a character that stands for no
// byte (an added token such as "<mask>") is appended as its own UTF-8.
void appendSpelledBytes(std::u32string_view spelling, std::string& bytes);

} // namespace sa::byte_level
