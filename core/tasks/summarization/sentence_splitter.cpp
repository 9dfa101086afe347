#include "tasks/summarization/sentence_splitter.h"

#include "text/unicode.h"

#include <unordered_set>

namespace sa {

namespace {

// Followed by a name: never the end of a sentence.
const std::unordered_set<std::u32string>& titles() {
    static const std::unordered_set<std::u32string> words = {
        U"mr",  U"mrs", U"ms",  U"mx",   U"dr",  U"prof", U"rev",  U"fr",     U"sen", U"rep",
        U"gov", U"gen", U"col", U"lt",   U"sgt", U"capt", U"cpl",  U"pvt",    U"maj", U"cmdr",
        U"adm", U"hon", U"st",  U"supt", U"det", U"insp", U"pres", U"messrs", U"mme", U"mlle"};
    return words;
}

// Abbreviations that may also end a sentence ("... at 3 a.m. The police");
// Punkt breaks after them only when its orthographic evidence says the next
// word starts sentences.
const std::unordered_set<std::u32string>& abbreviations() {
    static const std::unordered_set<std::u32string> words = {
        U"jr",   U"sr",  U"inc",    U"co",   U"corp", U"ltd",   U"llc",  U"plc",  U"bros", U"etc",
        U"vs",   U"al",  U"approx", U"dept", U"govt", U"assn",  U"ave",  U"blvd", U"rd",   U"hwy",
        U"mt",   U"ft",  U"jan",    U"feb",  U"mar",  U"apr",   U"jun",  U"jul",  U"aug",  U"sep",
        U"sept", U"oct", U"nov",    U"dec",  U"tues", U"thurs", U"univ", U"cf",   U"ca"};
    return words;
}

// Ordinary words too ("he said no."), abbreviations only before a number.
const std::unordered_set<std::u32string>& numberAbbreviations() {
    static const std::unordered_set<std::u32string> words = {U"no", U"nos", U"vol", U"vols", U"fig", U"figs",
                                                             U"p",  U"pp",  U"art", U"op",   U"ch",  U"sec"};
    return words;
}

// Capitalised words that open sentences far more often than they occur
// capitalised inside one: the words after which Punkt's heuristics still
// break following an abbreviation or initial.
const std::unordered_set<std::u32string>& sentenceOpeners() {
    static const std::unordered_set<std::u32string> words = {
        U"The",   U"A",       U"An",        U"He",     U"She",   U"It",       U"They",   U"We",    U"I",
        U"You",   U"But",     U"And",       U"Or",     U"So",    U"Yet",      U"This",   U"That",  U"These",
        U"Those", U"There",   U"Then",      U"Here",   U"In",    U"On",       U"At",     U"For",   U"If",
        U"When",  U"While",   U"After",     U"Before", U"Since", U"Although", U"Though", U"His",   U"Her",
        U"Its",   U"Their",   U"Our",       U"My",     U"Your",  U"As",       U"Some",   U"Many",  U"Most",
        U"Now",   U"However", U"Meanwhile", U"What",   U"Who",   U"Why",      U"How",    U"Where", U"One"};
    return words;
}

bool isTerminator(char32_t c) {
    return c == U'.' || c == U'!' || c == U'?';
}

bool isCloser(char32_t c) {
    return c == U'"' || c == U'\'' || c == U')' || c == U']' || c == U'}' || c == U'\u201D' || c == U'\u2019' ||
           c == U'\u00BB';
}

bool isOpener(char32_t c) {
    return c == U'"' || c == U'\'' || c == U'(' || c == U'[' || c == U'{' || c == U'`' || c == U'\u201C' ||
           c == U'\u2018' || c == U'\u00AB';
}

bool isContinuation(char32_t c) {
    return c == U',' || c == U';' || c == U':' || c == U')' || c == U']' || c == U'}' || isTerminator(c);
}

bool isUpper(char32_t c) {
    if (!unicode::isLetter(c)) return false;
    const std::u32string lower = unicode::toLower(std::u32string_view(&c, 1));
    return lower.size() != 1 || lower[0] != c;
}

bool isDigit(char32_t c) {
    return (c >= U'0' && c <= U'9') || unicode::isNumber(c);
}

bool isAsciiLetter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

std::u32string asciiLower(std::u32string_view word) {
    std::u32string out(word);
    for (char32_t& c : out)
        if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
    return out;
}

// "J", "U.S", "a.m", "Ph.D": letter groups of one or two joined by points,
// as initials and dotted acronyms are written.
bool isInitialOrAcronym(std::u32string_view word) {
    if (word.empty()) return false;
    std::size_t group = 0;
    for (char32_t c : word) {
        if (c == U'.') {
            if (group == 0) return false;
            group = 0;
        } else if (isAsciiLetter(c)) {
            if (++group > 2) return false;
        } else {
            return false;
        }
    }
    return group > 0 && (word.size() == 1 || word.find(U'.') != std::u32string_view::npos);
}

// The letters opening the next token, after any opening quotes or brackets.
std::u32string_view leadingWord(std::u32string_view token) {
    std::size_t begin = 0;
    while (begin < token.size() && isOpener(token[begin]))
        ++begin;
    std::size_t end = begin;
    while (end < token.size() && unicode::isLetter(token[end]))
        ++end;
    return token.substr(begin, end - begin);
}

// Whether the terminator run [run, runEnd) ends a sentence, given the word
// before it and the token after the whitespace.
bool endsSentence(std::u32string_view before, std::u32string_view run, std::u32string_view next) {
    // Punkt's first pass breaks after any period-final word; text going on
    // in lower case or with a comma is where a missed abbreviation shows.
    const char32_t first = next.front();
    if ((unicode::isLetter(first) && !isUpper(first)) || isContinuation(first)) return false;
    const bool opensSentence = sentenceOpeners().count(std::u32string(leadingWord(next))) > 0;
    if (run.find_first_not_of(U'.') == std::u32string_view::npos && run.size() > 1) return opensSentence; // ellipsis
    if (run != U".") return true;
    std::size_t begin = 0;
    while (begin < before.size() && isOpener(before[begin]))
        ++begin;
    const std::u32string_view word = before.substr(begin);
    if (word.empty()) return true; // a spaced-out " ." as in CNN/DailyMail's highlights
    const std::u32string lower = asciiLower(word);
    if (titles().count(lower)) return false;
    if (numberAbbreviations().count(lower) && isDigit(first)) return false;
    if (abbreviations().count(lower) || isInitialOrAcronym(word)) return opensSentence;
    return true;
}

std::size_t skipSpace(std::u32string_view text, std::size_t i) {
    while (i < text.size() && unicode::isPythonSpace(text[i]))
        ++i;
    return i;
}

} // namespace

std::vector<std::string> splitSentences(const std::string& text) {
    const std::u32string decoded = unicode::decodeUtf8(text);
    const std::u32string_view all(decoded);
    std::vector<std::string> sentences;
    std::size_t start = skipSpace(all, 0);
    std::size_t i = start;
    while (i < all.size()) {
        if (!isTerminator(all[i])) {
            ++i;
            continue;
        }
        std::size_t runEnd = i;
        while (runEnd < all.size() && isTerminator(all[runEnd]))
            ++runEnd;
        std::size_t end = runEnd;
        while (end < all.size() && isCloser(all[end]))
            ++end;
        const std::size_t next = skipSpace(all, end);
        if (next == end || next == all.size()) {
            i = end;
            continue;
        }
        std::size_t wordBegin = i;
        while (wordBegin > start && !unicode::isPythonSpace(all[wordBegin - 1]))
            --wordBegin;
        std::size_t nextEnd = next;
        while (nextEnd < all.size() && !unicode::isPythonSpace(all[nextEnd]))
            ++nextEnd;
        if (endsSentence(all.substr(wordBegin, i - wordBegin), all.substr(i, runEnd - i),
                         all.substr(next, nextEnd - next))) {
            sentences.push_back(unicode::encodeUtf8(all.substr(start, end - start)));
            start = next;
        }
        i = next;
    }
    const std::u32string_view last = unicode::strip(all.substr(start), false, true);
    if (!last.empty()) sentences.push_back(unicode::encodeUtf8(last));
    return sentences;
}

std::string oneSentencePerLine(const std::string& text) {
    const std::u32string decoded = unicode::decodeUtf8(text);
    const std::vector<std::string> sentences = splitSentences(unicode::encodeUtf8(unicode::strip(decoded)));
    std::string out;
    for (std::size_t k = 0; k < sentences.size(); ++k) {
        if (k) out.push_back('\n');
        out += sentences[k];
    }
    return out;
}

} // namespace sa
