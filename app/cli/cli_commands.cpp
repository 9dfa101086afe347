#include "cli_commands.h"
#include "cli_options.h"

#include "adapters/adapter_options.h"
#include "adapters/parameter_budget.h"
#include "error.h"
#include "io/model_config.h"
#include "model/demo_checkpoint.h"
#include "model/forward_bench.h"
#include "model/model_summary.h"
#include "model/pretrained.h"
#include "model/reference_check.h"
#include "sparsity/budget_table.h"
#include "sparsity/density.h"
#include "sparsity/large_sparse_plan.h"
#include "text/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

namespace sa::cli {

namespace {

// A checkpoint whose tokenizer files `run` would refuse is not a usable one:
// inspect says so and fails too.
int tokenizerVerdict(const ModelSummary& summary) {
    if (summary.tokenizerError.empty()) return 0;
    std::cerr << "sparseadapter inspect: the tokenizer cannot be used: " << summary.tokenizerError << '\n';
    return 1;
}

} // namespace

int inspect(const Args& args) {
    Options o(args, {"--adapter", "--bottleneck", "--density", "--large-sparse"}, 1);
    if (o.positional().empty())
        throw Error("usage: sparseadapter inspect CHECKPOINT_DIR [--adapter NAME --bottleneck N [--density D] "
                    "[--large-sparse K]]");
    const auto& dir = o.positional()[0];
    const auto adapter = o.text("--adapter", "");
    const bool largeSparse = !o.text("--large-sparse", "").empty();
    if (adapter.empty()) {
        for (const char* option : {"--bottleneck", "--density", "--large-sparse"})
            if (!o.text(option, "").empty()) throw Error(std::string("option '") + option + "' needs --adapter NAME");
        const auto summary = inspectCheckpoint(dir);
        std::cout << formatSummary(summary);
        return tokenizerVerdict(summary);
    }
    if (o.text("--bottleneck", "").empty()) throw Error("option '--adapter' needs --bottleneck N");
    const int bottleneck = o.integer("--bottleneck", 0);
    const auto options = AdapterOptions::preset(adapter, bottleneck);
    // Official-style input: --density is the fraction of adapter weights kept.
    const double density = o.number("--density").value_or(1.0);
    checkDensity(density, "option '--density'");
    const int k = o.integer("--large-sparse", 0);
    if (largeSparse && k < 1) throw Error("option '--large-sparse' must be at least 1, got " + std::to_string(k));

    // Budgets first: they are cheap, and a configuration error should come
    // before any output.
    const auto config = readModelConfig((std::filesystem::path(dir) / "config.json").string());
    const auto title = adapter + ", bottleneck " + std::to_string(bottleneck);
    const auto budget = formatBudget(computeBudget(config, options, density), title);
    const auto plan = largeSparse ? formatPlan(planLargeSparse(config, options, std::max(8, k)), title, k) : "";
    const auto summary = inspectCheckpoint(dir);
    std::cout << formatSummary(summary) << '\n' << budget;
    if (largeSparse) std::cout << '\n' << plan;
    return tokenizerVerdict(summary);
}

int benchForward(const Args& args) {
    Options o(args, {"--geometry", "--batch", "--seq", "--repeats", "--warmup", "--threads", "--blas-threads"}, 0);
    ForwardBenchOptions b;
    readBenchSetup(o, b);
    std::cout << runForwardBench(b, progressBar) << std::endl;
    return 0;
}

int demo(const Args& args) {
    Options o(args, {"--dir"}, 0);
    const auto dir =
        o.text("--dir", (std::filesystem::temp_directory_path() / "sparseadapter-demo" / "demo-model").string());
    std::cout << "SparseAdapter Studio headless demo\n\nwriting the built-in demo checkpoint to " << dir << "\n\n";
    writeDemoCheckpoint(dir);
    std::cout << formatSummary(inspectCheckpoint(dir)) << '\n';

    auto loaded = loadPretrained(dir);
    auto tokenizer = loadTokenizer(dir);
    const auto sentences = demoSentences();
    const auto enc = tokenizer->encodeBatch(sentences, nullptr, 64);
    Batch batch;
    const auto toTensor = [&](const std::vector<int64_t>& v) {
        return torch::tensor(v, torch::kInt64).view({enc.batch, enc.length});
    };
    batch.input_ids = toTensor(enc.input_ids);
    batch.attention_mask = toTensor(enc.attention_mask);
    batch.token_type_ids = toTensor(enc.token_type_ids);
    torch::NoGradGuard noGrad;
    const auto probs = torch::softmax(loaded.model->forward(batch).logits, -1);
    std::cout << "class probabilities of the untrained demo model (random weights, seed fixed):\n";
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        std::cout << "  [";
        for (int64_t k = 0; k < probs.size(1); ++k)
            std::cout << (k ? ", " : "") << std::fixed << std::setprecision(3) << probs[i][k].item<float>();
        std::cout << "]  " << sentences[i] << '\n';
    }
    return 0;
}

int verify(const Args& args) {
    Options o(args, {"--device", "--atol", "--rtol"}, 1);
    if (o.positional().empty())
        throw Error("usage: sparseadapter verify FIXTURES_DIR [--device cpu|cuda] [--atol X] [--rtol X]");
    const torch::Device device(o.text("--device", "cpu"));
    const auto cases = listModelReferenceCases(o.positional()[0]);
    if (cases.empty()) throw Error(o.positional()[0] + ": no models/*/reference.json found");
    int failed = 0;
    for (const auto& c : cases) {
        const auto r = checkModelReferenceCase(c, device, o.number("--atol"), o.number("--rtol"));
        double worst = 0.0;
        for (const auto& t : r.tensors)
            worst = std::max(worst, t.maxAbsDiff);
        std::cout << (r.pass() ? "PASS " : "FAIL ") << r.label << "  tensors " << r.tensors.size() << "  max |diff| "
                  << std::scientific << std::setprecision(2) << worst << std::defaultfloat << '\n';
        for (const auto& t : r.tensors)
            if (!t.pass) std::cout << "     " << t.name << ": max |diff| " << t.maxAbsDiff << ' ' << t.problem << '\n';
        failed += r.pass() ? 0 : 1;
    }
    std::cout << (cases.size() - failed) << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

} // namespace sa::cli
