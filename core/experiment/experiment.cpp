#include "experiment/experiment.h"

#include "adapters/attach.h"
#include "error.h"
#include "experiment/config_check.h"
#include "experiment/experiment_budget.h"
#include "experiment/resume_check.h"
#include "experiment/run_directory.h"
#include "experiment/run_lock.h"
#include "experiment/run_model.h"
#include "experiment/run_recorder.h"
#include "experiment/task_setup.h"
#include "model/bart.h"
#include "model/global_rng.h"
#include "model/pretrained.h"
#include "model/threads.h"
#include "text/tokenizer.h"
#include "train/communicator.h"
#include "train/eval_json.h"
#include "train/trainer.h"
#include "train/training_state.h"

#include <sparseadapter_version.h>

#include <torch/version.h>

#include <chrono>
#include <filesystem>

namespace sa {

namespace fs = std::filesystem;

namespace {

nlohmann::json budgetJson(const ParameterBudget& b) {
    nlohmann::json j = {{"backbone", b.backbone},
                        {"head", b.head},
                        {"train_head", b.trainHead},
                        {"adapter_weights", b.adapterWeights},
                        {"adapter_weights_kept", b.adapterWeightsKept},
                        {"biases_and_norms", b.biasesAndNorms},
                        {"prefix", b.prefix},
                        {"density", b.density},
                        {"trainable", b.trainable()},
                        {"effective_trainable", b.effectiveTrainable()},
                        {"trainable_percent_of_backbone", b.percentOfBackbone(b.trainable())},
                        {"effective_percent_of_backbone", b.percentOfBackbone(b.effectiveTrainable())}};
    // A fusion run: its adapter counts are the fusion layers'; the sources' apart.
    if (b.fusedSources.count > 0)
        j["fused_sources"] = {{"count", b.fusedSources.count},
                              {"weights", b.fusedSources.weights},
                              {"weights_kept", b.fusedSources.weightsKept},
                              {"biases_and_norms", b.fusedSources.biasesAndNorms}};
    return j;
}

} // namespace

struct Experiment::Impl {
    ExperimentConfig config;
    std::unique_ptr<RunDirectory> run;
    std::unique_ptr<RunLock> lock; // held while this process may write the folder
    std::string runId, configHash;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Task> data;
    std::vector<std::string> notes;
    LanguageModel model;
    AdapterOptions adapter;
    ParameterBudget budget;
    double sparsity = 0.0;
    TrainerOptions trainerOptions;
    std::unique_ptr<RunRecorder> recorder;
    std::unique_ptr<Trainer> trainer;
    torch::Device device = torch::kCPU;
    double prepareSeconds = 0.0;
    std::string status = "created";
    FinishedEvent finished;
    std::string error;
    Communicator* ranks = nullptr;

    // A data-parallel rank other than 0: trains, writes nothing.
    bool follower() const { return !leads(ranks); }
    void load();
    void connect(TrainingObserver* observer);
    void writeSummary(const std::string& status);
};

void Experiment::Impl::load() {
    const auto start = std::chrono::steady_clock::now();
    // Missing data files are found in a moment; a large model takes seconds
    // to load before the features could say so.
    std::vector<ConfigProblem> dataProblems;
    checkTaskData(config, dataProblems);
    if (!dataProblems.empty()) throw Error(dataProblems.front().message);

    auto loaded = loadRunModel(config, config.optimization.dropout);
    notes.insert(notes.end(), loaded.notes.begin(), loaded.notes.end());
    tokenizer = std::move(loaded.tokenizer);
    model = loaded.model;
    adapter = loaded.budget.adapter;
    sparsity = loaded.budget.sparsity;
    budget = loaded.budget.budget;
    device = resolveDevice(config.device);
    trainerOptions.fusionSources = loaded.fusionSources;
    if (config.adapter.isFusion() && config.pruning.enabled && !config.adapter.fusion.prune)
        notes.push_back("pruning: the fusion layers are not pruned (adapter.fusion.prune is off); the sources keep "
                        "their own masks");

    // Data last: SQuAD's features take a few seconds, and a config whose
    // model cannot be built should fail before that.
    auto prepared = prepareTask(config, *tokenizer, model->config());
    data = std::move(prepared.task);
    notes.insert(notes.end(), prepared.notes.begin(), prepared.notes.end());

    const auto& o = config.optimization;
    trainerOptions.epochs = o.epochs;
    trainerOptions.maxSteps = o.maxSteps;
    trainerOptions.learningRate = o.learningRate;
    trainerOptions.weightDecay = o.weightDecay;
    trainerOptions.warmupRatio = o.warmupRatio;
    trainerOptions.maxGradNorm = o.maxGradNorm;
    trainerOptions.seed = o.seed;
    trainerOptions.evalEverySteps = o.evalEverySteps;
    trainerOptions.checkpointEverySteps = o.checkpointEverySteps;
    trainerOptions.saveHead = adapter.trainHead;
    trainerOptions.device = device;
    if (config.prunes()) {
        auto prune = config.pruning.options;
        prune.sparsity = sparsity;
        prune.seed = o.seed;
        prune.referenceGradientLeak = config.pruning.referenceGradientLeak;
        trainerOptions.pruning = prune;
        trainerOptions.scoringBatches = config.pruning.scoringBatches;
    }
    prepareSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Experiment::Impl::connect(TrainingObserver* observer) {
    trainerOptions.ranks = ranks;
    if (follower()) {
        trainer = std::make_unique<Trainer>(model, *data, trainerOptions);
        return;
    }
    trainerOptions.runId = runId;
    trainerOptions.configHash = configHash;
    trainerOptions.checkpointPath = run->checkpointPath();
    trainerOptions.bestWeightsPath = run->adapterPath();
    trainerOptions.masksPath = run->masksPath();
    recorder = std::make_unique<RunRecorder>(*run, observer);
    recorder->writeSummary = [this](const std::string& s) { writeSummary(s); };
    // The budget's kept count becomes the masks' own once they exist: per-
    // layer scopes, Erdős–Rényi and tied scores keep other counts than the
    // global rule the plan assumes.
    recorder->masksChanged = [this](const MaskEvent& e) { budget.adapterWeightsKept = e.kept; };
    trainer = std::make_unique<Trainer>(model, *data, trainerOptions, recorder.get());
}

void Experiment::Impl::writeSummary(const std::string& newStatus) {
    status = newStatus;
    if (!run) return;
    const auto threads = currentThreads();
    const TaskSizes sizes = data ? data->sizes() : TaskSizes{};
    nlohmann::json j = {{"status", status},
                        {"name", fs::path(run->path()).filename().string()},
                        {"run_id", runId},
                        {"task", config.task.name},
                        {"model", config.model},
                        {"adapter", config.adapter.preset},
                        {"bottleneck", config.adapter.bottleneck},
                        {"large_sparse", config.pruning.largeSparse},
                        {"pruning", config.prunes() ? pruneMethodName(config.pruning.options.method) : "none"},
                        {"sparsity", sparsity},
                        {"steps_done", recorder ? recorder->lastStep : 0},
                        {"total_steps", trainer ? trainer->totalSteps() : 0},
                        {"train_examples", sizes.trainExamples},
                        {"eval_examples", sizes.evalExamples},
                        {"budget", budgetJson(budget)},
                        {"timings", {{"prepare_s", prepareSeconds}, {"train_s", finished.seconds}}},
                        {"ranks", ranks ? ranks->worldSize() : 1},
                        {"versions",
                         {{"sparseadapter", SPARSEADAPTER_VERSION},
                          {"libtorch", TORCH_VERSION},
                          {"device", device.str()},
                          {"threads", threads.torchThreads},
                          {"blas_threads", threads.blasThreads},
                          {"blas", threads.blas}}}};
    if (finished.hasEval) {
        j["best"] = evalEventToJson(finished.best);
        j["final"] = evalEventToJson(finished.last);
    }
    if (sizes.trainRows != sizes.trainExamples || sizes.evalRows != sizes.evalExamples) {
        // QA: windows of the questions.
        j["train_" + data->rowUnit()] = sizes.trainRows;
        j["eval_" + data->rowUnit()] = sizes.evalRows;
    }
    if (config.adapter.isFusion()) j["fusion_sources"] = config.adapter.fusion.sources; // as written
    if (!notes.empty()) j["notes"] = notes;
    if (!error.empty()) j["error"] = error;
    run->writeJson(run->summaryPath(), j);
}

Experiment::Experiment(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Experiment::~Experiment() = default;

namespace {

// The hash a checkpoint carries of its run's config: of config.json's
// canonical form (keys sorted), so formatting does not count.
std::string configHashOf(const nlohmann::json& config) {
    return textHash(config.dump());
}

} // namespace

std::unique_ptr<Experiment> Experiment::create(const ExperimentConfig& config, TrainingObserver* observer,
                                               Communicator* ranks) {
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->ranks = ranks;
    impl->load(); // everything that can fail on bad input, before a folder exists
    if (impl->follower()) {
        impl->connect(nullptr);
        return std::unique_ptr<Experiment>(new Experiment(std::move(impl)));
    }
    impl->run = std::make_unique<RunDirectory>(RunDirectory::create(config.outputDir, config.runName()));
    impl->lock = std::make_unique<RunLock>(RunLock::acquire(impl->run->path()));
    const auto json = nlohmann::json::parse(config.toJson());
    impl->run->writeJson(impl->run->configPath(), json);
    impl->runId = newRunId();
    impl->configHash = configHashOf(json);
    impl->connect(observer);
    impl->recorder->tensorboard = std::make_unique<RunTensorBoard>(impl->run->tensorboardPath(), -1);
    impl->writeSummary("created");
    return std::unique_ptr<Experiment>(new Experiment(std::move(impl)));
}

namespace {

// Waits for rank 0 to have checked (or restarted) the folder, then reads
// its config and checkpoint without writing anything.
void resumeFollower(Experiment::Impl& d, const std::string& runDirectory) {
    d.ranks->barrier();
    const auto run = RunDirectory::open(runDirectory);
    d.config = ExperimentConfig::fromFile(run.configPath());
    d.load();
    d.connect(nullptr);
    if (fs::exists(run.checkpointPath())) d.trainer->resumeFrom(run.checkpointPath());
}

} // namespace

std::unique_ptr<Experiment> Experiment::resume(const std::string& runDirectory, TrainingObserver* observer,
                                               const ResumeOptions& options, Communicator* ranks) {
    auto impl = std::make_unique<Impl>();
    auto& d = *impl;
    d.ranks = ranks;
    if (d.follower()) {
        resumeFollower(d, runDirectory);
        return std::unique_ptr<Experiment>(new Experiment(std::move(impl)));
    }
    d.run = std::make_unique<RunDirectory>(RunDirectory::open(runDirectory));
    d.lock = std::make_unique<RunLock>(RunLock::acquire(runDirectory));
    if (!d.lock->staleHolder().empty())
        d.notes.push_back("took over the run folder's lock from " + d.lock->staleHolder() +
                          ", which ended without releasing it");
    const auto removed = d.run->removeStaleTemporaries();
    if (!removed.empty())
        d.notes.push_back("removed " + std::to_string(removed.size()) + " temporary file(s) of interrupted writes");
    auto facts = checkRunFolder(*d.run, options);
    d.notes.insert(d.notes.end(), facts.notes.begin(), facts.notes.end());
    if (options.restart) d.run = std::make_unique<RunDirectory>(RunDirectory::open(runDirectory));
    d.config = ExperimentConfig::fromFile(d.run->configPath());
    d.configHash = configHashOf(readJsonFile(d.run->configPath()));
    d.runId = facts.runId;
    d.load();
    d.connect(observer);
    int64_t step = 0;
    if (facts.hasCheckpoint) {
        const bool masksThere = fs::exists(d.run->masksPath());
        const auto state = d.trainer->resumeFrom(d.run->checkpointPath());
        step = state.step;
        if (!masksThere && state.prunedEpochs > 0 && d.config.prunes())
            d.notes.push_back("masks.safetensors was missing and is written again from the checkpoint");
        // Without summary.json the checkpoint says whose run this is.
        if (d.runId.empty()) d.runId = state.runId;
    }
    if (d.runId.empty()) d.runId = newRunId();
    d.trainer->setRunId(d.runId);
    // The history must reach the checkpoint: a continued run whose records
    // lack steps would plot and export a false curve.
    const auto gaps = missingSteps(d.run->readMetrics(), step);
    if (!gaps.empty()) {
        const auto what = d.run->metricsPath() + " lacks the records of steps " + gaps +
                          " (the checkpoint is at step " + std::to_string(step) + ")";
        if (!options.allowMetricsGaps)
            throw Error(what + "; to continue with those steps missing from the history: sparseadapter resume " +
                        runDirectory + " --allow-metrics-gaps; to start over: --restart");
        d.notes.push_back(what + "; continued with --allow-metrics-gaps");
    }
    // Records after the checkpoint belong to work that is about to be redone.
    d.run->truncateMetricsAfter(step);
    d.recorder->tensorboard = std::make_unique<RunTensorBoard>(d.run->tensorboardPath(), step, d.run->readMetrics());
    d.recorder->lastStep = step;
    for (const auto& record : d.run->readMetrics())
        if (record.value("type", std::string()) == "prune" && record.contains("kept") &&
            record.at("kept").is_number_integer())
            d.budget.adapterWeightsKept = record.at("kept").get<int64_t>();
    if (ranks) ranks->barrier(); // the folder is ready for the others to read
    return std::unique_ptr<Experiment>(new Experiment(std::move(impl)));
}

FinishedEvent Experiment::run(RunControl* control) {
    auto& d = *impl_;
    d.writeSummary("running");
    try {
        d.trainer->setControl(control);
        d.finished = d.trainer->run();
    } catch (const std::exception& e) {
        d.error = e.what();
        if (d.run) d.run->flushMetrics();
        d.writeSummary("failed");
        throw;
    }
    if (!d.run) return d.finished;
    // Without evaluation data there is no best: keep the last weights.
    if (!d.finished.hasEval && !d.finished.stopped)
        saveAdapterTensors(*d.model, d.run->adapterPath(), AdapterTensors::Trained, d.adapter.trainHead);
    d.run->flushMetrics();
    d.writeSummary(d.finished.stopped ? "stopped" : "finished");
    return d.finished;
}

void Experiment::setObserver(TrainingObserver* observer) {
    if (impl_->recorder) impl_->recorder->next = observer;
}

const ExperimentConfig& Experiment::config() const {
    return impl_->config;
}
const std::string& Experiment::runDirectory() const {
    static const std::string none;
    return impl_->run ? impl_->run->path() : none;
}
const ParameterBudget& Experiment::budget() const {
    return impl_->budget;
}
double Experiment::sparsity() const {
    return impl_->sparsity;
}
int64_t Experiment::totalSteps() const {
    return impl_->trainer->totalSteps();
}
const std::vector<std::string>& Experiment::notes() const {
    return impl_->notes;
}

} // namespace sa
