#include "tasks/classification/demo_sentiment.h"

#include "error.h"
#include "tasks/seeded_draw.h"

#include <cstdint>
#include <functional>
#include <random>
#include <set>
#include <utility>

namespace sa {
namespace {

// Every word below is a whole word of the demo vocabulary (demoVocabulary()
// in model/demo_checkpoint.h); test_experiment checks that none becomes [UNK].
using Words = DemoWords;

const Words kDeterminers = {"the", "this", "that"};
const Words kNouns = {"movie", "film", "story", "plot", "acting", "music", "scene", "ending", "script"};
const Words kPluralNouns = {"actors", "scenes"};
const Words kPronouns = {"i", "we", "they", "you"};
const Words kPositive = {"good", "great", "brilliant", "fun", "funny"};
const Words kNegative = {"bad", "awful", "boring", "dull", "slow"};
const Words kIntensifiers = {"very", "really", "quite", "so"};
const Words kTooWhat = {"slow", "long", "boring", "dull"}; // "too ..." is always negative
const Words kLikePast = {"loved", "liked", "enjoyed"};
const Words kLikePresent = {"love", "like", "enjoy"};

// The topics of the AdapterFusion demo's tasks: a sentence about the story
// names only these nouns (never "it", "movie" or "film", which could be
// about either), one about the staging only those.
const Words kStoryNouns = {"story", "plot", "script", "ending"};
const Words kStagingNouns = {"acting", "music", "scene"};
const Words kStagingPluralNouns = {"actors", "scenes"};
const Words kNoWords = {};

class Sentence {
public:
    Sentence& operator<<(const std::string& word) {
        if (!text_.empty()) text_ += ' ';
        text_ += word;
        return *this;
    }
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

// Builds one sentence of the requested polarity from one of the templates.
class Generator {
public:
    explicit Generator(std::uint64_t seed) : d_(seed) {}

    SeededDraw& draw() { return d_; }

    // DemoTopic::Any draws exactly as the sentiment corpus always has (its
    // sentences must not change); a topic only narrows the nouns.
    std::string sentence(bool positive, DemoTopic topic = DemoTopic::Any) {
        nouns_ = topic == DemoTopic::Any ? &kNouns : topic == DemoTopic::Story ? &kStoryNouns : &kStagingNouns;
        plurals_ = topic == DemoTopic::Any     ? &kPluralNouns
                   : topic == DemoTopic::Story ? &kNoWords
                                               : &kStagingPluralNouns;
        allowIt_ = topic == DemoTopic::Any;
        // Template kinds, in percent of the corpus.
        static const std::pair<int, void (Generator::*)(Sentence&, bool)> kKinds[] = {
            {27, &Generator::copula},      // "the plot was very boring !"
            {13, &Generator::experiencer}, // "i loved this movie ."
            {7, &Generator::superlative},  // "this is the best film i ever saw !"
            {10, &Generator::reaction},    // "we enjoyed the music , it was great ."
            {10, &Generator::fragment},    // "a really fun movie !"
            {8, &Generator::conjunction},  // "the music and the acting are great ."
            {16, &Generator::negation},    // "the film was not good ." / "it was not bad ."
            {9, &Generator::contrast},     // "the acting was great but the ending was awful ."
        };
        int roll = static_cast<int>(d_.index(100));
        Sentence s;
        for (const auto& [percent, build] : kKinds) {
            if (roll < percent) {
                (this->*build)(s, positive);
                break;
            }
            roll -= percent;
        }
        return s.text();
    }

private:
    // "the movie" / "this film" / "it" (+ its verb), or "the actors" (+ "are").
    void subjectAndVerb(Sentence& s, const char* noun = nullptr) {
        if (!noun && allowIt_ && d_.chance(0.12)) {
            s << "it" << (d_.chance(0.6) ? "was" : "is");
        } else if (!noun && !plurals_->empty() && d_.chance(0.1)) {
            s << "the" << d_.pick(*plurals_) << "are";
        } else {
            s << d_.pick(kDeterminers) << (noun ? noun : d_.pick(*nouns_)) << (d_.chance(0.6) ? "was" : "is");
        }
    }
    // "good", "very good", "too slow".
    void adjective(Sentence& s, bool positive, double intensified = 0.45, bool allowToo = true) {
        if (d_.chance(intensified)) {
            if (!positive && allowToo && d_.chance(0.2)) {
                s << "too" << d_.pick(kTooWhat);
                return;
            }
            s << d_.pick(kIntensifiers);
        }
        s << d_.pick(positive ? kPositive : kNegative);
    }
    void end(Sentence& s) { s << (d_.chance(0.25) ? "!" : "."); }
    const char* otherNoun(const char* noun) {
        const char* other = noun;
        while (other == noun)
            other = d_.pick(*nouns_);
        return other;
    }
    // "i loved", "we really hate".
    void feeling(Sentence& s, bool positive) {
        s << d_.pick(kPronouns);
        if (d_.chance(0.25)) s << "really";
        const bool past = d_.chance(0.6);
        if (positive)
            s << d_.pick(past ? kLikePast : kLikePresent);
        else
            s << (past ? "hated" : "hate");
    }

    void copula(Sentence& s, bool positive) {
        subjectAndVerb(s);
        adjective(s, positive);
        end(s);
    }
    void experiencer(Sentence& s, bool positive) {
        feeling(s, positive);
        if (allowIt_ && d_.chance(0.15))
            s << "it";
        else
            s << d_.pick(kDeterminers) << d_.pick(*nouns_);
        end(s);
    }
    void superlative(Sentence& s, bool positive) {
        s << (d_.chance(0.5) ? "this" : "it") << (d_.chance(0.5) ? "is" : "was") << "the"
          << (positive ? "best" : "worst") << d_.pick(*nouns_);
        switch (d_.index(3)) {
        case 0:
            s << "ever";
            break;
        case 1:
            s << (d_.chance(0.5) ? "i" : "we") << "ever"
              << "saw";
            break;
        default:
            break;
        }
        end(s);
    }
    void reaction(Sentence& s, bool positive) {
        if (d_.chance(0.35))
            s << d_.pick(kPronouns) << "saw"; // neutral opening: the clause decides
        else
            feeling(s, positive);
        s << d_.pick(kDeterminers) << d_.pick(*nouns_) << ","
          << "it" << (d_.chance(0.6) ? "was" : "is");
        adjective(s, positive);
        end(s);
    }
    void fragment(Sentence& s, bool positive) {
        Sentence rest;
        adjective(rest, positive, 0.35, false); // not "a too slow movie"
        const char* noun = d_.pick(*nouns_);
        const std::string n = noun;
        const bool countable = n != "acting" && n != "music";
        const bool vowel = rest.text().front() == 'a'; // "awful": the only vowel-initial choice
        if (countable && d_.chance(0.75)) s << (vowel ? "an" : "a");
        s << rest.text() << noun;
        end(s);
    }
    void conjunction(Sentence& s, bool positive) {
        const char* first = d_.pick(*nouns_);
        const char* second = otherNoun(first);
        if (d_.chance(0.5)) {
            s << "the" << first << "and"
              << "the" << second << "are";
            adjective(s, positive);
        } else {
            adjective(s, positive, 0.2, false);
            s << first << "and";
            adjective(s, positive, 0.2, false);
            s << second;
        }
        end(s);
    }
    // The adjective has the opposite polarity; "not" gives the label.
    void negation(Sentence& s, bool positive) {
        if (!positive && d_.chance(0.2)) { // "we never liked the plot ."
            s << d_.pick(kPronouns) << "never" << d_.pick(kLikePast) << d_.pick(kDeterminers) << d_.pick(*nouns_);
            end(s);
            return;
        }
        subjectAndVerb(s);
        s << "not";
        // "not very good" is negative; "not very bad" is no praise, so the
        // negated negative word stands alone.
        if (!positive && d_.chance(0.3)) s << (d_.chance(0.5) ? "very" : "really");
        s << d_.pick(positive ? kNegative : kPositive);
        if (d_.chance(0.2))
            s << "at"
              << "all";
        end(s);
    }
    // Two clauses of opposite polarity; the one after "but" gives the label.
    void contrast(Sentence& s, bool positive) {
        const char* first = d_.pick(*nouns_);
        if (d_.chance(0.3)) {
            feeling(s, !positive);
            s << "the" << first;
        } else {
            subjectAndVerb(s, first);
            adjective(s, !positive, 0.3);
        }
        if (d_.chance(0.3)) s << ",";
        s << "but";
        subjectAndVerb(s, otherNoun(first));
        adjective(s, positive, 0.3);
        end(s);
    }

    SeededDraw d_;
    const Words* nouns_ = &kNouns;
    const Words* plurals_ = &kPluralNouns;
    bool allowIt_ = true;
};

// What the sentence of an example says: its polarity and topic.
struct Draft {
    bool positive = false;
    DemoTopic topic = DemoTopic::Any;
};

// `count` examples of labels 0 and 1 in equal numbers, in an order drawn
// from `seed`; `draft` says what a sentence of each label says.
template <typename DraftOf> std::vector<GlueExample> generate(std::uint64_t seed, std::size_t count, DraftOf draft) {
    Generator gen(seed);
    std::vector<std::int64_t> labels(count);
    for (std::size_t i = 0; i < count; ++i)
        labels[i] = static_cast<std::int64_t>(i % 2);
    gen.draw().shuffle(labels);

    std::set<std::string> seen;
    std::vector<GlueExample> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Draft d = draft(labels[i], gen.draw());
        std::string text;
        do
            text = gen.sentence(d.positive, d.topic);
        while (!seen.insert(text).second); // no repeats within a split
        GlueExample e;
        e.text = std::move(text);
        e.label = labels[i];
        e.line = i + 1;
        out.push_back(std::move(e));
    }
    return out;
}

// The train and dev splits of a labeling; `corpus` distinguishes the
// three labelings so that their sentences differ.
std::vector<GlueExample> corpusSplit(const std::string& split, std::uint64_t corpus, const char* name,
                                     const std::function<Draft(std::int64_t, SeededDraw&)>& draft) {
    if (split == "train") return generate(0x5e47'1a6e'0000'0001ULL + corpus, 960, draft);
    if (split == "dev") return generate(0x5e47'1a6e'0000'0002ULL + corpus, 240, draft);
    throw Error(std::string(name) + ": unknown split '" + split + "' (expected 'train' or 'dev')");
}

} // namespace

std::vector<GlueExample> demoSentimentExamples(const std::string& which) {
    // The draft consumes no draws: the corpus is the one of every release.
    return corpusSplit(which, 0, "demo corpus", [](std::int64_t label, SeededDraw&) { return Draft{label == 1}; });
}

std::vector<GlueExample> demoTopicExamples(const std::string& which) {
    return corpusSplit(which, 0x100, "demo topic corpus", [](std::int64_t label, SeededDraw& d) {
        return Draft{d.chance(0.5), label == 1 ? DemoTopic::Staging : DemoTopic::Story};
    });
}

std::vector<GlueExample> demoStagingPraiseExamples(const std::string& which) {
    return corpusSplit(which, 0x200, "demo staging-praise corpus", [](std::int64_t label, SeededDraw& d) {
        if (label == 1) return Draft{true, DemoTopic::Staging};
        // The negatives in thirds: each property alone is not enough.
        switch (d.index(3)) {
        case 0:
            return Draft{false, DemoTopic::Staging};
        case 1:
            return Draft{true, DemoTopic::Story};
        default:
            return Draft{false, DemoTopic::Story};
        }
    });
}

} // namespace sa
