// sparseadapter: the headless, batch-mode face of SparseAdapter Studio.
#include "cli_commands.h"

#include "error.h"
#include "io/atomic_write.h"
#include "model/allocator_setup.h"
#include "model/blas_choice.h"
#include "model/threads.h"

#include <exception>
#include <iostream>

namespace {

const char* const kUsage = R"(usage: sparseadapter COMMAND [ARGS]

commands:
  inspect DIR [OPTIONS]       print a HuggingFace checkpoint's architecture,
                              parameter count and the files read
      --adapter NAME          also the parameter budget of an adapter:
                              houlsby | pfeiffer | parallel | lora | prefix | mam
      --bottleneck N          its size (lora: rank; prefix: length; mam: FFN
                              bottleneck beside a 30-token prefix)
      --density D             fraction of adapter weights kept (official
                              --sparsity; default 1)
      --large-sparse K        the Large-Sparse plan for k = 1..8 (k-wide
                              bottleneck at sparsity 1 - 1/k), K marked
  bench forward [OPTIONS]     time forward and train step of a random-weight
                              backbone; prints one JSON line
      --geometry NAME         bert-base | bert-large | roberta-base |
                              roberta-large | bart-base | bart-large
                              (default roberta-base)
      --batch N --seq N       default 16 x 128
      --repeats N --warmup N  default 5 timed passes after 1 warm-up
      --threads N             torch intra-op threads (default: 1, or the BLAS count
                              with the OpenMP build of OpenBLAS; README)
      --blas-threads N        OpenBLAS threads (default 0 = all cores)
  prune DIR --adapter NAME --bottleneck N --method M --sparsity S --out FILE
      [--data batch.safetensors]   scoring batch (snip, grasp; synflow: length)
      [--scope global|local] [--iterations N] [--schedule exponential|linear]
      [--seed N] [--ties reference|random] [--adapter-weights FILE]
                              prune the adapter weights at initialisation,
                              write the masks (official names), print the
                              per-layer table. --sparsity = fraction removed
  bench prune [--geometry G --adapter A --bottleneck N --batch B --seq S
               --methods snip,grasp --repeats N]
                              scoring cost next to one adapter training
                              step; one JSON line per method
  run CONFIG.json [--set KEY=VALUE ...]
                              train and evaluate one experiment (README,
                              "Experiment configuration"); writes a run
                              folder under output_dir; Ctrl-C stops after
                              the current step and leaves it resumable
      --nproc N               N data-parallel ranks on this machine (c10d
                              Gloo); under srun, or with RANK/WORLD_SIZE/
                              MASTER_ADDR/MASTER_PORT set, each process is
                              one rank; rank 0 writes the run folder
  run --demo [sst-2|squad|summarization] [--set KEY=VALUE ...]
                              a built-in demo on the built-in model: a
                              SNIP-pruned Houlsby adapter on its sentiment
                              corpus (default), SNIP-pruned LoRA on its
                              question corpus, or a Houlsby adapter on the
                              built-in BART's sentence-compression corpus
  run --demo fusion [--set KEY=VALUE ...]
                              the AdapterFusion demo: two source adapters
                              (sentiment, topic), their fusion on a task
                              that needs both, and each source fused alone
                              as a baseline, under output_dir/demo-fusion;
                              prints the dev accuracies and a JSON line
  resume RUN_DIR [--nproc N]  continue a stopped or killed run from its last
                              checkpoint
  sweep SPEC.json [--executor local|slurm] [--parallel N] [--threads N]
        [--detach]            run every cell of a grid of experiments
                              (README, "Sweeps") under sweeps/<name>/: cells
                              as local processes, N at a time, or as a Slurm
                              job array; again: skips finished cells,
                              continues stopped or killed ones, retries
                              failed ones up to the spec's retries
  sweep status SWEEP_DIR      each cell's state, steps and best metric
  sweep cancel SWEEP_DIR      stop the sweep's processes and Slurm jobs
  report SWEEP_DIR [--tables DIR] [--figures DIR --formats png,pdf,svg]
                              the paper's tables (mean ± std over seeds per
                              method × sparsity, dense row; Large-Sparse k
                              with budgets) as CSV, Markdown and LaTeX, and
                              metric-vs-sparsity / metric-vs-k figures;
                              default SWEEP_DIR/tables and SWEEP_DIR/figures
  export RUN_DIR... [--tables DIR] [--figures DIR --formats png,pdf,svg
                     --x-axis step|epoch|time] [--tensorboard DIR]
                              the runs table (runs.csv/.md/.tex) and each
                              run's parameter budget (budget-NAME.csv/.md/
                              .tex) as CSV, Markdown and LaTeX (booktabs);
                              each run's loss and metric curves (NAME-loss,
                              NAME-metrics; compare-* for several runs) as
                              PNG, PDF and SVG, drawn without a display;
                              the runs' metrics as TensorBoard event files
                              (DIR/NAME/, for runs made before tb/ existed);
                              a folder of runs stands for every run in it
  export-adapter RUN_DIR --format adapterhub|peft OUT_DIR [--name NAME]
                              a run's trained adapters (as at its best
                              evaluation, with the head) for another
                              library, pruned weights as zeros, the masks
                              beside them and a README stating the
                              sparsity. adapterhub: houlsby / pfeiffer /
                              parallel bottleneck adapters as an AdapterHub
                              folder (adapter_config.json,
                              pytorch_adapter.bin; --name: the adapter's
                              name). peft: LoRA and prefix tuning as a PEFT
                              folder (adapter_config.json,
                              adapter_model.safetensors)
  bench train [--geometry G --adapter A --bottleneck N --sparsity S
               --batch B --seq S --repeats N --threads N --blas-threads N
               --profile --save-weights FILE]
                              one adapter training step (SNIP-pruned, dropout
                              off) and one eval pass; one JSON line; with
                              --profile one more step timed per operator
                              (phases, op kinds, top operators, CPU busy);
                              --save-weights writes the random weights and
                              batch for tools/reference_train_bench.py
  bench dp [--nproc 2 --geometry G --batch B --seq S --repeats N
            --rounds 2]       data-parallel train step time on N processes
                              against one process on the same global batch,
                              alternating; a JSON line each and one
                              comparing them
  bench epoch --data DIR --tokenizer DIR [--task T --geometry G --batch B
              --max-length L --padding max|longest|both
              --group-by-length yes|no --max-steps N --save-weights FILE]
                              wall time of a training epoch on real data,
                              padded as the reference pads and to each
                              batch's longest row; one JSON line;
                              --save-weights writes the model and the
                              epoch's batches for reference_train_bench.py
  bench qa-features --data SQUAD.json --tokenizer DIR [--max-length 384
                    --stride 128 --repeats N]
                              tokenize and window a whole SQuAD file into
                              the official features; one JSON line
  bench generate [--geometry bart-large --batch 2 --seq 256 --beams 6
                  --length 31 --bottleneck 64 --repeats N --threads N
                  --no-cache --train-batch 8 --train-source 512
                  --train-target 64]
                              beam search on a random-weight BART with an
                              FFN adapter, min = max length; with
                              --train-batch also a seq2seq train step
  bench sweep [--executor local|slurm --repeats N --steps N --cores N]
                              the sweep machinery's cost on the built-in
                              demo: seconds to a cell's first training step
                              against a plain run, and (local) cells per
                              minute of a 2x2 grid one vs two at a time
  score squad DATASET.json PREDICTIONS.json
                              the official SQuAD v1.1 evaluation (exact
                              match, F1) of a {id: answer} predictions file;
                              prints the official script's JSON line
  score rouge REFERENCES PREDICTIONS [--field F] [--per-pair] [--no-stem]
                              [--split-sentences]
                              ROUGE-1/2/L/Lsum as rouge_score computes it
                              (stemming on; Lsum sentences split on
                              newlines, or by the rule-based splitter);
                              files of one text per line, or JSONL with
                              the text in --field; one JSON line of means
  generate RUN_DIR --input FILE.jsonl --output OUT.jsonl [--field F]
                              summarise documents with a summarization
                              run's adapters and generation settings
  demo [--dir DIR]            write the built-in demo checkpoint, inspect it
                              and run it on a few sentences
  verify FIXTURES [OPTIONS]   compare every models/*/reference.* case of a
                              fixture root with the official implementation
      --device cpu|cuda       default cpu
      --atol X --rtol X       override the fixture tolerances (GPU: 1e-4)
  help                        this text
)";

} // namespace

int main(int argc, char** argv) {
    sa::reportFileSizeLimitAsError();
    sa::restartWithFasterBlas(argv);
    sa::configureAllocator();
    try {
        // bench forward sets its own from its options.
        sa::configureThreads(sa::requestedThreads());
    } catch (const std::exception& e) {
        std::cerr << "sparseadapter: " << sa::userMessage(e) << '\n';
        return 2;
    }
    if (const auto notice = sa::slowBlasNotice(); !notice.empty()) std::cerr << "note: " << notice << '\n';
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "inspect") return sa::cli::inspect(args);
        if (command == "demo") return sa::cli::demo(args);
        if (command == "verify") return sa::cli::verify(args);
        if (command == "prune") return sa::cli::prune(args);
        if (command == "run") return sa::cli::run(args);
        if (command == "resume") return sa::cli::resume(args);
        if (command == "export") return sa::cli::exportRuns(args);
        if (command == "export-adapter") return sa::cli::exportAdapter(args);
        if (command == "score") return sa::cli::score(args);
        if (command == "generate") return sa::cli::generate(args);
        if (command == "sweep") return sa::cli::sweep(args);
        if (command == "report") return sa::cli::report(args);
        if (command == "bench") {
            const std::string which = args.empty() ? "" : args[0];
            if (!args.empty()) args.erase(args.begin());
            if (which == "forward") return sa::cli::benchForward(args);
            if (which == "prune") return sa::cli::benchPrune(args);
            if (which == "train") return sa::cli::benchTrain(args);
            if (which == "epoch") return sa::cli::benchEpoch(args);
            if (which == "qa-features") return sa::cli::benchQaFeatures(args);
            if (which == "generate") return sa::cli::benchGenerate(args);
            if (which == "sweep") return sa::cli::benchSweep(args);
            if (which == "dp") return sa::cli::benchDataParallel(args);
            std::cerr << "sparseadapter: bench: unknown benchmark (available: forward, prune, train, epoch, "
                         "qa-features, generate, sweep, dp)\n";
            return 2;
        }
        std::cerr << "sparseadapter: unknown command '" << command << "' (try: sparseadapter help)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sparseadapter " << command << ": " << sa::userMessage(e) << '\n';
        return 1;
    }
}
