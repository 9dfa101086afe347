// HuggingFace checkpoint directories: config.json parsing with errors that
// name the field, weights from safetensors / sharded index / pytorch_model.bin
// giving identical models, and clear errors for missing or mis-shaped tensors.
#include "model_reference.h"

#include "error.h"
#include "io/checkpoint.h"
#include "io/model_config.h"
#include "io/safetensors.h"
#include "model/pretrained.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

class TestCheckpoint : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    int counter_ = 0;

    // A copy of a fixture checkpoint's config.json with its weights replaced
    // by `tensors` (written as one safetensors file).
    std::string checkpointWith(const QString& fixtureDir,
                               const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
        const auto dir = QDir(tmp_.path()).filePath(QString::number(++counter_)).toStdString();
        fs::create_directories(dir);
        fs::copy_file((fixtureDir + "/config.json").toStdString(), dir + "/config.json");
        sa::writeSafetensors(dir + "/model.safetensors", tensors);
        return dir;
    }

    static std::vector<std::pair<std::string, torch::Tensor>> fixtureTensors(const QString& dir) {
        return sa::SafetensorsFile::open((dir + "/model.safetensors").toStdString()).tensors();
    }

    static QString firstEncoderFixture() {
        for (const auto& dir : sa_test::referenceModelDirs()) {
            const auto c = sa::readModelConfig((dir + "/config.json").toStdString());
            if (c.architecture != sa::Architecture::Bart) return dir;
        }
        return {};
    }

    static void expectError(const std::function<void()>& f, const QStringList& fragments) {
        try {
            f();
            QFAIL("no error raised");
        } catch (const sa::Error& e) {
            const QString what = QString::fromUtf8(e.what());
            for (const auto& fragment : fragments)
                QVERIFY2(what.contains(fragment), qPrintable(what));
        }
    }

    static sa::ModelConfig parse(const std::string& text) { return sa::parseModelConfig(text, "cfg.json"); }

private Q_SLOTS:
    void parsesEveryFixtureConfig() {
        SA_REQUIRE_FIXTURE("models");
        for (const auto& dir : sa_test::referenceModelDirs()) {
            const auto c = sa::readModelConfig((dir + "/config.json").toStdString());
            QVERIFY(c.vocabSize > 0 && c.hidden > 0 && c.totalLayers() > 0);
            // The text we write reads back to the same geometry.
            const auto again = sa::parseModelConfig(sa::modelConfigToJson(c), "round trip");
            QCOMPARE(again.hidden, c.hidden);
            QCOMPARE(again.totalLayers(), c.totalLayers());
            QCOMPARE(again.layerNormEps, c.layerNormEps);
            QCOMPARE(again.activation, c.activation);
        }
    }

    void configErrorsNameFileAndField() {
        expectError([] { parse("{"); }, {"cfg.json", "not valid JSON"});
        expectError([] { parse(R"({"model_type": "gpt2", "vocab_size": 5})"); }, {"cfg.json", "gpt2"});
        expectError([] { parse(R"({"model_type": "bert", "vocab_size": 5})"); }, {"cfg.json", "hidden_size"});
        expectError([] { parse(R"({"model_type": "bert", "vocab_size": "many"})"); }, {"vocab_size", "not an integer"});
        expectError(
            [] {
                parse(R"({"model_type":"bert","vocab_size":5,"hidden_size":10,"num_hidden_layers":1,)"
                      R"("num_attention_heads":3,"intermediate_size":4})");
            },
            {"not divisible"});
    }

    void bartReadsTheFieldsThatChangeTheMath() {
        const auto c = parse(R"({"model_type":"bart","vocab_size":9,"d_model":8,"encoder_layers":1,"decoder_layers":2,)"
                             R"("encoder_attention_heads":2,"decoder_attention_heads":4,"encoder_ffn_dim":5,)"
                             R"("decoder_ffn_dim":6,"scale_embedding":true,"normalize_before":true,)"
                             R"("activation_function":"relu","max_position_embeddings":16})");
        QVERIFY(c.scaleEmbedding);
        QVERIFY(c.normalizeBefore);
        QVERIFY(c.addFinalLayerNorm);
        QCOMPARE(c.decoderHeads, int64_t(4));
        QCOMPARE(c.layerNormEps, 1e-5);
        QCOMPARE(c.positionOffset(), int64_t(2));
        // And such a model builds and runs (pre-LN path, scaled embeddings).
        auto model = sa::createModel(c, sa::TaskHead::ConditionalGeneration);
        sa::Batch b;
        b.input_ids = torch::tensor({3, 4, 2}, torch::kInt64).view({1, 3});
        const auto out = model->forward(b);
        QCOMPARE(out.logits.sizes().vec(), (std::vector<int64_t>{1, 3, 9}));
        QVERIFY(torch::isfinite(out.logits).all().item<bool>());
    }

    void bothWeightFormatsGiveIdenticalModels() {
        SA_REQUIRE_FIXTURE("models");
        for (const auto& dir : sa_test::referenceModelDirs()) {
            if (!QFileInfo::exists(dir + "/pytorch_model.bin")) continue;
            sa::LoadOptions st, bin;
            st.format = sa::WeightsFormat::Safetensors;
            bin.format = sa::WeightsFormat::TorchBin;
            const auto a = sa::loadPretrained(dir.toStdString(), st);
            const auto b = sa::loadPretrained(dir.toStdString(), bin);
            QVERIFY(a.report.initialisedHead.empty());
            QVERIFY(b.report.initialisedHead.empty());
            const auto pa = a.model->named_parameters(true), pb = b.model->named_parameters(true);
            QCOMPARE(pa.size(), pb.size());
            for (const auto& p : pa)
                QVERIFY2(torch::equal(p.value(), pb[p.key()]), p.key().c_str());
            QVERIFY(b.report.unexpected.empty());
        }
    }

    void shardedSafetensorsLoadLikeOneFile() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        const auto all = fixtureTensors(fixture);
        const auto dir = QDir(tmp_.path()).filePath("sharded").toStdString();
        fs::create_directories(dir);
        fs::copy_file((fixture + "/config.json").toStdString(), dir + "/config.json");
        nlohmann::json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::json::object()}};
        std::vector<std::pair<std::string, torch::Tensor>> shards[2];
        for (std::size_t i = 0; i < all.size(); ++i) {
            const auto file = i % 2 ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
            shards[i % 2].push_back(all[i]);
            index["weight_map"][all[i].first] = file;
        }
        sa::writeSafetensors(dir + "/model-00001-of-00002.safetensors", shards[0]);
        sa::writeSafetensors(dir + "/model-00002-of-00002.safetensors", shards[1]);
        std::ofstream(dir + "/model.safetensors.index.json") << index.dump();
        const auto sharded = sa::loadPretrained(dir);
        QCOMPARE(sharded.report.filesRead.size(), std::size_t(4)); // config, index, two shards
        const auto whole = sa::loadPretrained(fixture.toStdString());
        for (const auto& p : whole.model->named_parameters(true))
            QVERIFY2(torch::equal(p.value(), sharded.model->named_parameters(true)[p.key()]), p.key().c_str());

        fs::remove(dir + "/model-00002-of-00002.safetensors");
        expectError([&] { sa::loadPretrained(dir); }, {"model.safetensors.index.json", "model-00002-of-00002"});
    }

    void missingBackboneTensorIsNamed() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        auto tensors = fixtureTensors(fixture);
        std::string removed;
        for (auto it = tensors.begin(); it != tensors.end(); ++it)
            if (it->first.find("layer.0.attention.self.query.weight") != std::string::npos) {
                removed = it->first;
                tensors.erase(it);
                break;
            }
        QVERIFY(!removed.empty());
        const auto dir = checkpointWith(fixture, tensors);
        expectError([&] { sa::loadPretrained(dir); }, {QString::fromStdString(removed), "lacks"});
    }

    void misShapedTensorNamesBothShapes() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        auto tensors = fixtureTensors(fixture);
        std::string changed;
        for (auto& [name, t] : tensors)
            if (name.find("layer.1.output.dense.weight") != std::string::npos) {
                changed = name;
                t = torch::zeros({t.size(0), t.size(1) + 1});
            }
        const auto dir = checkpointWith(fixture, tensors);
        const auto shape =
            sa::SafetensorsFile::open((fixture + "/model.safetensors").toStdString()).entry(changed).shape;
        const auto expected = QStringLiteral("[%1, %2]").arg(shape[0]).arg(shape[1]);
        const auto got = QStringLiteral("[%1, %2]").arg(shape[0]).arg(shape[1] + 1);
        expectError([&] { sa::loadPretrained(dir); },
                    {QString::fromStdString(changed), expected, got, "model.safetensors"});
    }

    void missingHeadIsInitialisedAndReported() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        auto tensors = fixtureTensors(fixture);
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& p) { return p.first.rfind("classifier.", 0) == 0; }),
                      tensors.end());
        const auto loaded = sa::loadPretrained(checkpointWith(fixture, tensors));
        QVERIFY(!loaded.report.initialisedHead.empty());
        for (const auto& name : loaded.report.initialisedHead)
            QVERIFY(name.rfind("classifier.", 0) == 0);
    }

    void bareBackboneCheckpointLoadsWithoutPrefix() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        const auto config = sa::readModelConfig((fixture + "/config.json").toStdString());
        const std::string prefix = std::string(sa::architectureName(config.architecture)) + ".";
        std::vector<std::pair<std::string, torch::Tensor>> bare;
        for (const auto& [name, t] : fixtureTensors(fixture))
            if (name.rfind(prefix, 0) == 0) bare.emplace_back(name.substr(prefix.size()), t);
        const auto loaded = sa::loadPretrained(checkpointWith(fixture, bare));
        const auto reference = sa::loadPretrained(fixture.toStdString());
        for (const auto& p : reference.model->named_parameters(true)) {
            if (loaded.model->isHeadParameter(p.key())) continue;
            QVERIFY2(torch::equal(p.value(), loaded.model->named_parameters(true)[p.key()]), p.key().c_str());
        }
    }

    void directoryWithoutWeightsSaysWhatItLookedFor() {
        SA_REQUIRE_FIXTURE("models");
        const auto fixture = firstEncoderFixture();
        const auto dir = QDir(tmp_.path()).filePath("noweights").toStdString();
        fs::create_directories(dir);
        fs::copy_file((fixture + "/config.json").toStdString(), dir + "/config.json");
        expectError([&] { sa::loadPretrained(dir); },
                    {QString::fromStdString(dir), "model.safetensors", "pytorch_model.bin"});
        expectError([&] { sa::loadPretrained(dir + "/absent"); }, {"absent"});
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
