// `sparseadapter generate RUN_DIR --input FILE.jsonl --output OUT.jsonl`:
// a summarization run's adapters summarising new documents, with a progress
// bar; `bench generate` times beam search against the reference's shapes.
#include "cli_options.h"

#include "experiment/run_generate.h"
#include "model/generate_bench.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace sa::cli {

int generate(const Args& args) {
    const Options o(args, {"--input", "--output", "--field", "--batch-size"}, 1);
    if (o.positional().size() != 1 || o.text("--input", "").empty() || o.text("--output", "").empty())
        throw Error("usage: sparseadapter generate RUN_DIR --input FILE.jsonl|FILE.csv --output OUT.jsonl "
                    "[--field TEXT_FIELD] [--batch-size N]");
    RunGenerateOptions g;
    g.runDir = o.positional()[0];
    g.input = o.text("--input", "");
    g.output = o.text("--output", "");
    g.textField = o.text("--field", "");
    g.batchSize = o.integer("--batch-size", 0);
    int64_t last = -1;
    g.progress = [&](int64_t done, int64_t total) {
        if (done != last) progressBar(static_cast<int>(done), static_cast<int>(total));
        last = done;
        return true;
    };
    const auto n = generateFromRun(g);
    std::cout << nlohmann::json{{"output", g.output}, {"summaries", n}}.dump() << std::endl;
    return 0;
}

int benchGenerate(const Args& args) {
    const Options o(args,
                    {"--geometry", "--batch", "--seq", "--repeats", "--warmup", "--threads", "--blas-threads",
                     "--beams", "--length", "--bottleneck", "--train-batch", "--train-source", "--train-target"},
                    0, {"--no-cache"});
    GenerateBenchOptions b;
    readBenchSetup(o, b);
    b.beams = o.integer("--beams", b.beams);
    b.length = o.integer("--length", b.length);
    b.bottleneck = o.integer("--bottleneck", b.bottleneck);
    b.trainBatch = o.integer("--train-batch", b.trainBatch);
    b.trainSource = o.integer("--train-source", b.trainSource);
    b.trainTarget = o.integer("--train-target", b.trainTarget);
    b.useCache = !o.flag("--no-cache");
    std::cout << runGenerateBench(b, progressBar) << std::endl;
    return 0;
}

} // namespace sa::cli
