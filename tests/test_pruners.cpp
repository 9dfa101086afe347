// Pruning at initialisation against the official pruners: for every case
// under fixtures/pruning (discovered from pruning.json), scores within the
// fixture's tolerance, masks identical, post-pruning outputs equal; random
// pruning reaches the recorded densities. Plus the threshold, rounding and
// tie rules on hand-made scores, seeded reproducibility and iterative
// schedules.
#include "test_support.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/batch_file.h"
#include "model/pretrained.h"
#include "sparsity/density.h"
#include "sparsity/pruner.h"
#include "train/mask_event.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

using nlohmann::json;

namespace {

QStringList pruningCaseDirs() {
    QDir root(QDir(sa_test::fixturesRoot()).filePath("pruning"));
    QStringList out;
    for (const auto& d : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(root.filePath(d + "/pruning.json"))) out << root.filePath(d);
    return out;
}

// The case's model with its adapters and adapter weights, masks all 1.
sa::LanguageModel prepare(const QString& dir, const json& spec) {
    const auto modelDir = QDir(sa_test::fixturesRoot()).filePath("models/" + QString::fromStdString(spec.at("model")));
    auto model = sa::loadPretrained(modelDir.toStdString()).model;
    const auto options = sa::AdapterOptions::fromTuneArguments(spec.at("tune_args").dump(), "pruning.json");
    sa::attachAdapters(*model, options);
    sa::freezeForAdapterTraining(*model, options);
    auto params = QString::fromStdString(spec.at("adapter_params"));
    params = params.left(params.indexOf(' ')); // "../../adapters/.../adapter_params.safetensors (all masks = 1 ...)"
    sa::loadAdapterTensors(*model, QDir(dir).filePath(params).toStdString());
    return model;
}

sa::Batch batchOf(const QString& dir, const json& spec) {
    return sa::readBatch(QDir(dir).filePath(QString::fromStdString(spec.at("batch").at("file"))).toStdString());
}

// "global.d0.6" → scope, density
std::pair<sa::MaskScope, double> runOf(const std::string& run) {
    const auto dot = run.find(".d");
    return {sa::maskScopeByName(run.substr(0, dot)), std::stod(run.substr(dot + 2))};
}

} // namespace

class TestPruners : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void scoresAndMasksMatchReference_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("pruner");
        SA_REQUIRE_FIXTURE("pruning");
        int rows = 0;
        for (const auto& dir : pruningCaseDirs()) {
            const auto spec = sa_test::readJson(dir + "/pruning.json");
            for (const auto& [name, p] : spec.at("pruners").items()) {
                if (!p.contains("scores_file"))
                    continue; // rand: RNG-specific, see randomPruningReachesRecordedDensities
                QTest::newRow(qPrintable(QFileInfo(dir).fileName() + "/" + QString::fromStdString(name)))
                    << dir << QString::fromStdString(name);
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void scoresAndMasksMatchReference() {
        QFETCH(QString, dir);
        QFETCH(QString, pruner);
        const auto spec = sa_test::readJson(dir + "/pruning.json");
        const auto& p = spec.at("pruners").at(pruner.toStdString());
        auto model = prepare(dir, spec);
        const std::vector<sa::Batch> batches{batchOf(dir, spec)};
        const auto scores = sa::scoreWeights(*model, sa::pruneMethodByName(pruner.toStdString()), batches);
        const auto masked = sa::maskedWeights(*model);

        const auto refScores =
            sa::SafetensorsFile::open(QDir(dir).filePath(QString::fromStdString(p.at("scores_file"))).toStdString());
        double maxScore = 0.0;
        for (const auto& e : refScores.entries())
            maxScore = std::max(maxScore, refScores.tensor(e.name).abs().max().item<double>());
        for (std::size_t i = 0; i < masked.size(); ++i) {
            const auto expected = refScores.tensor(sa::toOfficialName(masked[i].weightName));
            const auto diff = (scores[i].to(torch::kFloat64) - expected.to(torch::kFloat64)).abs();
            const auto allowed = 1e-5 * maxScore + 1e-4 * expected.to(torch::kFloat64).abs();
            QVERIFY2((diff - allowed).max().item<double>() <= 0.0,
                     qPrintable(QStringLiteral("%1: max |diff| %2")
                                    .arg(QString::fromStdString(masked[i].weightName))
                                    .arg(diff.max().item<double>())));
        }

        const auto outputs = sa::SafetensorsFile::open(QDir(dir).filePath("outputs.safetensors").toStdString());
        for (const auto& [run, r] : p.at("runs").items()) {
            const auto [scope, density] = runOf(run);
            for (auto& m : sa::maskedWeights(*model))
                m.mask.fill_(1.0);
            sa::maskFromScores(*model, scores, density, scope);
            const auto refMasks =
                sa::SafetensorsFile::open(QDir(dir).filePath(QString::fromStdString(r.at("masks_file"))).toStdString());
            for (const auto& m : sa::maskedWeights(*model))
                QVERIFY2(torch::equal(m.mask, refMasks.tensor(sa::toOfficialName(m.maskName))),
                         qPrintable(QString::fromStdString(run + " " + m.maskName)));
            torch::NoGradGuard noGrad;
            const auto out = model->forward(batches.front());
            const auto key = pruner.toStdString() + "." + run;
            QVERIFY(torch::allclose(out.logits, outputs.tensor(key + ".logits"), 1e-5, 1e-5));
            QVERIFY(torch::allclose(out.loss, outputs.tensor(key + ".loss"), 1e-5, 1e-5));
        }
    }

    void randomPruningReachesRecordedDensities() {
        SA_REQUIRE_FIXTURE("pruning");
        int checked = 0;
        for (const auto& dir : pruningCaseDirs()) {
            const auto spec = sa_test::readJson(dir + "/pruning.json");
            if (!spec.at("pruners").contains("rand")) continue;
            auto model = prepare(dir, spec);
            for (const auto& [run, r] : spec["pruners"]["rand"].at("runs").items()) {
                const auto [scope, density] = runOf(run);
                for (auto& m : sa::maskedWeights(*model))
                    m.mask.fill_(1.0);
                sa::PruneOptions o;
                o.method = sa::PruneMethod::Random;
                o.sparsity = sa::sparsityFromDensity(density);
                o.scope = scope;
                o.seed = 7;
                sa::prune(*model, o, {});
                int64_t kept = 0, total = 0;
                for (const auto& m : sa::maskedWeights(*model)) {
                    kept += m.mask.sum().item<int64_t>();
                    total += m.mask.numel();
                    // Local scope fixes every tensor's density; global only the total.
                    if (scope == sa::MaskScope::Local) {
                        const double achieved =
                            r.at("achieved_density_per_tensor").at(sa::toOfficialName(m.maskName)).get<double>();
                        QCOMPARE(m.mask.sum().item<int64_t>(), sa_test::keptCountOf(achieved, m.mask.numel()));
                        QVERIFY(std::abs(m.mask.mean().item<double>() - achieved) <= sa_test::kFloat32DensityTolerance);
                    }
                }
                const double achieved = r.at("achieved_density_overall").get<double>();
                QCOMPARE(kept, sa_test::keptCountOf(achieved, total));
                QVERIFY(std::abs(double(kept) / double(total) - achieved) <= sa_test::kFloat32DensityTolerance);
                ++checked;
            }
        }
        QVERIFY(checked > 0);
    }

    void thresholdRoundingAndTiesFollowTheReference() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        auto model =
            sa::loadPretrained(QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta").toStdString()).model;
        // Every LoRA tensor has the same size (rank × hidden), whatever the geometry.
        sa::attachAdapters(*model, sa::AdapterOptions::preset("lora", 2));
        const auto masked = sa::maskedWeights(*model);
        std::vector<torch::Tensor> scores;
        std::vector<float> all; // every score, for the expected threshold
        int64_t n = 0;
        for (const auto& m : masked) {
            scores.push_back(torch::arange(m.weight.numel(), torch::kFloat32).view_as(m.weight));
            for (int64_t i = 0; i < m.weight.numel(); ++i)
                all.push_back(static_cast<float>(i));
            n += m.weight.numel();
        }
        QVERIFY(masked.size() > 1);
        auto kept = [&] {
            int64_t k = 0;
            for (const auto& m : sa::maskedWeights(*model))
                k += m.mask.sum().item<int64_t>();
            return k;
        };
        // Global: k = ceil((1 - d)·N) pruned; every tensor has scores 0..numel−1,
        // so the k-th smallest ties across tensors and every copy of it goes.
        std::sort(all.begin(), all.end());
        const float threshold = all[static_cast<std::size_t>(sa::globalPrunedCount(n, 0.5) - 1)];
        const auto above = std::count_if(all.begin(), all.end(), [&](float s) { return s > threshold; });
        sa::maskFromScores(*model, scores, 0.5, sa::MaskScope::Global);
        QCOMPARE(kept(), static_cast<int64_t>(above));
        // Local: int((1 - d)·numel) per tensor, in double as Python computes it
        // ((1 - 0.3)·64 = 44.8 → 44).
        for (auto& m : sa::maskedWeights(*model))
            m.mask.fill_(1.0);
        sa::maskFromScores(*model, scores, 0.3, sa::MaskScope::Local);
        int64_t localKept = 0;
        for (const auto& m : masked)
            localKept += m.weight.numel() - static_cast<int64_t>((1.0 - 0.3) * static_cast<double>(m.weight.numel()));
        QCOMPARE(kept(), localKept);
        // All-zero scores (a zero-initialised LoRA B) tie: the reference prunes them all.
        for (auto& s : scores)
            s.zero_();
        for (auto& m : sa::maskedWeights(*model))
            m.mask.fill_(1.0);
        sa::maskFromScores(*model, scores, 0.6, sa::MaskScope::Global);
        QCOMPARE(kept(), int64_t(0));
        // breakTies prunes exactly k, reproducibly.
        for (auto& m : sa::maskedWeights(*model))
            m.mask.fill_(1.0);
        sa::maskFromScores(*model, scores, 0.6, sa::MaskScope::Global, /*breakTies=*/true, 3);
        QCOMPARE(kept(), n - sa::globalPrunedCount(n, 0.6));
        std::vector<torch::Tensor> first;
        for (const auto& m : sa::maskedWeights(*model))
            first.push_back(m.mask.clone());
        for (auto& m : sa::maskedWeights(*model))
            m.mask.fill_(1.0);
        sa::maskFromScores(*model, scores, 0.6, sa::MaskScope::Global, true, 3);
        for (std::size_t i = 0; i < first.size(); ++i)
            QVERIFY(torch::equal(first[i], sa::maskedWeights(*model)[i].mask));
        // k < 1 leaves masks unchanged.
        for (auto& m : sa::maskedWeights(*model))
            m.mask.fill_(1.0);
        sa::maskFromScores(*model, scores, 1.0, sa::MaskScope::Global);
        QCOMPARE(kept(), n);
    }

    void randomAndErAreReproducibleUnderASeed() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta").toStdString();
        for (auto method : {sa::PruneMethod::Random, sa::PruneMethod::ErdosRenyi}) {
            std::vector<std::vector<torch::Tensor>> runs;
            for (uint64_t seed : {5u, 5u, 6u}) {
                auto model = sa::loadPretrained(dir).model;
                sa::attachAdapters(*model, sa::AdapterOptions::preset("houlsby", 8));
                sa::PruneOptions o;
                o.method = method;
                o.sparsity = 0.4;
                o.seed = seed;
                sa::prune(*model, o, {});
                runs.emplace_back();
                for (const auto& m : sa::maskedWeights(*model))
                    runs.back().push_back(m.mask.clone());
            }
            bool sameAB = true, sameAC = true;
            for (std::size_t i = 0; i < runs[0].size(); ++i) {
                sameAB = sameAB && torch::equal(runs[0][i], runs[1][i]);
                sameAC = sameAC && torch::equal(runs[0][i], runs[2][i]);
            }
            QVERIFY(sameAB);
            QVERIFY(!sameAC);
        }
    }

    void iterativeSchedulesReachExactlyTheTarget_data() {
        QTest::addColumn<int>("schedule");
        QTest::addColumn<int>("iterations");
        for (int it : {1, 3, 5}) {
            QTest::newRow(qPrintable(QStringLiteral("exponential x%1").arg(it)))
                << int(sa::PruneSchedule::Exponential) << it;
            QTest::newRow(qPrintable(QStringLiteral("linear x%1").arg(it))) << int(sa::PruneSchedule::Linear) << it;
        }
    }

    void iterativeSchedulesReachExactlyTheTarget() {
        QFETCH(int, schedule);
        QFETCH(int, iterations);
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        auto model =
            sa::loadPretrained(QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta").toStdString()).model;
        sa::attachAdapters(*model, sa::AdapterOptions::preset("houlsby", 8));
        sa::PruneOptions o;
        o.method = sa::PruneMethod::Magnitude;
        o.sparsity = 0.4;
        o.iterations = iterations;
        o.schedule = static_cast<sa::PruneSchedule>(schedule);
        sa::prune(*model, o, {});
        int64_t kept = 0, total = 0;
        for (const auto& m : sa::maskedWeights(*model)) {
            kept += m.mask.sum().item<int64_t>();
            total += m.mask.numel();
        }
        QCOMPARE(kept, total - sa::globalPrunedCount(total, 0.6));
    }

    // Several scoring batches sum their gradients (snip) or their g and H·g
    // (grasp). The same batch twice: grasp's normalisation by |Σ scores|
    // removes the scale; snip's s / Σ(s / max s) keeps it (twice the
    // scores), as in the reference. This also checks grasp's multi-batch
    // path against its single-batch shortcut.
    void repeatedBatchesGiveTheSameNormalisedScores() {
        SA_REQUIRE_FIXTURE("pruning");
        const auto dir = pruningCaseDirs().value(0);
        const auto spec = sa_test::readJson(dir + "/pruning.json");
        auto model = prepare(dir, spec);
        const auto batch = batchOf(dir, spec);
        for (auto method : {sa::PruneMethod::Snip, sa::PruneMethod::Grasp}) {
            const auto once = sa::scoreWeights(*model, method, {batch});
            const auto twice = sa::scoreWeights(*model, method, {batch, batch});
            const double scale = method == sa::PruneMethod::Snip ? 2.0 : 1.0;
            for (std::size_t i = 0; i < once.size(); ++i)
                QVERIFY2(torch::allclose(once[i] * scale, twice[i], 1e-4, 1e-9), sa::pruneMethodName(method));
        }
    }

    void trainingScheduleStartsAtTheGivenEpoch() {
        sa::PruneOptions o;
        o.sparsity = 0.4;
        o.iterations = 3;
        o.startEpoch = 2;
        QVERIFY(!sa::densityForEpoch(o, 1).has_value());
        QCOMPARE(*sa::densityForEpoch(o, 2), std::pow(0.6, 1.0 / 3.0));
        QCOMPARE(*sa::densityForEpoch(o, 3), std::pow(0.6, 2.0 / 3.0));
        QCOMPARE(*sa::densityForEpoch(o, 4), std::pow(0.6, 1.0)); // the target, exactly
        QVERIFY(!sa::densityForEpoch(o, 5).has_value());
        o.schedule = sa::PruneSchedule::Linear;
        QCOMPARE(*sa::densityForEpoch(o, 3), 1.0 - 0.4 * 2.0 / 3.0);
    }

    void refusesWhatCannotBeScored() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        auto model =
            sa::loadPretrained(QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta").toStdString()).model;
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::scoreWeights(*model, sa::PruneMethod::Magnitude, {})); // no adapters
        sa::attachAdapters(*model, sa::AdapterOptions::preset("lora", 4));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::scoreWeights(*model, sa::PruneMethod::Synflow, {}));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::scoreWeights(*model, sa::PruneMethod::Snip, {}));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::pruneMethodByName("optimal-brain-surgeon"));
    }

    // Scores from which no mask means anything are refused with their cause
    // and way out: SynFlow on fresh Houlsby adapters scores every weight 0
    // (the input LayerNorm maps its all-ones input to 0, and every bias
    // starts at 0), and SNIP on fresh LoRA divides 0 by 0 (B starts at 0).
    void degenerateScoresAreRefusedWithTheirCause() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta").toStdString();
        auto model = sa::loadPretrained(dir).model;
        sa::Batch batch;
        batch.input_ids = torch::randint(5, std::min<int64_t>(50, model->config().vocabSize), {2, 8}, torch::kLong);
        batch.attention_mask = torch::ones({2, 8}, torch::kLong);
        // Class 0 (or a score of 0 for a regression head): valid for any head.
        batch.labels = model->config().numLabels == 1 ? torch::zeros({2}) : torch::zeros({2}, torch::kLong);
        sa::attachAdapters(*model, sa::AdapterOptions::preset("houlsby", 8));
        sa::PruneOptions o;
        o.method = sa::PruneMethod::Synflow;
        QString message = sa_test::errorOf([&] { sa::pruneToDensity(*model, o, 0.6, {batch}, 0); });
        QVERIFY2(message.contains(QStringLiteral("every one of")) && message.contains(QStringLiteral("start_epoch=1")),
                 qPrintable(message));
        for (const auto& m : sa::maskedWeights(*model)) // nothing was masked
            QCOMPARE(m.mask.sum().item<int64_t>(), m.mask.numel());

        auto lora = sa::loadPretrained(dir).model;
        sa::attachAdapters(*lora, sa::AdapterOptions::preset("lora", 4));
        o.method = sa::PruneMethod::Snip;
        message = sa_test::errorOf([&] { sa::pruneToDensity(*lora, o, 0.6, {batch}, 0); });
        QVERIFY2(message.contains(QStringLiteral("not finite")) && message.contains(QStringLiteral("LoRA")),
                 qPrintable(message));
    }

    // The report of a round says what was achieved against the target and
    // why it differs: ties at the threshold under the <= rule, tensors with
    // nothing kept.
    void maskWarningsNameTheShortfallAndItsCause() {
        sa::MaskEvent e;
        e.density = 0.6;
        for (int i = 0; i < 4; ++i) {
            sa::MaskTensor t;
            t.name = "layer." + std::to_string(i) + ".down_mask";
            t.rows = 8;
            t.cols = 8;
            t.kept = i == 0 ? 0 : 32;
            e.tensors.push_back(t);
            e.kept += t.kept;
            e.total += t.rows * t.cols;
        }
        e.scores.available = true;
        e.scores.threshold = 0.0;
        e.scores.atThreshold = 160;
        const auto warnings = sa::maskWarnings(e, false);
        QCOMPARE(warnings.size(), std::size_t(2));
        const QString shortfall = QString::fromStdString(warnings[0]);
        QVERIFY2(shortfall.contains(QStringLiteral("0.3750")) && shortfall.contains(QStringLiteral("below")) &&
                     shortfall.contains(QStringLiteral("0.6000")) && shortfall.contains(QStringLiteral("160 scores")) &&
                     shortfall.contains(QStringLiteral("break_ties")),
                 qPrintable(shortfall));
        QVERIFY2(QString::fromStdString(warnings[1]).contains(QStringLiteral("layer.0.down_mask")),
                 warnings[1].c_str());
        // Broken ties: no tie advice; on target and nothing empty: silent.
        QVERIFY(sa::maskWarnings(e, true)[0].find("break_ties") == std::string::npos);
        for (auto& t : e.tensors)
            t.kept = 38;
        e.kept = 4 * 38;
        QVERIFY(sa::maskWarnings(e, false).empty());
    }
};

QTEST_GUILESS_MAIN(TestPruners)
#include "test_pruners.moc"
