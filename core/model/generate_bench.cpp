#include "model/generate_bench.h"

#include "adapters/attach.h"
#include "error.h"
#include "model/bart.h"
#include "model/generation.h"
#include "model/geometry.h"
#include "model/stopwatch.h"
#include "model/threads.h"

#include <nlohmann/json.hpp>

namespace sa {

std::string runGenerateBench(const GenerateBenchOptions& o, const std::function<void(int, int)>& progress) {
    o.check("bench generate");
    if (o.beams < 1 || o.length < 2 || o.bottleneck < 1)
        throw Error("bench generate: --beams, --bottleneck must be positive and --length at least 2");
    const auto setup = configureThreads(o.torchThreads, o.blasThreads);
    const auto config = geometryConfig(o.geometry);
    if (config.architecture != Architecture::Bart)
        throw Error("bench generate: geometry '" + o.geometry + "' is not an encoder-decoder (bart-base, bart-large)");
    const auto positions = config.usablePositions();
    for (const int length :
         {o.seq, o.length, o.trainBatch > 0 ? o.trainSource : 0, o.trainBatch > 0 ? o.trainTarget : 0})
        if (length > positions)
            throw Error("bench generate: length " + std::to_string(length) + " exceeds the geometry's " +
                        std::to_string(positions) + " positions");
    torch::manual_seed(0);
    auto model = createModel(config, TaskHead::ConditionalGeneration);
    AdapterOptions adapter;
    adapter.ffnMode = FfnMode::Adapter;
    adapter.ffnBn = o.bottleneck;
    attachAdapters(*model, adapter);
    freezeForAdapterTraining(*model, adapter);
    auto& bart = dynamic_cast<BartModelImpl&>(*model);

    GenerationOptions g;
    g.numBeams = o.beams;
    g.maxLength = g.minLength = o.length;
    g.noRepeatNgramSize = 0; // random weights would otherwise end hypotheses at different lengths
    g.forcedEosTokenId.reset();
    g.useCache = o.useCache;
    g.decoderStartTokenId = config.decoderStartTokenId;
    g.eosTokenId = config.eosTokenId;
    g.padTokenId = config.padTokenId;
    const Batch source = randomBatch(config, TaskHead::ConditionalGeneration, o.batch, o.seq);
    const int total = (o.warmup + o.repeats) * (o.trainBatch > 0 ? 2 : 1);
    int done = 0;
    auto tick = [&] {
        if (progress) progress(++done, total);
    };
    model->eval();
    int64_t generated = 0;
    const auto times = timedRuns(
        o.warmup, o.repeats,
        [&] {
            const auto out = generate(bart, source.input_ids, source.attention_mask, g);
            generated = out.sequences.size(1) - 1;
        },
        tick);
    const double seconds = median(times);
    // The process's peak so far is generation's: measured before a training
    // step (backward through bart-large) raises it.
    const double generatePeak = peakRssMb();
    const double newTokens = static_cast<double>(o.batch) * static_cast<double>(generated);
    nlohmann::json j = {{"benchmark", "generate"},
                        {"geometry", o.geometry},
                        {"batch", o.batch},
                        {"source_length", o.seq},
                        {"beams", o.beams},
                        {"min_length", o.length},
                        {"max_length", o.length},
                        {"cache", o.useCache},
                        {"adapter", "ffn sequential, bottleneck " + std::to_string(o.bottleneck)},
                        {"new_tokens", newTokens},
                        {"generate_s_median", seconds},
                        {"new_tokens_per_s", newTokens / seconds}};
    if (o.trainBatch > 0) {
        model->train();
        Batch train = randomBatch(config, TaskHead::ConditionalGeneration, o.trainBatch, o.trainSource);
        train.labels = randomBatch(config, TaskHead::ConditionalGeneration, o.trainBatch, o.trainTarget).input_ids;
        const auto steps = timedRuns(
            o.warmup, o.repeats,
            [&] {
                auto out = model->forward(train);
                out.loss.backward();
                model->zero_grad();
            },
            tick);
        const double step = median(steps);
        j["train_batch"] = o.trainBatch;
        j["train_source_length"] = o.trainSource;
        j["train_target_length"] = o.trainTarget;
        j["train_step_s_median"] = step;
        j["train_tokens_per_s"] = static_cast<double>(o.trainBatch) * (o.trainSource + o.trainTarget) / step;
        j["train_peak_rss_mb"] = peakRssMb();
    }
    j["peak_rss_mb"] = generatePeak;
    j["threads"] = setup.torchThreads;
    j["blas_threads"] = setup.blasThreads;
    j["blas"] = setup.blas;
    j["repeats"] = o.repeats;
    return j.dump();
}

} // namespace sa
