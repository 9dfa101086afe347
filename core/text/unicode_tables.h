// Data tables behind text/unicode.h, generated from Python's unicodedata by
// tools/gen_unicode_tables.py (see unicode_tables.cpp). Internal to text/:
// everything else asks text/unicode.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sa::unicode::tables {

// Every step-th code point in [first, last] lower-cases to itself + delta.
struct LowerRun {
    char32_t first;
    char32_t last;
    std::int32_t step;
    std::int32_t delta;
};

// A code point whose Python lower() is longer than one code point (U+0130 'İ').
struct MultiLower {
    char32_t codePoint;
    char32_t lower[3]; // zero-terminated when shorter
};

struct Decomposition {
    char32_t codePoint;
    std::uint32_t offsetAndLength; // offset into kDecompositionPool << 8 | length
};

struct CombiningRange {
    char32_t first;
    char32_t last;
    std::uint8_t combiningClass;
};

extern const char* const kUnicodeVersion;
extern const std::uint32_t kCategoryRanges[];
extern const std::size_t kCategoryRangeCount;
extern const LowerRun kLowerRuns[];
extern const std::size_t kLowerRunCount;
extern const MultiLower kMultiLower[];
extern const std::size_t kMultiLowerCount;
extern const Decomposition kDecompositions[];
extern const std::size_t kDecompositionCount;
extern const char32_t kDecompositionPool[];
extern const CombiningRange kCombiningRanges[];
extern const std::size_t kCombiningRangeCount;
extern const char32_t kPythonSpaces[];
extern const std::size_t kPythonSpaceCount;

} // namespace sa::unicode::tables
