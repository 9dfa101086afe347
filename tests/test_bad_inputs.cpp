// Bad input as a hostile but realistic user gives it (issue 13): each is
// refused before anything is allocated or written, with one line that names
// the real cause (file, line, key) and no backtrace; sizes and rates are
// bounded by key; an export is all or nothing; a head of another label count
// is a choice (reinit_head), not a dead end.
#include "test_support.h"

#include "experiment/config_check.h"
#include "experiment/experiment.h"
#include "experiment/experiment_budget.h"
#include "io/safetensors.h"
#include "model/demo_checkpoint.h"
#include "model/pretrained.h"
#include "text/unicode.h"

#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <limits>

namespace {

struct Result {
    int exitCode;
    QString out, err;
};

Result cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(SPARSEADAPTER_CLI), args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// A refusal: non-zero exit, one line on stderr holding every part, no
// LibTorch backtrace.
void expectRefusal(const Result& r, const QStringList& parts) {
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(!r.err.contains(QStringLiteral("frame #")) && !r.err.contains(QStringLiteral("Exception raised from")),
             qPrintable(r.err));
    for (const auto& part : parts)
        QVERIFY2(r.err.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, r.err)));
}

// The built-in demo checkpoint in `dir`, its config.json edited by `edit`.
QString demoCheckpoint(const QTemporaryDir& tmp, const std::function<void(nlohmann::json&)>& edit = {}) {
    const QString dir = tmp.filePath(QStringLiteral("checkpoint"));
    sa::writeDemoCheckpoint(dir.toStdString());
    if (edit) {
        auto config = sa_test::readJson(dir + "/config.json");
        edit(config);
        sa_test::writeFile(dir + "/config.json", QByteArray::fromStdString(config.dump(2)));
    }
    return dir;
}

// An SST-2 folder whose train.tsv is `train` (dev.tsv two good rows).
QString sst2Data(const QTemporaryDir& tmp, const QByteArray& train) {
    const QString dir = tmp.filePath(QStringLiteral("sst2"));
    QDir().mkpath(dir);
    sa_test::writeFile(dir + "/train.tsv", train);
    sa_test::writeFile(dir + "/dev.tsv", "sentence\tlabel\ngood film\t1\nbad film\t0\n");
    return dir;
}

QStringList runDemoOn(const QTemporaryDir& tmp, const QString& model, const QStringList& sets) {
    QStringList args{"run", "--demo", "--set", "output_dir=" + tmp.filePath(QStringLiteral("runs"))};
    if (!model.isEmpty())
        args << "--set"
             << "model=" + model;
    for (const auto& s : sets)
        args << "--set" << s;
    return args;
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sizesAndRatesAreBoundedByKey_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("bottleneck") << "adapter.bottleneck=1000000000"
                                    << QStringList{"adapter.bottleneck", "65536", "hidden size"};
        QTest::newRow("learning rate") << "optimization.learning_rate=1e308"
                                       << QStringList{"optimization.learning_rate", "diverge"};
        QTest::newRow("batch") << "optimization.batch_size=10000000"
                               << QStringList{"optimization.batch_size", "memory"};
    }
    void sizesAndRatesAreBoundedByKey() {
        QFETCH(QString, assignment);
        QFETCH(QStringList, parts);
        QTemporaryDir tmp;
        expectRefusal(cli(runDemoOn(tmp, {}, {assignment})), parts);
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("runs")))); // nothing written
    }

    void modelSizesAreCheckedBeforeAnythingIsAllocated_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("vocab 10^12") << "vocab_size" << qint64(1000000000000) << QStringList{"vocab_size", "above"};
        QTest::newRow("hidden 2^40") << "hidden_size" << (qint64(1) << 40) << QStringList{"hidden_size", "above"};
        QTest::newRow("layers 10^7") << "num_hidden_layers" << qint64(10000000)
                                     << QStringList{"num_hidden_layers", "above"};
        QTest::newRow("no layers") << "num_hidden_layers" << qint64(0) << QStringList{"num_hidden_layers", "positive"};
        // Within every bound, but not the weights' shape: found before the model is built.
        QTest::newRow("vocab 3*10^6") << "vocab_size" << qint64(3000000)
                                      << QStringList{"vocab_size 3000000", "do not match", "word_embeddings"};
        QTest::newRow("more layers than the weights")
            << "num_hidden_layers" << qint64(40) << QStringList{"num_hidden_layers is 40", "hold"};
    }
    void modelSizesAreCheckedBeforeAnythingIsAllocated() {
        QFETCH(QString, key);
        QFETCH(qint64, value);
        QFETCH(QStringList, parts);
        QTemporaryDir tmp;
        const QString dir = demoCheckpoint(tmp, [&](nlohmann::json& c) { c[key.toStdString()] = value; });
        parts << QStringLiteral("config.json");
        expectRefusal(cli({"inspect", dir}), parts);
    }

    void messagesNameTheRealCause() {
        QTemporaryDir tmp;
        // A folder given as the config.
        expectRefusal(cli({"run", tmp.path()}), {"is a folder", "resume"});
        // layer_norm_eps that cannot be one.
        QTemporaryDir eps;
        expectRefusal(cli({"inspect", demoCheckpoint(eps, [](nlohmann::json& c) { c["layer_norm_eps"] = -1; })}),
                      {"layer_norm_eps", "(0, 1)"});
        // An output_dir that is a file.
        const QString file = tmp.filePath(QStringLiteral("a-file"));
        sa_test::writeFile(file, "x");
        expectRefusal(cli(runDemoOn(tmp, {}, {"output_dir=" + file})), {"output_dir", "a-file"});
        // train.tsv that is a folder.
        QTemporaryDir folderData;
        const QString data = sst2Data(folderData, "sentence\tlabel\n");
        QFile::remove(data + "/train.tsv");
        QDir().mkpath(data + "/train.tsv");
        expectRefusal(cli(runDemoOn(folderData, {}, {"task.data_dir=" + data})), {"train.tsv", "is a folder"});
    }

    void damagedWeightsAreNamed() {
        QTemporaryDir tmp;
        const QString dir = demoCheckpoint(tmp);
        const auto path = (dir + "/model.safetensors").toStdString();
        const auto file = sa::SafetensorsFile::open(path);
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        std::string damaged;
        for (const auto& e : file.entries()) {
            auto t = file.tensor(e.name).clone();
            if (damaged.empty() && t.is_floating_point() && t.numel() > 1) {
                t.view(-1)[1] = std::numeric_limits<float>::quiet_NaN();
                damaged = e.name;
            }
            tensors.emplace_back(e.name, t);
        }
        sa::writeSafetensors(path, tensors, {{"format", "pt"}});
        expectRefusal(cli({"inspect", dir}), {QString::fromStdString(damaged), "NaN", "model.safetensors"});
    }

    // The reference reads TSVs as UTF-8 and stops at a bad byte; so do we,
    // naming the line, and the bytes are shown escaped, never raw.
    void invalidUtf8IsRefusedAtItsLine() {
        QTemporaryDir tmp;
        QByteArray train = "sentence\tlabel\n";
        for (int i = 2; i <= 39; ++i)
            train += "a good film\t1\n";
        train += "a b\xff\x01\x1b[2J film\t0\n"; // line 40
        const QString data = sst2Data(tmp, train);
        const auto r = cli(runDemoOn(tmp, {}, {"task.data_dir=" + data}));
        expectRefusal(r, {"train.tsv:40", "UTF-8", "\\xff"});
        QVERIFY2(!r.err.contains(QChar(0x1b)), qPrintable(r.err)); // no terminal escape echoed
        QCOMPARE(QString::fromStdString(sa::unicode::escapedExcerpt("a\xff\x1b\\b")),
                 QStringLiteral("a\\xff\\x1b\\x5cb"));
    }

    // A tokenizer that `run` refuses fails `inspect` too, its bytes escaped.
    void inspectFailsOnATokenizerRunWouldRefuse() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        QTemporaryDir tmp;
        const QString source = QString::fromStdString(sa_test::fixturePath(QStringLiteral("models/tiny-roberta")));
        for (const auto& name : QDir(source).entryList(QDir::Files))
            QVERIFY(QFile::copy(source + "/" + name, tmp.filePath(name)));
        QFile::remove(tmp.filePath(QStringLiteral("merges.txt")));
        sa_test::writeFile(tmp.filePath(QStringLiteral("merges.txt")),
                           QByteArray("#version: 0.2\nab\x07\x1b[31m cd ef\n"));
        const auto r = cli({"inspect", tmp.path()});
        expectRefusal(r, {"merges.txt", "line 2", "\\x07"});
        QVERIFY2(!r.err.contains(QChar(0x1b)) && !r.err.contains(QChar(0x07)), qPrintable(r.err));
    }

    void exportIsAllOrNothing() {
        QTemporaryDir tmp;
        const QString runs = tmp.filePath(QStringLiteral("runs"));
        for (const char* name : {"a", "b"})
            QCOMPARE(cli(runDemoOn(tmp, {},
                                   {"name=" + QString::fromLatin1(name), "optimization.epochs=1",
                                    "task.max_train_examples=32", "task.max_eval_examples=16"}))
                         .exitCode,
                     0);
        // A model checkpoint is not a run.
        expectRefusal(cli({"export", demoCheckpoint(tmp), "--tables", tmp.filePath(QStringLiteral("t0"))}),
                      {"not a run folder"});
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("t0"))) ||
                QDir(tmp.filePath(QStringLiteral("t0"))).isEmpty());
        // A bad line in the second run's metrics, which only the figures
        // read (a build without figures refuses them instead): the tables,
        // written first, are not left behind either.
        QFile metrics(runs + "/b/metrics.jsonl");
        QVERIFY(metrics.open(QIODevice::Append));
        metrics.write("{not json\n");
        metrics.close();
        const QString tables = tmp.filePath(QStringLiteral("tables"));
        const QString figures = tmp.filePath(QStringLiteral("figures"));
#ifdef SPARSEADAPTER_HAVE_FIGURES
        const QStringList cause{"metrics.jsonl"};
#else
        const QStringList cause{"--figures"};
#endif
        expectRefusal(cli({"export", runs + "/a", runs + "/b", "--tables", tables, "--figures", figures}), cause);
        for (const auto& folder : {tables, figures})
            QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
                     QStringList());
        // Without it, every file arrives.
        const auto r = cli({"export", runs + "/a", "--tables", tables});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFileInfo::exists(tables + "/runs.csv"));
        QCOMPARE(QDir(tables).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    }

    // A 2-label classifier for a 3-label task: refused with the way out,
    // which draws the head afresh and says so.
    void aHeadOfAnotherSizeIsAChoice() {
        QTemporaryDir tmp;
        const QString dir = demoCheckpoint(tmp);
        auto config = sa::builtinDemoConfig();
        config.model = dir.toStdString();
        config.task = sa::TaskConfig::defaultsFor("MNLI");
        const auto model = sa::experimentModelConfig(config);
        QVERIFY(model.checkpointHeadLabels > 0 && model.checkpointHeadLabels != model.numLabels);
        auto keys = [&] {
            QStringList out;
            for (const auto& p : sa::checkExperimentConfig(config, &model))
                out << QString::fromStdString(p.key);
            return out;
        };
        QVERIFY(keys().contains(QStringLiteral("reinit_head")));
        sa::LoadOptions load;
        load.numLabels = model.numLabels;
        const QString message = sa_test::errorOf([&] { sa::loadPretrained(dir.toStdString(), load); });
        QVERIFY2(message.contains(QStringLiteral("reinit_head")), qPrintable(message));
        config.reinitHead = true;
        QVERIFY(!keys().contains(QStringLiteral("reinit_head")));
        load.reinitMismatchedHead = true;
        const auto loaded = sa::loadPretrained(dir.toStdString(), load);
        QVERIFY(!loaded.report.reinitialisedHead.empty());
        QVERIFY2(loaded.report.reinitialisedHead.front().find("->") != std::string::npos,
                 loaded.report.reinitialisedHead.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
