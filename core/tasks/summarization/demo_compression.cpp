#include "tasks/summarization/demo_compression.h"

#include "error.h"
#include "tasks/seeded_draw.h"

#include <set>

namespace sa {
namespace {

const DemoWords kNames = {"anna", "tom",  "maria", "john",  "lisa", "peter",
                          "sara", "paul", "emma",  "david", "nina", "omar"};
const DemoWords kJobs = {"teacher", "doctor", "farmer", "baker", "pilot", "nurse", "painter", "lawyer", "singer"};
const DemoWords kCities = {"paris", "rome", "london", "berlin", "madrid", "tokyo", "cairo", "lima", "oslo", "vienna"};
const DemoWords kVerbs = {"fed", "found", "saw", "washed", "chased", "painted", "sold", "bought"};
const DemoWords kColors = {"red", "blue", "green", "yellow", "black", "white", "gray", "brown"};
const DemoWords kAnimals = {"cat", "dog", "horse", "bird", "fish", "rabbit", "goat", "cow"};
const DemoWords kWeather = {"sunny", "rainy", "cold", "warm", "windy"};
const DemoWords kFixed = {"the", "from", "on", "a", "day", ".", "in", "morning", "near", "river", "who", "is"};

SummarizationExample pair(SeededDraw& draw, int64_t index) {
    const std::string name = draw.pick(kNames), job = draw.pick(kJobs), city = draw.pick(kCities),
                      verb = draw.pick(kVerbs), color = draw.pick(kColors), animal = draw.pick(kAnimals),
                      weather = draw.pick(kWeather);
    std::string source;
    // Three templates, so that the slots do not always sit at the same place.
    switch (draw.index(3)) {
    case 0:
        source = name + " the " + job + " from " + city + " " + verb + " the " + color + " " + animal + " on a " +
                 weather + " day .";
        break;
    case 1:
        source = "on a " + weather + " morning in " + city + " " + name + " the " + job + " " + verb + " the " + color +
                 " " + animal + " .";
        break;
    default:
        source = "near the river " + name + " , who is a " + job + " , " + verb + " the " + color + " " + animal +
                 " in " + city + " .";
        break;
    }
    return {"demo-" + std::to_string(index), source, name + " " + verb + " the " + animal + " ."};
}

} // namespace

std::vector<SummarizationExample> demoCompressionExamples(const std::string& split) {
    if (split != "train" && split != "dev") throw Error("demo summarization split '" + split + "' (known: train, dev)");
    const bool train = split == "train";
    SeededDraw draw(train ? 20221208 : 20221209);
    std::vector<SummarizationExample> out;
    for (int64_t i = 0; i < (train ? 1600 : 120); ++i)
        out.push_back(pair(draw, i));
    return out;
}

std::vector<std::string> demoCompressionWords() {
    std::set<std::string> seen;
    std::vector<std::string> out;
    for (const auto* list : {&kNames, &kJobs, &kCities, &kVerbs, &kColors, &kAnimals, &kWeather, &kFixed})
        for (const char* w : *list)
            if (seen.insert(w).second) out.push_back(w);
    out.push_back(",");
    return out;
}

} // namespace sa
