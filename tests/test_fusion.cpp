// AdapterFusion (issue 17, part 1): the fusion layer against AdapterHub's
// BertFusion on every case of fixtures/fusion (discovered from fusion.json,
// so any fixture set of the layout): outputs, attention probabilities, the
// temperature's earlier calls and its value after the last, the regulariser,
// and the gradient of every parameter and input; the config's checks.
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/adapter_fusion.h"
#include "io/safetensors.h"

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

private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestFusion)
#include "test_fusion.moc"
