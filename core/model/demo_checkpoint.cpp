#include "model/demo_checkpoint.h"

#include "model/global_rng.h"

#include "io/atomic_write.h"
#include "io/safetensors.h"
#include "model/language_model.h"

#include <filesystem>
#include <iterator>

namespace sa {
namespace {

// The demo's vocabulary: WordPiece specials, then the words of a tiny
// sentiment corpus (lower-case, as do_lower_case expects).
const char* const kWords[] = {
    "[PAD]", "[UNK]", "[CLS]",  "[SEP]",  "[MASK]",    ".",     ",",      "!",      "?",      "'",       "the",
    "a",     "an",    "this",   "that",   "it",        "is",    "was",    "are",    "be",     "and",     "but",
    "or",    "not",   "no",     "very",   "really",    "quite", "too",    "so",     "movie",  "film",    "story",
    "plot",  "actor", "actors", "acting", "music",     "scene", "scenes", "ending", "script", "good",    "great",
    "fine",  "bad",   "awful",  "boring", "brilliant", "dull",  "fun",    "funny",  "sad",    "slow",    "fast",
    "long",  "short", "love",   "loved",  "hate",      "hated", "like",   "liked",  "enjoy",  "enjoyed", "i",
    "we",    "you",   "they",   "all",    "of",        "in",    "on",     "at",     "to",     "with",    "for",
    "from",  "by",    "about",  "more",   "less",      "most",  "best",   "worst",  "ever",   "never",   "again",
    "watch", "see",   "saw",    "##s",    "##ed",      "##ing", "##ly",   "##er",
};

// Added for the question-answering demo (tasks/question_answering/
// demo_questions.h): question words, names, places, colours, animals,
// numbers, jobs and a few fillers.
const char* const kQuestionWords[] = {
    "where",  "what",   "who",     "how",    "does",  "do",      "live",    "lives",  "color",  "old",
    "years",  "has",    "have",    "animal", "works", "as",      "job",     "anna",   "tom",    "maria",
    "john",   "lisa",   "peter",   "sara",   "paul",  "emma",    "david",   "nina",   "omar",   "lee",
    "smith",  "jones",  "miller",  "garcia", "kim",   "silva",   "novak",   "paris",  "rome",   "london",
    "berlin", "madrid", "tokyo",   "cairo",  "lima",  "oslo",    "vienna",  "dublin", "seoul",  "red",
    "blue",   "green",  "yellow",  "black",  "white", "purple",  "gray",    "pink",   "dark",   "light",
    "cat",    "dog",    "horse",   "bird",   "fish",  "rabbit",  "goat",    "cow",    "two",    "three",
    "four",   "five",   "six",     "seven",  "eight", "nine",    "ten",     "eleven", "twelve", "teacher",
    "doctor", "farmer", "baker",   "pilot",  "nurse", "painter", "lawyer",  "singer", "today",  "sunny",
    "rainy",  "day",    "weather", "town",   "near",  "river",   "morning", "every",  "walks",  "park",
};

constexpr std::size_t kSentimentWords = std::size(kWords);

} // namespace

const std::vector<std::string>& demoVocabulary() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w(std::begin(kWords), std::end(kWords));
        w.insert(w.end(), std::begin(kQuestionWords), std::end(kQuestionWords));
        return w;
    }();
    return words;
}

ModelConfig demoModelConfig() {
    ModelConfig c;
    c.architecture = Architecture::Bert;
    c.architectures = {"BertForSequenceClassification"};
    c.vocabSize = static_cast<int64_t>(demoVocabulary().size());
    c.hidden = 64;
    c.layers = 2;
    c.heads = 4;
    c.intermediate = 128;
    c.maxPositions = 128;
    c.typeVocabSize = 2;
    c.numLabels = 2;
    c.padTokenId = 0;
    return c;
}

void writeDemoCheckpoint(const std::string& directory) {
    namespace fs = std::filesystem;
    fs::create_directories(directory);
    const fs::path dir(directory);

    const ModelConfig c = demoModelConfig();
    // The weights the model had before the question words joined its
    // vocabulary, then embedding rows for those words drawn after them: the
    // sentiment demo's model is unchanged.
    ModelConfig sentiment = c;
    sentiment.vocabSize = static_cast<int64_t>(kSentimentWords);
    auto rng = lockGlobalRng();
    torch::manual_seed(20221207); // fixed: every install gets the same demo weights
    auto model = createModel(sentiment, TaskHead::SequenceClassification);
    const auto added = torch::randn({c.vocabSize - sentiment.vocabSize, c.hidden}) * 0.02; // HF's init std
    rng.unlock();
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : model->named_parameters(true))
        tensors.emplace_back(p.key(), p.key() == "bert.embeddings.word_embeddings.weight"
                                          ? torch::cat({p.value().detach(), added})
                                          : p.value());
    writeSafetensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});

    writeFileAtomically((dir / "config.json").string(),
                        [&](std::ostream& out) { out << modelConfigToJson(c) << '\n'; });
    writeFileAtomically((dir / "vocab.txt").string(), [](std::ostream& out) {
        for (const auto& w : demoVocabulary())
            out << w << '\n';
    });
    writeFileAtomically((dir / "tokenizer_config.json").string(), [](std::ostream& out) {
        out << R"({"do_lower_case": true, "tokenizer_class": "BertTokenizer", "model_max_length": 128})" << '\n';
    });
}

std::vector<std::string> demoSentences() {
    return {"I loved this movie, the acting was brilliant!", "The plot was slow and the ending awful.",
            "It is not bad, but not great either."};
}

} // namespace sa
