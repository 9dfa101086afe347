// `sparseadapter score squad DATASET.json PREDICTIONS.json`: the official
// evaluate-v1.1.py for any system's {id: answer} predictions, and `score
// rouge REFERENCES PREDICTIONS`: rouge_score's ROUGE for any system's
// summaries; both with the same readers and metrics the trainer uses, so
// numbers from other tools and from this one are comparable. `bench
// qa-features` times the SQuAD windowing.
#include "cli_options.h"

#include "tasks/question_answering/qa_features_bench.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/question_answering/squad_metric.h"
#include "tasks/summarization/rouge_files.h"

#include <iostream>

namespace sa::cli {

namespace {

int scoreRouge(const Args& args) {
    const Options o(args, {"--field", "--bootstrap", "--confidence", "--seed"}, 3,
                    {"--per-pair", "--no-stem", "--split-sentences"});
    if (o.positional().size() != 3)
        throw Error("usage: sparseadapter score rouge REFERENCES PREDICTIONS [--field F] [--per-pair] [--no-stem] "
                    "[--split-sentences] [--bootstrap N [--confidence C] [--seed S]]");
    RougeFilesOptions r;
    r.field = o.text("--field", "");
    r.stem = !o.flag("--no-stem");
    r.splitSentences = o.flag("--split-sentences");
    r.perPair = o.flag("--per-pair");
    r.bootstrapSamples = o.integer("--bootstrap", 0);
    r.confidence = o.number("--confidence").value_or(r.confidence);
    r.seed = static_cast<uint64_t>(o.integer("--seed", 0));
    std::cout << scoreRougeFiles(o.positional()[1], o.positional()[2], r) << std::flush;
    return 0;
}

} // namespace

int score(const Args& args) {
    if (!args.empty() && args[0] == "rouge") return scoreRouge(args);
    const Options o(args, {}, 3);
    if (o.positional().size() != 3 || o.positional()[0] != "squad")
        throw Error("usage: sparseadapter score squad DATASET.json PREDICTIONS.json, or score rouge REFERENCES "
                    "PREDICTIONS [--field F] [--per-pair] [--no-stem] [--split-sentences] [--bootstrap N]");
    const auto dataset = readSquadJson(o.positional()[1]);
    const auto predictions = readSquadPredictions(o.positional()[2]);
    const auto evaluation = evaluateSquad(dataset, predictions);
    // The official script's message, on stderr so stdout stays its one JSON line.
    for (const auto& id : evaluation.unansweredIds)
        std::cerr << "Unanswered question " << id << " will receive score 0.\n";
    std::cout << squadEvaluationJson(evaluation) << std::endl;
    return 0;
}

int benchQaFeatures(const Args& args) {
    const Options o(args, {"--data", "--tokenizer", "--max-length", "--stride", "--repeats"}, 0);
    QaFeaturesBenchOptions b;
    b.squadFile = o.text("--data", "");
    b.tokenizerDir = o.text("--tokenizer", "");
    b.maxSeqLength = o.integer("--max-length", static_cast<int>(b.maxSeqLength));
    b.docStride = o.integer("--stride", static_cast<int>(b.docStride));
    b.repeats = o.integer("--repeats", b.repeats);
    std::cout << runQaFeaturesBench(b) << std::endl;
    return 0;
}

} // namespace sa::cli
