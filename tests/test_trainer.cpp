// The trainer: trajectory parity with the reference's ten-step runs
// (fixtures/training, README section 7) — loss, learning rate, gradient
// norm, clip factor, gradients and parameters at every step, final Adam
// moments, masks — plus determinism under a seed, masked weights staying
// zero in effect, a frozen backbone, and resume-after-stop equivalence.
#include "test_support.h"

#include "adapters/attach.h"
#include "adapters/bottleneck_adapter.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/batch_file.h"
#include "model/pretrained.h"
#include "sparsity/density.h"
#include "train/adamw.h"
#include "train/grad_clip.h"
#include "train/lr_schedule.h"
#include "train/mask_event.h"
#include "train/trainer.h"

#include <QTemporaryDir>

#include <map>

namespace {

struct Tolerance {
    double atol = 0.0, rtol = 0.0;
};

Tolerance tolerance(const nlohmann::json& recommended, const char* key) {
    const auto& t = recommended.at(key);
    return {t.at("atol").get<double>(), t.at("rtol").get<double>()};
}

// max |a − b| − rtol·|b| over elements must stay within atol.
bool close(const torch::Tensor& a, const torch::Tensor& b, Tolerance t, QString* why = nullptr) {
    const auto x = a.to(torch::kFloat64), y = b.to(torch::kFloat64);
    const auto excess = ((x - y).abs() - t.rtol * y.abs()).max().item<double>();
    if (excess <= t.atol) return true;
    if (why) *why = QStringLiteral("excess %1 over atol %2").arg(excess).arg(t.atol);
    return false;
}

std::string caseFile(const QString& dir, const char* name) {
    return QDir(dir).filePath(QString::fromLatin1(name)).toStdString();
}

std::vector<sa::Batch> trainingBatches(const std::string& path) {
    const auto file = sa::SafetensorsFile::open(path);
    std::vector<sa::Batch> batches;
    for (int i = 0;; ++i) {
        const auto prefix = "batch." + std::to_string(i) + ".";
        if (!file.contains(prefix + "input_ids")) break;
        sa::Batch b;
        b.input_ids = file.tensor(prefix + "input_ids").clone();
        b.attention_mask = file.tensor(prefix + "attention_mask").clone();
        b.labels = file.tensor(prefix + "labels").clone();
        if (file.contains(prefix + "token_type_ids")) b.token_type_ids = file.tensor(prefix + "token_type_ids").clone();
        batches.push_back(b);
    }
    return batches;
}

// A fixture case set up as the reference ran it: tiny checkpoint, dropout 0,
// adapters from the case's tune_args, initial values, trainable set.
struct Case {
    QString dir;
    nlohmann::json json;
    sa::LanguageModel model;
    std::vector<sa::Batch> batches;
    sa::TrainerOptions options;
};

Case loadCase(const QString& dir) {
    Case c;
    c.dir = dir;
    c.json = sa_test::readJson(QDir(dir).filePath(QStringLiteral("case.json")));
    const auto modelDir =
        sa_test::fixturePath(QStringLiteral("models/") + QString::fromStdString(c.json.at("model").get<std::string>()));
    sa::LoadOptions load;
    load.dropout = false;
    c.model = sa::loadPretrained(modelDir, load).model;
    auto adapter = sa::AdapterOptions::fromTuneArguments(c.json.at("tune_args").dump(), "case.json");
    const auto unfreeze = c.json.at("tune_args").at("unfreeze_params").get<std::string>();
    adapter.trainHead = unfreeze.find("classifier") != std::string::npos;
    sa::attachAdapters(*c.model, adapter);
    sa::freezeForAdapterTraining(*c.model, adapter);
    sa::loadAdapterTensors(*c.model, caseFile(dir, "initial_params.safetensors"));
    c.batches = trainingBatches(caseFile(dir, "batches.safetensors"));

    const auto& o = c.json.at("optimisation");
    c.options.learningRate = o.at("lr").get<double>();
    c.options.weightDecay = o.at("weight_decay").get<double>();
    c.options.warmupSteps = o.at("warmup_steps").get<int64_t>();
    c.options.maxSteps = o.at("total_steps").get<int64_t>();
    c.options.maxGradNorm = o.at("max_grad_norm").get<double>();
    c.options.saveHead = adapter.trainHead;
    if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("masks.safetensors")))) {
        const auto& p = c.json.at("pruning");
        sa::PruneOptions prune;
        prune.method = sa::pruneMethodByName(p.at("pruner").get<std::string>());
        prune.sparsity = sa::sparsityFromDensity(p.at("density").get<double>());
        prune.scope = sa::maskScopeByName(p.at("scope").get<std::string>());
        prune.referenceGradientLeak = p.at("order").get<std::string>() == "official_trainer_order";
        c.options.pruning = prune;
    }
    return c;
}

std::map<std::string, torch::Tensor> namedParameters(sa::LanguageModelImpl& model, bool trainable) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : model.named_parameters(true))
        if (p.value().requires_grad() == trainable) out[p.key()] = p.value().detach().clone();
    return out;
}

// Records every event the trainer sends.
struct Recorder : sa::TrainingObserver {
    std::vector<sa::StepEvent> steps;
    std::vector<sa::EvalEvent> evals;
    std::vector<sa::MaskEvent> masks;
    std::function<void(const sa::StepEvent&)> onStepHook;
    std::function<void(const sa::ProgressEvent&)> onProgressHook;
    void onProgress(const sa::ProgressEvent& e) override {
        if (onProgressHook) onProgressHook(e);
    }
    void onStep(const sa::StepEvent& e) override {
        steps.push_back(e);
        if (onStepHook) onStepHook(e);
    }
    void onEval(const sa::EvalEvent& e) override { evals.push_back(e); }
    void onMasks(const sa::MaskEvent& e) override { masks.push_back(e); }
};

// Eval on the training batches; the metric is accuracy (tiny data only).
class TinyTask : public sa::FixedBatches {
public:
    explicit TinyTask(std::vector<sa::Batch> batches) : FixedBatches(batches), eval_(std::move(batches)) {}
    bool hasEvaluation() const override { return true; }
    sa::TaskEvaluation evaluate(sa::LanguageModelImpl& model, const sa::EvalContext& context) const override {
        sa::TaskEvaluation result;
        std::vector<torch::Tensor> logits, labels;
        int64_t rows = 0;
        for (const auto& b : eval_)
            rows += b.input_ids.size(0);
        const bool complete = sa::runEvaluationBatches(
            model, context, static_cast<int64_t>(eval_.size()), rows,
            [this](int64_t i) { return eval_.at(static_cast<std::size_t>(i)); },
            [&](const sa::Batch& b, const sa::ModelOutput& out) {
                logits.push_back(out.logits);
                labels.push_back(b.labels);
            },
            result);
        if (!complete) return result;
        const auto all = torch::cat(logits);
        const double accuracy = all.argmax(-1).eq(torch::cat(labels)).to(torch::kFloat64).mean().item<double>();
        result.examples = rows;
        result.metrics = {{{"accuracy", accuracy}, {"neg_loss", -all.abs().mean().item<double>()}}, "accuracy"};
        return result;
    }

private:
    std::vector<sa::Batch> eval_;
};

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scheduleIsLinearWarmupThenDecay() {
        sa::LinearSchedule s{1e-3, 2, 10};
        const double expected[] = {0, 5e-4, 1e-3, 8.75e-4, 7.5e-4, 6.25e-4, 5e-4, 3.75e-4, 2.5e-4, 1.25e-4, 0};
        for (int step = 0; step <= 10; ++step)
            QVERIFY2(std::abs(s.rate(step) - expected[step]) < 1e-15, qPrintable(QString::number(step)));
        QCOMPARE(sa::warmupStepsForRatio(100, 0.06), int64_t(6));
        QCOMPARE(sa::warmupStepsForRatio(10, 0.0), int64_t(0));
        QCOMPARE(sa::warmupStepsForRatio(7, 0.1), int64_t(1)); // ceil(0.7)
    }

    void clippingAlwaysMultiplies() {
        auto a = torch::tensor({3.0f, 4.0f}).set_requires_grad(true);
        a.mutable_grad() = torch::tensor({3.0f, 4.0f});
        const auto r = sa::clipGradientNorm({a}, 1.0);
        QCOMPARE(r.norm, 5.0);
        QVERIFY(std::abs(r.coefficient - 1.0 / (5.0 + 1e-6)) < 1e-7);
        QVERIFY(std::abs(a.grad().norm().item<double>() - 1.0) < 1e-6);
        const auto unclipped = sa::clipGradientNorm({a}, 10.0);
        QCOMPARE(unclipped.coefficient, 1.0);
    }

    void decayGroupsFollowTheReference() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-snip-d0.6-head/case.json");
        const auto c = loadCase(QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-snip-d0.6-head"));
        const auto& groups = c.json.at("optimizer_groups");
        std::set<std::string> decay, noDecay;
        for (const auto& p : sa::trainableParameters(*c.model))
            (p.decay ? decay : noDecay).insert(sa::toOfficialName(p.name));
        std::set<std::string> expectedDecay, expectedNoDecay;
        for (const auto& n : groups.at("decay").at("trainable"))
            expectedDecay.insert(n.get<std::string>());
        for (const auto& n : groups.at("no_decay").at("trainable"))
            expectedNoDecay.insert(n.get<std::string>());
        QVERIFY(!decay.empty() && !noDecay.empty());
        QVERIFY(decay == expectedDecay);
        QVERIFY(noDecay == expectedNoDecay);
    }

    void trajectoryMatchesReference_data() {
        QTest::addColumn<QString>("dir");
        const QString root = QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("training"));
        const auto index = QDir(root).filePath(QStringLiteral("index.json"));
        if (!QFileInfo::exists(index)) {
            QTest::newRow("missing") << QString();
            return;
        }
        const auto cases = sa_test::readJson(index);
        for (const auto& [name, entry] : cases.items())
            QTest::newRow(name.c_str()) << QDir(root).filePath(QString::fromStdString(name));
    }

    void trajectoryMatchesReference() {
        QFETCH(QString, dir);
        if (dir.isEmpty()) QSKIP("fixtures/training not found (set SPARSEADAPTER_FIXTURES)");
        auto c = loadCase(dir);
        const auto trajectory = sa::SafetensorsFile::open(caseFile(dir, "trajectory.safetensors"));
        const auto& tol = c.json.at("recommended_tolerance");
        const auto frozenBefore = namedParameters(*c.model, false);

        std::vector<sa::Batch> scoring;
        if (c.options.pruning) scoring.push_back(sa::readBatch(caseFile(dir, "prune_batch.safetensors")));
        sa::FixedBatches data(c.batches, scoring);

        QStringList failures;
        c.options.afterBackward = [&](int64_t step) {
            for (const auto& p : c.model->named_parameters(true)) {
                if (!p.value().requires_grad()) continue;
                const auto key = "step." + std::to_string(step) + ".grad." + sa::toOfficialName(p.key());
                QString why;
                if (!close(p.value().grad(), trajectory.tensor(key), tolerance(tol, "step_grads"), &why))
                    failures << QString::fromStdString(key) + ": " + why;
            }
        };
        Recorder recorder;
        auto masked = sa::maskedWeights(*c.model);
        recorder.onStepHook = [&](const sa::StepEvent& e) {
            const auto s = std::to_string(e.step - 1);
            for (const auto& p : c.model->named_parameters(true)) {
                if (!p.value().requires_grad()) continue;
                const auto name = sa::toOfficialName(p.key());
                auto value = p.value().detach();
                auto expected = trajectory.tensor("step." + s + ".param." + name);
                for (const auto& m : masked)
                    if (m.weightName == p.key()) { // compare effective weights W ⊙ M
                        value = value * m.mask;
                        expected = expected * m.mask;
                        if (!value.masked_select(m.mask.eq(0)).eq(0).all().item<bool>())
                            failures << QString::fromStdString(name) + ": masked entry not zero in effect";
                    }
                QString why;
                if (!close(value, expected, tolerance(tol, "step_params"), &why))
                    failures << QString::fromStdString("step." + s + ".param." + name) + ": " + why;
            }
        };
        sa::Trainer trainer(c.model, data, c.options, &recorder);
        trainer.run();
        for (const auto& f : failures.mid(0, 5))
            qWarning().noquote() << f;
        QCOMPARE(failures.size(), 0);

        // Per-step scalars.
        const auto loss = trajectory.tensor("loss"), lr = trajectory.tensor("lr");
        const auto norm = trajectory.tensor("grad_norm"), coefficient = trajectory.tensor("clip_coef");
        QCOMPARE(int64_t(recorder.steps.size()), loss.numel());
        for (std::size_t s = 0; s < recorder.steps.size(); ++s) {
            const auto& e = recorder.steps[s];
            const auto i = static_cast<int64_t>(s);
            QVERIFY2(std::abs(e.loss - loss[i].item<double>()) <= 1e-5, qPrintable(QStringLiteral("loss %1").arg(i)));
            QVERIFY2(std::abs(e.learningRate - lr[i].item<double>()) <= 1e-10,
                     qPrintable(QStringLiteral("lr %1").arg(i)));
            const double n = norm[i].item<double>();
            QVERIFY2(std::abs(e.gradNorm - n) <= 1e-5 * n, qPrintable(QStringLiteral("grad_norm %1").arg(i)));
            QVERIFY2(std::abs(e.clipCoefficient - coefficient[i].item<double>()) <= 1e-6,
                     qPrintable(QStringLiteral("clip_coef %1").arg(i)));
        }

        // Masks: exactly the reference's.
        if (c.options.pruning) {
            QCOMPARE(int(recorder.masks.size()), 1);
            const auto masks = sa::SafetensorsFile::open(caseFile(dir, "masks.safetensors"));
            for (const auto& m : masked)
                QVERIFY2(torch::equal(m.mask, masks.tensor(sa::toOfficialName(m.maskName))), m.maskName.c_str());
        }

        // Final parameters and Adam moments.
        const auto final = sa::SafetensorsFile::open(caseFile(dir, "final_params.safetensors"));
        for (const auto& p : trainer.optimizer().parameters()) {
            const auto name = sa::toOfficialName(p.name);
            auto value = p.value.detach(), expected = final.tensor(name);
            for (const auto& m : masked)
                if (m.weightName == p.name) {
                    value = value * m.mask;
                    expected = expected * m.mask;
                }
            QVERIFY2(close(value, expected, tolerance(tol, "final_params")), name.c_str());
            QVERIFY2(close(p.expAvg, trajectory.tensor("final.exp_avg." + name), {1e-6, 1e-4}), name.c_str());
            QVERIFY2(close(p.expAvgSq, trajectory.tensor("final.exp_avg_sq." + name), {1e-9, 1e-3}), name.c_str());
        }
        QCOMPARE(trainer.optimizer().stepCount(), int64_t(10));

        // The backbone (and a frozen head) never moves.
        for (const auto& [name, before] : frozenBefore)
            QVERIFY2(torch::equal(before, c.model->named_parameters(true)[name]), name.c_str());
    }

    void logitsOnlyComputesTheSameLogitsAndGradients() {
        SA_REQUIRE_FIXTURE("training/tiny-bert-houlsby-snip-d0.6-head/case.json");
        for (const char* name : {"training/tiny-bert-houlsby-snip-d0.6-head", "training/tiny-roberta-lora-dense"}) {
            auto c = loadCase(QDir(sa_test::fixturesRoot()).filePath(name));
            c.model->train();
            auto pass = [&](bool logitsOnly) {
                c.model->setLogitsOnly(logitsOnly);
                c.model->zero_grad();
                const auto out = c.model->forward(c.batches.front());
                out.loss.backward();
                std::map<std::string, torch::Tensor> grads;
                for (const auto& p : c.model->named_parameters(true))
                    if (p.value().grad().defined()) grads[p.key()] = p.value().grad().clone();
                return std::make_pair(out.logits.detach().clone(), grads);
            };
            const auto [fullLogits, fullGrads] = pass(false);
            const auto [fastLogits, fastGrads] = pass(true);
            QVERIFY2(close(fastLogits, fullLogits, {1e-6, 0}), name);
            QCOMPARE(fastGrads.size(), fullGrads.size());
            for (const auto& [key, grad] : fullGrads)
                QVERIFY2(close(fastGrads.at(key), grad, {1e-7, 1e-5}), key.c_str());
        }
    }

    void sameSeedSameRunWithDropout() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-dense/case.json");
        auto finalParameters = [] {
            auto c = loadCase(QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-dense"));
            // Dropout on, so determinism covers the random draws too.
            for (const auto& m : c.model->modules(false))
                if (auto* a = dynamic_cast<sa::BottleneckAdapterImpl*>(m.get())) a->dropout = 0.3;
            sa::FixedBatches data(c.batches);
            c.options.seed = 7;
            sa::Trainer(c.model, data, c.options).run();
            return namedParameters(*c.model, true);
        };
        const auto a = finalParameters(), b = finalParameters();
        QVERIFY(!a.empty());
        for (const auto& [name, value] : a)
            QVERIFY2(torch::equal(value, b.at(name)), name.c_str());
    }

    void stoppedRunResumesToTheSameResult() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-snip-d0.6/case.json");
        const QString dir = QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-snip-d0.6");
        QTemporaryDir tmp;
        auto setUp = [&](const QString& name) {
            auto c = loadCase(dir);
            for (const auto& m : c.model->modules(false))
                if (auto* a = dynamic_cast<sa::BottleneckAdapterImpl*>(m.get())) a->dropout = 0.2;
            c.options.maxSteps = 0;
            c.options.epochs = 3;
            c.options.warmupSteps = -1;
            c.options.warmupRatio = 0.1;
            c.options.checkpointPath = tmp.filePath(name + ".ckpt.safetensors").toStdString();
            c.options.bestWeightsPath = tmp.filePath(name + ".best.safetensors").toStdString();
            return c;
        };
        std::vector<sa::Batch> scoring{sa::readBatch(caseFile(dir, "prune_batch.safetensors"))};

        auto whole = setUp("whole");
        TinyTask wholeData(std::vector<sa::Batch>(whole.batches.begin(), whole.batches.begin() + 4));
        Recorder wholeEvents;
        const auto uninterrupted = sa::Trainer(whole.model, wholeData, whole.options, &wholeEvents).run();
        QCOMPARE(uninterrupted.steps, int64_t(12));
        QVERIFY(uninterrupted.hasEval);

        // Stop in the middle of epoch 2, then resume in a fresh model.
        auto first = setUp("parts");
        TinyTask data(std::vector<sa::Batch>(first.batches.begin(), first.batches.begin() + 4));
        sa::RunControl control;
        Recorder firstEvents;
        firstEvents.onStepHook = [&](const sa::StepEvent& e) {
            if (e.step == 6) control.requestStop();
        };
        const auto stopped = sa::Trainer(first.model, data, first.options, &firstEvents, &control).run();
        QVERIFY(stopped.stopped);
        QCOMPARE(stopped.steps, int64_t(6));

        auto second = setUp("parts");
        Recorder secondEvents;
        sa::Trainer resumed(second.model, data, second.options, &secondEvents);
        resumed.resumeFrom(second.options.checkpointPath);
        const auto finished = resumed.run();
        QVERIFY(!finished.stopped);
        QCOMPARE(finished.steps, int64_t(12));
        QCOMPARE(secondEvents.masks.size(), std::size_t(0)); // pruning is not redone
        QCOMPARE(secondEvents.steps.front().step, int64_t(7));
        QCOMPARE(finished.last.mainValue, uninterrupted.last.mainValue);
        QCOMPARE(finished.last.loss, uninterrupted.last.loss);
        QCOMPARE(finished.best.step, uninterrupted.best.step);
        for (std::size_t i = 0; i < secondEvents.steps.size(); ++i)
            QCOMPARE(secondEvents.steps[i].loss, wholeEvents.steps[i + 6].loss);
        const auto a = namedParameters(*whole.model, true), b = namedParameters(*second.model, true);
        for (const auto& [name, value] : a)
            QVERIFY2(torch::equal(value, b.at(name)), name.c_str());
        const auto wholeMasks = sa::maskedWeights(*whole.model), resumedMasks = sa::maskedWeights(*second.model);
        for (std::size_t i = 0; i < wholeMasks.size(); ++i)
            QVERIFY(torch::equal(wholeMasks[i].mask, resumedMasks[i].mask));
    }

    void stopDuringAnEvaluationRedoesItOnResume() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-snip-d0.6/case.json");
        const QString dir = QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-snip-d0.6");
        QTemporaryDir tmp;
        auto setUp = [&](const QString& name) {
            auto c = loadCase(dir);
            c.options.maxSteps = 0;
            c.options.epochs = 2;
            c.options.checkpointPath = tmp.filePath(name + ".ckpt.safetensors").toStdString();
            return c;
        };
        auto whole = setUp("whole");
        TinyTask wholeData(std::vector<sa::Batch>(whole.batches.begin(), whole.batches.begin() + 4));
        Recorder wholeEvents;
        const auto uninterrupted = sa::Trainer(whole.model, wholeData, whole.options, &wholeEvents).run();
        QCOMPARE(wholeEvents.evals.size(), std::size_t(2));

        // A stop inside epoch 1's evaluation (after its second batch): the
        // run stops there, with the evaluation still owed.
        auto first = setUp("parts");
        TinyTask data(std::vector<sa::Batch>(first.batches.begin(), first.batches.begin() + 4));
        sa::RunControl control;
        Recorder firstEvents;
        int progressCalls = 0;
        firstEvents.onProgressHook = [&](const sa::ProgressEvent& e) {
            QCOMPARE(e.phase, std::string("evaluating"));
            QVERIFY(e.done <= e.total);
            if (++progressCalls == 6) control.requestStop(); // evaluation 2, batch 2
        };
        const auto stopped = sa::Trainer(first.model, data, first.options, &firstEvents, &control).run();
        QVERIFY(stopped.stopped);
        QCOMPARE(stopped.steps, int64_t(8));
        QCOMPARE(firstEvents.evals.size(), std::size_t(1)); // the interrupted one is not reported

        auto second = setUp("parts");
        Recorder secondEvents;
        sa::Trainer resumed(second.model, data, second.options, &secondEvents);
        resumed.resumeFrom(second.options.checkpointPath);
        const auto finished = resumed.run();
        QVERIFY(!finished.stopped);
        QCOMPARE(secondEvents.steps.size(), std::size_t(0)); // every step was done
        QCOMPARE(secondEvents.evals.size(), std::size_t(1));
        QCOMPARE(secondEvents.evals.front().step, int64_t(8));
        QCOMPARE(finished.last.mainValue, uninterrupted.last.mainValue);
        QCOMPARE(finished.last.loss, uninterrupted.last.loss);
        QCOMPARE(finished.best.step, uninterrupted.best.step);
    }

    void pruningRoundReportsScoresAndTheirThreshold() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-snip-d0.6/case.json");
        const QString dir = QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-snip-d0.6");
        for (const auto scope : {sa::MaskScope::Global, sa::MaskScope::Local}) {
            auto c = loadCase(dir);
            c.options.maxSteps = 1;
            c.options.pruning->method = sa::PruneMethod::Magnitude;
            c.options.pruning->scope = scope;
            // Magnitude scores are |W| at the start of epoch 0: the initial weights.
            std::vector<torch::Tensor> scores;
            for (const auto& m : sa::maskedWeights(*c.model))
                scores.push_back(m.weight.detach().abs().to(torch::kFloat32).clone());
            sa::FixedBatches data(c.batches);
            Recorder events;
            sa::Trainer(c.model, data, c.options, &events).run();
            QCOMPARE(events.masks.size(), std::size_t(1));
            const auto& summary = events.masks.front().scores;
            QVERIFY(summary.available);
            QCOMPARE(summary.method, std::string("magnitude"));
            QVERIFY(summary.logScale); // |W| >= 0
            QCOMPARE(summary.total, events.masks.front().total);
            QCOMPARE(summary.counts.size(), std::size_t(sa::kScoreSummaryBins));
            QCOMPARE(summary.edges.size(), summary.counts.size() + 1);
            int64_t binned = 0;
            for (const auto count : summary.counts)
                binned += count;
            QCOMPARE(binned + summary.zeros + summary.nonFinite, summary.total);
            if (scope == sa::MaskScope::Local) {
                QVERIFY(std::isnan(summary.threshold)); // each tensor cut at its own value
                continue;
            }
            QVERIFY(std::isfinite(summary.threshold));
            const auto masked = sa::maskedWeights(*c.model);
            int64_t pruned = 0;
            for (std::size_t i = 0; i < masked.size(); ++i) {
                const auto prunedHere = masked[i].mask.eq(0);
                const auto below = scores[i].le(static_cast<float>(summary.threshold));
                QVERIFY2(torch::equal(prunedHere, below), masked[i].maskName.c_str());
                pruned += prunedHere.sum().item<int64_t>();
            }
            QVERIFY(pruned > 0);
            QCOMPARE(pruned, events.masks.front().total - events.masks.front().kept);
        }
    }

    void iterativePruningReportsEveryRound() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-snip-d0.6/case.json");
        auto c = loadCase(QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-snip-d0.6"));
        c.options.maxSteps = 0;
        c.options.epochs = 3;
        c.options.pruning->iterations = 3;
        // Random scores have no ties (SNIP's exact zeros here prune more
        // than asked in round 1 already), so each round prunes exactly more.
        c.options.pruning->method = sa::PruneMethod::Random;
        sa::FixedBatches data(std::vector<sa::Batch>(c.batches.begin(), c.batches.begin() + 2));
        Recorder events;
        sa::Trainer(c.model, data, c.options, &events).run();
        QCOMPARE(events.masks.size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            const auto& e = events.masks[static_cast<std::size_t>(i)];
            QCOMPARE(e.epoch, i);
            QCOMPARE(e.iteration, i);
            QCOMPARE(e.iterations, 3);
            QVERIFY(e.scores.available);
            QCOMPARE(e.scores.method, std::string("random"));
            QVERIFY(!e.scores.logScale); // signed scores
            QVERIFY(std::isfinite(e.scores.threshold));
            QCOMPARE(e.scores.total, e.total);
            QCOMPARE(e.kept, e.total - sa::globalPrunedCount(e.total, e.density));
            if (i == 0) continue;
            const auto& before = events.masks[static_cast<std::size_t>(i - 1)];
            QVERIFY(e.density < before.density);
            QVERIFY(e.kept < before.kept);
        }
        QVERIFY(std::abs(events.masks.back().density - 0.6) < 1e-12);
    }

    void resumeRefusesAnotherRunsCheckpoint() {
        SA_REQUIRE_FIXTURE("training/tiny-roberta-houlsby-dense/case.json");
        auto c = loadCase(QDir(sa_test::fixturesRoot()).filePath("training/tiny-roberta-houlsby-dense"));
        QTemporaryDir tmp;
        c.options.checkpointPath = tmp.filePath("ckpt.safetensors").toStdString();
        c.options.maxSteps = 2;
        sa::FixedBatches data(c.batches);
        sa::Trainer(c.model, data, c.options).run();
        auto other = c.options;
        other.maxSteps = 5;
        sa::Trainer mismatch(c.model, data, other);
        QString message;
        try {
            mismatch.resumeFrom(c.options.checkpointPath);
        } catch (const sa::Error& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(message.contains(QStringLiteral("ckpt.safetensors")) && message.contains(QStringLiteral("steps")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
