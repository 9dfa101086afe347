// Adapter parity with the official implementation: for every configuration
// and case under fixtures/adapters (discovered from the files), logits,
// loss, hidden states and the gradient of every adapter parameter match,
// with the given adapter weights and with the given masks. Plus the
// behaviours behind them: masked weights get zero gradient, the frozen
// backbone stays bit-identical through optimizer steps, options round-trip.
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/attach.h"
#include "error.h"
#include "io/safetensors.h"
#include "model/batch_file.h"
#include "model/pretrained.h"

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <fstream>

using nlohmann::json;

namespace {

struct Prepared {
    sa::LanguageModel model;
    sa::AdapterOptions options;
};

// The fixture's checkpoint with the case's adapters attached and loaded.
Prepared prepare(const QString& caseDir, const json& caseJson) {
    const auto modelDir =
        QDir(sa_test::fixturesRoot()).filePath("models/" + QString::fromStdString(caseJson.at("model")));
    Prepared p;
    p.model = sa::loadPretrained(modelDir.toStdString()).model;
    p.options =
        sa::AdapterOptions::fromTuneArguments(caseJson.at("tune_args").dump(), (caseDir + "/case.json").toStdString());
    sa::attachAdapters(*p.model, p.options);
    sa::freezeForAdapterTraining(*p.model, p.options);
    sa::loadAdapterTensors(*p.model, (caseDir + "/adapter_params.safetensors").toStdString());
    return p;
}

// The first adapters/<model>/<config> that ships masks.
QString firstMaskedCaseDir() {
    const auto files =
        sa_test::filesUnder(QDir(sa_test::fixturesRoot()).filePath("adapters"), {QStringLiteral("masks.safetensors")});
    return files.isEmpty() ? QString() : QFileInfo(files.front()).absolutePath();
}

QString closeness(const torch::Tensor& actual, const torch::Tensor& expected, const json& tol, bool& ok) {
    return sa_test::closeness(actual, expected, tol.value("atol", 1e-5), tol.value("rtol", 1e-5), ok);
}

} // namespace

class TestAdapters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void matchesReference_data() {
        QTest::addColumn<QString>("caseDir");
        QTest::addColumn<QString>("caseName");
        SA_REQUIRE_FIXTURE("adapters");
        QStringList dirs;
        for (const auto& file :
             sa_test::filesUnder(QDir(sa_test::fixturesRoot()).filePath("adapters"), {QStringLiteral("case.json")}))
            dirs << QFileInfo(file).absolutePath();
        int rows = 0;
        for (const auto& dir : dirs) {
            const auto c = sa_test::readJson(dir + "/case.json");
            if (c.value("status", "") != "ok") continue; // e.g. BERT + prefix: the reference itself fails
            for (const auto& [name, spec] : c.at("cases").items()) {
                const auto label = QDir(QDir(sa_test::fixturesRoot()).filePath("adapters")).relativeFilePath(dir) +
                                   "/" + QString::fromStdString(name);
                QTest::newRow(qPrintable(label)) << dir << QString::fromStdString(name);
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void matchesReference() {
        QFETCH(QString, caseDir);
        QFETCH(QString, caseName);
        const auto c = sa_test::readJson(caseDir + "/case.json");
        const auto& spec = c.at("cases").at(caseName.toStdString());
        auto p = prepare(caseDir, c);
        if (spec.contains("masks_file") && spec["masks_file"].is_string())
            sa::loadAdapterTensors(*p.model,
                                   (caseDir + "/" + QString::fromStdString(spec["masks_file"])).toStdString());
        const auto ref =
            sa::SafetensorsFile::open((caseDir + "/" + QString::fromStdString(spec.at("file"))).toStdString());
        const auto& tolerance = c.at("recommended_tolerance");

        auto out = p.model->forward(sa::readBatch(ref));
        bool ok = false;
        QString detail = closeness(out.logits, ref.tensor("logits"), tolerance.at("forward"), ok);
        QVERIFY2(ok, qPrintable("logits: " + detail));
        detail = closeness(out.loss, ref.tensor("loss"), tolerance.at("forward"), ok);
        QVERIFY2(ok, qPrintable("loss: " + detail));
        for (std::size_t i = 0; i < out.hidden_states.size(); ++i) {
            const auto key = "hidden_states." + std::to_string(i);
            if (!ref.contains(key)) continue;
            detail = closeness(out.hidden_states[i], ref.tensor(key), tolerance.at("forward"), ok);
            QVERIFY2(ok, qPrintable(QString::fromStdString(key) + ": " + detail));
        }

        out.loss.backward();
        const auto params = p.model->named_parameters(true);
        int compared = 0;
        for (const auto& e : ref.entries()) {
            if (e.name.rfind("grad.", 0) != 0) continue;
            const auto official = e.name.substr(5);
            const auto* param = params.find(sa::fromOfficialName(official));
            QVERIFY2(param, qPrintable(QString::fromStdString("no parameter for " + official)));
            QVERIFY2(param->grad().defined(), qPrintable(QString::fromStdString("no gradient for " + official)));
            detail = closeness(param->grad(), ref.tensor(e.name), tolerance.at("grads"), ok);
            QVERIFY2(ok, qPrintable(QString::fromStdString("grad " + official + ": ") + detail));
            ++compared;
        }
        QCOMPARE(compared, int(spec.at("params_with_grad").size()));
        for (const auto& name : spec.value("params_without_grad", json::array())) {
            const auto* param = params.find(sa::fromOfficialName(name.get<std::string>()));
            QVERIFY(param);
            QVERIFY2(!param->grad().defined() || param->grad().abs().max().item<double>() == 0.0,
                     name.get<std::string>().c_str());
        }
        // Trainable = exactly the reference's trainable set.
        int64_t trainable = 0;
        for (const auto& t : params)
            trainable += t.value().requires_grad() ? t.value().numel() : 0;
        QCOMPARE(trainable, c.at("counts").at("trainable").get<int64_t>());
    }

    void maskedWeightsGetZeroGradientAndCountMatchesFixture() {
        SA_REQUIRE_FIXTURE("adapters");
        const auto dir = firstMaskedCaseDir();
        QVERIFY(!dir.isEmpty());
        const auto c = sa_test::readJson(dir + "/case.json");
        auto p = prepare(dir, c);
        sa::loadAdapterTensors(*p.model, (dir + "/masks.safetensors").toStdString());
        const auto ref = sa::SafetensorsFile::open((dir + "/reference.safetensors").toStdString());
        p.model->forward(sa::readBatch(ref)).loss.backward();
        const auto masked = sa::maskedWeights(*p.model);
        QCOMPARE(int64_t(masked.size()), c.at("counts").at("masked_tensors").get<int64_t>());
        int64_t prunable = 0;
        for (const auto& m : masked) {
            prunable += m.weight.numel();
            QVERIFY(m.weight.grad().defined());
            QCOMPARE(m.weight.grad().masked_select(m.mask.eq(0)).abs().sum().item<double>(), 0.0);
        }
        QCOMPARE(prunable, c.at("counts").at("masked_prunable").get<int64_t>());
    }

    void frozenBackboneStaysBitIdenticalThroughTraining() {
        SA_REQUIRE_FIXTURE("models");
        QDir models(QDir(sa_test::fixturesRoot()).filePath("models"));
        const auto dir =
            models.filePath(models.entryList(QDir::Dirs | QDir::NoDotAndDotDot).filter("roberta").value(0));
        QVERIFY(QFileInfo::exists(dir + "/config.json"));
        for (bool trainHead : {true, false}) {
            auto model = sa::loadPretrained(dir.toStdString()).model;
            auto options = sa::AdapterOptions::preset("houlsby", 4);
            options.trainHead = trainHead;
            sa::attachAdapters(*model, options);
            sa::freezeForAdapterTraining(*model, options);
            std::map<std::string, torch::Tensor> before;
            for (const auto& p : model->named_parameters(true))
                before[p.key()] = p.value().detach().clone();
            std::vector<torch::Tensor> trainable;
            for (const auto& p : model->parameters(true))
                if (p.requires_grad()) trainable.push_back(p);
            torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(1e-2));
            sa::Batch b;
            b.input_ids = torch::tensor({0, 100, 200, 300, 2, 0, 400, 2, 1, 1}, torch::kInt64).view({2, 5});
            b.attention_mask = b.input_ids.ne(1).to(torch::kInt64);
            // The last class of whatever label count the fixture model has.
            b.labels = torch::tensor({int64_t(0), std::max<int64_t>(0, model->config().numLabels - 1)}, torch::kInt64);
            for (int step = 0; step < 3; ++step) {
                optimizer.zero_grad();
                model->forward(b).loss.backward();
                optimizer.step();
            }
            int changed = 0;
            for (const auto& p : model->named_parameters(true)) {
                const bool same = torch::equal(p.value(), before[p.key()]);
                const bool shouldTrain =
                    sa::isAdapterParameter(p.key()) || (trainHead && model->isTrainableHeadParameter(p.key()));
                if (!shouldTrain) QVERIFY2(same, p.key().c_str());
                if (!same) ++changed;
                if (model->isHeadParameter(p.key()) && !trainHead) QVERIFY2(same, p.key().c_str());
            }
            QVERIFY(changed > 0);
        }
    }

    // An adapter whose up-projection is zero adds nothing; one whose masks
    // are all zero adds nothing either. On every backbone and placement the
    // outputs then equal the plain model's exactly.
    void zeroAdaptersLeaveEveryBackboneUnchanged_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("adapter");
        SA_REQUIRE_FIXTURE("models");
        QDir models(QDir(sa_test::fixturesRoot()).filePath("models"));
        for (const auto& m : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const bool bart = m.contains("bart");
            for (const char* a : {"houlsby", "pfeiffer", "parallel", "lora"}) {
                if (bart && (QString(a) == "pfeiffer" || QString(a) == "lora")) continue; // refused on BART
                QTest::newRow(qPrintable(m + "/" + a)) << models.filePath(m) << QString(a);
            }
        }
    }

    void zeroAdaptersLeaveEveryBackboneUnchanged() {
        QFETCH(QString, model);
        QFETCH(QString, adapter);
        auto plain = sa::loadPretrained(model.toStdString()).model;
        auto adapted = sa::loadPretrained(model.toStdString()).model;
        sa::attachAdapters(*adapted, sa::AdapterOptions::preset(adapter.toStdString(), 4));
        sa::Batch b;
        b.input_ids = torch::tensor({0, 100, 200, 300, 2, 0, 400, 2, 1, 1}, torch::kInt64).view({2, 5});
        b.attention_mask = b.input_ids.ne(1).to(torch::kInt64);
        torch::NoGradGuard noGrad;
        const auto expected = plain->forward(b).logits;
        // Random adapter weights, then zero masks: nothing gets through.
        for (auto& p : adapted->named_parameters(true))
            if (sa::isAdapterParameter(p.key()) && p.value().dim() == 2) p.value().normal_(0, 0.5);
        for (auto& m : sa::maskedWeights(*adapted))
            m.mask.zero_();
        for (auto& p : adapted->named_parameters(true)) // biases would still shift the output
            if (sa::isAdapterParameter(p.key()) && p.key().find("proj.bias") != std::string::npos) p.value().zero_();
        const auto masked = adapted->forward(b).logits;
        QVERIFY2(torch::equal(masked, expected),
                 qPrintable(QString::number((masked - expected).abs().max().item<double>())));
        // And the masks are what made the difference.
        for (auto& m : sa::maskedWeights(*adapted))
            m.mask.fill_(1.0);
        const auto opened = adapted->forward(b).logits;
        QVERIFY2(!torch::allclose(opened, expected),
                 qPrintable(QString::number((opened - expected).abs().max().item<double>())));
    }

    void bartAdaptersSitWhereTheReferencePutsThem() {
        SA_REQUIRE_FIXTURE("models/tiny-bart");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-bart").toStdString();
        auto model = sa::loadPretrained(dir).model;
        sa::attachAdapters(*model, sa::AdapterOptions::preset("houlsby", 4));
        const auto params = model->named_parameters(true);
        for (const char* name : {"model.encoder.layers.0.self_attn.ef_attn_adapter.down_proj.weight",
                                 "model.decoder.layers.1.self_attn.ef_attn_adapter.up_proj.weight",
                                 "model.decoder.layers.0.encoder_attn.ef_attn_adapter.down_proj.weight",
                                 "model.encoder.layers.1.ef_ffn_adapter.up_proj.weight",
                                 "model.decoder.layers.1.ef_ffn_adapter.adapter_layer_norm_before.weight"})
            QVERIFY2(params.find(name), name);
        // 2 encoder layers x (self + ffn) + 2 decoder layers x (self + cross + ffn), two masked matrices each.
        QCOMPARE(int(sa::maskedWeights(*model).size()), 2 * (2 * 2 + 2 * 3));
        QCOMPARE(QString::fromStdString(sa::toOfficialName("model.encoder.layers.0.ef_ffn_adapter.down_proj.weight")),
                 QStringLiteral("pretrained_model.model.encoder.layers.0.ef_ffn_adapter.down_proj.weight"));
        for (const char* refused : {"lora", "pfeiffer"}) {
            auto fresh = sa::loadPretrained(dir).model;
            QVERIFY_THROWS_EXCEPTION(sa::Error, sa::attachAdapters(*fresh, sa::AdapterOptions::preset(refused, 4)));
        }
    }

    void bartPrefixReachesEncoderDecoderAndCrossAttention() {
        SA_REQUIRE_FIXTURE("models/tiny-bart");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-bart").toStdString();
        auto model = sa::loadPretrained(dir).model;
        const auto options = sa::AdapterOptions::preset("mam", 8);
        sa::attachAdapters(*model, options);
        sa::freezeForAdapterTraining(*model, options);
        sa::Batch b;
        b.input_ids = torch::tensor({0, 100, 200, 2, 0, 300, 2, 1}, torch::kInt64).view({2, 4});
        b.attention_mask = b.input_ids.ne(1).to(torch::kInt64);
        b.labels = torch::tensor({0, 11, 2, -100, 0, 12, 13, 2}, torch::kInt64).view({2, 4});
        model->forward(b).loss.backward();
        for (const char* name : {"prompt_model.wte.weight", "prompt_model.wte_enc.weight", "prompt_model.wte2.weight",
                                 "prompt_model.control_trans2.2.weight"}) {
            const auto* p = model->named_parameters(true).find(name);
            QVERIFY2(p && p->grad().defined() && p->grad().abs().sum().item<double>() > 0, name);
        }
    }

    void adapterTensorsSaveAndLoadUnderOfficialNames() {
        SA_REQUIRE_FIXTURE("adapters");
        const auto dir = firstMaskedCaseDir();
        QVERIFY(!dir.isEmpty());
        const auto c = sa_test::readJson(dir + "/case.json");
        auto source = prepare(dir, c);
        sa::loadAdapterTensors(*source.model, (dir + "/masks.safetensors").toStdString());
        QTemporaryDir tmp;
        const auto params = tmp.filePath("adapter.safetensors").toStdString();
        const auto masks = tmp.filePath("masks.safetensors").toStdString();
        sa::saveAdapterTensors(*source.model, params, sa::AdapterTensors::Parameters);
        sa::saveAdapterTensors(*source.model, masks, sa::AdapterTensors::Masks);
        // Same names as the fixture's files.
        const auto fixtureMasks = sa::SafetensorsFile::open((dir + "/masks.safetensors").toStdString());
        const auto savedMasks = sa::SafetensorsFile::open(masks);
        QCOMPARE(savedMasks.entries().size(), fixtureMasks.entries().size());
        for (const auto& e : fixtureMasks.entries())
            QVERIFY2(torch::equal(savedMasks.tensor(e.name), fixtureMasks.tensor(e.name)), e.name.c_str());
        QCOMPARE(sa::SafetensorsFile::open(params).entries().size(),
                 sa::SafetensorsFile::open((dir + "/adapter_params.safetensors").toStdString()).entries().size());
        // A fresh model loaded from them computes the same logits.
        auto copy = prepare(dir, c);
        {
            torch::NoGradGuard noGrad;
            for (auto& p : copy.model->named_parameters(true))
                if (sa::isAdapterParameter(p.key())) p.value().zero_();
        }
        sa::loadAdapterTensors(*copy.model, params);
        sa::loadAdapterTensors(*copy.model, masks);
        const auto ref = sa::SafetensorsFile::open((dir + "/reference.safetensors").toStdString());
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(copy.model->forward(sa::readBatch(ref)).logits,
                             source.model->forward(sa::readBatch(ref)).logits));
    }

    void optionsRoundTripThroughJson() {
        for (const auto& name : sa::AdapterOptions::presetNames()) {
            auto o = sa::AdapterOptions::preset(name, 16);
            o.trainHead = false;
            QVERIFY2(sa::AdapterOptions::fromJson(o.toJson(), "test") == o, name.c_str());
        }
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::AdapterOptions::fromJson(R"({"attn_mode":"magic"})", "cfg.json"));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::AdapterOptions::fromJson(R"({"ffn_mode":"adapter"})", "cfg.json"));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::AdapterOptions::fromJson(R"({"colour":"red"})", "cfg.json"));
        QVERIFY_THROWS_EXCEPTION(sa::Error, sa::AdapterOptions::preset("houlsby", 0));
    }

    void unsupportedCombinationsAreRefused() {
        SA_REQUIRE_FIXTURE("models");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-bert");
        if (!QFileInfo::exists(dir + "/config.json")) QSKIP("no tiny-bert fixture");
        auto model = sa::loadPretrained(dir.toStdString()).model;
        try {
            sa::attachAdapters(*model, sa::AdapterOptions::preset("prefix", 5));
            QFAIL("BERT + prefix was accepted");
        } catch (const sa::Error& e) {
            QVERIFY(QString(e.what()).contains("BERT"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAdapters)
#include "test_adapters.moc"
