// Question answering parity with the official run_qa_sparse.py pipeline, all
// cases discovered from fixtures/qa: windowed features and training labels
// for both fast tokenizers and every (max length, stride), the QA head's
// logits, loss and gradients (plain and with Houlsby adapters), the official
// postprocess_qa_predictions (predictions, n-best lists, numpy's argsort
// order) and the SQuAD v1.1 metric. Plus the SQuAD reader on the real files
// and on broken ones, and the demo corpus the built-in QA demo trains on.
#include "tensor_compare.h"
#include "test_support.h"

#include "adapters/attach.h"
#include "io/safetensors.h"
#include "model/batch_file.h"
#include "model/demo_checkpoint.h"
#include "model/layers.h"
#include "model/pretrained.h"
#include "tasks/question_answering/demo_questions.h"
#include "tasks/question_answering/qa_features.h"
#include "tasks/question_answering/qa_postprocess.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/question_answering/squad_metric.h"
#include "text/tokenizer_json.h"

#include <QTemporaryDir>

#include <map>
#include <memory>
#include <set>

using nlohmann::json;

namespace {

QString qaRoot() {
    return QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("qa"));
}

// features/<tokenizer>.json, without the *.tokenizer.json beside them.
QStringList featureFixtures() {
    QStringList out;
    for (const auto& f : sa_test::filesUnder(qaRoot() + "/features", {QStringLiteral("*.json")}))
        if (!f.endsWith(QStringLiteral(".tokenizer.json"))) out << f;
    return out;
}

// The fixture's fast-tokenizer definition with the vocabulary (and merges)
// it names by reference filled in from the fixture root, read by the same
// tokenizer.json loader users' checkpoints go through.
std::shared_ptr<sa::Tokenizer> fastTokenizerFor(const QString& featuresFile) {
    static std::map<QString, std::shared_ptr<sa::Tokenizer>> cache;
    auto& slot = cache[featuresFile];
    if (slot) return slot;
    const QString definition = featuresFile.left(featuresFile.size() - 5) + ".tokenizer.json";
    json doc = sa_test::readJson(definition);
    const json features = sa_test::readJson(featuresFile);
    const QDir vocabDir(QDir(sa_test::fixturesRoot()).filePath(QString::fromStdString(features.at("vocabulary"))));
    json& model = doc.at("model");
    if (model.at("type") == "WordPiece") {
        QFile f(vocabDir.filePath("vocab.txt"));
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(f.fileName()));
        // token -> 0-based line index (a later duplicate wins, as in HF's load_vocab).
        QList<QByteArray> lines = f.readAll().split('\n');
        if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
        json vocab = json::object();
        for (qsizetype index = 0; index < lines.size(); ++index)
            vocab[lines[index].toStdString()] = int64_t(index);
        model["vocab"] = vocab;
    } else {
        model["vocab"] = sa_test::readJson(vocabDir.filePath("vocab.json"));
        QFile f(vocabDir.filePath("merges.txt"));
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(f.fileName()));
        json merges = json::array();
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty() && !line.startsWith("#version")) merges.push_back(line.toStdString());
        model["merges"] = merges;
    }
    static QTemporaryDir tmp;
    const QString path = tmp.filePath(QFileInfo(definition).fileName());
    sa_test::writeFile(path, QByteArray::fromStdString(doc.dump()));
    slot = std::shared_ptr<sa::Tokenizer>(sa::loadTokenizerJson(path.toStdString(), tmp.path().toStdString()));
    return slot;
}

sa::SquadExample exampleOf(const json& e) {
    sa::SquadExample out;
    out.id = e.at("id");
    out.question = e.value("question", std::string());
    out.context = e.at("context");
    const auto& answers = e.at("answers");
    for (std::size_t i = 0; i < answers.at("text").size(); ++i)
        out.answers.push_back({answers["text"][i].get<std::string>(), answers["answer_start"][i].get<int64_t>()});
    return out;
}

template <typename T> json listOf(const std::vector<T>& values) {
    json out = json::array();
    for (const auto& v : values)
        out.push_back(v);
    return out;
}

// The SQuAD layout around `paragraphs`, as a file in `dir`.
QString squadFile(const QTemporaryDir& dir, const QString& name, const json& root) {
    const QString path = dir.filePath(name);
    sa_test::writeFile(path, QByteArray::fromStdString(root.dump()));
    return path;
}

json oneQuestionFile(const json& qa, const std::string& context = "Paris is in France.") {
    return {{"version", "1.1"},
            {"data",
             json::array({{{"title", "t"}, {"paragraphs", json::array({{{"context", context}, {"qas", {qa}}}})}}})}};
}

} // namespace

class TestQa : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    // ---- features and labels ---------------------------------------------

    void featuresMatchTheOfficialFunctions_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("config");
        SA_REQUIRE_FIXTURE("qa/features");
        int rows = 0;
        for (const auto& file : featureFixtures()) {
            const auto fixture = sa_test::readJson(file);
            for (std::size_t c = 0; c < fixture.at("configs").size(); ++c) {
                const auto& config = fixture["configs"][c];
                const auto label = QStringLiteral("%1/%2-%3")
                                       .arg(QFileInfo(file).completeBaseName())
                                       .arg(config.at("max_seq_length").get<int>())
                                       .arg(config.at("doc_stride").get<int>());
                QTest::newRow(qPrintable(label)) << file << int(c);
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void featuresMatchTheOfficialFunctions() {
        QFETCH(QString, file);
        QFETCH(int, config);
        const auto fixture = sa_test::readJson(file);
        const auto& c = fixture.at("configs").at(std::size_t(config));
        const auto tokenizer = fastTokenizerFor(file);
        QCOMPARE(tokenizer->clsId(), fixture.at("cls_token_id").get<int64_t>());
        QCOMPARE(tokenizer->padId(), fixture.at("pad_token_id").get<int64_t>());

        std::vector<sa::SquadExample> examples;
        for (const auto& e : c.at("examples"))
            examples.push_back(exampleOf(e));
        const sa::QaFeatures features(*tokenizer, examples,
                                      {c.at("max_seq_length").get<int64_t>(), c.at("doc_stride").get<int64_t>()});
        const auto& expected = c.at("features");
        QCOMPARE(features.features().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const auto& want = expected[i];
            const auto& feature = features.features()[i];
            const auto got = features.encode(i);
            const QByteArray where = QByteArray("feature ") + QByteArray::number(qulonglong(i)) + " (" +
                                     QByteArray::fromStdString(want.at("example_id")) + ")";
            QVERIFY2(feature.example == want.at("overflow_to_sample_mapping").get<int64_t>(), where);
            QVERIFY2(examples[std::size_t(feature.example)].id == want.at("example_id"), where);
            QVERIFY2(listOf(got.inputIds) == want.at("input_ids"), where + " input_ids");
            QVERIFY2(listOf(got.attentionMask) == want.at("attention_mask"), where + " attention_mask");
            if (want.contains("token_type_ids"))
                QVERIFY2(listOf(got.tokenTypeIds) == want["token_type_ids"], where + " token_type_ids");
            json offsets = json::array(), validation = json::array(), sequenceIds = json::array();
            for (std::size_t p = 0; p < got.offsets.size(); ++p) {
                const json span = json::array({got.offsets[p].begin, got.offsets[p].end});
                offsets.push_back(span);
                validation.push_back(got.sequenceIds[p] == 1 ? span : json(nullptr));
                sequenceIds.push_back(got.sequenceIds[p] < 0 ? json(nullptr) : json(int(got.sequenceIds[p])));
            }
            QVERIFY2(offsets == want.at("offset_mapping"), where + " offset_mapping");
            QVERIFY2(validation == want.at("offset_mapping_validation"), where + " offset_mapping_validation");
            QVERIFY2(sequenceIds == want.at("sequence_ids"), where + " sequence_ids");
            QVERIFY2(feature.startPosition == want.at("start_position").get<int64_t>(), where + " start_position");
            QVERIFY2(feature.endPosition == want.at("end_position").get<int64_t>(), where + " end_position");
        }
    }

    // The pre-window encoding: each token's code-point span, also for text
    // the official files do not cover (accents, CJK, emoji, a lone space).
    void offsetsAreCodePointsIntoTheOriginalText_data() {
        QTest::addColumn<QString>("file");
        SA_REQUIRE_FIXTURE("qa/features");
        for (const auto& file : featureFixtures())
            QTest::newRow(qPrintable(QFileInfo(file).completeBaseName())) << file;
    }
    void offsetsAreCodePointsIntoTheOriginalText() {
        QFETCH(QString, file);
        const auto tokenizer = fastTokenizerFor(file);
        for (const char* text : {"Caf\xC3\xA9 na\xC3\xAFve \xE5\x8C\x97\xE4\xBA\xAC d\xE2\x80\x99"
                                 "accord \xF0\x9F\x98\x80 end",
                                 "  two  spaces", "x"}) {
            const auto encoded = tokenizer->encodeWithOffsets(text);
            const auto codePoints = QString::fromUtf8(text).toUcs4();
            QCOMPARE(encoded.ids.size(), encoded.offsets.size());
            QVERIFY(!encoded.ids.empty());
            int64_t previous = 0;
            for (const auto& span : encoded.offsets) {
                QVERIFY2(span.begin <= span.end && span.end <= codePoints.size(), text);
                QVERIFY2(span.begin >= previous, text); // in text order, never overlapping
                previous = span.begin;
            }
            // Without specials in the text, the ids are the slow tokenizer's.
            if (std::string(text) != "  two  spaces")
                QCOMPARE(encoded.ids, tokenizer->convertTokensToIds(tokenizer->tokenize(text)));
        }
    }

    void aQuestionThatLeavesNoRoomIsRefusedByName() {
        SA_REQUIRE_FIXTURE("qa/features");
        const auto tokenizer = fastTokenizerFor(featureFixtures().front());
        sa::SquadExample e;
        e.id = "long-question";
        e.question = "why why why why why why why why why why why why why why why why why why";
        e.context = "because";
        const QString message = sa_test::errorOf([&] { sa::QaFeatures(*tokenizer, {e}, {16, 4}); });
        QVERIFY2(message.contains("long-question"), qPrintable(message));
    }

    // ---- head and loss ----------------------------------------------------

    void lossAndGradientsMatchTheOfficialHead_data() {
        QTest::addColumn<QString>("caseDir");
        SA_REQUIRE_FIXTURE("qa/loss");
        int rows = 0;
        for (const auto& file : sa_test::filesUnder(qaRoot() + "/loss", {QStringLiteral("case.json")})) {
            const QString dir = QFileInfo(file).absolutePath();
            QTest::newRow(qPrintable(QFileInfo(dir).fileName())) << dir;
            ++rows;
        }
        QVERIFY(rows > 0);
    }

    void lossAndGradientsMatchTheOfficialHead() {
        QFETCH(QString, caseDir);
        const auto c = sa_test::readJson(caseDir + "/case.json");
        const auto modelDir = QDir(sa_test::fixturesRoot()).filePath("models/" + QString::fromStdString(c.at("model")));
        sa::LoadOptions load;
        load.head = sa::TaskHead::QuestionAnswering;
        load.numLabels = 2; // the QA head's start and end (config_overrides)
        load.dropout = false;
        auto model = sa::loadPretrained(modelDir.toStdString(), load).model;
        model->eval();
        // A plain case has tune args too, with every mode "none": then the
        // whole official model trains and only qa_outputs' gradients are kept.
        sa::AdapterOptions options;
        if (c.contains("tune_args"))
            options =
                sa::AdapterOptions::fromTuneArguments(c.at("tune_args").dump(), (caseDir + "/case.json").toStdString());
        const bool adapters = options.any();
        if (adapters) {
            sa::attachAdapters(*model, options);
            sa::freezeForAdapterTraining(*model, options);
        } else {
            for (auto& p : model->parameters())
                p.set_requires_grad(true);
        }
        sa::loadAdapterTensors(*model, (caseDir + "/params.safetensors").toStdString());

        const auto ref = sa::SafetensorsFile::open((caseDir + "/reference.safetensors").toStdString());
        const auto batch = sa::readBatch(ref);
        const auto out = model->forward(batch);
        bool ok = false;
        for (const auto& [name, tensor] : {std::pair<std::string, torch::Tensor>{"start_logits", out.start_logits},
                                           {"end_logits", out.end_logits},
                                           {"loss", out.loss}}) {
            const QString detail = sa_test::closeness(tensor, ref.tensor(name), 1e-5, 1e-5, ok);
            QVERIFY2(ok, qPrintable(QString::fromStdString(name) + ": " + detail));
        }
        const auto parts = sa::spanLoss(out.start_logits, out.end_logits, batch.start_positions, batch.end_positions);
        QString detail = sa_test::closeness(parts.start, ref.tensor("start_loss"), 1e-5, 1e-5, ok);
        QVERIFY2(ok, qPrintable("start_loss: " + detail));
        detail = sa_test::closeness(parts.end, ref.tensor("end_loss"), 1e-5, 1e-5, ok);
        QVERIFY2(ok, qPrintable("end_loss: " + detail));

        out.loss.backward();
        const auto params = model->named_parameters(true);
        int compared = 0;
        for (const auto& e : ref.entries()) {
            if (e.name.rfind("grad.", 0) != 0) continue;
            const auto official = e.name.substr(5);
            const auto* param = params.find(sa::fromOfficialName(official));
            QVERIFY2(param && param->grad().defined(), official.c_str());
            detail = sa_test::closeness(param->grad(), ref.tensor(e.name), 1e-6, 1e-4, ok);
            QVERIFY2(ok, qPrintable(QString::fromStdString("grad " + official + ": ") + detail));
            ++compared;
        }
        QVERIFY(compared > 0);
        if (adapters) {
            // --unfreeze_params ef_: exactly the listed adapter parameters
            // train; the official QA setup freezes qa_outputs.
            std::set<std::string> trainable, expected;
            for (const auto& p : params)
                if (p.value().requires_grad()) trainable.insert(p.key());
            for (const auto& name : c.at("trainable_under_unfreeze_ef_"))
                expected.insert(sa::fromOfficialName(name.get<std::string>()));
            if (c.value("qa_outputs_trainable", false))
                for (const auto& p : params)
                    if (p.key().rfind("qa_outputs.", 0) == 0) expected.insert(p.key());
            QCOMPARE(trainable, expected);
        }
    }

    // ---- postprocessing -----------------------------------------------------

    void postprocessingMatchesTheOfficialFunction_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("setting");
        SA_REQUIRE_FIXTURE("qa/postprocess");
        int rows = 0;
        for (const auto& file : sa_test::filesUnder(qaRoot() + "/postprocess", {QStringLiteral("*.json")})) {
            const auto fixture = sa_test::readJson(file);
            for (std::size_t s = 0; s < fixture.at("settings").size(); ++s) {
                const auto& setting = fixture["settings"][s];
                QTest::newRow(qPrintable(QStringLiteral("%1/n%2-len%3")
                                             .arg(QFileInfo(file).completeBaseName())
                                             .arg(setting.at("n_best_size").get<int>())
                                             .arg(setting.at("max_answer_length").get<int>())))
                    << file << int(s);
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void postprocessingMatchesTheOfficialFunction() {
        QFETCH(QString, file);
        QFETCH(int, setting);
        const auto fixture = sa_test::readJson(file);
        const auto& s = fixture.at("settings").at(std::size_t(setting));
        std::vector<std::string> ids, contexts;
        std::map<std::string, int64_t> indexOf;
        for (const auto& e : fixture.at("examples")) {
            indexOf[e.at("id")] = int64_t(ids.size());
            ids.push_back(e.at("id"));
            contexts.push_back(e.at("context"));
        }
        std::vector<sa::QaFeatureSpans> spans;
        std::vector<float> starts, ends;
        int64_t length = 0;
        for (std::size_t f = 0; f < fixture.at("features").size(); ++f) {
            const auto& feature = fixture["features"][f];
            sa::QaFeatureSpans span;
            span.example = indexOf.at(feature.at("example_id"));
            for (const auto& o : feature.at("offset_mapping")) {
                span.begin.push_back(o.is_null() ? -1 : o[0].get<int64_t>());
                span.end.push_back(o.is_null() ? -1 : o[1].get<int64_t>());
            }
            length = int64_t(span.begin.size());
            spans.push_back(std::move(span));
            for (const auto& v : fixture.at("start_logits")[f])
                starts.push_back(v.get<float>());
            for (const auto& v : fixture.at("end_logits")[f])
                ends.push_back(v.get<float>());
        }
        sa::QaPostprocessOptions options;
        options.nBestSize = s.at("n_best_size");
        options.maxAnswerLength = s.at("max_answer_length");

        // numpy's argsort, ties included: the candidate lists of every feature.
        for (std::size_t f = 0; f < spans.size(); ++f) {
            const auto& want = s.at("argsort_top_per_feature")[f];
            for (const auto& [key, logits] :
                 {std::pair<const char*, const float*>{"start", starts.data()}, {"end", ends.data()}}) {
                const auto order = sa::numpyArgsort(logits + f * std::size_t(length), length);
                json top = json::array();
                for (int64_t k = 0; k < options.nBestSize && k < length; ++k)
                    top.push_back(order[std::size_t(length - 1 - k)]);
                QVERIFY2(top == want.at(key), qPrintable(QStringLiteral("feature %1 %2").arg(f).arg(key)));
            }
        }

        const auto answers = sa::postprocessQaPredictions(contexts, spans, starts.data(), ends.data(), length, options);
        QCOMPARE(answers.size(), ids.size());
        QCOMPARE(json::parse(sa::qaPredictionsJson(ids, answers)), s.at("predictions"));
        const json nbest = json::parse(sa::qaNbestJson(ids, answers));
        for (std::size_t e = 0; e < ids.size(); ++e) {
            const auto& want = s.at("nbest").at(ids[e]);
            const auto& got = nbest.at(ids[e]);
            QVERIFY2(got.size() == want.size(), ids[e].c_str());
            QCOMPARE(answers[e].front().text, s.at("predictions").at(ids[e]).get<std::string>());
            for (std::size_t k = 0; k < want.size(); ++k) {
                const QByteArray where = QByteArray::fromStdString(ids[e]) + " #" + QByteArray::number(qulonglong(k));
                QVERIFY2(got[k].at("text") == want[k].at("text"), where);
                QVERIFY2(got[k].at("start_logit").get<double>() == want[k].at("start_logit").get<double>(), where);
                QVERIFY2(got[k].at("end_logit").get<double>() == want[k].at("end_logit").get<double>(), where);
                QVERIFY2(std::abs(got[k].at("probability").get<double>() - want[k].at("probability").get<double>()) <=
                             1e-6,
                         where);
                QVERIFY2(answers[e][k].text == want[k].at("text").get<std::string>(), where);
            }
        }
    }

    // ---- metric -------------------------------------------------------------

    void metricMatchesTheOfficialScript() {
        SA_REQUIRE_FIXTURE("qa/metric.json");
        const auto fixture = sa_test::readJson(qaRoot() + "/metric.json");
        std::vector<sa::SquadExample> dataset;
        std::map<std::string, std::string> predictions;
        for (const auto& c : fixture.at("cases")) {
            const std::string id = c.at("id");
            const std::string prediction = c.at("prediction");
            std::vector<std::string> golds;
            for (const auto& g : c.at("golds"))
                golds.push_back(g);
            QCOMPARE(sa::normalizeSquadAnswer(prediction), c.at("normalized_prediction").get<std::string>());
            for (std::size_t g = 0; g < golds.size(); ++g) {
                QCOMPARE(sa::normalizeSquadAnswer(golds[g]), c.at("normalized_golds")[g].get<std::string>());
                const auto one = sa::scoreSquadAnswer(prediction, {golds[g]});
                QVERIFY2(std::abs(one.exactMatch - c.at("per_gold_em")[g].get<double>()) <= 1e-9, id.c_str());
                QVERIFY2(std::abs(one.f1 - c.at("per_gold_f1")[g].get<double>()) <= 1e-9, id.c_str());
            }
            const auto best = sa::scoreSquadAnswer(prediction, golds);
            QVERIFY2(std::abs(best.exactMatch - c.at("exact_match").get<double>()) <= 1e-9, id.c_str());
            QVERIFY2(std::abs(best.f1 - c.at("f1").get<double>()) <= 1e-9, id.c_str());
            sa::SquadExample example;
            example.id = id;
            for (const auto& g : golds)
                example.answers.push_back({g, 0});
            dataset.push_back(example);
            predictions[id] = prediction;
        }
        const auto& aggregate = fixture.at("aggregate");
        const auto evaluation = sa::evaluateSquad(dataset, predictions);
        QVERIFY(std::abs(evaluation.exactMatch - aggregate.at("exact_match").get<double>()) <= 1e-9);
        QVERIFY(std::abs(evaluation.f1 - aggregate.at("f1").get<double>()) <= 1e-9);
        QCOMPARE(evaluation.total, aggregate.at("total").get<int64_t>());
        QCOMPARE(evaluation.unanswered, int64_t(0));
        const json printed = json::parse(sa::squadEvaluationJson(evaluation));
        QVERIFY(std::abs(printed.at("exact_match").get<double>() - evaluation.exactMatch) <= 1e-12);

        // A question without a prediction scores 0 and is named.
        predictions.erase(dataset.front().id);
        const auto partial = sa::evaluateSquad(dataset, predictions);
        QCOMPARE(partial.unanswered, int64_t(1));
        QCOMPARE(partial.unansweredIds.front(), dataset.front().id);
        QCOMPARE(partial.total, evaluation.total);
    }

    // ---- reader -------------------------------------------------------------

    void readsTheRealSquadFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("dev") << QDir(sa_test::dataRoot()).filePath("squad/dev-v1.1.json");
        QTest::newRow("train-first2") << QDir(sa_test::dataRoot()).filePath("squad/train-v1.1.first2articles.json");
    }
    void readsTheRealSquadFiles() {
        QFETCH(QString, file);
        if (!QFileInfo::exists(file)) QSKIP(qPrintable("data file not found: " + file + " (set SPARSEADAPTER_DATA)"));
        // The expectations, counted here straight from the JSON (code points via Qt).
        const auto root = sa_test::readJson(file);
        int64_t questions = 0, answers = 0, mismatched = 0, paragraphs = 0;
        std::vector<std::string> ids;
        for (const auto& article : root.at("data"))
            for (const auto& paragraph : article.at("paragraphs")) {
                ++paragraphs;
                const auto context = QString::fromStdString(paragraph.at("context")).toUcs4();
                for (const auto& qa : paragraph.at("qas")) {
                    ++questions;
                    ids.push_back(qa.at("id"));
                    for (const auto& a : qa.at("answers")) {
                        ++answers;
                        const auto text = QString::fromStdString(a.at("text")).toUcs4();
                        const auto start = a.at("answer_start").get<qsizetype>();
                        if (context.mid(start, text.size()) != text) ++mismatched;
                    }
                }
            }
        sa::SquadReadReport report;
        const auto examples = sa::readSquadJson(file.toStdString(), &report);
        QCOMPARE(int64_t(examples.size()), questions);
        QCOMPARE(report.questions, questions);
        QCOMPARE(report.answers, answers);
        QCOMPARE(report.paragraphs, paragraphs);
        QCOMPARE(report.articles, int64_t(root.at("data").size()));
        QCOMPARE(report.mismatchedAnswers, mismatched);
        QCOMPARE(QString::fromStdString(report.version), QString::fromStdString(root.value("version", "")));
        for (std::size_t i = 0; i < ids.size(); i += 997)
            QCOMPARE(examples[i].id, ids[i]);
    }

    void badSquadFilesNameTheFileAndTheRecord() {
        QTemporaryDir tmp;
        const json good = {
            {"id", "q1"}, {"question", "Where?"}, {"answers", {{{"text", "France"}, {"answer_start", 12}}}}};
        // Reads fine, and an answer_start that misses its text is counted.
        json shifted = good;
        shifted["answers"][0]["answer_start"] = 3;
        sa::SquadReadReport report;
        const auto examples =
            sa::readSquadJson(squadFile(tmp, "shifted.json", oneQuestionFile(shifted)).toStdString(), &report);
        QCOMPARE(examples.size(), std::size_t(1));
        QCOMPARE(report.mismatchedAnswers, int64_t(1));
        QVERIFY(QString::fromStdString(report.mismatches.front()).contains("data[0].paragraphs[0].qas[0].answers[0]"));

        struct Case {
            const char* name;
            json doc;
            const char* expected;
        };
        json noAnswers = good;
        noAnswers.erase("answers");
        json badStart = good;
        badStart["answers"][0]["answer_start"] = "twelve";
        json impossible = good;
        impossible["is_impossible"] = true;
        json twice = oneQuestionFile(good);
        twice["data"][0]["paragraphs"][0]["qas"].push_back(good);
        json v2 = oneQuestionFile(good);
        v2["version"] = "v2.0";
        const std::vector<Case> cases{
            {"no-answers.json", oneQuestionFile(noAnswers), "data[0].paragraphs[0].qas[0]"},
            {"bad-start.json", oneQuestionFile(badStart), "data[0].paragraphs[0].qas[0].answers[0].answer_start"},
            {"impossible.json", oneQuestionFile(impossible), "v2.0"},
            {"v2.json", v2, "v2.0"},
            {"twice.json", twice, "q1"},
            {"no-data.json", json{{"version", "1.1"}}, "data"},
        };
        for (const auto& c : cases) {
            const QString path = squadFile(tmp, c.name, c.doc);
            const QString message = sa_test::errorOf([&] { sa::readSquadJson(path.toStdString()); });
            QVERIFY2(message.contains(path), qPrintable(message));
            QVERIFY2(message.contains(c.expected), qPrintable(c.name + (": " + message)));
        }
        const QString broken = tmp.filePath("broken.json");
        sa_test::writeFile(broken, "{\"data\": [\n  {\"title\": \"t\",, }\n]}");
        const QString message = sa_test::errorOf([&] { sa::readSquadJson(broken.toStdString()); });
        QVERIFY2(message.contains(broken) && message.contains("line 2"), qPrintable(message));

        const QString predictions = tmp.filePath("predictions.json");
        sa_test::writeFile(predictions, "{\"q1\": 3}");
        const QString bad = sa_test::errorOf([&] { sa::readSquadPredictions(predictions.toStdString()); });
        QVERIFY2(bad.contains(predictions) && bad.contains("q1"), qPrintable(bad));
    }

    // ---- the demo corpus ------------------------------------------------------

    void demoCorpusIsWellFormed() {
        QTemporaryDir demo;
        sa::writeDemoCheckpoint(demo.path().toStdString());
        const auto tokenizer = sa::loadTokenizer(demo.path().toStdString());
        for (const char* split : {"train", "dev"}) {
            const auto examples = sa::demoQuestionExamples(split);
            QVERIFY(examples.size() > 100);
            std::set<std::string> ids, kinds;
            for (const auto& e : examples) {
                QVERIFY2(ids.insert(e.id).second, e.id.c_str());
                QVERIFY(!e.answers.empty());
                const auto context = QString::fromStdString(e.context).toUcs4();
                for (const auto& a : e.answers) {
                    const auto text = QString::fromStdString(a.text).toUcs4();
                    QVERIFY2(context.mid(qsizetype(a.start), text.size()) == text, e.id.c_str());
                }
                kinds.insert(e.question.substr(0, e.question.find(' ')));
                // Every word is in the demo model's vocabulary.
                for (const auto* text : {&e.question, &e.context})
                    for (const auto id : tokenizer->encodeWithOffsets(*text).ids)
                        QVERIFY2(id != tokenizer->unkId(), text->c_str());
            }
            QVERIFY(kinds.size() > 1);
            // The same corpus on every install.
            QCOMPARE(sa::demoQuestionExamples(split).front().context, examples.front().context);
        }
        QVERIFY(!sa_test::errorOf([] { sa::demoQuestionExamples("test"); }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQa)
#include "test_qa.moc"
