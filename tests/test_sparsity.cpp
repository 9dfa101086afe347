// Sparsity bookkeeping: Erdős–Rényi densities against every example of the
// pruning fixtures (er_example.json and each pruning.json → erdos_renyi,
// discovered from the files) plus its clipping rules; mask statistics
// against the fixture masks of every pruning run (per tensor, per layer, per
// module, overall) and BART's encoder/decoder, self/cross classification;
// score histograms that account for every score.
#include "test_support.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/pretrained.h"
#include "sparsity/erdos_renyi.h"
#include "sparsity/mask_statistics.h"
#include "sparsity/score_histogram.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>

using nlohmann::json;

namespace {

QString pruningDir() {
    return QDir(sa_test::fixturesRoot()).filePath("pruning");
}

// Every pruning/*/pruning.json, sorted.
QStringList pruningCaseDirs() {
    QStringList dirs;
    for (const auto& file : sa_test::filesUnder(pruningDir(), {QStringLiteral("pruning.json")}))
        dirs << QFileInfo(file).absolutePath();
    return dirs;
}

bool closeRelative(double actual, double expected, double rtol) {
    return std::abs(actual - expected) <= rtol * std::max(1.0, std::abs(expected));
}

// Tensor shapes by official weight name: er_example.json lists them; a
// pruning case has them in its score files (keys = official weight names).
std::map<std::string, std::pair<int64_t, int64_t>> erShapes(const QString& file, const json& j) {
    std::map<std::string, std::pair<int64_t, int64_t>> shapes;
    if (j.contains("shapes")) {
        for (const auto& [name, shape] : j.at("shapes").items())
            shapes[name] = {shape.at(0).get<int64_t>(), shape.at(1).get<int64_t>()};
        return shapes;
    }
    const QDir dir = QFileInfo(file).absoluteDir();
    const auto scoreFiles = dir.entryList({"scores.*.safetensors"}, QDir::Files, QDir::Name);
    if (scoreFiles.isEmpty()) return shapes;
    const auto scores = sa::SafetensorsFile::open(dir.filePath(scoreFiles.first()).toStdString());
    for (const auto& e : scores.entries())
        if (e.shape.size() == 2) shapes[e.name] = {e.shape[0], e.shape[1]};
    return shapes;
}

sa::LanguageModel adaptedModel(const std::string& model, const sa::AdapterOptions& options) {
    auto m = sa::loadPretrained(sa_test::fixturePath(QStringLiteral("models/%1").arg(model.c_str()))).model;
    sa::attachAdapters(*m, options);
    return m;
}

// Per-layer, per-module and overall counts are the sums of the per-tensor ones.
QStringList checkAggregation(const sa::MaskStatistics& s) {
    QStringList problems;
    std::map<std::pair<int, int>, sa::MaskCount> perLayer;
    std::map<int, sa::MaskCount> perModule;
    sa::MaskCount overall;
    for (const auto& t : s.tensors) {
        perLayer[{static_cast<int>(t.site.stack), t.site.layer}] += t.count;
        perModule[static_cast<int>(t.site.module)] += t.count;
        overall += t.count;
    }
    if (s.layers.size() != perLayer.size())
        problems << QStringLiteral("%1 layers, expected %2").arg(s.layers.size()).arg(perLayer.size());
    for (const auto& l : s.layers) {
        const auto& want = perLayer[{static_cast<int>(l.stack), l.layer}];
        sa::MaskCount modules;
        for (const auto& m : l.modules)
            modules += m.count;
        if (l.count.kept != want.kept || l.count.total != want.total || modules.kept != want.kept ||
            modules.total != want.total)
            problems << QStringLiteral("layer %1 %2: %3/%4, tensors sum to %5/%6")
                            .arg(sa::layerStackName(l.stack))
                            .arg(l.layer)
                            .arg(l.count.kept)
                            .arg(l.count.total)
                            .arg(want.kept)
                            .arg(want.total);
    }
    for (const auto& m : s.modules) {
        const auto& want = perModule[static_cast<int>(m.module)];
        if (m.count.kept != want.kept || m.count.total != want.total)
            problems << QStringLiteral("module %1: %2/%3, tensors sum to %4/%5")
                            .arg(sa::maskedModuleName(m.module))
                            .arg(m.count.kept)
                            .arg(m.count.total)
                            .arg(want.kept)
                            .arg(want.total);
    }
    if (s.overall.kept != overall.kept || s.overall.total != overall.total)
        problems << "overall differs from the tensor sum";
    return problems;
}

} // namespace

class TestSparsity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    // ---- Erdős–Rényi ------------------------------------------------------

    void erdosRenyiMatchesEveryFixtureExample_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("target");
        SA_REQUIRE_FIXTURE("pruning");
        const QStringList files = sa_test::filesUnder(pruningDir(), {QStringLiteral("*.json")});
        int rows = 0;
        for (const auto& file : files) {
            const auto j = sa_test::readJson(file);
            // er_example.json holds the allocation at the top level; each
            // pruning.json under "erdos_renyi".
            const json* er = j.contains("erdos_renyi") ? &j.at("erdos_renyi") : &j;
            if (!er->contains("per_target")) continue;
            for (const auto& [target, expected] : er->at("per_target").items()) {
                const auto label = QDir(pruningDir()).relativeFilePath(file) + " @ " + QString::fromStdString(target);
                QTest::newRow(qPrintable(label)) << file << QString::fromStdString(target);
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void erdosRenyiMatchesEveryFixtureExample() {
        QFETCH(QString, file);
        QFETCH(QString, target);
        const auto j = sa_test::readJson(file);
        const json& er = j.contains("erdos_renyi") ? j.at("erdos_renyi") : j;
        const json& expected = er.at("per_target").at(target.toStdString());
        const auto shapes = erShapes(file, j);

        std::vector<std::string> names;
        std::vector<std::pair<int64_t, int64_t>> shapeList;
        for (const auto& [name, density] : expected.at("densities").items()) {
            const auto it = shapes.find(name);
            QVERIFY2(it != shapes.end(), qPrintable(QStringLiteral("no shape for %1").arg(name.c_str())));
            names.push_back(name);
            shapeList.push_back(it->second);
        }
        const auto result = sa::erdosRenyiDensities(shapeList, std::stod(target.toStdString()));

        QStringList problems;
        QCOMPARE(result.densities.size(), names.size());
        for (std::size_t i = 0; i < names.size(); ++i) {
            const double want = expected.at("densities").at(names[i]).get<double>();
            if (std::abs(result.densities[i] - want) > 1e-12)
                problems << QStringLiteral("%1: density %2, expected %3")
                                .arg(names[i].c_str())
                                .arg(result.densities[i], 0, 'g', 17)
                                .arg(want, 0, 'g', 17);
        }
        const double eps = expected.at("eps").get<double>();
        if (!closeRelative(result.eps, eps, 1e-12))
            problems << QStringLiteral("eps %1, expected %2").arg(result.eps, 0, 'g', 17).arg(eps, 0, 'g', 17);
        std::set<std::string> dense, wantDense;
        for (const auto i : result.dense)
            dense.insert(names[i]);
        for (const auto& name : expected.at("dense_tensors"))
            wantDense.insert(name.get<std::string>());
        if (dense != wantDense) problems << QStringLiteral("dense tensors differ");
        for (const auto& [field, actual] :
             {std::pair<const char*, double>{"expected_nonzeros", result.expectedNonZeros},
              {"target_nonzeros", result.targetNonZeros}}) {
            if (!expected.contains(field)) continue;
            const double want = expected.at(field).get<double>();
            if (!closeRelative(actual, want, 1e-12))
                problems
                    << QStringLiteral("%1 %2, expected %3").arg(field).arg(actual, 0, 'g', 17).arg(want, 0, 'g', 17);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void erdosRenyiWithOneRatioIsUniform() {
        // 1/3 + 1/6 = 1/4 + 1/4 = 1/2: every tensor has ratio 1/2.
        const std::vector<std::pair<int64_t, int64_t>> shapes{{3, 6}, {6, 3}, {4, 4}, {4, 4}};
        for (const double target : {0.05, 0.3, 0.6, 0.99}) {
            const auto r = sa::erdosRenyiDensities(shapes, target);
            QVERIFY(r.dense.empty());
            for (const double d : r.densities)
                QVERIFY2(std::abs(d - target) < 1e-15, qPrintable(QString::number(d, 'g', 17)));
            QVERIFY(closeRelative(r.eps, 2 * target, 1e-15));
        }
    }

    void erdosRenyiAtTargetOneMakesEveryTensorDense() {
        const std::vector<std::pair<int64_t, int64_t>> shapes{{8, 32}, {32, 8}, {64, 768}, {2, 3}, {16, 16}};
        const auto r = sa::erdosRenyiDensities(shapes, 1.0);
        QCOMPARE(r.dense.size(), shapes.size());
        for (const double d : r.densities)
            QCOMPARE(d, 1.0);
        QCOMPARE(r.expectedNonZeros, r.targetNonZeros);
        // The smallest ε that makes every tensor dense: 1 / the smallest ratio.
        QVERIFY(closeRelative(r.eps, 64.0 * 768.0 / (64 + 768), 1e-15));
        const auto uniform = sa::erdosRenyiDensities({{4, 4}, {3, 6}}, 1.0);
        QCOMPARE(uniform.densities, (std::vector<double>{1.0, 1.0}));
    }

    void erdosRenyiClippingCascades() {
        // Ratios 2, 1 and 0.04; N = 2505, Σ(n_in + n_out) = 106. At target
        // 0.042 the first solve gives ε = 105.21 / 106 ≈ 0.993: only [1, 1]
        // exceeds 1. Re-solving without it gives ε = 104.21 / 104 > 1, so
        // [2, 2] clips in the second round; the third leaves [50, 50] at
        // (105.21 − 5) / 2500.
        const double target = 0.042;
        const auto r = sa::erdosRenyiDensities({{1, 1}, {2, 2}, {50, 50}}, target);
        QCOMPARE(r.dense, (std::vector<std::size_t>{0, 1}));
        QCOMPARE(r.densities[0], 1.0);
        QCOMPARE(r.densities[1], 1.0);
        QVERIFY(std::abs(r.densities[2] - (target * 2505 - 5) / 2500) < 1e-15);
        QVERIFY(closeRelative(r.eps, (target * 2505 - 5) / 100, 1e-14));
        QVERIFY(closeRelative(r.expectedNonZeros, target * 2505, 1e-14));
    }

    void erdosRenyiClipsEqualRatiosTogether() {
        // [3, 6] and [4, 4] have the same ratio (1/2, from different
        // shapes); both exceed 1 in the first solve and go dense together.
        const auto r = sa::erdosRenyiDensities({{3, 6}, {100, 100}, {4, 4}}, 0.1);
        QCOMPARE(r.dense, (std::vector<std::size_t>{0, 2}));
        QVERIFY(std::abs(r.densities[1] - (0.1 * 10034 - 34) / 10000) < 1e-15);
    }

    void erdosRenyiRejectsBadInput() {
        const std::vector<std::pair<int64_t, int64_t>> ok{{8, 32}};
        for (const double target : {0.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()})
            QVERIFY_THROWS_EXCEPTION(sa::Error, sa::erdosRenyiDensities(ok, target));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::erdosRenyiDensities({}, 0.5));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::erdosRenyiDensities({{8, 32}, {0, 32}}, 0.5));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::erdosRenyiDensities({{8, -1}}, 0.5));
        try {
            sa::erdosRenyiDensities({{8, 32}, {0, 32}}, 0.5);
        } catch (const sa::Error& e) {
            QVERIFY2(QString(e.what()).contains("tensor 1"), e.what());
        }
    }

    // ---- mask statistics --------------------------------------------------

    void maskStatisticsCountEveryFixtureMask_data() {
        QTest::addColumn<QString>("caseDir");
        QTest::addColumn<QString>("pruner");
        QTest::addColumn<QString>("run");
        SA_REQUIRE_FIXTURE("pruning");
        int rows = 0;
        for (const auto& dir : pruningCaseDirs()) {
            const auto j = sa_test::readJson(dir + "/pruning.json");
            for (const auto& [pruner, spec] : j.at("pruners").items())
                for (const auto& [run, result] : spec.at("runs").items()) {
                    if (!result.contains("masks_file") || !result.at("masks_file").is_string()) continue;
                    const auto label =
                        QStringLiteral("%1/%2.%3").arg(QFileInfo(dir).fileName(), pruner.c_str(), run.c_str());
                    QTest::newRow(qPrintable(label))
                        << dir << QString::fromStdString(pruner) << QString::fromStdString(run);
                    ++rows;
                }
        }
        QVERIFY(rows > 0);
    }

    void maskStatisticsCountEveryFixtureMask() {
        QFETCH(QString, caseDir);
        QFETCH(QString, pruner);
        QFETCH(QString, run);
        const auto path = caseDir + "/pruning.json";
        const auto j = sa_test::readJson(path);
        const auto& result = j.at("pruners").at(pruner.toStdString()).at("runs").at(run.toStdString());
        const auto masksPath = (caseDir + "/" + QString::fromStdString(result.at("masks_file"))).toStdString();
        auto model = adaptedModel(j.at("model"),
                                  sa::AdapterOptions::fromTuneArguments(j.at("tune_args").dump(), path.toStdString()));
        sa::loadAdapterTensors(*model, masksPath);
        const auto s = sa::maskStatistics(*model);
        const auto masks = sa::SafetensorsFile::open(masksPath);

        // Module order is the reference's masked_parameters order.
        const auto& order = j.at("masked_parameters_official_order");
        QCOMPARE(s.tensors.size(), order.size());
        QCOMPARE(s.tensors.size(), masks.entries().size());
        QStringList problems;
        int64_t kept = 0, total = 0;
        for (std::size_t i = 0; i < s.tensors.size(); ++i) {
            const auto& t = s.tensors[i];
            const auto label = QString::fromStdString(t.maskName);
            if (t.maskName != order[i].at(0) || t.weightName != order[i].at(1))
                problems << QStringLiteral("tensor %1 is %2, expected %3")
                                .arg(i)
                                .arg(label, order[i].at(0).get<std::string>().c_str());
            const auto mask = masks.tensor(t.maskName);
            const auto sum = mask.sum().item<double>();
            if (static_cast<double>(t.count.kept) != sum || t.count.total != mask.numel() ||
                t.shape != mask.sizes().vec())
                problems << QStringLiteral("%1: %2/%3, mask sums to %4 of %5")
                                .arg(label)
                                .arg(t.count.kept)
                                .arg(t.count.total)
                                .arg(sum)
                                .arg(mask.numel());
            if (result.contains("kept_per_tensor") &&
                result.at("kept_per_tensor").at(t.maskName).get<int64_t>() != t.count.kept)
                problems << QStringLiteral("%1: kept %2, pruning.json says %3")
                                .arg(label)
                                .arg(t.count.kept)
                                .arg(result.at("kept_per_tensor").at(t.maskName).get<int64_t>());
            // The site parsed from the name, checked against the name's own tokens.
            const auto& name = t.weightName;
            const auto layerToken = ".layer." + std::to_string(t.site.layer) + ".";
            const std::map<sa::MaskedModule, std::string> moduleToken{
                {sa::MaskedModule::AttentionAdapter, ".attention.output.ef_attn_adapter."},
                {sa::MaskedModule::FfnAdapter, ".ef_ffn_adapter."},
                {sa::MaskedModule::LoraQuery, ".attention.self.query.ef_lora_"},
                {sa::MaskedModule::LoraValue, ".attention.self.value.ef_lora_"}};
            const std::map<sa::MaskedPart, std::string> partToken{{sa::MaskedPart::Down, "down_mask"},
                                                                  {sa::MaskedPart::Up, "up_mask"},
                                                                  {sa::MaskedPart::A, "A_mask"},
                                                                  {sa::MaskedPart::B, "B_mask"}};
            const auto module = moduleToken.find(t.site.module);
            if (t.site.layer < 0 || name.find(layerToken) == std::string::npos || module == moduleToken.end() ||
                name.find(module->second) == std::string::npos || t.site.stack != sa::LayerStack::Encoder ||
                t.maskName.substr(t.maskName.rfind('.') + 1) != partToken.at(t.site.part))
                problems << QStringLiteral("%1: parsed as layer %2, %3, %4")
                                .arg(label)
                                .arg(t.site.layer)
                                .arg(sa::maskedModuleName(t.site.module), sa::maskedPartName(t.site.part));
            kept += t.count.kept;
            total += t.count.total;
        }
        problems << checkAggregation(s);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QCOMPARE(s.overall.kept, kept);
        QCOMPARE(s.overall.total, total);
        if (result.contains("achieved_density_overall")) {
            const double achieved = result.at("achieved_density_overall").get<double>();
            QCOMPARE(s.overall.kept, sa_test::keptCountOf(achieved, s.overall.total));
            QVERIFY(std::abs(s.overall.density() - achieved) <= sa_test::kFloat32DensityTolerance);
        }

        const auto table = QString::fromStdString(sa::formatMaskStatistics(s));
        QVERIFY2(table.contains(QStringLiteral("%1 / %2").arg(s.overall.kept).arg(s.overall.total)), qPrintable(table));
        QVERIFY2(table.contains(QString::number(s.overall.density(), 'f', 4)), qPrintable(table));
        for (const auto& l : s.layers)
            for (const auto& m : l.modules)
                QVERIFY2(table.contains(
                             QRegularExpression(QStringLiteral("\\n%1 +%2 +%3 / %4 ")
                                                    .arg(l.layer)
                                                    .arg(QRegularExpression::escape(sa::maskedModuleName(m.module)))
                                                    .arg(m.count.kept)
                                                    .arg(m.count.total))),
                         qPrintable(table));
    }

    void maskStatisticsTellBartEncoderDecoderSelfAndCross() {
        SA_REQUIRE_FIXTURE("models/tiny-bart");
        auto model = adaptedModel("tiny-bart", sa::AdapterOptions::preset("houlsby", 8));
        const auto weights = sa::maskedWeights(*model);
        {
            // Tensor i loses its first i + 1 entries, so every count differs.
            torch::NoGradGuard noGrad;
            for (std::size_t i = 0; i < weights.size(); ++i)
                weights[i].mask.view(-1).slice(0, 0, static_cast<int64_t>(i) + 1).zero_();
        }
        const auto s = sa::maskStatistics(*model);
        const auto& c = model->config();
        QCOMPARE(static_cast<int64_t>(s.tensors.size()), 2 * (2 * c.encoderLayers + 3 * c.decoderLayers));
        QStringList problems;
        for (std::size_t i = 0; i < s.tensors.size(); ++i) {
            const auto& t = s.tensors[i];
            const auto& name = t.weightName;
            const auto expectedStack =
                name.find(".decoder.layers.") != std::string::npos ? sa::LayerStack::Decoder : sa::LayerStack::Encoder;
            const auto expectedModule = name.find(".self_attn.ef_attn_adapter.") != std::string::npos
                                            ? sa::MaskedModule::SelfAttentionAdapter
                                        : name.find(".encoder_attn.ef_attn_adapter.") != std::string::npos
                                            ? sa::MaskedModule::CrossAttentionAdapter
                                            : sa::MaskedModule::FfnAdapter;
            if (t.site.stack != expectedStack || t.site.module != expectedModule ||
                name.find("layers." + std::to_string(t.site.layer) + ".") == std::string::npos ||
                t.count.kept != t.count.total - static_cast<int64_t>(i) - 1)
                problems << QStringLiteral("%1: %2 %3 %4, %5/%6")
                                .arg(name.c_str(), sa::layerStackName(t.site.stack))
                                .arg(t.site.layer)
                                .arg(sa::maskedModuleName(t.site.module))
                                .arg(t.count.kept)
                                .arg(t.count.total);
        }
        problems << checkAggregation(s);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));

        QCOMPARE(static_cast<int64_t>(s.layers.size()), c.encoderLayers + c.decoderLayers);
        for (std::size_t i = 0; i < s.layers.size(); ++i) {
            const auto& l = s.layers[i];
            const bool decoder = static_cast<int64_t>(i) >= c.encoderLayers;
            QCOMPARE(l.stack, decoder ? sa::LayerStack::Decoder : sa::LayerStack::Encoder);
            QCOMPARE(static_cast<int64_t>(l.layer),
                     decoder ? static_cast<int64_t>(i) - c.encoderLayers : static_cast<int64_t>(i));
            QCOMPARE(l.modules.size(), decoder ? std::size_t{3} : std::size_t{2});
        }
        const auto table = QString::fromStdString(sa::formatMaskStatistics(s));
        QVERIFY2(table.contains(QStringLiteral("decoder %1  cross-attention adapter").arg(c.decoderLayers - 1)),
                 qPrintable(table));
        QVERIFY2(table.contains(QStringLiteral("encoder 0  self-attention adapter")), qPrintable(table));
    }

    // ---- score histograms -------------------------------------------------

    void scoreHistogramsAccountForEveryFixtureScore() {
        SA_REQUIRE_FIXTURE("pruning");
        int files = 0;
        for (const auto& dir : pruningCaseDirs())
            for (const auto& file : QDir(dir).entryList({"scores.*.safetensors"}, QDir::Files, QDir::Name)) {
                const auto scores = sa::SafetensorsFile::open(QDir(dir).filePath(file).toStdString());
                std::vector<torch::Tensor> tensors;
                int64_t numel = 0, zeros = 0;
                for (const auto& [name, t] : scores.tensors()) {
                    tensors.push_back(t);
                    numel += t.numel();
                    zeros += (t == 0).sum().item<int64_t>();
                }
                for (const bool logScale : {true, false}) {
                    const auto h = sa::scoreHistogram(tensors, 20, logScale);
                    const auto label =
                        QStringLiteral("%1/%2 %3").arg(QFileInfo(dir).fileName(), file, logScale ? "log" : "linear");
                    QVERIFY2(h.total == numel, qPrintable(label));
                    QVERIFY2(h.zeros == zeros, qPrintable(label));
                    QVERIFY2(h.binned() + h.nonFinite + (logScale ? h.zeros : 0) == numel, qPrintable(label));
                    QCOMPARE(h.counts.size(), std::size_t{20});
                    QCOMPARE(h.edges.size(), std::size_t{21});
                    QVERIFY2(std::is_sorted(h.edges.begin(), h.edges.end()), qPrintable(label));
                    if (logScale) QVERIFY2(h.edges.front() > 0.0, qPrintable(label));
                }
                ++files;
            }
        QVERIFY(files > 0);
    }

    void scoreHistogramBinsLogMagnitudesAndCountsZerosApart() {
        const double inf = std::numeric_limits<double>::infinity();
        const auto scores = torch::tensor({0.0, 1e-7, 3e-6, 0.0, 3e-4, -3e-4, 1e-2, inf}, torch::kFloat64);
        // log10|s|: -7, -5.52, -3.52 (twice), -2 over 5 unit-wide bins from -7 to -2.
        const auto h = sa::scoreHistogram({scores.reshape({2, 4})}, 5, true);
        QCOMPARE(h.counts, (std::vector<int64_t>{1, 1, 0, 2, 1}));
        QCOMPARE(h.zeros, int64_t{2});
        QCOMPARE(h.nonFinite, int64_t{1});
        QCOMPARE(h.total, int64_t{8});
        QVERIFY(closeRelative(h.edges.front() * 1e7, 1.0, 1e-12));
        QVERIFY(closeRelative(h.edges.back() * 1e2, 1.0, 1e-12));

        // Linear bins keep the sign and the zeros.
        const auto linear = sa::scoreHistogram({scores}, 4, false);
        QCOMPARE(linear.binned(), int64_t{7});
        QCOMPARE(linear.edges.front(), -3e-4);
        QCOMPARE(linear.edges.back(), 1e-2);
        QCOMPARE(linear.counts.back(), int64_t{1}); // the maximum lies in the closed last bin

        const auto single = sa::scoreHistogram({torch::full({3}, 0.5)}, 3, false);
        QCOMPARE(single.counts, (std::vector<int64_t>{0, 3, 0}));
        const auto none = sa::scoreHistogram({torch::zeros({4})}, 3, true);
        QCOMPARE(none.zeros, int64_t{4});
        QVERIFY(none.edges.empty() && none.counts.empty());
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::scoreHistogram({scores}, 0, true));
    }
};

QTEST_GUILESS_MAIN(TestSparsity)
#include "test_sparsity.moc"
