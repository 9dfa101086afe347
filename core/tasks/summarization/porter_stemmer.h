// The Porter stemmer exactly as NLTK's PorterStemmer() runs it in its default
// NLTK_EXTENSIONS mode: what rouge_score's RougeScorer(use_stemmer=True)
// applies to every token, so stems here must equal NLTK's for ROUGE scores to
// match the official ones digit for digit.
#pragma once

#include <string>

namespace sa {

// NLTK_EXTENSIONS departs from Porter (1980) in these places, all kept here:
// an irregular-forms table looked up first ("skies" -> "sky", "dying" ->
// "die", "news" -> "news", ...); words of one or two characters returned
// unchanged; "ies"/"ied" on four-letter words -> "ie"; any other "ied" -> "i";
// *v*c as the cvc test for two-letter stems; step 1c's "y" -> "i" only after a
// consonant that is not the first letter; "alli" -> "al" tried (and step 2
// rerun) before the other step-2 rules; "bli" -> "ble", "fulli" -> "ful" and
// "logi" -> "log" (measure taken with the "l").
//
// The input is a lowercase word (rouge_score passes [a-z0-9]+ tokens); other
// bytes count as consonants, as non-vowel characters do in NLTK.
std::string porterStem(const std::string& lowercaseAsciiWord);

} // namespace sa
