// The headless CLI as a user runs it: `inspect` on the fixture checkpoints,
// one-line errors with a non-zero exit, the demo, and the bench JSON line.
#include "test_support.h"

#include "experiment/experiment.h"
#include "io/safetensors.h"
#include "tasks/question_answering/demo_questions.h"
#include "tasks/question_answering/squad_dataset.h"
#include "tasks/summarization/demo_compression.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QXmlStreamReader>
#ifdef SPARSEADAPTER_HAVE_FIGURES
#include <QImage>
#endif

#include <csignal>

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

    static QJsonObject readObject(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    // A short demo run with a checkpoint every 20 steps: the sentiment demo
    // (5 epochs of 60 steps), the question or the summarization demo (2 epochs).
    static QStringList demoArgs(const QString& outputDir, const QString& task = QStringLiteral("sst-2")) {
        return {"run",
                "--demo",
                task,
                "--set",
                "output_dir=" + outputDir,
                "--set",
                task == QStringLiteral("sst-2") ? "optimization.epochs=5" : "optimization.epochs=2",
                "--set",
                "optimization.checkpoint_every_steps=20"};
    }
    static QString demoFolder(const QString& task) {
        return QString::fromStdString(sa::builtinDemoConfig(task.toStdString()).runName());
    }

    // Starts a demo run, interrupts it with `signal` once its first
    // checkpoint exists (mid-epoch), and returns its exit code.
    static int interruptedDemo(const QString& outputDir, int signal, const QString& task) {
        QProcess p;
        p.start(QStringLiteral(SPARSEADAPTER_CLI), demoArgs(outputDir, task));
        const QString checkpoint = outputDir + "/" + demoFolder(task) + "/checkpoint.safetensors";
        QElapsedTimer timer;
        timer.start();
        while (!QFileInfo::exists(checkpoint) && timer.elapsed() < 120000 && p.state() != QProcess::NotRunning)
            QThread::msleep(5);
        ::kill(static_cast<pid_t>(p.processId()), signal);
        p.waitForFinished(120000);
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -signal;
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

    // Two short demo runs exported as a user would from an ssh session: no
    // display, tables and figures in one call.
    void exportWritesTablesAndFiguresWithoutADisplay() {
        QTemporaryDir tmp;
        for (const char* name : {"first", "second"}) {
            const auto r = run({"run", "--demo", "--set", "output_dir=" + tmp.filePath("runs"), "--set",
                                QStringLiteral("name=%1").arg(QLatin1String(name)), "--set", "optimization.epochs=2"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(var));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SPARSEADAPTER_CLI), {"export", tmp.filePath("runs"), "--tables", tmp.filePath("tables"),
                                                    "--figures", tmp.filePath("figures")});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
#ifdef SPARSEADAPTER_HAVE_FIGURES
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err));
        QFile csv(tmp.filePath("tables/runs.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray table = csv.readAll();
        QVERIFY(table.contains("first") && table.contains("second"));

        const QDir figures(tmp.filePath("figures"));
        for (const char* base :
             {"first-loss", "first-metrics", "second-loss", "second-metrics", "compare-loss", "compare-metrics"}) {
            const QString stem = figures.filePath(QLatin1String(base));
            QImage png(stem + ".png");
            QVERIFY2(!png.isNull() && png.width() == 800 && png.height() == 500, base);
            QFile pdf(stem + ".pdf");
            QVERIFY2(pdf.open(QIODevice::ReadOnly), base);
            const QByteArray pdfBytes = pdf.readAll();
            QVERIFY2(pdfBytes.startsWith("%PDF-") && pdfBytes.contains("%%EOF"), base);
            QFile svg(stem + ".svg");
            QVERIFY2(svg.open(QIODevice::ReadOnly), base);
            QXmlStreamReader xml(&svg);
            bool sawSvg = false;
            while (!xml.atEnd())
                if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("svg"))
                    sawSvg = true;
            QVERIFY2(!xml.hasError() && sawSvg, qPrintable(xml.errorString()));
        }
        // The printed list names every file written: 3 tables + 2 budgets × 3, 6 figures × 3.
        const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 9 + 18);
#else
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("--figures")), qPrintable(err));
#endif
    }

    // A trained run's adapters as an AdapterHub folder, written whole; an
    // unknown format is refused naming the formats, a LoRA run is sent to
    // PEFT and leaves nothing behind.
    void exportAdapterWritesAnAdapterHubFolder() {
        QTemporaryDir tmp;
        for (const char* preset : {"houlsby", "lora"}) {
            const auto r = run({"run", "--demo", "--set", "output_dir=" + tmp.filePath("runs"), "--set",
                                QStringLiteral("name=%1").arg(QLatin1String(preset)), "--set",
                                QStringLiteral("adapter.preset=%1").arg(QLatin1String(preset)), "--set",
                                "optimization.max_steps=4", "--set", "pruning.method=random"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        const auto houlsby = tmp.filePath("runs/houlsby"), out = tmp.filePath("hub");
        auto r = run({"export-adapter", houlsby, "--format", "adapterhub", out, "--name", "sst2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const char* file : {"adapter_config.json", "pytorch_adapter.bin", "head_config.json",
                                 "pytorch_model_head.bin", "sparse_masks.safetensors", "README.md"}) {
            QVERIFY2(QFileInfo::exists(out + "/" + file), file);
            QVERIFY2(r.out.contains(QLatin1String(file)), qPrintable(r.out));
        }
        const auto config = readObject(out + "/adapter_config.json");
        const auto runConfig = readObject(houlsby + "/config.json");
        QCOMPARE(config["name"].toString(), QStringLiteral("sst2"));
        QCOMPARE(config["model_name"].toString(), runConfig["model"].toString());
        QVERIFY(config["config"].toObject()["mh_adapter"].toBool());
        QVERIFY(config["config"].toObject()["output_adapter"].toBool());

        r = run({"export-adapter", houlsby, "--format", "onnx", tmp.filePath("other")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("formats: adapterhub")), qPrintable(r.err));
        r = run({"export-adapter", tmp.filePath("runs/lora"), "--format", "adapterhub", tmp.filePath("lora-out")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("use --format peft")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(tmp.filePath("lora-out/pytorch_adapter.bin")));
    }

    void runDemoTrainsWellAboveChanceAndWritesTheRunFolder() {
        QTemporaryDir tmp;
        const auto r = run({"run", "--demo", "--set", "output_dir=" + tmp.path(), "--set", "optimization.epochs=12"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("run folder: ")));
        const QDir dir(tmp.filePath("demo"));
        for (const char* file : {"config.json", "metrics.jsonl", "masks.safetensors", "adapter.safetensors",
                                 "summary.json", "checkpoint.safetensors"})
            QVERIFY2(QFileInfo::exists(dir.filePath(file)), file);
        const auto summary = readObject(dir.filePath("summary.json"));
        QCOMPARE(summary["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(summary["steps_done"].toInt(), 720);
        const double accuracy = summary["best"].toObject()["main_value"].toDouble();
        QVERIFY2(accuracy > 0.75, qPrintable(QString::number(accuracy)));
        QCOMPARE(summary["budget"].toObject()["adapter_weights_kept"].toInt(), 19660); // 60 % of 2·2·2·64·64
        // The masks keep 60 % (SNIP, sparsity 0.4).
        const auto masks = sa::SafetensorsFile::open(dir.filePath("masks.safetensors").toStdString());
        int64_t kept = 0, total = 0;
        for (const auto& [name, mask] : masks.tensors()) {
            kept += mask.sum().item<int64_t>();
            total += mask.numel();
        }
        QCOMPARE(kept, int64_t(19660));
        QCOMPARE(total, int64_t(32768));
        // adapter.safetensors holds the best evaluation's weights with the
        // masks they ran with (the same here: one pruning round).
        const auto best = sa::SafetensorsFile::open(dir.filePath("adapter.safetensors").toStdString());
        int64_t bestMasks = 0;
        for (const auto& [name, mask] : masks.tensors()) {
            QVERIFY2(best.contains(name), name.c_str());
            QVERIFY(best.tensor(name).equal(mask));
            ++bestMasks;
        }
        QVERIFY(bestMasks > 0);
        // The resolved config reads back, and names every section.
        const auto config = readObject(dir.filePath("config.json"));
        for (const char* key : {"model", "task", "adapter", "pruning", "optimization", "device", "output_dir"})
            QVERIFY2(config.contains(key), key);
    }

    // The AdapterFusion demo, shortened (a few steps per run): both stages
    // run in order under one folder, the fusion run names its sources, and
    // the last line is the comparison as JSON. Whether the fusion wins is
    // measured at full length (README), not here.
    void runFusionDemoTrainsBothStagesAndPrintsTheComparison() {
        QTemporaryDir tmp;
        const auto r = run({"run", "--demo", "fusion", "--set", "output_dir=" + tmp.path(), "--set",
                            "optimization.max_steps=4", "--set", "task.max_eval_examples=32"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QDir dir(tmp.filePath("demo-fusion"));
        const QStringList runs{"source-sentiment", "source-topic", "fusion", "single-sentiment", "single-topic"};
        for (int i = 0; i < runs.size(); ++i) {
            QVERIFY2(r.out.contains(QStringLiteral("[%1/5] ").arg(i + 1)), qPrintable(r.out)); // each stage announced
            const auto summary = readObject(dir.filePath(runs[i] + "/summary.json"));
            QCOMPARE(summary["status"].toString(), QStringLiteral("finished"));
            QCOMPARE(summary["steps_done"].toInt(), 4);
            const auto best = summary["best"].toObject();
            QCOMPARE(best["main"].toString(), QStringLiteral("accuracy"));
            QVERIFY2(best["metrics"].toObject().contains("accuracy"), qPrintable(runs[i]));
            QCOMPARE(summary["eval_examples"].toInt(), 32);
        }
        const auto sourceOf = [&](const QString& name) { return dir.filePath(name); };
        const auto fusion = readObject(dir.filePath("fusion/summary.json"));
        QCOMPARE(fusion["task"].toString(), QStringLiteral("demo-staging-praise"));
        QCOMPARE(fusion["fusion_sources"].toArray(),
                 QJsonArray({sourceOf("source-sentiment"), sourceOf("source-topic")}));
        QCOMPARE(fusion["budget"].toObject()["fused_sources"].toObject()["count"].toInt(), 2);
        QVERIFY(fusion["best"].toObject().contains("fusion_attention"));
        QCOMPARE(readObject(dir.filePath("single-topic/summary.json"))["fusion_sources"].toArray(),
                 QJsonArray({sourceOf("source-topic")}));
        QCOMPARE(readObject(dir.filePath("source-topic/summary.json"))["task"].toString(),
                 QStringLiteral("demo-topic"));

        const auto lines = r.out.trimmed().split('\n');
        QVERIFY2(lines.size() >= 2 && lines[lines.size() - 2].startsWith(QStringLiteral("fusion ")), qPrintable(r.out));
        QJsonParseError error;
        const auto json = QJsonDocument::fromJson(lines.last().toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(lines.last()));
        const double accuracy = json["fusion"].toDouble(-1);
        QVERIFY2(accuracy >= 0 && accuracy <= 1, qPrintable(lines.last()));
        QCOMPARE(accuracy, fusion["best"].toObject()["main_value"].toDouble());
        const auto singles = json["single_sources"].toObject();
        QCOMPARE(singles.keys(), QStringList({"sentiment", "topic"}));
        for (const auto& value : singles)
            QVERIFY2(value.toDouble(-1) >= 0 && value.toDouble(-1) <= 1, qPrintable(lines.last()));
        QVERIFY2(json["seconds"].toDouble() > 0, qPrintable(lines.last()));

        // A second demo in the same output_dir leaves the first alone.
        const auto again = run({"run", "--demo", "fusion", "--set", "output_dir=" + tmp.path(), "--set",
                                "optimization.max_steps=1", "--set", "task.max_eval_examples=8"});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(
            readObject(tmp.filePath("demo-fusion-2/fusion/summary.json"))["fusion_sources"].toArray(),
            QJsonArray({tmp.filePath("demo-fusion-2/source-sentiment"), tmp.filePath("demo-fusion-2/source-topic")}));
    }

    void configErrorsNameTheKeyAndExitNonZero_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << QStringList{"run", "--demo", "--set", "optimization.learnig_rate=1"}
                                     << "optimization.learnig_rate";
        QTest::newRow("out of range") << QStringList{"run", "--demo", "--set", "pruning.sparsity=1.5"}
                                      << "pruning.sparsity";
        QTest::newRow("bad method") << QStringList{"run", "--demo", "--set", "pruning.method=snap"} << "snap";
        QTest::newRow("missing file") << QStringList{"run", "/nonexistent/config.json"} << "/nonexistent/config.json";
        QTest::newRow("no data dir") << QStringList{"run", "--demo", "--set", "model=/nonexistent/model"}
                                     << "task.data_dir";
        QTest::newRow("no squad file") << QStringList{"run", "--demo", "squad", "--set",
                                                      "task.train_file=/nonexistent/t.json"}
                                       << "task.train_file";
        QTest::newRow("no such demo") << QStringList{"run", "--demo", "mnli"} << "sst-2, squad, summarization";
        QTest::newRow("unknown task") << QStringList{"run", "--demo", "--set", "task.name=nope"}
                                      << "builtin:demo also demo-topic, demo-staging-praise";
        QTest::newRow("demo task with data")
            << QStringList{"run", "--demo", "--set", "task.name=demo-topic", "--set", "task.data_dir=/nonexistent/glue"}
            << "task.data_dir";
        QTest::newRow("demo task elsewhere") << QStringList{"run",   "--demo",
                                                            "--set", "model=/nonexistent/model",
                                                            "--set", "task.name=demo-staging-praise"}
                                             << "builtin:demo";
        QTest::newRow("not a run folder") << QStringList{"resume", "/nonexistent/run"} << "/nonexistent/run";
    }

    void configErrorsNameTheKeyAndExitNonZero() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto r = run(args);
        QCOMPARE(r.exitCode, 1);
        // The reason is the last line ("preparing ..." may come before it).
        const auto lines = r.err.trimmed().split('\n');
        QVERIFY2(lines.size() <= 2 && lines.last().contains(expected), qPrintable(r.err));
    }

    void killedAndInterruptedRunsResumeToTheSameResult_data() {
        QTest::addColumn<QString>("task");
        QTest::newRow("sentiment") << QStringLiteral("sst-2");
        QTest::newRow("questions") << QStringLiteral("squad");
        QTest::newRow("summaries") << QStringLiteral("summarization");
    }
    void killedAndInterruptedRunsResumeToTheSameResult() {
        QFETCH(QString, task);
        QTemporaryDir tmp;
        const QString folder = demoFolder(task);
        const auto whole = run(demoArgs(tmp.filePath("whole"), task));
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
        const auto expected = readObject(tmp.filePath("whole/" + folder + "/summary.json"));
        const int totalSteps = expected["steps_done"].toInt();
        QVERIFY(totalSteps > 40);
        // The best evaluation's outputs: QA's predictions, summarization's generations.
        auto outputs = [](const QString& dir) {
            QByteArray all;
            for (const char* name : {"predictions.json", "generations.jsonl"}) {
                QFile f(dir + "/" + name);
                if (f.open(QIODevice::ReadOnly)) all += f.readAll();
            }
            return all;
        };
        const QByteArray expectedPredictions = outputs(tmp.filePath("whole/" + folder));
        if (task != QStringLiteral("sst-2")) QVERIFY(!expectedPredictions.isEmpty());

        for (const int signal : {SIGKILL, SIGINT}) {
            const QString out = tmp.filePath(signal == SIGKILL ? "killed" : "interrupted");
            const QString dir = out + "/" + folder;
            const int code = interruptedDemo(out, signal, task);
            QCOMPARE(code, signal == SIGKILL ? -SIGKILL : 130);
            const auto before = readObject(dir + "/summary.json");
            QVERIFY2(before["status"].toString() != QStringLiteral("finished"), qPrintable(out));
            QVERIFY(before["steps_done"].toInt() < totalSteps);
            const auto resumed = run({"resume", dir});
            QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
            const auto after = readObject(dir + "/summary.json");
            QCOMPARE(after["status"].toString(), QStringLiteral("finished"));
            QCOMPARE(after["final"].toObject(), expected["final"].toObject());
            QCOMPARE(after["best"].toObject(), expected["best"].toObject());
            // The best evaluation's predictions or generations, byte for byte.
            QCOMPARE(outputs(dir), expectedPredictions);
            // metrics.jsonl holds every step exactly once.
            QFile metrics(dir + "/metrics.jsonl");
            QVERIFY(metrics.open(QIODevice::ReadOnly));
            QList<int> steps;
            for (const auto& line : metrics.readAll().split('\n')) {
                const auto record = QJsonDocument::fromJson(line).object();
                if (record["type"].toString() == QStringLiteral("step")) steps << record["step"].toInt();
            }
            QCOMPARE(steps.size(), totalSteps);
            for (int i = 0; i < steps.size(); ++i)
                QCOMPARE(steps[i], i + 1);
        }
    }

    // The question demo end to end: EM and F1 every epoch, the best by F1,
    // the official prediction files in the run folder.
    void runSquadDemoTrainsWellAboveChanceAndWritesPredictions() {
        QTemporaryDir tmp;
        const auto r = run({"run", "--demo", "squad", "--set", "output_dir=" + tmp.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral(" features)")), qPrintable(r.err)); // the bar counts features
        const auto config = sa::builtinDemoConfig("squad");
        const QDir dir(tmp.filePath(QString::fromStdString(config.runName())));
        const auto summary = readObject(dir.filePath("summary.json"));
        QCOMPARE(summary["status"].toString(), QStringLiteral("finished"));
        const auto best = summary["best"].toObject();
        QCOMPARE(best["main"].toString(), QStringLiteral("f1"));
        // Chance: any one span of the passage; a model blind to the question
        // answers one kind of its six (about 17 % EM).
        QVERIFY2(best["main_value"].toDouble() > 50.0, qPrintable(QString::number(best["main_value"].toDouble())));
        const auto dev = sa::demoQuestionExamples("dev");
        const auto predictions = readObject(dir.filePath("predictions.json"));
        QCOMPARE(predictions.size(), qsizetype(dev.size()));
        QVERIFY(predictions.contains(QString::fromStdString(dev.front().id)));
        const auto nbest = readObject(dir.filePath("nbest_predictions.json"));
        QCOMPARE(nbest.size(), qsizetype(dev.size()));
        const auto first = nbest[QString::fromStdString(dev.front().id)].toArray();
        QVERIFY(!first.isEmpty() && int64_t(first.size()) <= config.task.nBestSize);
        QCOMPARE(first[0].toObject()["text"].toString(),
                 predictions[QString::fromStdString(dev.front().id)].toString());
        // One predictions file per evaluation (one per epoch).
        QCOMPARE(QDir(dir.filePath("predictions")).entryList(QDir::Files).size(), int(config.optimization.epochs));
    }

    // The summarization demo end to end: loss and ROUGE every epoch, the best
    // by ROUGE-2, generations.jsonl per evaluation; then `generate` with the
    // trained adapters on new documents.
    void runSummarizationDemoLearnsAndGenerates() {
        QTemporaryDir tmp;
        const auto r = run({"run", "--demo", "summarization", "--set", "output_dir=" + tmp.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto config = sa::builtinDemoConfig("summarization");
        const QDir dir(tmp.filePath(QString::fromStdString(config.runName())));
        const auto summary = readObject(dir.filePath("summary.json"));
        QCOMPARE(summary["status"].toString(), QStringLiteral("finished"));
        const auto best = summary["best"].toObject();
        QCOMPARE(best["main"].toString(), QStringLiteral("rouge2"));
        // The references share "the" and "." with anything: a model blind to
        // the source gets ROUGE-2 near 0 ("the <animal>" is the only bigram
        // beside "the ." it could guess, one in eight).
        QVERIFY2(best["main_value"].toDouble() > 40.0, qPrintable(QString::number(best["main_value"].toDouble())));
        QFile generations(dir.filePath("generations.jsonl"));
        QVERIFY(generations.open(QIODevice::ReadOnly));
        const auto lines = generations.readAll().trimmed().split('\n');
        QCOMPARE(int64_t(lines.size()), config.task.evalExamples);
        const auto first = QJsonDocument::fromJson(lines.front()).object();
        for (const char* key : {"id", "reference", "prediction", "rouge1", "rouge2", "rougeL", "rougeLsum"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QCOMPARE(QDir(dir.filePath("predictions")).entryList({"*generations.jsonl"}, QDir::Files).size(),
                 int(config.optimization.epochs));

        const QString input = tmp.filePath("documents.jsonl");
        const auto dev = sa::demoCompressionExamples("dev");
        QByteArray documents;
        for (int i = 0; i < 3; ++i)
            documents += QJsonDocument(QJsonObject{{"text", QString::fromStdString(dev[std::size_t(i)].document)},
                                                   {"id", QStringLiteral("doc-%1").arg(i)}})
                             .toJson(QJsonDocument::Compact) +
                         "\n";
        sa_test::writeFile(input, documents);
        const auto g = run({"generate", dir.path(), "--input", input, "--output", tmp.filePath("out.jsonl")});
        QVERIFY2(g.exitCode == 0, qPrintable(g.err));
        QFile out(tmp.filePath("out.jsonl"));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const auto predicted = out.readAll().trimmed().split('\n');
        QCOMPARE(predicted.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(predicted[1]).object()["id"].toString(), QStringLiteral("doc-1"));
        QVERIFY(!QJsonDocument::fromJson(predicted[0]).object()["prediction"].toString().isEmpty());
        const auto bad =
            run({"generate", dir.path(), "--input", input, "--field", "body", "--output", tmp.filePath("x.jsonl")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(input + ":1") && bad.err.contains(QStringLiteral("'body'")), qPrintable(bad.err));
    }

    // score rouge: rouge_score's numbers for any pair of files.
    void scoreRougePrintsTheMeanOfRougeScore() {
        SA_REQUIRE_FIXTURE("seq2seq/rouge.json");
        const auto spec = sa_test::readJson(sa_test::fixturePath("seq2seq/rouge.json"));
        QTemporaryDir tmp;
        QByteArray refs, preds;
        for (const auto& p : spec.at("pairs")) {
            refs += QByteArray::fromStdString(nlohmann::json{{"text", p.at("reference")}}.dump()) + "\n";
            preds += QByteArray::fromStdString(nlohmann::json{{"text", p.at("prediction")}}.dump()) + "\n";
        }
        sa_test::writeFile(tmp.filePath("refs.jsonl"), refs);
        sa_test::writeFile(tmp.filePath("preds.jsonl"), preds);
        const auto r = run({"score", "rouge", tmp.filePath("refs.jsonl"), tmp.filePath("preds.jsonl"), "--field",
                            "text", "--per-pair"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), int(spec.at("pairs").size()) + 1);
        const auto mean = nlohmann::json::parse(lines.back().toStdString());
        QCOMPARE(mean.at("pairs").get<std::size_t>(), spec.at("pairs").size());
        for (const char* type : {"rouge1", "rouge2", "rougeL", "rougeLsum"})
            for (const char* m : {"precision", "recall", "fmeasure"})
                QVERIFY2(std::abs(mean.at(type).at(m).get<double>() - spec.at("mean").at(type).at(m).get<double>()) <
                             1e-12,
                         type);
        // Plain text, one per line; a count mismatch names both files.
        sa_test::writeFile(tmp.filePath("a.txt"), "the cat sat on the mat\nhello world\n");
        sa_test::writeFile(tmp.filePath("b.txt"), "the cat sat on the mat\n");
        const auto same = run({"score", "rouge", tmp.filePath("a.txt"), tmp.filePath("a.txt")});
        QVERIFY2(same.exitCode == 0, qPrintable(same.err));
        QCOMPARE(nlohmann::json::parse(same.out.toStdString()).at("rouge2").at("fmeasure").get<double>(), 1.0);
        const auto mismatch = run({"score", "rouge", tmp.filePath("a.txt"), tmp.filePath("b.txt")});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains(tmp.filePath("a.txt")) && mismatch.err.contains(tmp.filePath("b.txt")),
                 qPrintable(mismatch.err));
    }

    void benchGeneratePrintsOneJsonLine() {
        const auto r =
            run({"bench",         "generate", "--geometry",     "bart-base", "--batch",        "1", "--seq",    "16",
                 "--beams",       "2",        "--length",       "5",         "--repeats",      "1", "--warmup", "0",
                 "--train-batch", "1",        "--train-source", "16",        "--train-target", "8"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto line = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(line["new_tokens"].toDouble(), 4.0); // min = max length 5, the start token not counted
        for (const char* key : {"generate_s_median", "new_tokens_per_s", "train_step_s_median", "peak_rss_mb"})
            QVERIFY2(line[QLatin1String(key)].toDouble() > 0, key);
        QCOMPARE(line["threads"].toInt(), 1);
    }

    // score squad: the official script's JSON line for any predictions file.
    void scoreSquadPrintsTheOfficialEvaluation() {
        const QString dev = QDir(sa_test::dataRoot()).filePath("squad/dev-v1.1.json");
        if (!QFileInfo::exists(dev)) QSKIP(qPrintable("data file not found: " + dev + " (set SPARSEADAPTER_DATA)"));
        const auto examples = sa::readSquadJson(dev.toStdString());
        QTemporaryDir tmp;
        // Every question answered with its first gold answer, but one left out.
        QJsonObject answers;
        for (std::size_t i = 1; i < examples.size(); ++i)
            answers[QString::fromStdString(examples[i].id)] = QString::fromStdString(examples[i].answers.front().text);
        const QString file = tmp.filePath("predictions.json");
        sa_test::writeFile(file, QJsonDocument(answers).toJson());
        const auto r = run({"score", "squad", dev, file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto result = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const double expected = 100.0 * double(examples.size() - 1) / double(examples.size());
        QVERIFY2(std::abs(result["exact_match"].toDouble() - expected) < 1e-9, qPrintable(r.out));
        QVERIFY2(std::abs(result["f1"].toDouble() - expected) < 1e-9, qPrintable(r.out));
        QCOMPARE(r.err.trimmed(), QStringLiteral("Unanswered question %1 will receive score 0.")
                                      .arg(QString::fromStdString(examples.front().id)));
        QCOMPARE(run({"score", "squad", dev}).exitCode, 1);
        const auto missing = run({"score", "squad", dev, tmp.filePath("none.json")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(tmp.filePath("none.json")));
    }

    void benchQaFeaturesPrintsOneJsonLine() {
        const QString dev = QDir(sa_test::dataRoot()).filePath("squad/train-v1.1.first2articles.json");
        SA_REQUIRE_FIXTURE("vocab/bert-base-uncased");
        if (!QFileInfo::exists(dev)) QSKIP(qPrintable("data file not found: " + dev + " (set SPARSEADAPTER_DATA)"));
        const auto r = run({"bench", "qa-features", "--data", dev, "--tokenizer",
                            QDir(sa_test::fixturesRoot()).filePath("vocab/bert-base-uncased")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto line = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(line["questions"].toInt(), int(sa::readSquadJson(dev.toStdString()).size()));
        QVERIFY(line["features"].toInt() >= line["questions"].toInt());
        QVERIFY(line["features_per_s"].toDouble() > 0);
        QCOMPARE(line["max_seq_length"].toInt(), 384);
        QCOMPARE(line["doc_stride"].toInt(), 128);
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
