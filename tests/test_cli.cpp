// The headless CLI as a user runs it: `inspect` on the fixture checkpoints,
// one-line errors with a non-zero exit, the demo, and the bench JSON line.
#include "test_support.h"

#include "io/safetensors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

class TestCli : public QObject {
    Q_OBJECT

private:
    struct Result {
        int exitCode;
        QString out, err;
    };

    static Result run(const QStringList& args, int timeoutMs = 300000) {
        QProcess p;
        p.start(QStringLiteral(SPARSEADAPTER_CLI), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            return {-1, {}, QStringLiteral("timed out")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void inspectPrintsArchitectureCountsAndFiles() {
        SA_REQUIRE_FIXTURE("models");
        QDir models(QDir(sa_test::fixturesRoot()).filePath("models"));
        int inspected = 0;
        for (const auto& name : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const auto dir = models.filePath(name);
            if (!QFileInfo::exists(dir + "/config.json")) continue;
            const auto r = run({"inspect", dir});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const auto config = QJsonDocument::fromJson([&] {
                                    QFile f(dir + "/config.json");
                                    f.open(QIODevice::ReadOnly);
                                    return f.readAll();
                                }())
                                    .object();
            QVERIFY(r.out.contains("architecture:      " + config["model_type"].toString()));
            QVERIFY(r.out.contains(QStringLiteral("vocabulary size:   %1").arg(config["vocab_size"].toInt())));
            QVERIFY(r.out.contains(QRegularExpression("parameters:\\s+[1-9][0-9]+")));
            QVERIFY(r.out.contains(dir + "/config.json"));
            QVERIFY(r.out.contains(dir + "/model.safetensors"));
            ++inspected;
        }
        QVERIFY(inspected > 0);
    }

    void inspectWithAnAdapterPrintsItsBudgetAndTheLargeSparsePlan() {
        SA_REQUIRE_FIXTURE("models/tiny-roberta");
        const auto dir = QDir(sa_test::fixturesRoot()).filePath("models/tiny-roberta");
        const auto r = run({"inspect", dir, "--adapter", "houlsby", "--bottleneck", "8", "--large-sparse", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("architecture:      roberta")); // the summary as without --adapter
        QVERIFY(r.out.contains("adapter budget: houlsby, bottleneck 8"));
        QVERIFY(r.out.contains("1,627,885")); // total as param_counts.json counts it
        QVERIFY(r.out.contains(QRegularExpression("=>\\s+2\\s+16\\s+0\\.5000")));
        for (const QStringList& bad : {QStringList{"--adapter", "nope", "--bottleneck", "8"},
                                       QStringList{"--adapter", "houlsby", "--bottleneck", "0"},
                                       QStringList{"--adapter", "houlsby", "--bottleneck", "8", "--large-sparse", "0"},
                                       QStringList{"--bottleneck", "8"}}) {
            const auto e = run(QStringList{"inspect", dir} + bad);
            QCOMPARE(e.exitCode, 1);
            QVERIFY2(e.err.trimmed().count('\n') == 0 && e.out.isEmpty(), qPrintable(e.err));
        }
    }

    void errorsAreOneLineWithNonZeroExit() {
        const auto r = run({"inspect", "/nonexistent/checkpoint"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.trimmed().count('\n') == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("/nonexistent/checkpoint"));
        QCOMPARE(run({"no-such-command"}).exitCode, 2);
        QCOMPARE(run({"bench", "forward", "--batch", "x"}).exitCode, 1);
        QCOMPARE(run({"bench", "forward", "--geometry", "gpt-9"}).exitCode, 1);
    }

    void demoRunsOnTheBuiltInCheckpoint() {
        QTemporaryDir tmp;
        const auto r = run({"demo", "--dir", tmp.filePath("demo")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("architecture:      bert"));
        QVERIFY(r.out.contains("class probabilities"));
        QVERIFY(QFileInfo::exists(tmp.filePath("demo/model.safetensors")));
    }

    void verifyPassesOnTheFixturesAndFailsOnAnEmptyRoot() {
        SA_REQUIRE_FIXTURE("models");
        const auto r = run({"verify", sa_test::fixturesRoot()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("PASS "));
        QVERIFY(!r.out.contains("FAIL "));
        QTemporaryDir empty;
        QCOMPARE(run({"verify", empty.path()}).exitCode, 1);
        // A fixture whose reference logits are off by 1e-3 fails, naming the tensor.
        const auto models = QDir(sa_test::fixturesRoot()).filePath("models");
        const auto name = QDir(models).entryList(QDir::Dirs | QDir::NoDotAndDotDot).value(0);
        const auto source = QDir(models).filePath(name);
        QTemporaryDir altered;
        QDir().mkpath(altered.filePath("models/" + name));
        for (const auto& file : QDir(source).entryList(QDir::Files)) {
            const auto target = altered.filePath("models/" + name + "/" + file);
            if (file != "reference.safetensors") {
                QVERIFY(QFile::link(QDir(source).filePath(file), target));
                continue;
            }
            auto tensors = sa::SafetensorsFile::open(QDir(source).filePath(file).toStdString()).tensors();
            for (auto& [key, t] : tensors)
                if (QString::fromStdString(key).endsWith(".logits")) t = t + 1e-3;
            sa::writeSafetensors(target.toStdString(), tensors);
        }
        const auto bad = run({"verify", altered.path()});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.out.contains("FAIL ") && bad.out.contains("logits"), qPrintable(bad.out));
    }

    void pruneWritesTheReferenceMasks() {
        SA_REQUIRE_FIXTURE("pruning/tiny-roberta-houlsby");
        const QDir f(sa_test::fixturesRoot());
        QTemporaryDir tmp;
        const auto out = tmp.filePath("masks.safetensors");
        const auto r = run({"prune", f.filePath("models/tiny-roberta"), "--adapter", "houlsby", "--bottleneck", "8",
                            "--method", "snip", "--sparsity", "0.4", "--data",
                            f.filePath("pruning/tiny-roberta-houlsby/batch.safetensors"), "--adapter-weights",
                            f.filePath("adapters/tiny-roberta/houlsby/adapter_params.safetensors"), "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("all    all"));
        // Sparsity 0.4 = the reference's density 0.6.
        const auto expected = sa::SafetensorsFile::open(
            f.filePath("pruning/tiny-roberta-houlsby/masks.snip.global.d0.6.safetensors").toStdString());
        const auto written = sa::SafetensorsFile::open(out.toStdString());
        QCOMPARE(written.entries().size(), expected.entries().size());
        for (const auto& e : expected.entries())
            QVERIFY2(torch::equal(written.tensor(e.name), expected.tensor(e.name)), e.name.c_str());
        // snip without data is an error naming what is missing.
        const auto bad = run({"prune", f.filePath("models/tiny-roberta"), "--adapter", "houlsby", "--bottleneck", "8",
                              "--method", "snip", "--out", out});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("batch"));
    }

    void benchPrunePrintsOneJsonLinePerMethod() {
        const auto r = run({"bench", "prune", "--geometry", "bert-base", "--bottleneck", "8", "--batch", "1", "--seq",
                            "8", "--methods", "snip,magnitude"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const auto& line : lines) {
            const auto j = QJsonDocument::fromJson(line.toUtf8()).object();
            for (const char* key : {"method", "score_s", "train_step_s"})
                QVERIFY2(j.contains(key), key);
        }
    }

    void benchForwardPrintsOneJsonLine() {
        const auto r = run({"bench", "forward", "--geometry", "bert-base", "--batch", "1", "--seq", "8", "--repeats",
                            "1", "--warmup", "0", "--threads", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const auto j = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        for (const char* key : {"geometry", "batch", "seq", "forward_s_median", "train_step_s_median",
                                "tokens_per_s_forward", "tokens_per_s_train", "peak_rss_mb", "threads"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["geometry"].toString(), QStringLiteral("bert-base"));
        QVERIFY(j["forward_s_median"].toDouble() > 0.0);
        QCOMPARE(j["threads"].toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
