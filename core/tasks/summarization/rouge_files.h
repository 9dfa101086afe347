// The inputs and output of `sparseadapter score rouge REFERENCES PREDICTIONS`:
// two files of texts in the same order, scored pair by pair with
// scoreRouge, the way run_summarization_sparse.py's compute_metrics scores
// decoded predictions against their labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa {

// The texts of one file, in order. JSON Lines when the name ends in ".jsonl"
// or the first non-empty line starts with '{': one object per non-empty
// line, the text being its string field `field` (JSON escapes decoded, so a
// "\n" in the string is a line break and separates ROUGE-Lsum sentences).
// Otherwise plain text, one text per line ("\n", "\r\n" or "\r"), where an
// empty line is an empty text, so a blank prediction keeps its place. A
// leading UTF-8 byte order mark is ignored. Errors (sa::Error) name the
// file, and for a bad record its line number and the field.
std::vector<std::string> readTextsFile(const std::string& path, const std::string& field);

struct RougeFilesOptions {
    std::string field;           // the text field of JSON Lines files (both files)
    bool stem = true;            // rouge_score's use_stemmer
    bool splitSentences = false; // oneSentencePerLine first (the official Lsum postprocessing)
    bool perPair = false;        // a line per pair before the mean
    int bootstrapSamples = 0;    // > 0: the bootstrap interval too
    double confidence = 0.95;
    uint64_t seed = 0;
};

// Reads both files with readTextsFile; with `splitSentences` each text first
// goes through oneSentencePerLine. Returns newline-terminated JSON lines:
// with `perPair` one {"pair": i, "rouge1": ..., ...} per pair (i from 0, in
// file order) first, then always rougeJson(mean, count), and with
// bootstrapSamples a last line {"bootstrap": {"low": ..., "mid": ...,
// "high": ...}, "samples": N, "confidence": c}. Differing counts or empty
// files are an sa::Error naming both files.
std::string scoreRougeFiles(const std::string& referencesPath, const std::string& predictionsPath,
                            const RougeFilesOptions& options);

} // namespace sa
