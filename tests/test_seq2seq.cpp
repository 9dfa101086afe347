// Seq2seq parity with the official summarization code (fixtures/seq2seq):
// preprocessing and collation token for token, and for every forward case
// (discovered from forward/index.json) the loss, the stored logit columns,
// logsumexp, label log-probabilities, argmax, every hidden state and the
// gradient of every trainable tensor, with adapters, prefixes, MAM, masks
// and label smoothing. The model comes from meta.json, every size from the
// files.
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/attach.h"
#include "io/safetensors.h"
#include "model/bart.h"
#include "model/pretrained.h"
#include "tasks/summarization/seq2seq_features.h"
#include "tasks/summarization/summarization_dataset.h"
#include "text/tokenizer.h"

#include <QTemporaryDir>

#include <fstream>
#include <regex>

using nlohmann::json;

namespace {

QString seq2seqDir() {
    return QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("seq2seq"));
}

std::string modelDir() {
    const auto meta = sa_test::readJson(seq2seqDir() + "/meta.json");
    return QDir(sa_test::fixturesRoot()).filePath(QString::fromStdString(meta.at("model"))).toStdString();
}

// max_length=N of one of batch.json's recorded tokenizer calls.
int64_t maxLengthOf(const std::string& call) {
    std::smatch m;
    if (!std::regex_search(call, m, std::regex("max_length=(\\d+)")))
        throw std::runtime_error("no max_length in " + call);
    return std::stoll(m[1].str());
}

void expectClose(const char* what, const torch::Tensor& actual, const torch::Tensor& expected, double atol,
                 double rtol) {
    bool ok = false;
    const auto detail = sa_test::closeness(actual, expected, atol, rtol, ok);
    QVERIFY2(ok, qPrintable(QString::fromUtf8(what) + ": " + detail));
}

} // namespace

class TestSeq2Seq : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void batchMatchesTheOfficialCollator() {
        SA_REQUIRE_FIXTURE("seq2seq/batches/batch.json");
        const auto spec = sa_test::readJson(seq2seqDir() + "/batches/batch.json");
        const auto ref = sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
        const auto tokenizer = sa::loadTokenizer(modelDir());
        const auto maxSource = maxLengthOf(spec.at("tokenizer_calls").at("source"));
        const auto maxTarget = maxLengthOf(spec.at("tokenizer_calls").at("target"));
        const auto features = json::parse(spec.at("features").is_string() ? spec.at("features").get<std::string>()
                                                                          : spec.at("features").dump());
        std::vector<sa::Seq2SeqFeature> ours;
        for (std::size_t i = 0; i < spec.at("sources").size(); ++i) {
            ours.push_back(sa::encodeSeq2Seq(*tokenizer, spec["sources"][i], spec["targets"][i], maxSource, maxTarget));
            QCOMPARE(ours.back().inputIds, features[i].at("input_ids").get<std::vector<int64_t>>());
            QCOMPARE(ours.back().labels, features[i].at("labels").get<std::vector<int64_t>>());
            QCOMPARE(int64_t(ours.back().inputIds.back()), tokenizer->tokenToId("</s>"));
        }
        std::vector<const sa::Seq2SeqFeature*> rows;
        for (const auto& f : ours)
            rows.push_back(&f);
        const auto config = sa::loadPretrained(modelDir()).model->config();
        const auto batch = sa::collateSeq2Seq(rows, config.padTokenId, config.decoderStartTokenId);
        QVERIFY(batch.input_ids.equal(ref.tensor("input_ids")));
        QVERIFY(batch.attention_mask.equal(ref.tensor("attention_mask")));
        QVERIFY(batch.labels.equal(ref.tensor("labels")));
        QVERIFY(batch.decoder_input_ids.equal(ref.tensor("decoder_input_ids")));
    }

    void forwardMatchesReference_data() {
        QTest::addColumn<QString>("caseName");
        SA_REQUIRE_FIXTURE("seq2seq/forward/index.json");
        const auto index = sa_test::readJson(seq2seqDir() + "/forward/index.json");
        for (const auto& [name, spec] : index.items())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
        QVERIFY(!index.empty());
    }

    void forwardMatchesReference() {
        QFETCH(QString, caseName);
        const auto dir = seq2seqDir() + "/forward/" + caseName;
        const auto c = sa_test::readJson(dir + "/case.json");
        auto model = sa::loadPretrained(modelDir()).model;
        const auto options =
            sa::AdapterOptions::fromTuneArguments(c.at("tune_args").dump(), (dir + "/case.json").toStdString());
        sa::attachAdapters(*model, options);
        sa::freezeForAdapterTraining(*model, options);
        if (QFileInfo::exists(dir + "/adapter_params.safetensors"))
            sa::loadAdapterTensors(*model, (dir + "/adapter_params.safetensors").toStdString());
        if (QFileInfo::exists(dir + "/masks.safetensors"))
            sa::loadAdapterTensors(*model, (dir + "/masks.safetensors").toStdString());
        auto* bart = dynamic_cast<sa::BartModelImpl*>(model.get());
        QVERIFY(bart);
        bart->setLabelSmoothing(c.value("label_smoothing_factor", 0.0));
        model->eval();

        // Every adapter where the reference puts it, with its size, scale and dropout.
        const auto modules = model->named_modules("", false);
        for (const auto& [site, s] : c.at("adapter_sites").items()) {
            const auto* m = modules.find(sa::fromOfficialName(site));
            QVERIFY2(m, site.c_str());
            const auto* adapter = dynamic_cast<const sa::BottleneckAdapterImpl*>(m->get());
            QVERIFY2(adapter, site.c_str());
            QCOMPARE(adapter->down_proj->weight.size(0), s.at("bottleneck").get<int64_t>());
            QCOMPARE(adapter->scale, s.at("scale").get<double>());
            QCOMPARE(adapter->dropout, s.at("dropout_p").get<double>());
        }

        const auto ref = sa::SafetensorsFile::open((dir + "/reference.safetensors").toStdString());
        const auto batchFile = sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
        sa::Batch batch;
        batch.input_ids = batchFile.tensor("input_ids");
        batch.attention_mask = batchFile.tensor("attention_mask");
        batch.labels = batchFile.tensor("labels");
        batch.decoder_input_ids = batchFile.tensor("decoder_input_ids");
        auto out = model->forward(batch);

        const double atol = 1e-5, rtol = 1e-5;
        expectClose("loss", out.loss, ref.tensor("loss"), atol, rtol);
        QCOMPARE(out.loss.item<double>(), out.loss.item<double>()); // finite
        expectClose("logits_selected", out.logits.index_select(-1, ref.tensor("vocab_selection")),
                    ref.tensor("logits_selected"), atol, rtol);
        expectClose("logsumexp", torch::logsumexp(out.logits, -1), ref.tensor("logsumexp"), atol, rtol);
        const auto active = batch.labels.ne(-100);
        const auto labelLogprob =
            torch::log_softmax(out.logits, -1).gather(-1, batch.labels.clamp_min(0).unsqueeze(-1)).squeeze(-1);
        expectClose("label_logprob", labelLogprob.masked_fill(~active, 0.0), ref.tensor("label_logprob"), atol, rtol);
        QVERIFY(out.logits.argmax(-1).equal(ref.tensor("argmax")));
        if (ref.contains("loss_without_smoothing"))
            expectClose("loss_without_smoothing", sa::labelSmoothedLoss(out.logits, batch.labels, 0.0),
                        ref.tensor("loss_without_smoothing"), atol, rtol);
        int states = 0;
        for (const auto& [prefix, list] :
             {std::pair<std::string, const std::vector<torch::Tensor>*>{"encoder_hidden_states.", &out.hidden_states},
              {"decoder_hidden_states.", &out.decoder_hidden_states}})
            for (std::size_t i = 0; ref.contains(prefix + std::to_string(i)); ++i, ++states) {
                QVERIFY(i < list->size());
                expectClose((prefix + std::to_string(i)).c_str(), (*list)[i], ref.tensor(prefix + std::to_string(i)),
                            atol, rtol);
            }
        QVERIFY(states > 0);
        expectClose("encoder_last_hidden_state", out.encoder_last_hidden_state, ref.tensor("encoder_last_hidden_state"),
                    atol, rtol);
        expectClose("decoder_last_hidden_state", out.last_hidden_state, ref.tensor("decoder_last_hidden_state"), atol,
                    rtol);

        const auto params = model->named_parameters(true);
        if (out.loss.requires_grad()) out.loss.backward(); // the bare model has nothing to train
        int64_t compared = 0, trainable = 0;
        for (const auto& e : ref.entries()) {
            if (e.name.rfind("grad.", 0) != 0) continue;
            const auto official = e.name.substr(5);
            const auto* p = params.find(sa::fromOfficialName(official));
            QVERIFY2(p && p->grad().defined(), official.c_str());
            expectClose(("grad " + official).c_str(), p->grad(), ref.tensor(e.name), 1e-6, 1e-4);
            ++compared;
        }
        for (const auto& p : params)
            trainable += p.value().requires_grad() ? p.value().numel() : 0;
        QCOMPARE(trainable, c.at("trainable_count").get<int64_t>());
        QCOMPARE(compared, int64_t(c.at("trainable").size()));
    }

    // The real XSum and CNN/DailyMail samples, read in place: every record,
    // with the fields the JSON holds (checked against an independent parse).
    void readsTheRealSummarizationFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("task");
        QTest::newRow("xsum") << QStringLiteral("xsum/test.sample1000.jsonl") << QStringLiteral("xsum");
        QTest::newRow("cnn_dailymail") << QStringLiteral("cnn_dailymail/test.first1000.article_highlights.jsonl")
                                       << QStringLiteral("cnn_dailymail");
    }
    void readsTheRealSummarizationFiles() {
        QFETCH(QString, file);
        QFETCH(QString, task);
        const auto path = QDir(sa_test::dataRoot()).filePath(file);
        if (!QFileInfo::exists(path)) QSKIP(qPrintable("data not found: " + path + " (set SPARSEADAPTER_DATA)"));
        const auto columns = sa::summarizationColumnsFor(task.toStdString());
        const auto examples = sa::readSummarizationFile(path.toStdString(), columns);
        std::ifstream in(path.toStdString());
        std::string line;
        std::size_t i = 0;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            const auto j = json::parse(line);
            QVERIFY(i < examples.size());
            QCOMPARE(examples[i].document, j.at(columns.text).get<std::string>());
            QCOMPARE(examples[i].summary, j.at(columns.summary).get<std::string>());
            if (j.contains("id"))
                QCOMPARE(examples[i].id, j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump());
            ++i;
        }
        QCOMPARE(examples.size(), i);
        QVERIFY(i > 0);
    }

    void badSummarizationFilesNameFileLineAndField_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("missing field") << QStringLiteral("a.jsonl")
                                       << QByteArray(
                                              "{\"document\": \"x\", \"summary\": \"y\"}\n\n{\"document\": \"x\"}\n")
                                       << QStringList{"a.jsonl:3", "'summary'"};
        QTest::newRow("not a string") << QStringLiteral("a.jsonl")
                                      << QByteArray("{\"document\": 3, \"summary\": \"y\"}\n")
                                      << QStringList{"a.jsonl:1", "'document'", "not a string"};
        QTest::newRow("malformed") << QStringLiteral("a.jsonl")
                                   << QByteArray("{\"document\": \"x\", \"summary\": \"y\"}\n{oops\n")
                                   << QStringList{"a.jsonl:2", "not valid JSON"};
        QTest::newRow("csv column") << QStringLiteral("a.csv") << QByteArray("document,abstract\nx,y\n")
                                    << QStringList{"a.csv:1", "'summary'", "document, abstract"};
        QTest::newRow("csv fields") << QStringLiteral("a.csv") << QByteArray("document,summary\nx,y\n\"a, b\",c,d\n")
                                    << QStringList{"a.csv:3", "3 fields"};
        QTest::newRow("csv quote") << QStringLiteral("a.csv") << QByteArray("document,summary\n\"never closed,y\n")
                                   << QStringList{"a.csv:2", "never closed"};
    }
    void badSummarizationFilesNameFileLineAndField() {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const auto path = dir.filePath(name);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        try {
            sa::readSummarizationFile(path.toStdString(), {});
            QFAIL("no error");
        } catch (const sa::Error& e) {
            for (const auto& part : expected)
                QVERIFY2(QString::fromUtf8(e.what()).contains(part), e.what());
        }
    }

    void csvQuotesAndNumbersRead() {
        QTemporaryDir dir;
        const auto path = dir.filePath("a.csv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,document,summary\r\n7,\"He said \"\"hi\"\",\nthen left.\",short\r\n8,b,c");
        f.close();
        const auto e = sa::readSummarizationFile(path.toStdString(), {});
        QCOMPARE(e.size(), std::size_t(2));
        QCOMPARE(e[0].id, std::string("7"));
        QCOMPARE(e[0].document, std::string("He said \"hi\",\nthen left."));
        QCOMPARE(e[1].summary, std::string("c"));
    }

    // The incremental decoder (one token per step on a cache) gives the
    // logits of the full forward pass at every position.
    void cachedDecodingMatchesTheFullForward() {
        SA_REQUIRE_FIXTURE("seq2seq/forward/index.json");
        for (const char* name : {"houlsby", "mam"}) {
            const auto dir = seq2seqDir() + "/forward/" + name;
            if (!QFileInfo::exists(dir)) continue;
            const auto c = sa_test::readJson(dir + "/case.json");
            auto model = sa::loadPretrained(modelDir()).model;
            const auto options = sa::AdapterOptions::fromTuneArguments(c.at("tune_args").dump(), name);
            sa::attachAdapters(*model, options);
            sa::loadAdapterTensors(*model, (dir + "/adapter_params.safetensors").toStdString());
            model->eval();
            torch::NoGradGuard noGrad;
            auto& bart = dynamic_cast<sa::BartModelImpl&>(*model);
            const auto batchFile =
                sa::SafetensorsFile::open((seq2seqDir() + "/batches/batch.safetensors").toStdString());
            sa::Batch batch;
            batch.input_ids = batchFile.tensor("input_ids");
            batch.attention_mask = batchFile.tensor("attention_mask");
            batch.decoder_input_ids = batchFile.tensor("decoder_input_ids");
            const auto full = model->forward(batch).logits;
            const auto source = bart.encode(batch.input_ids, batch.attention_mask);
            sa::DecoderCache cache;
            for (int64_t t = 0; t < batch.decoder_input_ids.size(1); ++t) {
                const auto step = bart.nextTokenLogits(batch.decoder_input_ids.slice(1, t, t + 1), source, &cache);
                expectClose(name, step, full.select(1, t), 1e-5, 1e-5);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestSeq2Seq)
#include "test_seq2seq.moc"
