#include "tasks/summarization/porter_stemmer.h"

#include <string_view>
#include <unordered_map>
#include <vector>

namespace sa {

namespace {

bool isVowelLetter(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Porter's consonant: not a vowel letter, and "y" only at the start or
// after a vowel ("toy": y consonant, "syzygy": y vowel). Computed left to
// right, which is the same recursion NLTK's _is_consonant runs backwards.
std::vector<bool> consonantMap(std::string_view word) {
    std::vector<bool> consonant(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (isVowelLetter(word[i]))
            consonant[i] = false;
        else if (word[i] == 'y')
            consonant[i] = i == 0 || !consonant[i - 1];
        else
            consonant[i] = true;
    }
    return consonant;
}

bool isConsonant(std::string_view word, std::size_t i) {
    return consonantMap(word.substr(0, i + 1))[i];
}

// m in [C](VC)^m[V]: the number of vowel -> consonant transitions.
int measure(std::string_view stem) {
    const std::vector<bool> consonant = consonantMap(stem);
    int m = 0;
    for (std::size_t i = 1; i < consonant.size(); ++i)
        if (!consonant[i - 1] && consonant[i]) ++m;
    return m;
}

bool hasPositiveMeasure(std::string_view stem) {
    return measure(stem) > 0;
}

bool containsVowel(std::string_view stem) {
    for (bool consonant : consonantMap(stem))
        if (!consonant) return true;
    return false;
}

bool endsDoubleConsonant(std::string_view word) {
    const std::size_t n = word.size();
    return n >= 2 && word[n - 1] == word[n - 2] && isConsonant(word, n - 1);
}

// *o: consonant-vowel-consonant with the last not w, x or y; NLTK also
// accepts a two-letter stem that is vowel-consonant (Porter's *o needs three).
bool endsCvc(std::string_view word) {
    const std::size_t n = word.size();
    if (n >= 3) {
        const std::vector<bool> c = consonantMap(word);
        const char last = word[n - 1];
        if (c[n - 3] && !c[n - 2] && c[n - 1] && last != 'w' && last != 'x' && last != 'y') return true;
    }
    if (n == 2) {
        const std::vector<bool> c = consonantMap(word);
        return !c[0] && c[1];
    }
    return false;
}

bool endsWith(std::string_view word, std::string_view suffix) {
    return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

using Condition = bool (*)(std::string_view stem);

struct Rule {
    std::string_view suffix;
    std::string_view replacement;
    Condition condition; // nullptr: always
};

// NLTK's _apply_rule_list: the first rule whose suffix the word ends with
// decides alone; when its condition fails the word is returned unchanged
// and later rules are not tried (so "ment" failing never falls back to "ent").
std::string applyRules(const std::string& word, const std::vector<Rule>& rules) {
    for (const Rule& rule : rules) {
        if (!endsWith(word, rule.suffix)) continue;
        const std::string_view stem = std::string_view(word).substr(0, word.size() - rule.suffix.size());
        if (rule.condition && !rule.condition(stem)) return word;
        return std::string(stem) + std::string(rule.replacement);
    }
    return word;
}

std::string replaceSuffix(const std::string& word, std::size_t suffixLength, std::string_view replacement) {
    return word.substr(0, word.size() - suffixLength) + std::string(replacement);
}

std::string step1a(const std::string& word) {
    // NLTK: "ties" -> "tie", not Porter's "ti".
    if (endsWith(word, "ies") && word.size() == 4) return replaceSuffix(word, 3, "ie");
    static const std::vector<Rule> rules = {
        {"sses", "ss", nullptr}, {"ies", "i", nullptr}, {"ss", "ss", nullptr}, {"s", "", nullptr}};
    return applyRules(word, rules);
}

std::string step1b(const std::string& word) {
    // NLTK: "tied" -> "tie", "cried" -> "cri" (as "cries" -> "cri").
    if (endsWith(word, "ied")) return replaceSuffix(word, 3, word.size() == 4 ? "ie" : "i");
    if (endsWith(word, "eed")) {
        const std::string stem = word.substr(0, word.size() - 3);
        return measure(stem) > 0 ? stem + "ee" : word;
    }
    std::string stem;
    bool removed = false;
    for (std::string_view suffix : {std::string_view("ed"), std::string_view("ing")}) {
        if (!endsWith(word, suffix)) continue;
        stem = word.substr(0, word.size() - suffix.size());
        if (containsVowel(stem)) {
            removed = true;
            break;
        }
    }
    if (!removed) return word;
    // The clean-up rules, in NLTK's order; "at", "bl" and "iz" never end in
    // a double consonant, so testing them first is the list's order.
    if (endsWith(stem, "at") || endsWith(stem, "bl") || endsWith(stem, "iz")) return stem + "e";
    if (endsDoubleConsonant(stem)) {
        const char last = stem.back();
        return last == 'l' || last == 's' || last == 'z' ? stem : stem.substr(0, stem.size() - 1);
    }
    return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
}

bool nltkStep1cCondition(std::string_view stem) {
    return stem.size() > 1 && isConsonant(stem, stem.size() - 1);
}

std::string step1c(const std::string& word) {
    static const std::vector<Rule> rules = {{"y", "i", nltkStep1cCondition}};
    return applyRules(word, rules);
}

// "logi" -> "log" keeps the "l" in the stem whose measure is taken, so
// short stems ("geologi") behave like long ones ("archaeologi").
bool logiCondition(std::string_view stem) {
    return measure(std::string(stem) + "l") > 0;
}

std::string step2(const std::string& word) {
    // NLTK tries "alli" -> "al" before the list and reruns step 2 on the
    // result, instead of after "(a)bli" as published.
    if (endsWith(word, "alli") && hasPositiveMeasure(std::string_view(word).substr(0, word.size() - 4)))
        return step2(replaceSuffix(word, 4, "al"));
    static const std::vector<Rule> rules = {
        {"ational", "ate", hasPositiveMeasure}, {"tional", "tion", hasPositiveMeasure},
        {"enci", "ence", hasPositiveMeasure},   {"anci", "ance", hasPositiveMeasure},
        {"izer", "ize", hasPositiveMeasure},    {"bli", "ble", hasPositiveMeasure},
        {"alli", "al", hasPositiveMeasure},     {"entli", "ent", hasPositiveMeasure},
        {"eli", "e", hasPositiveMeasure},       {"ousli", "ous", hasPositiveMeasure},
        {"ization", "ize", hasPositiveMeasure}, {"ation", "ate", hasPositiveMeasure},
        {"ator", "ate", hasPositiveMeasure},    {"alism", "al", hasPositiveMeasure},
        {"iveness", "ive", hasPositiveMeasure}, {"fulness", "ful", hasPositiveMeasure},
        {"ousness", "ous", hasPositiveMeasure}, {"aliti", "al", hasPositiveMeasure},
        {"iviti", "ive", hasPositiveMeasure},   {"biliti", "ble", hasPositiveMeasure},
        {"fulli", "ful", hasPositiveMeasure},   {"logi", "log", logiCondition},
    };
    return applyRules(word, rules);
}

std::string step3(const std::string& word) {
    static const std::vector<Rule> rules = {
        {"icate", "ic", hasPositiveMeasure}, {"ative", "", hasPositiveMeasure},  {"alize", "al", hasPositiveMeasure},
        {"iciti", "ic", hasPositiveMeasure}, {"ical", "ic", hasPositiveMeasure}, {"ful", "", hasPositiveMeasure},
        {"ness", "", hasPositiveMeasure},
    };
    return applyRules(word, rules);
}

bool measureAboveOne(std::string_view stem) {
    return measure(stem) > 1;
}

bool ionCondition(std::string_view stem) {
    return measure(stem) > 1 && (stem.back() == 's' || stem.back() == 't');
}

std::string step4(const std::string& word) {
    static const std::vector<Rule> rules = {
        {"al", "", measureAboveOne},   {"ance", "", measureAboveOne}, {"ence", "", measureAboveOne},
        {"er", "", measureAboveOne},   {"ic", "", measureAboveOne},   {"able", "", measureAboveOne},
        {"ible", "", measureAboveOne}, {"ant", "", measureAboveOne},  {"ement", "", measureAboveOne},
        {"ment", "", measureAboveOne}, {"ent", "", measureAboveOne},  {"ion", "", ionCondition},
        {"ou", "", measureAboveOne},   {"ism", "", measureAboveOne},  {"ate", "", measureAboveOne},
        {"iti", "", measureAboveOne},  {"ous", "", measureAboveOne},  {"ive", "", measureAboveOne},
        {"ize", "", measureAboveOne},
    };
    return applyRules(word, rules);
}

std::string step5a(const std::string& word) {
    if (!endsWith(word, "e")) return word;
    const std::string stem = word.substr(0, word.size() - 1);
    const int m = measure(stem);
    if (m > 1 || (m == 1 && !endsCvc(stem))) return stem;
    return word;
}

std::string step5b(const std::string& word) {
    // (m > 1 and *d and *L) with m taken over the word less one "l".
    if (endsWith(word, "ll") && measure(std::string_view(word).substr(0, word.size() - 1)) > 1)
        return word.substr(0, word.size() - 1);
    return word;
}

// NLTK_EXTENSIONS' irregular forms, consulted before any rule.
const std::unordered_map<std::string, std::string>& irregularForms() {
    static const std::unordered_map<std::string, std::string> forms = {
        {"sky", "sky"},        {"skies", "sky"},       {"dying", "die"},        {"lying", "lie"},
        {"tying", "tie"},      {"news", "news"},       {"innings", "inning"},   {"inning", "inning"},
        {"outings", "outing"}, {"outing", "outing"},   {"cannings", "canning"}, {"canning", "canning"},
        {"howe", "howe"},      {"proceed", "proceed"}, {"exceed", "exceed"},    {"succeed", "succeed"},
    };
    return forms;
}

} // namespace

std::string porterStem(const std::string& lowercaseAsciiWord) {
    const auto& forms = irregularForms();
    if (const auto it = forms.find(lowercaseAsciiWord); it != forms.end()) return it->second;
    // Not in Porter (1980): NLTK leaves one- and two-letter words alone.
    if (lowercaseAsciiWord.size() <= 2) return lowercaseAsciiWord;
    std::string stem = step1a(lowercaseAsciiWord);
    stem = step1b(stem);
    stem = step1c(stem);
    stem = step2(stem);
    stem = step3(stem);
    stem = step4(stem);
    stem = step5a(stem);
    return step5b(stem);
}

} // namespace sa
