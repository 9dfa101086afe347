// Generation parity with the official generate (fixtures/seq2seq/generate):
// every case of generate.json for every model (plain, adapter, prefix),
// greedy and beam search, with and without the cache, token sequences
// exact, sequence and step scores within tolerance; the cache and batching
// never change the result. Settings, models and sources all come from the
// files.
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/attach.h"
#include "io/safetensors.h"
#include "model/bart.h"
#include "model/generation.h"
#include "model/pretrained.h"
#include "text/tokenizer.h"

using nlohmann::json;

namespace {

QString seq2seqDir() {
    return QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("seq2seq"));
}

// The generation model of `name`: the fixture checkpoint with the
// overrides, plus the adapters of generate.json's models.<name>.
sa::LanguageModel generationModel(const std::string& name) {
    const auto spec = sa_test::readJson(seq2seqDir() + "/generate/generate.json");
    const auto meta = sa_test::readJson(seq2seqDir() + "/meta.json");
    auto model = sa::loadPretrained(
                     QDir(sa_test::fixturesRoot()).filePath(QString::fromStdString(meta.at("model"))).toStdString())
                     .model;
    const auto& params = spec.at("models").at(name).at("adapter_params");
    if (params.is_string()) {
        const auto file = seq2seqDir() + "/" + QString::fromStdString(params.get<std::string>());
        const auto caseJson = sa_test::readJson(QFileInfo(file).absolutePath() + "/case.json");
        sa::attachAdapters(*model, sa::AdapterOptions::fromTuneArguments(caseJson.at("tune_args").dump(), "case.json"));
        sa::loadAdapterTensors(*model, file.toStdString());
    }
    sa::loadAdapterTensors(*model, (seq2seqDir() + "/generate/model_overrides.safetensors").toStdString());
    model->eval();
    return model;
}

sa::GenerationOptions optionsOf(const json& s) {
    sa::GenerationOptions o;
    o.maxLength = s.at("max_length");
    o.minLength = s.at("min_length");
    o.numBeams = s.at("num_beams");
    o.noRepeatNgramSize = s.at("no_repeat_ngram_size");
    o.lengthPenalty = s.at("length_penalty");
    o.earlyStopping = s.at("early_stopping");
    o.forcedBosTokenId.reset();
    if (!s.at("forced_bos_token_id").is_null()) o.forcedBosTokenId = s.at("forced_bos_token_id").get<int64_t>();
    o.forcedEosTokenId.reset();
    if (!s.at("forced_eos_token_id").is_null()) o.forcedEosTokenId = s.at("forced_eos_token_id").get<int64_t>();
    o.decoderStartTokenId = s.at("decoder_start_token_id");
    o.useCache = s.at("use_cache");
    return o;
}

QString describe(const torch::Tensor& t) {
    std::ostringstream s;
    s << t;
    return QString::fromStdString(s.str());
}

} // namespace

class TestGeneration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void matchesReference_data() {
        QTest::addColumn<QString>("caseName");
        SA_REQUIRE_FIXTURE("seq2seq/generate/generate.json");
        const auto spec = sa_test::readJson(seq2seqDir() + "/generate/generate.json");
        for (const auto& [name, c] : spec.at("cases").items())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
        QVERIFY(!spec.at("cases").empty());
    }

    void matchesReference() {
        QFETCH(QString, caseName);
        const auto spec = sa_test::readJson(seq2seqDir() + "/generate/generate.json");
        const auto& c = spec.at("cases").at(caseName.toStdString());
        const auto modelName = caseName.section('.', 0, 0).toStdString();
        auto model = generationModel(modelName);
        auto& bart = dynamic_cast<sa::BartModelImpl&>(*model);
        const auto ref = sa::SafetensorsFile::open((seq2seqDir() + "/generate/generate.safetensors").toStdString());
        const auto batch = sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
        const auto ids = batch.tensor("input_ids"), mask = batch.tensor("attention_mask");
        auto options = optionsOf(c.at("settings"));
        const auto key = caseName.toStdString();

        // The decoded texts (batch_decode, special tokens skipped) of the batched case.
        if (c.contains("decoded") && ref.contains(key + ".sequences")) {
            const auto meta = sa_test::readJson(seq2seqDir() + "/meta.json");
            const auto tokenizer = sa::loadTokenizer(
                QDir(sa_test::fixturesRoot()).filePath(QString::fromStdString(meta.at("model"))).toStdString());
            const auto sequences = ref.tensor(key + ".sequences");
            for (int64_t i = 0; i < sequences.size(0); ++i) {
                const auto row = sequences[i].contiguous();
                const std::vector<int64_t> tokens(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
                QCOMPARE(QString::fromStdString(tokenizer->decode(tokens)),
                         QString::fromStdString(c.at("decoded").at(static_cast<std::size_t>(i)).get<std::string>()));
            }
        }
        // Each source alone, unpadded (the `*_unbatched.<i>` entries), or the padded batch.
        std::vector<std::pair<std::string, std::pair<torch::Tensor, torch::Tensor>>> runs;
        if (ref.contains(key + ".sequences")) runs.push_back({key, {ids, mask}});
        for (int64_t i = 0; ref.contains(key + "." + std::to_string(i) + ".sequences"); ++i) {
            const auto length = mask[i].sum().item<int64_t>();
            runs.push_back({key + "." + std::to_string(i),
                            {ids.slice(0, i, i + 1).slice(1, 0, length), mask.slice(0, i, i + 1).slice(1, 0, length)}});
        }
        QVERIFY(!runs.empty());
        for (const auto& [entry, input] : runs) {
            for (const bool cache : {options.useCache, !options.useCache}) {
                auto o = options;
                o.useCache = cache;
                const auto out = sa::generate(bart, input.first, input.second, o);
                const auto expected = ref.tensor(entry + ".sequences");
                QVERIFY2(out.sequences.equal(expected),
                         qPrintable(QString::fromStdString(entry) + (cache ? "" : " (cache flipped)") + "\nours\n" +
                                    describe(out.sequences) + "\nreference\n" + describe(expected)));
                bool ok = false;
                if (ref.contains(entry + ".sequences_scores")) {
                    const auto detail = sa_test::closeness(out.sequencesScores, ref.tensor(entry + ".sequences_scores"),
                                                           1e-5, 1e-5, ok);
                    QVERIFY2(ok, qPrintable(QString::fromStdString(entry) + " sequences_scores: " + detail));
                }
                if (ref.contains(entry + ".step_scores_chosen")) {
                    const auto detail = sa_test::closeness(out.stepScoresChosen,
                                                           ref.tensor(entry + ".step_scores_chosen"), 1e-5, 1e-5, ok);
                    QVERIFY2(ok, qPrintable(QString::fromStdString(entry) + " step_scores_chosen: " + detail));
                }
            }
        }
    }

    // Batched rows give what each source gives alone (the fixtures' own check).
    void batchedEqualsUnbatched() {
        SA_REQUIRE_FIXTURE("seq2seq/generate/generate.json");
        auto model = generationModel("none");
        auto& bart = dynamic_cast<sa::BartModelImpl&>(*model);
        const auto batch = sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
        const auto ids = batch.tensor("input_ids"), mask = batch.tensor("attention_mask");
        sa::GenerationOptions o;
        o.maxLength = 12;
        o.minLength = 3;
        o.numBeams = 3;
        const auto all = sa::generate(bart, ids, mask, o);
        for (int64_t i = 0; i < ids.size(0); ++i) {
            const auto length = mask[i].sum().item<int64_t>();
            const auto one = sa::generate(bart, ids.slice(0, i, i + 1).slice(1, 0, length),
                                          mask.slice(0, i, i + 1).slice(1, 0, length), o);
            const auto n = one.sequences.size(1);
            QVERIFY(all.sequences[i].slice(0, 0, n).equal(one.sequences[0]));
            QVERIFY(all.sequences[i].slice(0, n).eq(o.padTokenId).all().item<bool>());
            QVERIFY(std::abs(all.sequencesScores[i].item<double>() - one.sequencesScores[0].item<double>()) < 1e-5);
        }
    }

    void stopEndsGenerationAndBadSettingsAreRefused() {
        SA_REQUIRE_FIXTURE("seq2seq/generate/generate.json");
        auto model = generationModel("none");
        auto& bart = dynamic_cast<sa::BartModelImpl&>(*model);
        const auto batch = sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
        sa::GenerationOptions o;
        o.maxLength = 20;
        o.minLength = 19;
        int64_t calls = 0;
        const auto out = sa::generate(bart, batch.tensor("input_ids"), batch.tensor("attention_mask"), o,
                                      [&](int64_t, int64_t) { return ++calls < 3; });
        QCOMPARE(calls, int64_t(3));
        QVERIFY(!out.sequences.defined());
        o.numBeams = 0;
        QVERIFY_THROWS_EXCEPTION(sa::Error,
                                 sa::generate(bart, batch.tensor("input_ids"), batch.tensor("attention_mask"), o));
    }
};

QTEST_APPLESS_MAIN(TestGeneration)
#include "test_generation.moc"
