#include "tasks/question_answering/demo_questions.h"

#include "error.h"
#include "tasks/seeded_draw.h"

#include <cstdint>
#include <random>

namespace sa {
namespace {

// Every word is a whole word of the demo vocabulary (model/demo_checkpoint);
// test_qa checks that none becomes [UNK].
using Words = DemoWords;
const Words kFirst = {"anna", "tom", "maria", "john", "lisa", "peter", "sara", "paul", "emma", "david", "nina", "omar"};
const Words kLast = {"lee", "smith", "jones", "miller", "garcia", "kim", "silva", "novak"};
const Words kCities = {"paris", "rome", "london", "berlin", "madrid", "tokyo",
                       "cairo", "lima", "oslo",   "vienna", "dublin", "seoul"};
const Words kColors = {"red", "blue", "green", "yellow", "black", "white", "purple", "gray", "pink"};
const Words kShades = {"dark", "light"};
const Words kAnimals = {"cat", "dog", "horse", "bird", "fish", "rabbit", "goat", "cow"};
const Words kNumbers = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
const Words kJobs = {"teacher", "doctor", "farmer", "baker", "pilot", "nurse", "painter", "lawyer", "singer"};

// A passage built word by word, remembering where each answer starts
// (character offsets: the text is ASCII, so bytes and code points agree).
struct Passage {
    std::string text;
    // `at` (when given) gets the offset of words[markWord].
    void sentence(const std::vector<std::string>& words, int64_t* at = nullptr, std::size_t markWord = 0) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (!text.empty()) text += ' ';
            if (at && i == markWord) *at = static_cast<int64_t>(text.size());
            text += words[i];
        }
    }
};

struct Facts {
    std::string first, last, city, color, animal, number, job;
};

enum Kind { Who, Where, Color, Animal, Age, Job, kKinds };

std::string question(Kind kind, const Facts& f) {
    switch (kind) {
    case Who:
        return "who lives in " + f.city + " ?";
    case Where:
        return "where does " + f.first + " live ?";
    case Color:
        return "what color is the " + f.animal + " ?";
    case Animal:
        return "what animal does " + f.first + " have ?";
    case Age:
        return "how old is the " + f.animal + " ?";
    default:
        return "what job does " + f.first + " have ?";
    }
}

} // namespace

std::vector<SquadExample> demoQuestionExamples(const std::string& split) {
    std::size_t passages = 0;
    uint64_t seed = 0;
    if (split == "train") {
        passages = 800;
        seed = 0x5A11AD01;
    } else if (split == "dev") {
        passages = 160;
        seed = 0x5A11AD02;
    } else {
        throw Error("demo question corpus: unknown split '" + split + "' (train or dev)");
    }
    SeededDraw d(seed);
    std::vector<SquadExample> out;
    for (std::size_t p = 0; p < passages; ++p) {
        Facts f;
        f.first = d.pick(kFirst);
        f.last = d.pick(kLast);
        f.city = d.pick(kCities);
        f.color = d.chance(0.3) ? std::string(d.pick(kShades)) + " " + d.pick(kColors) : d.pick(kColors);
        f.animal = d.pick(kAnimals);
        f.number = d.pick(kNumbers);
        f.job = d.pick(kJobs);
        auto words = [](const std::string& s) {
            std::vector<std::string> w;
            for (std::size_t start = 0; start <= s.size();) {
                const auto space = s.find(' ', start);
                w.push_back(s.substr(start, space == std::string::npos ? std::string::npos : space - start));
                if (space == std::string::npos) break;
                start = space + 1;
            }
            return w;
        };
        // One sentence per fact (and a filler or two), in a random order.
        std::vector<int> order{0, 1, 2, 3};
        const int fillers = static_cast<int>(d.index(3));
        for (int i = 0; i < fillers; ++i)
            order.push_back(4 + static_cast<int>(d.index(3)));
        d.shuffle(order);
        Passage passage;
        int64_t at[kKinds] = {};
        for (const int s : order) {
            std::vector<std::string> w;
            switch (s) {
            case 0: // "anna lee lives in paris ."
                w = {f.first, f.last, "lives", "in", f.city, "."};
                passage.sentence(w, &at[Who], 0);
                at[Where] = at[Who] + static_cast<int64_t>(f.first.size() + f.last.size() + 11);
                break;
            case 1: { // "anna has a dark red cat ."
                w = {f.first, "has", "a"};
                for (const auto& c : words(f.color))
                    w.push_back(c);
                w.push_back(f.animal);
                w.push_back(".");
                passage.sentence(w, &at[Color], 3);
                at[Animal] = at[Color] + static_cast<int64_t>(f.color.size()) + 1;
                break;
            }
            case 2: // "the cat is seven years old ."
                w = {"the", f.animal, "is", f.number, "years", "old", "."};
                passage.sentence(w, &at[Age], 3);
                break;
            case 3: // "anna works as a pilot ."
                w = {f.first, "works", "as", "a", f.job, "."};
                passage.sentence(w, &at[Job], 4);
                break;
            case 4:
                passage.sentence({"it", "is", "a", "sunny", "day", "."});
                break;
            case 5:
                passage.sentence({"the", "weather", "is", "rainy", "today", "."});
                break;
            default:
                passage.sentence({"every", "morning", f.first, "walks", "in", "the", "park", "."});
                break;
            }
        }
        const std::string answers[kKinds] = {f.first + " " + f.last, f.city, f.color, f.animal, f.number, f.job};
        // Two different questions per passage.
        const auto a = static_cast<Kind>(d.index(kKinds));
        auto b = static_cast<Kind>(d.index(kKinds - 1));
        if (b >= a) b = static_cast<Kind>(b + 1);
        for (const Kind kind : {a, b}) {
            SquadExample e;
            e.id = "demo-" + split + "-" + std::to_string(out.size());
            e.title = "demo";
            e.context = passage.text;
            e.question = question(kind, f);
            e.answers = {{answers[kind], at[kind]}};
            out.push_back(std::move(e));
        }
    }
    return out;
}

} // namespace sa
