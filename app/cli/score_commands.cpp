// `sparseadapter score squad DATASET.json PREDICTIONS.json`: the official
// evaluate-v1.1.py for any system's {id: answer} predictions, with the same
// reader and metric the trainer uses, so numbers from other tools and from
// this one are comparable. `bench qa-features` times the windowing.
#include "cli_options.h"

#include "tasks/question_answering/qa_features_bench.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/question_answering/squad_metric.h"

#include <iostream>

namespace sa::cli {

int score(const Args& args) {
    const Options o(args, {}, 3);
    if (o.positional().size() != 3 || o.positional()[0] != "squad")
        throw Error("usage: sparseadapter score squad DATASET.json PREDICTIONS.json");
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
