// AdapterFusion. The layer against AdapterHub's BertFusion on every case of
// fixtures/fusion (discovered from fusion.json, so any fixture set of the
// layout): outputs, attention probabilities, the temperature's earlier calls
// and its value after the last, the regulariser, and the gradient of every
// parameter and input. Then the two stages on the built-in model: config
// keys, mismatched sources named, stage-2 freezing (sources bit-identical),
// the regulariser's step, the attention tally, one-source static fusion equal
// to its source at every placement, the budget split, fusion pruning, and
// the temperature across a checkpoint.
#include "fusion_runs.h"
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/adapter_fusion.h"
#include "adapters/attach.h"
#include "experiment/config_check.h"
#include "experiment/fusion_sources.h"
#include "experiment/report_tables.h"
#include "experiment/task_setup.h"
#include "io/safetensors.h"
#include "sparsity/budget_table.h"
#include "sparsity/density.h"
#include "train/trainer.h"

#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <set>

namespace {

using sa_test::errorOf;

nlohmann::json fusionIndex() {
    return sa_test::readJson(sa_test::fixturePath(QStringLiteral("fusion/fusion.json")));
}

#define EXPECT_CLOSE(actual, expected, atol, rtol, what)                                                               \
    do {                                                                                                               \
        bool ok_ = false;                                                                                              \
        const QString how_ = sa_test::closeness(actual, expected, atol, rtol, ok_);                                    \
        QVERIFY2(ok_, qPrintable(QString::fromStdString(what) + ": " + how_));                                         \
    } while (0)

} // namespace

class TestFusion : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string dense_, pruned_, wider_; // stage-1 runs: pfeiffer 8 dense, pfeiffer 8 SNIP, pfeiffer 16

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        dense_ = trainSource(dir_.path(), "dense", "pfeiffer", 8, false, 1);
        pruned_ = trainSource(dir_.path(), "pruned", "pfeiffer", 8, true, 2);
        wider_ = trainSource(dir_.path(), "wider", "pfeiffer", 16, false, 3);
    }

    void matchesAdapterHubOnEveryCase_data() {
        QTest::addColumn<int>("index");
        const auto index = fusionIndex();
        QVERIFY(!index.at("cases").empty());
        for (std::size_t i = 0; i < index.at("cases").size(); ++i)
            QTest::newRow(index["cases"][i].at("name").get<std::string>().c_str()) << static_cast<int>(i);
    }

    void matchesAdapterHubOnEveryCase() {
        QFETCH(int, index);
        const auto fixture = fusionIndex();
        const auto& c = fixture.at("cases").at(static_cast<std::size_t>(index));
        const auto& tol = fixture.at("tolerance");
        const double atol = tol.at("atol"), rtol = tol.at("rtol"), gatol = tol.at("grad_atol"),
                     grtol = tol.at("grad_rtol");
        const auto file = sa::SafetensorsFile::open(
            sa_test::fixturePath(QStringLiteral("fusion/") + QString::fromStdString(c.at("file"))));
        const auto t = [&](const std::string& name) { return file.tensor(name).clone(); };

        torch::manual_seed(0);
        sa::AdapterFusion layer(c.at("hidden").get<int64_t>(),
                                sa::FusionOptions::fromJson(c.at("config").dump(), "fusion.json"));
        layer->eval();
        // Every parameter has its fixture tensor, and every fixture parameter its parameter.
        std::set<std::string> fixtureParams;
        for (const auto& e : file.entries())
            if (e.name.rfind("param.", 0) == 0) fixtureParams.insert(e.name.substr(6));
        std::set<std::string> ours;
        {
            torch::NoGradGuard noGrad;
            for (auto& p : layer->named_parameters()) {
                ours.insert(p.key());
                QVERIFY2(fixtureParams.count(p.key()), p.key().c_str());
                p.value().copy_(t("param." + p.key()));
            }
        }
        QCOMPARE(ours, fixtureParams);

        const auto query = t("query").requires_grad_(true);
        const auto adapters = t("adapter_outputs").requires_grad_(true);
        const auto residual = t("residual").requires_grad_(true);
        const auto calls = c.at("temperature_per_call").size();
        QVERIFY(calls >= 1);
        torch::Tensor firstProbs;
        sa::FusionOutput last;
        for (std::size_t call = 0; call < calls; ++call) {
            QCOMPARE(layer->temperature(), c["temperature_per_call"][call].get<double>());
            if (call + 1 < calls) {
                torch::NoGradGuard noGrad;
                const auto out = layer->forward(query, adapters, residual);
                if (call == 0) firstProbs = out.attentionProbs;
                EXPECT_CLOSE(out.output, t("output_call" + std::to_string(call)), atol, rtol,
                             "output of call " + std::to_string(call));
            } else {
                last = layer->forward(query, adapters, residual);
                if (call == 0) firstProbs = last.attentionProbs;
            }
        }
        QCOMPARE(layer->temperature(), c.at("T_after_last_call").get<double>());
        EXPECT_CLOSE(last.output, t("output"), atol, rtol, std::string("output"));
        // The fixture's probabilities are a first call's (a fresh layer's T).
        EXPECT_CLOSE(firstProbs, t("attention_probs"), atol, rtol, std::string("attention_probs"));
        QVERIFY(torch::allclose(firstProbs.sum(-1), torch::ones_like(firstProbs.sum(-1))));

        auto objective = (last.output * t("loss_weight")).sum();
        const double term = c.at("output_term").get<double>();
        QVERIFY2(std::abs(objective.item<double>() - term) <= 1e-5 * (1.0 + std::abs(term)),
                 qPrintable(QStringLiteral("output term %1, AdapterHub %2").arg(objective.item<double>()).arg(term)));
        const bool regularized = !c.at("regularization_loss").is_null();
        const auto regularization = layer->regularizationLoss();
        if (regularized) {
            EXPECT_CLOSE(regularization, t("regularization_loss"), atol, rtol, std::string("regularization_loss"));
            objective = objective + regularization;
        } else {
            QCOMPARE(regularization.item<double>(), 0.0);
        }
        objective.backward();

        for (auto& p : layer->named_parameters())
            EXPECT_CLOSE(p.value().grad(), t("grad." + p.key()), gatol, grtol, "grad." + p.key());
        EXPECT_CLOSE(query.grad(), t("grad.query"), gatol, grtol, std::string("grad.query"));
        EXPECT_CLOSE(adapters.grad(), t("grad.adapter_outputs"), gatol, grtol, std::string("grad.adapter_outputs"));
        EXPECT_CLOSE(residual.grad(), t("grad.residual"), gatol, grtol, std::string("grad.residual"));
    }

    void initialisationFollowsAdapterHub() {
        torch::manual_seed(1);
        sa::AdapterFusion dynamic(16, sa::FusionOptions::preset("dynamic"));
        const auto params = dynamic->named_parameters();
        QVERIFY(params.contains("query.weight") && params.contains("key.bias") && params.contains("value.weight"));
        QVERIFY(!params.contains("value.bias"));
        const auto v = params["value.weight"];
        QVERIFY(torch::equal(v.diagonal(), torch::ones({16})));
        QCOMPARE((v - torch::eye(16)).abs().max().item<float>(), 1e-6f);
        QCOMPARE(params["query.bias"].abs().max().item<float>(), 0.0f);
        QCOMPARE(dynamic->temperature(), 1.0);
        const double offDiagonal = 0.01 * 1e-6 * 1e-6 * (16 * 16 - 16);
        QVERIFY(std::abs(dynamic->regularizationLoss().item<double>() / offDiagonal - 1.0) < 1e-4);

        sa::AdapterFusion staticFusion(16, sa::FusionOptions::preset("static"));
        QVERIFY(!staticFusion->named_parameters().contains("value.weight"));
        QCOMPARE(staticFusion->regularizationLoss().item<double>(), 0.0);

        // Annealing: 50 falls by 0.05 per call, never below 1.
        auto annealed = sa::FusionOptions::preset("dynamic");
        annealed.temperature = true;
        sa::AdapterFusion hot(4, annealed);
        const auto x = torch::randn({1, 2, 4}), a = torch::randn({1, 2, 3, 4});
        torch::NoGradGuard noGrad;
        for (int call = 0; call < 1000; ++call)
            hot->forward(x, a, x);
        QVERIFY(std::abs(hot->temperature() - 1.0) < 1e-9);
        hot->forward(x, a, x);
        QCOMPARE(hot->temperature(), 1.0);
    }

    void badConfigsAreNamedByKey() {
        QVERIFY(errorOf([] { sa::FusionOptions::preset("fancy"); }).contains("dynamic, static"));
        QVERIFY(errorOf([] {
                    sa::FusionOptions::fromJson(R"({"value": 1})", "cfg.json");
                }).contains("cfg.json: field 'value' must be true or false"));
        QVERIFY(errorOf([] {
                    sa::FusionOptions::fromJson(R"({"dropout_prob": 1.5})", "cfg.json");
                }).contains("'dropout_prob'"));
        QVERIFY(errorOf([] {
                    sa::FusionOptions::fromJson(R"({"temprature": true})", "cfg.json");
                }).contains("unknown fusion field 'temprature'"));
        const auto o = sa::FusionOptions::fromJson(R"({"value": false, "dropout_prob": null})", "cfg.json");
        QVERIFY(!o.value && o.key && o.query && o.dropoutProb == 0.0);
    }

    // adapter.preset "fusion" and its section: round trip, and every
    // misuse named by its dotted key.
    void fusionConfigIsCheckedByKey() {
        const auto c = fusionConfig(dir_.path(), {dense_, pruned_});
        QVERIFY(c.adapter.isFusion());
        QCOMPARE(c.adapter.fusion.sources.size(), std::size_t(2));
        QVERIFY(c.adapter.fusion.options == sa::FusionOptions::preset("dynamic"));
        QCOMPARE(sa::ExperimentConfig::fromJson(c.toJson(), "t").toJson(), c.toJson());
        QVERIFY(QString::fromStdString(c.defaultRunName()).contains("fusion2dynamic"));
        auto problemKeys = [](const std::string& doc) {
            QStringList keys;
            for (const auto& p : sa::ExperimentConfig::parse(doc).problems)
                keys << QString::fromStdString(p.key);
            return keys;
        };
        QVERIFY(problemKeys(R"({"adapter": {"preset": "fusion", "ffn_bn": 8, "fusion": {"sources": ["x"]}}})")
                    .contains("adapter.ffn_bn"));
        QVERIFY(problemKeys(R"({"adapter": {"preset": "houlsby", "fusion": {"sources": ["x"]}}})")
                    .contains("adapter.fusion"));
        QVERIFY(problemKeys(R"({"adapter": {"preset": "fusion", "fusion": {"sources": "x"}}})")
                    .contains("adapter.fusion.sources"));
        QVERIFY(problemKeys(R"({"adapter": {"preset": "fusion", "fusion": {"sources": ["x"], "temprature": true}}})")
                    .contains("adapter.fusion.temprature"));
        QVERIFY(problemKeys(R"({"adapter": {"preset": "fusion", "fusion": {"sources": ["x"], "preset": "fancy"}}})")
                    .contains("adapter.fusion.preset"));
        const auto statics = sa::ExperimentConfig::fromJson(
            R"({"adapter": {"preset": "fusion", "fusion": {"sources": ["x"], "preset": "static", "dropout_prob": null}}})",
            "t");
        QVERIFY(!statics.adapter.fusion.options.value);
        QCOMPARE(statics.adapter.fusion.options.dropoutProb, 0.0);
        // Another fusion preset re-derives its options; explicit ones stay.
        auto changed = c;
        changed.applyOverride("adapter.fusion.temperature=true");
        changed.applyOverride("adapter.fusion.preset=static");
        auto expectedStatic = sa::FusionOptions::preset("static");
        expectedStatic.temperature = true;
        QVERIFY(changed.adapter.fusion.options == expectedStatic);
        // Another preset drops the fusion section; without sources a run is refused.
        auto other = c;
        other.applyOverride("adapter.preset=pfeiffer");
        QVERIFY(!other.adapter.isFusion());
        QVERIFY(errorOf([&] { sa::resolveFusionSources(fusionConfig(dir_.path(), {})); }).contains("empty"));
        // The form's check sees the same problems, by key.
        auto noSources = c;
        noSources.adapter.fusion.sources.clear();
        bool named = false;
        for (const auto& p : sa::checkExperimentConfig(noSources, nullptr))
            named = named || p.key == "adapter.fusion.sources";
        QVERIFY(named);
        QVERIFY(sa::checkExperimentConfig(c, nullptr).empty());
    }

    // Sources must agree on backbone and adapters; errors name the source
    // key, the run and the field.
    void mismatchedSourcesAreNamed() {
        const auto wider = errorOf([&] { sa::resolveFusionSources(fusionConfig(dir_.path(), {dense_, wider_})); });
        QVERIFY2(wider.contains("adapter.fusion.sources[1]") && wider.contains(QString::fromStdString(wider_)) &&
                     wider.contains("adapter.ffn_bn"),
                 qPrintable(wider));
        // The same backbone under another name is another backbone.
        namespace fs = std::filesystem;
        const auto renamed = (fs::path(dir_.path().toStdString()) / "renamed").string();
        fs::copy(dense_, renamed, fs::copy_options::recursive);
        auto doc = sa_test::readJson(renamed + "/config.json");
        doc["model"] = sa::builtinDemoDirectory();
        std::ofstream(renamed + "/config.json") << doc.dump(2);
        const auto model = errorOf([&] { sa::resolveFusionSources(fusionConfig(dir_.path(), {dense_, renamed})); });
        QVERIFY2(model.contains("adapter.fusion.sources[1]") && model.contains("model"), qPrintable(model));
        const auto missing = errorOf([&] { sa::resolveFusionSources(fusionConfig(dir_.path(), {dense_, "nowhere"})); });
        QVERIFY2(missing.contains("adapter.fusion.sources[1]") && missing.contains("nowhere"), qPrintable(missing));
        QVERIFY(errorOf([&] {
                    sa::resolveFusionSources(fusionConfig(dir_.path(), {dense_, dense_}));
                }).contains("already source 0"));
        // The GUI's picker: a compatible run is accepted, the others say why.
        QCOMPARE(sa::fusionSourceRefusal(pruned_, {dense_}, sa::kBuiltinDemoModel), std::string());
        QVERIFY(QString::fromStdString(sa::fusionSourceRefusal(wider_, {dense_}, sa::kBuiltinDemoModel))
                    .contains("adapter.ffn_bn"));
        QVERIFY(!sa::fusionSourceRefusal(dense_, {dense_}, sa::kBuiltinDemoModel).empty());
    }

    // Stage 2 trains the fusion layers and the head only: the sources'
    // weights and masks stay bit-identical; the regulariser's gradient joins
    // the step it belongs to; every evaluation tallies the attention.
    void stageTwoTrainsOnlyTheFusion() {
        const auto config = fusionConfig(dir_.path(), {dense_, pruned_});
        auto loaded = sa::loadRunModel(config, false);
        auto& model = *loaded.model;
        for (const auto& p : model.named_parameters(true))
            QCOMPARE(p.value().requires_grad(),
                     p.key().find("_fusion.") != std::string::npos || model.isTrainableHeadParameter(p.key()));
        // The copies hold the sources' trained tensors, masks included.
        const auto sources = tensorsContaining(model, "fused_");
        for (std::size_t i = 0; i < 2; ++i) {
            const auto file = sa::SafetensorsFile::open((i == 0 ? dense_ : pruned_) + "/adapter.safetensors");
            int compared = 0;
            for (const auto& e : file.entries()) {
                auto name = sa::fromOfficialName(e.name);
                const auto at = name.find("ef_ffn_adapter.");
                if (at == std::string::npos) continue;
                name = name.substr(0, at) + "fused_ffn_adapters." + std::to_string(i) + "." +
                       name.substr(at + std::string("ef_ffn_adapter.").size());
                QVERIFY2(sources.count(name), name.c_str());
                QVERIFY2(torch::equal(sources.at(name), file.tensor(e.name)), name.c_str());
                ++compared;
            }
            QVERIFY(compared > 0);
        }
        // Pruned source weights stay pruned.
        int64_t zeros = 0;
        for (const auto& [name, t] : sources)
            if (name.find("fused_ffn_adapters.1.") != std::string::npos && name.find("_mask") != std::string::npos)
                zeros += (t == 0).sum().item<int64_t>();
        QVERIFY(zeros > 0);

        // A value matrix away from the identity, so the regulariser pulls.
        std::vector<torch::Tensor> values;
        {
            torch::NoGradGuard noGrad;
            torch::manual_seed(5);
            for (const auto& p : model.named_parameters(true))
                if (p.key().find("_fusion.value.weight") != std::string::npos) {
                    p.value().add_(torch::randn_like(p.value()) * 0.05);
                    values.push_back(p.value());
                }
        }
        QCOMPARE(static_cast<int64_t>(values.size()), model.config().layers); // pfeiffer: one site per layer
        auto prepared = sa::prepareTask(config, *loaded.tokenizer, model.config());
        // The task's gradient alone, at step 0's batch.
        model.train();
        model.forward(prepared.task->trainBatch(0, 0)).loss.backward();
        std::vector<torch::Tensor> expected;
        for (const auto& V : values) {
            const auto I = torch::eye(V.size(0));
            expected.push_back(V.grad().clone() - 0.02 * (I - V.detach()));
        }
        model.zero_grad();

        sa::TrainerOptions options;
        options.maxSteps = 3;
        options.fusionSources = loaded.fusionSources;
        bool checked = false;
        options.afterBackward = [&](int64_t step) {
            if (step != 0) return;
            for (std::size_t i = 0; i < values.size(); ++i)
                QVERIFY(torch::allclose(values[i].grad(), expected[i], 1e-5, 1e-6));
            checked = true;
        };
        const auto fusionBefore = tensorsContaining(model, "_fusion.");
        sa::Trainer trainer(loaded.model, *prepared.task, options);
        trainer.run();
        QVERIFY(checked);
        for (const auto& [name, t] : tensorsContaining(model, "fused_"))
            QVERIFY2(torch::equal(t, sources.at(name)), name.c_str());
        bool moved = false;
        for (const auto& [name, t] : tensorsContaining(model, "_fusion."))
            moved = moved || !torch::equal(t, fusionBefore.at(name));
        QVERIFY(moved);

        const auto e = trainer.evaluate();
        QCOMPARE(static_cast<int64_t>(e.fusion.sites.size()), model.config().layers);
        QCOMPARE(e.fusion.sources, loaded.fusionSources);
        QCOMPARE(e.fusion.sources.size(), std::size_t(2));
        for (std::size_t i = 0; i < e.fusion.sites.size(); ++i)
            QVERIFY(std::abs(e.fusion.at(i, 0) + e.fusion.at(i, 1) - 1.0) < 1e-6);
    }

    // The budget counts the sources apart (frozen, at their own density)
    // from the fusion layers (trainable); pruned fusion layers keep the
    // planned count.
    void budgetSplitsSourcesFromFusion() {
        auto config = fusionConfig(dir_.path(), {dense_, pruned_});
        const auto modelConfig = sa::experimentModelConfig(config);
        const auto budget = sa::resolveExperimentBudget(config, modelConfig);
        const auto source = sa::ExperimentConfig::fromFile(pruned_ + "/config.json");
        const auto one = sa::computeBudget(modelConfig, source.adapter.options);
        const auto& fused = budget.budget.fusedSources;
        QCOMPARE(fused.count, int64_t(2));
        QCOMPARE(fused.weights, 2 * one.adapterWeights);
        QCOMPARE(fused.weightsKept,
                 one.adapterWeights +
                     sa::globalKeptCount(one.adapterWeights, sa::densityFromSparsity(source.pruning.options.sparsity)));
        QCOMPARE(budget.dense.fusedSources.weightsKept, 2 * one.adapterWeights);
        // The report's budget table and the text table list the sources apart.
        bool listed = false;
        for (const auto& row : sa::budgetTable(budget.budget).rows)
            listed = listed || (row.at(0) == "fused source adapters, frozen (2 runs, dense)" &&
                                row.at(1).find(std::to_string(fused.parameters() % 1000)) != std::string::npos);
        QVERIFY(listed);
        QVERIFY(QString::fromStdString(sa::formatBudget(budget.budget, "fusion"))
                    .contains("fused source adapters, frozen (2 runs)"));

        auto loaded = sa::loadRunModel(config, false);
        int64_t trainable = 0, frozenSources = 0;
        for (const auto& p : loaded.model->named_parameters(true)) {
            if (p.value().requires_grad()) trainable += p.value().numel();
            if (p.key().find("fused_") != std::string::npos) frozenSources += p.value().numel();
        }
        QCOMPARE(trainable, budget.budget.trainable());
        QCOMPARE(frozenSources, fused.parameters());

        // Pruning the fusion layers (SNIP, global): the planned count is kept.
        config.pruning.enabled = true;
        config.adapter.fusion.prune = true;
        const auto prunedBudget = sa::resolveExperimentBudget(config, modelConfig);
        QVERIFY(prunedBudget.budget.adapterWeightsKept < prunedBudget.budget.adapterWeights);
        auto prunedModel = sa::loadRunModel(config, false);
        auto prepared = sa::prepareTask(config, *prunedModel.tokenizer, prunedModel.model->config());
        const auto sourcesBefore = tensorsContaining(*prunedModel.model, "fused_");
        sa::TrainerOptions options;
        options.maxSteps = 1;
        options.pruning = config.pruning.options;
        sa::Trainer(prunedModel.model, *prepared.task, options).run();
        int64_t kept = 0;
        const auto masks = sa::maskedWeights(*prunedModel.model);
        QCOMPARE(static_cast<int64_t>(masks.size()), prunedBudget.budget.maskedTensors);
        for (const auto& m : masks) {
            QVERIFY2(m.maskName.find("_fusion.") != std::string::npos, m.maskName.c_str());
            kept += m.mask.sum().item<int64_t>();
        }
        QCOMPARE(kept, prunedBudget.budget.adapterWeightsKept);
        for (const auto& [name, t] : tensorsContaining(*prunedModel.model, "fused_"))
            QVERIFY2(torch::equal(t, sourcesBefore.at(name)), name.c_str());
    }

    // Static fusion over one source is that source's adapter: softmax over
    // one adapter is 1, and the residual is the one the adapter adds. So the
    // fused encoder must reproduce the source run's hidden states at every
    // placement, which checks where each site takes its input, query and
    // residual.
    void oneSourceStaticFusionIsTheSourceAtEveryPlacement_data() {
        QTest::addColumn<QString>("preset");
        for (const char* preset : {"pfeiffer", "houlsby", "parallel"})
            QTest::newRow(preset) << QString::fromLatin1(preset);
    }
    void oneSourceStaticFusionIsTheSourceAtEveryPlacement() {
        QFETCH(QString, preset);
        const auto source = trainSource(dir_.path(), "one-" + preset.toStdString(), preset.toStdString(), 4, true, 9);
        auto config = fusionConfig(dir_.path(), {source});
        config.applyOverride("adapter.fusion.preset=static");
        auto fused = sa::loadRunModel(config, false);
        auto trained = sa::loadTrainedRunModel(source);
        auto prepared = sa::prepareTask(config, *fused.tokenizer, fused.model->config());
        const auto batch = prepared.task->trainBatch(0, 0);
        fused.model->eval();
        trained.model->eval();
        torch::NoGradGuard noGrad;
        const auto a = fused.model->forward(batch).last_hidden_state;
        const auto b = trained.model->forward(batch).last_hidden_state;
        QVERIFY(torch::allclose(a, b, 1e-5, 1e-6));
        // Sites: one per layer and adapter kind, labelled for the view.
        startFusionTallyAndEvaluate(*fused.model, batch);
        const auto attention = sa::takeFusionTally(*fused.model, fused.fusionSources);
        const int64_t perLayer = preset == QLatin1String("houlsby") ? 2 : 1;
        QCOMPARE(static_cast<int64_t>(attention.sites.size()), perLayer * fused.model->config().layers);
        QCOMPARE(attention.sites.front(), std::string(perLayer == 2 ? "layer 0 attention" : "layer 0 ffn"));
        for (const double p : attention.values)
            QCOMPARE(p, 1.0);
    }

    // An annealed temperature falls with every call; a resumed run goes on
    // from the checkpoint's.
    void checkpointKeepsTheTemperature() {
        auto config = fusionConfig(dir_.path(), {dense_, pruned_});
        config.applyOverride("adapter.fusion.temperature=true");
        const auto checkpoint = (std::filesystem::path(dir_.path().toStdString()) / "t.safetensors").string();
        auto first = sa::loadRunModel(config, false);
        auto prepared = sa::prepareTask(config, *first.tokenizer, first.model->config());
        sa::TrainerOptions options;
        options.maxSteps = 2;
        options.checkpointPath = checkpoint;
        sa::Trainer(first.model, *prepared.task, options).run();
        const auto after = sa::fusionTemperatures(*first.model);
        QVERIFY(!after.empty());
        for (const auto& [name, T] : after)
            QVERIFY2(T < 50.0 - 0.05, name.c_str()); // at least two calls
        auto second = sa::loadRunModel(config, false);
        for (const auto& [name, T] : sa::fusionTemperatures(*second.model))
            QCOMPARE(T, 50.0);
        sa::Trainer resumed(second.model, *prepared.task, options);
        resumed.resumeFrom(checkpoint);
        QVERIFY(sa::fusionTemperatures(*second.model) == after);
    }
};

QTEST_GUILESS_MAIN(TestFusion)
#include "test_fusion.moc"
