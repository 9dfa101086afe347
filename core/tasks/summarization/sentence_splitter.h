// Sentence splitting for ROUGE-Lsum. The official evaluation puts every
// sentence of a prediction and a reference on its own line with
// nltk.sent_tokenize (the pretrained Punkt model) before scoring; that model
// is data we cannot ship, so this is a rule-based stand-in that agrees with
// Punkt on ordinary news prose: it ends a sentence where Punkt's first pass
// would and undoes it where Punkt's abbreviation, initial and orthographic
// heuristics typically would.
#pragma once

#include <string>
#include <vector>

namespace sa {

// A sentence ends after a run of . ! ? (and any closing quotes or brackets
// right after it) that is followed by whitespace and then an uppercase
// letter, a digit, a quote, a bracket or a symbol such as "$", but not a
// lowercase letter or , ; : ) ] } . ! ?. Not after:
// - a title (Mr. Mrs. Dr. Prof. St. Gen. Sen. ...), which precedes a name;
// - another known abbreviation (U.S. a.m. Inc. Jr. etc. Jan. ...), a dotted
//   acronym (U.N., D.C.), a single initial ("J.") or an ellipsis, unless the
//   next word is a common sentence opener ("The", "He", "But", ...), which
//   is where Punkt's orthographic heuristic breaks after them too;
// - "No." / "Vol." / "Fig." / "p." before a number.
// Decimals ("3.5") and e-mail or web addresses never split (no whitespace
// after the point). The sentences are the exact substrings of `text`; the
// whitespace between them is dropped, and a text without any boundary
// (including one that does not end in punctuation) is one sentence.
// Whitespace-only or empty text has no sentences.
std::vector<std::string> splitSentences(const std::string& text);

// The official ROUGE-Lsum postprocessing of one text:
// "\n".join(sent_tokenize(text.strip())), Python's strip().
std::string oneSentencePerLine(const std::string& text);

} // namespace sa
