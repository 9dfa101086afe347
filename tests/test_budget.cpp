// Parameter budgets and the Large-Sparse planner: every count of
// adapters/param_counts.json (discovered from the file), the global-mask
// rounding of the pruning fixtures, the planner's arithmetic and the
// sparsity solver.
#include "test_support.h"

#include "adapters/adapter_options.h"
#include "adapters/attach.h"
#include "adapters/parameter_budget.h"
#include "error.h"
#include "io/model_config.h"
#include "model/geometry.h"
#include "model/language_model.h"
#include "sparsity/budget_table.h"
#include "sparsity/density.h"
#include "sparsity/large_sparse_plan.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <vector>

namespace {

using nlohmann::json;

// The JSON's model keys: fixture checkpoints by directory name, public ones
// by their geometry.
sa::ModelConfig configFor(const std::string& model) {
    if (model == "roberta-base") return sa::geometryConfig("roberta-base");
    if (model == "bert-base-uncased") return sa::geometryConfig("bert-base");
    return sa::readModelConfig(sa_test::fixturePath(QStringLiteral("models/%1/config.json").arg(model.c_str())));
}

sa::ModelConfig tinyRoberta() {
    return sa::readModelConfig(sa_test::fixturePath("models/tiny-roberta/config.json"));
}

// Compares one param_counts.json entry; returns the mismatches.
QStringList compareCounts(const std::string& label, const sa::ModelConfig& config, const sa::AdapterOptions& options,
                          const json& expected) {
    const auto b = sa::computeBudget(config, options);
    QStringList problems;
    auto check = [&](const char* field, int64_t actual) {
        const auto want = expected.at(field).get<int64_t>();
        if (actual != want)
            problems << QStringLiteral("%1 %2: %3, expected %4").arg(label.c_str(), field).arg(actual).arg(want);
    };
    check("trainable", b.trainable());
    check("masked_prunable", b.adapterWeights);
    check("masked_tensors", b.maskedTensors);
    check("total_params", b.total());
    check("trainable_prompt_model", b.prefix);
    return problems;
}

} // namespace

class TestBudget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsMatchTheReferenceForEveryParamCountsEntry() {
        SA_REQUIRE_FIXTURE("adapters/param_counts.json");
        const auto counts = sa_test::readJson(sa_test::fixturePath("adapters/param_counts.json"));
        QStringList problems;
        int compared = 0;
        // tiny: the fixture cases' own official arguments (case.json → tune_args).
        for (const auto& [model, configs] : counts.at("tiny").items())
            for (const auto& [name, expected] : configs.items()) {
                const auto caseJson = QStringLiteral("adapters/%1/%2/case.json").arg(model.c_str(), name.c_str());
                SA_REQUIRE_FIXTURE(caseJson);
                const auto path = sa_test::fixturePath(caseJson);
                const auto options =
                    sa::AdapterOptions::fromTuneArguments(sa_test::readJson(path).at("tune_args").dump(), path);
                QVERIFY(!options.trainHead); // the reference freezes the head
                problems << compareCounts(model + "/" + name, configFor(model), options, expected);
                ++compared;
            }
        // real: the presets, with `bottleneck_meaning`'s sizes.
        for (const auto& [model, configs] : counts.at("real").items()) {
            const auto config = configFor(model);
            for (const auto& [name, sizes] : configs.items())
                for (const auto& [bn, expected] : sizes.items()) {
                    const auto options = sa::AdapterOptions::preset(name, std::stoll(bn)).asReference();
                    const auto label = model + "/" + name + "/" + bn;
                    problems << compareCounts(label, config, options, expected);
                    ++compared;
                    const auto& density = expected.at("density_for_same_nonzeros_as_bn64");
                    if (density.is_null()) continue;
                    // Large-Sparse: at that density the bn-wide adapter keeps
                    // exactly as many prunable weights as the dense bn = 64 one.
                    const auto base = sa::computeBudget(config, sa::AdapterOptions::preset(name, 64));
                    const auto wide = sa::computeBudget(config, options, density.get<double>());
                    if (wide.adapterWeightsKept != base.adapterWeights)
                        problems << QStringLiteral("%1: kept %2 at density %3, expected %4")
                                        .arg(label.c_str())
                                        .arg(wide.adapterWeightsKept)
                                        .arg(density.get<double>())
                                        .arg(base.adapterWeights);
                }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QVERIFY(compared >= 12);
    }

    void backboneAndHeadEqualAnInstantiatedModel() {
        SA_REQUIRE_FIXTURE("models");
        int compared = 0;
        for (const auto& dir : sa_test::fixtureModelDirs()) {
            const auto config = sa::readModelConfig((dir + "/config.json").toStdString());
            const auto model = sa::createModel(config, sa::defaultTaskHead(config));
            const auto b = sa::computeBudget(config, sa::AdapterOptions{});
            QCOMPARE(b.backbone + b.head, sa::countParameters(*model));
            QCOMPARE(b.total(), b.backbone + b.head);
            ++compared;
        }
        QVERIFY(compared >= 2);
    }

    // The analytic budget equals what attachAdapters really builds, part by
    // part, on every fixture backbone (BART included) and every preset it
    // accepts; the presets it refuses are refused by the budget too.
    void analyticBudgetEqualsTheAttachedModel() {
        SA_REQUIRE_FIXTURE("models");
        int compared = 0;
        for (const auto& dir : sa_test::fixtureModelDirs()) {
            const auto name = QFileInfo(dir).fileName();
            const auto config = sa::readModelConfig((dir + "/config.json").toStdString());
            for (const auto& preset : sa::AdapterOptions::presetNames()) {
                const auto options = sa::AdapterOptions::preset(preset, 6).asReference();
                auto model = sa::createModel(config, sa::defaultTaskHead(config));
                bool attached = true;
                try {
                    sa::attachAdapters(*model, options);
                } catch (const sa::Error&) {
                    attached = false;
                }
                if (!attached) {
                    if (config.architecture == sa::Architecture::Bart)
                        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(config, options));
                    continue;
                }
                const auto b = sa::computeBudget(config, options);
                int64_t masked = 0, prefix = 0, otherAdapter = 0;
                const auto maskedWeights = sa::maskedWeights(*model);
                for (const auto& m : maskedWeights)
                    masked += m.weight.numel();
                for (const auto& p : model->named_parameters(true)) {
                    if (p.key().rfind("prompt_model.", 0) == 0)
                        prefix += p.value().numel();
                    else if (sa::isAdapterParameter(p.key()))
                        otherAdapter += p.value().numel();
                }
                const auto label = (name + "/" + QString::fromStdString(preset)).toStdString();
                QVERIFY2(b.adapterWeights == masked, label.c_str());
                QVERIFY2(b.maskedTensors == int64_t(maskedWeights.size()), label.c_str());
                QVERIFY2(b.prefix == prefix, label.c_str());
                QVERIFY2(b.biasesAndNorms == otherAdapter - masked, label.c_str());
                QVERIFY2(b.total() == sa::countParameters(*model), label.c_str());
                ++compared;
            }
        }
        QVERIFY(compared >= 10);
    }

    void headCountsAsTrainableOnlyWhenTrained() {
        const auto config = sa::geometryConfig("roberta-base");
        auto options = sa::AdapterOptions::preset("houlsby", 64);
        options.trainHead = true;
        const auto trained = sa::computeBudget(config, options, 0.5);
        QCOMPARE(trained.head, int64_t(768 * 768 + 768 + 768 * 2 + 2)); // classifier.dense + out_proj
        QCOMPARE(trained.trainable(), trained.adapterParameters() + trained.head);
        QCOMPARE(trained.effectiveTrainable(), trained.adapterNonZeros() + trained.head);
        const auto frozen = sa::computeBudget(config, options.asReference(), 0.5);
        QCOMPARE(frozen.trainable(), frozen.adapterParameters());
        QCOMPARE(frozen.adapterWeightsKept, frozen.adapterWeights / 2);
        QCOMPARE(frozen.percentOfBackbone(frozen.backbone), 100.0);
    }

    void bartRefusesWhatTheReferenceRefuses() {
        const auto bart = sa::geometryConfig("bart-large");
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(bart, sa::AdapterOptions::preset("lora", 8)));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(bart, sa::AdapterOptions::preset("pfeiffer", 8)));
        // houlsby: 12 encoder + 24 decoder attention adapters + 24 FFN adapters, two masked matrices each.
        QCOMPARE(sa::computeBudget(bart, sa::AdapterOptions::preset("houlsby", 64)).maskedTensors, int64_t(2 * 60));
    }

    void invalidOptionsAndDensitiesThrow() {
        const auto config = sa::geometryConfig("bert-base");
        auto options = sa::AdapterOptions::preset("pfeiffer", 8);
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(config, options, 1.5));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(config, options, -0.1));
        QVERIFY_THROWS_EXCEPTION(sa::Error,
                                 sa::computeBudget(config, options, std::numeric_limits<double>::quiet_NaN()));
        options.ffnBn = 0;
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::computeBudget(config, options));
    }

    void densityAndSparsityConvertInOnePlace() {
        QCOMPARE(sa::densityFromSparsity(0.4), 0.6);
        QCOMPARE(sa::sparsityFromDensity(0.6), 0.4);
        QCOMPARE(sa::densityFromSparsity(0.0), 1.0);
        QCOMPARE(sa::sparsityFromDensity(1.0), 0.0);
        for (double s : {0.0, 0.25, 0.5, 0.875, 1.0})
            QCOMPARE(sa::sparsityFromDensity(sa::densityFromSparsity(s)), s);
    }

    void globalKeptCountRoundsAsTheReferencePruner() {
        // k = ceil((1 − density) · N) pruned.
        QCOMPARE(sa::globalPrunedCount(2048, 0.6), int64_t(820));
        QCOMPARE(sa::globalKeptCount(2048, 0.2), int64_t(409));
        QCOMPARE(sa::globalKeptCount(2048, 1.0), int64_t(2048));
        QCOMPARE(sa::globalKeptCount(2048, 0.0), int64_t(0));
        // The reference's float rounding: density 1/3 of 3·m weights prunes 2m + 1.
        QCOMPARE(sa::globalKeptCount(3 * 1179648, 1.0 / 3.0), int64_t(1179648 - 1));

        // Every global pruning run of the fixtures records its k.
        SA_REQUIRE_FIXTURE("pruning");
        QDir pruning(QDir(sa_test::fixturesRoot()).filePath("pruning"));
        int compared = 0;
        for (const auto& name : pruning.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const auto path = pruning.filePath(name + "/pruning.json").toStdString();
            if (!QFileInfo::exists(QString::fromStdString(path))) continue;
            const auto j = sa_test::readJson(path);
            const auto options = sa::AdapterOptions::fromTuneArguments(j.at("tune_args").dump(), path);
            const int64_t n = sa::computeBudget(configFor(j.at("model").get<std::string>()), options).adapterWeights;
            for (const auto& [pruner, p] : j.at("pruners").items()) {
                if (!p.contains("runs")) continue;
                for (const auto& [run, r] : p.at("runs").items()) {
                    if (run.rfind("global.d", 0) != 0 || !r.contains("threshold")) continue;
                    const double density = std::stod(run.substr(8));
                    QVERIFY2(sa::globalPrunedCount(n, density) == r.at("threshold").at("k").get<int64_t>(),
                             qPrintable(QStringLiteral("%1 %2 %3").arg(name, pruner.c_str(), run.c_str())));
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 0);
    }

    void largeSparsePlanWidensByKAndPrunesTo1OverK() {
        const auto roberta = sa::geometryConfig("roberta-base");
        for (const auto& name : {"houlsby", "pfeiffer", "parallel", "lora", "mam"}) {
            const auto base = sa::AdapterOptions::preset(name, 64);
            const auto plan = sa::planLargeSparse(roberta, base, 8);
            QCOMPARE(plan.rows.size(), std::size_t(8));
            QCOMPARE(plan.base.density, 1.0);
            QCOMPARE(plan.base.keptWeights, plan.base.prunableWeights);
            const auto dense = sa::computeBudget(roberta, base);
            QCOMPARE(plan.base.nonZeros, dense.adapterParameters());
            int64_t previousBiases = 0;
            for (const auto& r : plan.rows) {
                const QByteArray where = QStringLiteral("%1 k=%2").arg(name).arg(r.k).toUtf8();
                const char* label = where.constData();
                QVERIFY2(r.attnBn == (base.attnMode == sa::AttnMode::Prefix ? 0 : r.k * base.attnBn), label);
                QVERIFY2(r.ffnBn == r.k * base.ffnBn, label);
                QVERIFY2(r.prunableWeights == r.k * plan.base.prunableWeights, label);
                QVERIFY2(r.keptWeights == r.prunableWeights / r.k, label);
                QVERIFY2(std::abs(r.density - 1.0 / r.k) < 1e-12, label);
                QVERIFY2(r.sparsity == sa::sparsityFromDensity(r.density), label);
                // Biases and LayerNorms grow with the width and are never pruned.
                QVERIFY2(r.biasesAndNorms > previousBiases || r.biasesAndNorms == 0, label);
                previousBiases = r.biasesAndNorms;
                QVERIFY2(r.prefix == plan.base.prefix, label);
                QVERIFY2(r.nonZeros == r.keptWeights + r.biasesAndNorms + r.prefix, label);
                QVERIFY2(r.nominal == r.prunableWeights + r.biasesAndNorms + r.prefix, label);
                QVERIFY2(r.ratioToBase >= 1.0, label);
                // The row's density reproduces its kept count through the budget.
                const auto wide = sa::computeBudget(roberta, sa::widenedBy(base, r.k), r.density);
                QVERIFY2(wide.adapterWeightsKept == r.keptWeights, label);
            }
            QCOMPARE(plan.rows.front().nonZeros, plan.base.nonZeros);
        }
        // houlsby b = 64 on roberta-base: each adapter adds bn + d + 2d biases/norms.
        const auto plan = sa::planLargeSparse(roberta, sa::AdapterOptions::preset("houlsby", 64), 4);
        QCOMPARE(plan.rows[3].biasesAndNorms, int64_t(24 * (256 + 768 + 2 * 768)));
    }

    void largeSparsePlanNotesAWidthEqualToTheHiddenSize() {
        // The official masked_parameters pairs masks with weights by shape (fixtures README 4).
        SA_REQUIRE_FIXTURE("models/tiny-roberta/config.json");
        // A base width that reaches the hidden size d at a factor k, and
        // only there, whatever the fixture's geometry.
        const auto config = tinyRoberta();
        const int64_t d = config.hidden;
        const int64_t base = d % 4 == 0 ? d / 4 : 1;
        const int k = static_cast<int>(d / base);
        const auto plan = sa::planLargeSparse(config, sa::AdapterOptions::preset("pfeiffer", base), k + 1);
        QVERIFY(!plan.notes.empty());
        const std::string expected = "k = " + std::to_string(k) + ": width " + std::to_string(d) + " ";
        for (const auto& note : plan.notes)
            QVERIFY2(note.rfind(expected, 0) == 0, note.c_str());
    }

    void largeSparsePlanRefusesWhatCannotBePruned() {
        const auto roberta = sa::geometryConfig("roberta-base");
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::planLargeSparse(roberta, sa::AdapterOptions::preset("prefix", 64)));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::planLargeSparse(roberta, sa::AdapterOptions::preset("lora", 8), 0));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::widenedBy(sa::AdapterOptions::preset("lora", 8), 0));
    }

    void solvedSparsityHitsTheTargetExactly() {
        std::vector<sa::ModelConfig> configs{sa::geometryConfig("roberta-base")};
        if (QFileInfo::exists(QString::fromStdString(sa_test::fixturePath("models/tiny-roberta/config.json"))))
            configs.push_back(tinyRoberta());
        for (const auto& config : configs)
            for (const auto& name : {"houlsby", "lora", "mam"}) {
                const auto options = sa::AdapterOptions::preset(name, 16);
                const auto dense = sa::computeBudget(config, options);
                const int64_t fixed = dense.biasesAndNorms + dense.prefix;
                const int64_t n = dense.adapterWeights;
                for (const int64_t kept : {int64_t(0), int64_t(1), n / 3, n / 2, n / 7 + 5, n - 1, n}) {
                    const double sparsity = sa::solveSparsityForBudget(config, options, fixed + kept);
                    QVERIFY(sparsity >= 0.0 && sparsity <= 1.0);
                    const auto b = sa::computeBudget(config, options, sa::densityFromSparsity(sparsity));
                    QVERIFY2(
                        b.adapterNonZeros() == fixed + kept,
                        qPrintable(QStringLiteral("%1 kept %2: got %3").arg(name).arg(kept).arg(b.adapterWeightsKept)));
                }
                QCOMPARE(sa::solveSparsityForBudget(config, options, fixed + n / 2), 0.5);
                QVERIFY_THROWS_EXCEPTION(sa::Error, sa::solveSparsityForBudget(config, options, fixed - 1));
                QVERIFY_THROWS_EXCEPTION(sa::Error, sa::solveSparsityForBudget(config, options, fixed + n + 1));
            }
    }

    void solverGivesTheLargeSparseBudgetOfAWideAdapter() {
        // A 4× wider houlsby adapter with the non-zeros of the dense base.
        const auto config = sa::geometryConfig("bert-base");
        const auto base = sa::computeBudget(config, sa::AdapterOptions::preset("houlsby", 64));
        const auto wide = sa::AdapterOptions::preset("houlsby", 256);
        const double sparsity = sa::solveSparsityForBudget(config, wide, base.adapterNonZeros() + 1000);
        const auto b = sa::computeBudget(config, wide, sa::densityFromSparsity(sparsity));
        QCOMPARE(b.adapterNonZeros(), base.adapterNonZeros() + 1000);
        QVERIFY(sparsity > 0.75); // its larger biases leave fewer weights than 1/4
    }

    void tablesShowCountsAndMarkTheChosenK() {
        QCOMPARE(sa::groupThousands(0), std::string("0"));
        QCOMPARE(sa::groupThousands(999), std::string("999"));
        QCOMPARE(sa::groupThousands(1000), std::string("1,000"));
        QCOMPARE(sa::groupThousands(2416128), std::string("2,416,128"));
        QCOMPARE(sa::groupThousands(-1234567), std::string("-1,234,567"));

        const auto config = sa::geometryConfig("roberta-base");
        const auto options = sa::AdapterOptions::preset("houlsby", 64).asReference();
        const auto budget = QString::fromStdString(sa::formatBudget(sa::computeBudget(config, options), "houlsby, 64"));
        QVERIFY(budget.contains("houlsby, 64"));
        QVERIFY(budget.contains("2,359,296"));   // prunable weights
        QVERIFY(budget.contains("127,063,298")); // total, as the reference counts it
        QVERIFY(budget.contains("task head (frozen)"));

        const auto plan = QString::fromStdString(sa::formatPlan(sa::planLargeSparse(config, options), "houlsby", 4));
        const auto lines = plan.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 1 + 1 + 8); // title, header, base, k = 1..8
        int marked = 0;
        for (const auto& line : lines)
            if (line.trimmed().startsWith("=>")) {
                ++marked;
                QVERIFY(line.contains(" 256 ") && line.contains("0.2500"));
            }
        QCOMPARE(marked, 1);
    }
};

QTEST_GUILESS_MAIN(TestBudget)
#include "test_budget.moc"
