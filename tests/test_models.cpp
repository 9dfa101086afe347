// Parity of the backbones with the official implementation: every reference
// tensor of every models/*/reference.json case (hidden states, pooler,
// logits, loss), from both weight formats, within the fixture's tolerance.
#include "model_reference.h"

#include "model/bart.h"
#include "model/pretrained.h"

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void matchesReference_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("caseIndex");
        SA_REQUIRE_FIXTURE("models");
        for (const auto& dir : sa_test::referenceModelDirs()) {
            const auto ref = sa_test::readJson(dir + "/reference.json");
            for (int format : {int(sa::WeightsFormat::Safetensors), int(sa::WeightsFormat::TorchBin)}) {
                const bool present =
                    QFileInfo::exists(dir + (format == int(sa::WeightsFormat::Safetensors) ? "/model.safetensors"
                                                                                           : "/pytorch_model.bin"));
                if (!present) continue;
                for (int i = 0; i < int(ref.at("cases").size()); ++i) {
                    const auto name = QStringLiteral("%1/%2/%3")
                                          .arg(QFileInfo(dir).fileName(),
                                               format == int(sa::WeightsFormat::Safetensors) ? "safetensors" : "bin",
                                               QString::fromStdString(ref["cases"][i].at("name").get<std::string>()));
                    QTest::newRow(qPrintable(name)) << dir << format << i;
                }
            }
        }
    }

    void matchesReference() {
        QFETCH(QString, dir);
        QFETCH(int, format);
        QFETCH(int, caseIndex);
        const auto ref = sa_test::readJson(dir + "/reference.json");
        const auto tensors = sa::SafetensorsFile::open((dir + "/reference.safetensors").toStdString());
        sa::LoadOptions options;
        options.format = static_cast<sa::WeightsFormat>(format);
        options.head = sa_test::headForClass(ref.value("model_class", std::string()));
        auto loaded = sa::loadPretrained(dir.toStdString(), options);
        const auto& testCase = ref["cases"][caseIndex];

        torch::NoGradGuard noGrad;
        const auto out = loaded.model->forward(sa_test::batchFromCase(testCase, tensors));
        int compared = 0;
        for (const auto& [name, spec] : testCase.at("tensors").items()) {
            if (sa_test::isInputTensor(name)) continue;
            const auto actual = pick(out, name);
            QVERIFY2(actual.defined(), qPrintable(QStringLiteral("no output for reference tensor ") + name.c_str()));
            std::string detail;
            const auto expected = tensors.tensor(spec.at("key").get<std::string>());
            QVERIFY2(sa_test::allClose(actual, expected, sa_test::toleranceFor(ref, name), detail),
                     qPrintable(QString::fromStdString(name + ": " + detail)));
            ++compared;
        }
        QVERIFY(compared > 0);
    }

    void shiftTokensRightMatchesTheReferenceRule() {
        const auto labels = torch::tensor({5, 6, -100, -100}, torch::kInt64).view({1, 4});
        const auto shifted = sa::shiftTokensRight(labels, 1, 2);
        QVERIFY(torch::equal(shifted, torch::tensor({2, 5, 6, 1}, torch::kInt64).view({1, 4})));
    }

    void regressionHeadUsesMeanSquaredError() {
        auto logits = torch::tensor({0.5f, 2.0f}).view({2, 1});
        auto loss = sa::classificationLoss(logits, torch::tensor({1.0f, 1.0f}));
        QCOMPARE(loss.item<float>(), (0.25f + 1.0f) / 2.0f);
    }

private:
    // Reference tensor name -> our output ("hidden_states.2",
    // "decoder_hidden_states.0", "encoder_last_hidden_state", ...).
    static torch::Tensor pick(const sa::ModelOutput& out, const std::string& name) {
        auto indexed = [&](const std::string& prefix, const std::vector<torch::Tensor>& list) -> torch::Tensor {
            const auto i = std::stoul(name.substr(prefix.size()));
            return i < list.size() ? list[i] : torch::Tensor();
        };
        const bool seq2seq = !out.decoder_hidden_states.empty();
        if (name.rfind("encoder_hidden_states.", 0) == 0) return indexed("encoder_hidden_states.", out.hidden_states);
        if (name.rfind("decoder_hidden_states.", 0) == 0)
            return indexed("decoder_hidden_states.", out.decoder_hidden_states);
        if (name.rfind("hidden_states.", 0) == 0) return indexed("hidden_states.", out.hidden_states);
        if (name == "last_hidden_state") return seq2seq ? torch::Tensor() : out.last_hidden_state;
        if (name == "decoder_last_hidden_state") return out.last_hidden_state;
        if (name == "encoder_last_hidden_state") return out.encoder_last_hidden_state;
        if (name == "pooler_output") return out.pooler_output;
        if (name == "logits") return out.logits;
        if (name == "loss") return out.loss;
        return {};
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
