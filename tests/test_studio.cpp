// The Studio window driving real training runs on the offscreen platform:
// Start → points in the curves → finished; Stop → a resumable run folder;
// the event loop stays responsive while a run trains on the worker thread.
#include "test_support.h"

#include "appearance.h"
#include "config_diff_view.h"
#include "experiment/experiment.h"
#include "experiment_form.h"
#include "fusion_view.h"
#include "main_window.h"
#include "mask_views.h"
#include "predictions_view.h"
#include "runs_table.h"
#include "samples_view.h"
#include "sweeps_tab.h"
#include "tasks/summarization/demo_compression.h"
#include "training_curves.h"
#include "training_session.h"

#include "sa_qcustomplot.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

namespace {

sa::ExperimentConfig demoConfig(const QString& outputDir, int epochs, const QString& name = {},
                                double learningRate = 0) {
    auto c = sa::builtinDemoConfig();
    if (!name.isEmpty()) c.name = name.toStdString();
    if (learningRate > 0) c.optimization.learningRate = learningRate;
    c.outputDir = outputDir.toStdString();
    c.optimization.epochs = epochs;
    return c;
}

QJsonObject readObject(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestStudio : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Settings and data go to test locations, never the user's.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoRunFillsTheCurvesWithoutStallingTheWindow() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        window.show();
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QSignalSpy failed(&window.session(), &sa::TrainingSession::failed);

        // A 10 ms timer; how late it fires is how long the event loop stalled.
        QElapsedTimer clock;
        qint64 last = -1, worst = 0;
        QTimer probe;
        probe.setInterval(10);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            if (last >= 0) worst = std::max(worst, now - last - 10);
            last = now;
        });
        clock.start();
        probe.start();
        QVERIFY(window.startRun(demoConfig(tmp.path(), 3)));
        QVERIFY(!window.startRun(demoConfig(tmp.path(), 3))); // one run at a time
        QVERIFY(finished.wait(120000));
        probe.stop();
        QCOMPARE(failed.count(), 0);
        QCOMPARE(window.curves().lossPointCount(), 180);
        QCOMPARE(window.curves().evalPointCount(QStringLiteral("accuracy")), 3);
        // SNIP ran before epoch 0: the heatmap holds both layers of the demo model.
        QCOMPARE(window.maskViews().layerCount(), 2);
        QVERIFY(window.maskViews().keptInLayer(0) > 0);
        QVERIFY2(worst < 50, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(worst)));
        const auto summary = readObject(tmp.filePath("demo/summary.json"));
        QCOMPARE(summary[QStringLiteral("status")].toString(), QStringLiteral("finished"));
    }

    // A question-answering run in the window: EM and F1 curves, and the
    // Predictions view filled with questions and highlighted passages at
    // every evaluation.
    void squadRunPlotsEmAndF1AndFillsThePredictions() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        window.show();
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QSignalSpy failed(&window.session(), &sa::TrainingSession::failed);
        QSignalSpy evaluated(&window.session(), &sa::TrainingSession::evaluated);
        auto config = sa::builtinDemoConfig("squad");
        config.outputDir = tmp.path().toStdString();
        config.optimization.epochs = 2;
        config.task.maxTrainExamples = 320;
        QVERIFY(window.startRun(config));
        QVERIFY(finished.wait(120000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(evaluated.count(), 2);
        QCOMPARE(window.curves().evalPointCount(QStringLiteral("exact_match")), 2);
        QCOMPARE(window.curves().evalPointCount(QStringLiteral("f1")), 2);
        auto* predictions = window.findChild<sa::PredictionsView*>();
        QVERIFY(predictions);
        const auto last = evaluated.last().first().value<sa::EvalEvent>();
        QCOMPARE(predictions->sampleCount(), int(last.samples.size()));
        QVERIFY(predictions->sampleCount() > 0);
        QVERIFY(predictions->headline().contains(QString::number(last.step)));
        QCOMPARE(predictions->cellText(0, 0), QString::fromStdString(last.samples.front().input));
        QVERIFY(predictions->passageHtml().contains(QStringLiteral("<u>"))); // the gold answer in its passage
        const auto summary = readObject(tmp.filePath(QString::fromStdString(config.runName()) + "/summary.json"));
        QCOMPARE(summary[QStringLiteral("status")].toString(), QStringLiteral("finished"));
    }

    // A summarization run in the window: ROUGE curves, the Samples view at
    // every evaluation, encoder and decoder layers in the masks; the event
    // loop never stalls while the worker generates.
    void summarizationRunPlotsRougeAndFillsTheSamples() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        window.show();
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QSignalSpy failed(&window.session(), &sa::TrainingSession::failed);
        QSignalSpy evaluated(&window.session(), &sa::TrainingSession::evaluated);
        auto config = sa::builtinDemoConfig("summarization");
        config.outputDir = tmp.path().toStdString();
        config.optimization.epochs = 2;
        config.task.maxTrainExamples = 320;
        QElapsedTimer clock;
        qint64 last = -1, worst = 0;
        QTimer probe;
        probe.setInterval(10);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            if (last >= 0) worst = std::max(worst, now - last - 10);
            last = now;
        });
        clock.start();
        probe.start();
        QVERIFY(window.startRun(config));
        QVERIFY(finished.wait(120000));
        probe.stop();
        QCOMPARE(failed.count(), 0);
        QCOMPARE(evaluated.count(), 2);
        for (const char* metric : {"rouge1", "rouge2", "rougeL"})
            QCOMPARE(window.curves().evalPointCount(QLatin1String(metric)), 2);
        auto& samples = window.samples();
        QCOMPARE(samples.evaluationCount(), 2);
        const auto lastEval = evaluated.last().first().value<sa::EvalEvent>();
        QCOMPARE(samples.sampleCount(), int(lastEval.samples.size()));
        QVERIFY(samples.sampleCount() > 0);
        QVERIFY(samples.headline().contains(QString::number(lastEval.step)));
        QVERIFY(samples.detailHtml().contains(
            QString::fromStdString(lastEval.samples.front().prediction).trimmed().section(QLatin1Char(' '), 0, 0)));
        // The Predictions view is question answering's: left empty.
        QCOMPARE(window.predictions().sampleCount(), 0);
        // Masks of both stacks: the built-in BART's two encoder and two decoder layers.
        QCOMPARE(window.maskViews().layerCount(), 4);
        QVERIFY2(worst < 50, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(worst)));
    }

    // Stop while the evaluation generates: the run ends within a second,
    // stopped and resumable.
    void stopDuringGenerationStopsWithinASecond() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        auto config = sa::builtinDemoConfig("summarization");
        config.outputDir = tmp.path().toStdString();
        config.optimization.epochs = 1;
        config.task.maxTrainExamples = 64;
        // A long generation: every evaluation document, one per batch, 120 tokens each.
        config.task.evalExamples = 0;
        config.task.maxLength = 120;
        config.task.minLength = 119;
        config.task.maxSourceLength = 120;
        config.optimization.evalBatchSize = config.task.numBeams;
        const auto evalRows = int64_t(sa::demoCompressionExamples("dev").size());
        QElapsedTimer sinceStop;
        QObject::connect(&window.session(), &sa::TrainingSession::progressed, [&](const sa::ProgressEvent& e) {
            // Past the loss rows: a summary is done, the next ones are being generated.
            if (e.done > evalRows && !sinceStop.isValid()) {
                sinceStop.start();
                window.session().stop();
            }
        });
        QVERIFY(window.startRun(config));
        QVERIFY(finished.wait(120000));
        QVERIFY(sinceStop.isValid());
        const qint64 stopMs = sinceStop.elapsed();
        QVERIFY(finished.first().first().value<sa::FinishedEvent>().stopped);
        QVERIFY2(stopMs < 1000, qPrintable(QStringLiteral("stopped %1 ms after the request").arg(stopMs)));
        const auto summary = readObject(tmp.filePath(QString::fromStdString(config.runName()) + "/summary.json"));
        QCOMPARE(summary[QStringLiteral("status")].toString(), QStringLiteral("stopped"));

        // Resumed in a window that never started it: the run's config, not
        // the window's last run, sends its samples to the Samples view.
        sa::MainWindow other;
        QSignalSpy resumed(&other.session(), &sa::TrainingSession::finished);
        QVERIFY(other.resumeRun(tmp.filePath(QString::fromStdString(config.runName()))));
        QVERIFY(resumed.wait(120000));
        QVERIFY(!resumed.first().first().value<sa::FinishedEvent>().stopped);
        QCOMPARE(other.samples().evaluationCount(), 1);
        QCOMPARE(other.predictions().sampleCount(), 0);
    }

    void stopLeavesAResumableRun() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QObject::connect(&window.session(), &sa::TrainingSession::stepped, [&](const sa::StepEvent& e) {
            if (e.step == 25) window.session().stop();
        });
        QVERIFY(window.startRun(demoConfig(tmp.path(), 3)));
        QVERIFY(finished.wait(120000));
        const auto event = finished.first().first().value<sa::FinishedEvent>();
        QVERIFY(event.stopped);
        QVERIFY(event.steps >= 25 && event.steps < 180);
        const auto summary = readObject(tmp.filePath("demo/summary.json"));
        QCOMPARE(summary[QStringLiteral("status")].toString(), QStringLiteral("stopped"));

        // Resume from the window: the curves so far come back and the
        // resumed steps continue them, each step once.
        QSignalSpy resumed(&window.session(), &sa::TrainingSession::finished);
        QTRY_VERIFY(!window.session().isRunning());
        QVERIFY(window.resumeRun(tmp.filePath("demo")));
        QCOMPARE(window.curves().lossPointCount(), static_cast<int>(event.steps));
        QVERIFY(resumed.wait(120000));
        QVERIFY(!resumed.first().first().value<sa::FinishedEvent>().stopped);
        QCOMPARE(window.curves().lossPointCount(), 180);
        QCOMPARE(readObject(tmp.filePath("demo/summary.json"))[QStringLiteral("status")].toString(),
                 QStringLiteral("finished"));

        // A finished run is never trained again in place: resuming it is
        // refused, and the box offers to start over with the old files kept.
        QTRY_VERIFY(!window.session().isRunning());
        QSignalSpy refused(&window.session(), &sa::TrainingSession::failed);
        QVERIFY(window.resumeRun(tmp.filePath("demo")));
        QVERIFY(refused.wait(60000));
        QVERIFY2(refused.first().first().toString().contains(QStringLiteral("finished")),
                 qPrintable(refused.first().first().toString()));
        QMessageBox* choices = nullptr;
        QTRY_VERIFY((choices = window.findChild<QMessageBox*>(QStringLiteral("resumeChoices"))) != nullptr);
        auto* restart = choices->findChild<QAbstractButton*>(QStringLiteral("restart"));
        QVERIFY(restart != nullptr);
        QSignalSpy restarted(&window.session(), &sa::TrainingSession::finished);
        QTRY_VERIFY(!window.session().isRunning());
        restart->click();
        QVERIFY(restarted.wait(120000));
        // Started over from step 0: the stop at step 25 above strikes again.
        const auto again = restarted.first().first().value<sa::FinishedEvent>();
        QVERIFY(again.stopped);
        QCOMPARE(again.steps, int64_t(25));
        QVERIFY(QFileInfo::exists(tmp.filePath("demo/previous-1/metrics.jsonl")));
    }

    void windowStateAndVersionsPersist() {
        QTemporaryDir tmp;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.path());
        QCoreApplication::setOrganizationName(QStringLiteral("SparseAdapterTest"));
        {
            sa::MainWindow window;
            window.show();
            window.resize(900, 700);
            window.findChild<QTabWidget*>()->setCurrentIndex(1);
            window.close();
        }
        sa::MainWindow again;
        QCOMPARE(again.findChild<QTabWidget*>()->currentIndex(), 1);
        QCOMPARE(again.size(), QSize(900, 700));
        const QString versions = sa::MainWindow::versionsText();
        QVERIFY2(versions.contains(QString::fromLatin1(qVersion())) && versions.contains(QStringLiteral("LibTorch")),
                 qPrintable(versions));
    }

    void screenshotOptionWritesEveryMainView() {
        QTemporaryDir tmp;
        QProcess studio;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The demo's run folder and the settings go under tmp, not the user's home.
        env.insert(QStringLiteral("XDG_DATA_HOME"), tmp.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp.filePath(QStringLiteral("config")));
        studio.setProcessEnvironment(env);
        const QString shots = tmp.filePath(QStringLiteral("shots"));
        studio.start(QStringLiteral(SPARSEADAPTER_STUDIO), {QStringLiteral("--screenshot"), shots});
        QVERIFY(studio.waitForFinished(300000));
        QVERIFY2(studio.exitStatus() == QProcess::NormalExit && studio.exitCode() == 0,
                 studio.readAllStandardError().constData());
        for (const char* view :
             {"experiment", "training", "masks", "fusion", "predictions", "samples", "runs", "sweeps", "model"}) {
            const QImage image(QDir(shots).filePath(QStringLiteral("%1.png").arg(QLatin1String(view))));
            QVERIFY2(!image.isNull() && image.width() >= 800 && image.height() >= 600, view);
        }
    }

    // Two finished runs: opening one re-plots it with its masks, comparing
    // both overlays their curves and lists where their configs differ, and
    // File ▸ Export writes figures and tables that open.
    void runsOpenCompareAndExport() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        window.show();
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QVERIFY(window.startRun(demoConfig(tmp.filePath("runs"), 1, QStringLiteral("fast"), 5e-3)));
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(!window.session().isRunning());
        // Its evaluations reached the Fusion tab: the demo has no fusion layers.
        QCOMPARE(window.fusionView().message(), QStringLiteral("No fusion layers in this run"));
        QVERIFY(window.startRun(demoConfig(tmp.filePath("runs"), 1, QStringLiteral("slow"), 1e-3)));
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(!window.session().isRunning());

        // The table follows the folder the runs went to.
        sa::RunsTable& table = window.runsTable();
        QCOMPARE(QFileInfo(table.runsRoot()), QFileInfo(tmp.filePath("runs")));
        QTRY_COMPARE(table.visibleRowCount(), 2);
        const QString fast = tmp.filePath("runs/fast"), slow = tmp.filePath("runs/slow");

        window.curves().clear();
        window.maskViews().clear();
        window.fusionView().clear();
        // Read on a worker; the window shows them when it is done.
        QSignalSpy shown(&window, &sa::MainWindow::runsShown);
        QVERIFY(window.openRun(fast));
        QVERIFY(shown.wait(30000));
        QCOMPARE(window.curves().runCount(), 1);
        QCOMPARE(window.curves().lossPointCount(), 60);
        QCOMPARE(window.curves().evalPointCount(QStringLiteral("accuracy")), 1);
        QCOMPARE(window.maskViews().layerCount(), 2);
        QVERIFY(!window.maskViews().matrixNames().isEmpty());
        // The demo evaluated without fusion layers.
        QCOMPARE(window.fusionView().message(), QStringLiteral("No fusion layers in this run"));

        QVERIFY(window.compareRuns({fast, slow}));
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().first().toStringList(), QStringList({fast, slow}));
        QCOMPARE(window.curves().runLabels(), QStringList({QStringLiteral("fast"), QStringLiteral("slow")}));
        QCOMPARE(window.curves().lossPointCount(1), 60);
        const sa::ConfigDiffView& diff = window.configDiff();
        QStringList keys;
        for (int i = 0; i < diff.differenceCount(); ++i)
            keys << diff.key(i);
        QCOMPARE(keys, QStringList({QStringLiteral("name"), QStringLiteral("optimization.learning_rate")}));
        // A sweep's cell opens as any run.
        Q_EMIT window.sweepsTab().runOpened(slow);
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().first().toStringList(), QStringList{slow});
        // The runs table's Compare button reaches the same place.
        table.selectRunFolders({fast, slow});
        QCOMPARE(table.selectedRunFolders().size(), 2);

        const QString figures = tmp.filePath("figures");
        const QStringList written = window.exportFigures(figures);
        QCOMPARE(written.size(), 8 * 3);
        for (const QString& path : written) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly) && file.size() > 0, qPrintable(path));
            if (path.endsWith(QLatin1String(".png"))) {
                QVERIFY2(!QImage(path).isNull(), qPrintable(path));
            } else if (path.endsWith(QLatin1String(".pdf"))) {
                const QByteArray bytes = file.readAll();
                QVERIFY2(bytes.startsWith("%PDF-") && bytes.contains("%%EOF"), qPrintable(path));
            } else {
                QXmlStreamReader xml(&file);
                while (!xml.atEnd())
                    xml.readNext();
                QVERIFY2(!xml.hasError(), qPrintable(path + ": " + xml.errorString()));
            }
        }
        QString error;
        const QStringList tables = table.exportTables(tmp.filePath("tables"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QFile latex(tmp.filePath("tables/runs.tex"));
        QVERIFY(tables.contains(latex.fileName()) && latex.open(QIODevice::ReadOnly));
        const QByteArray tex = latex.readAll();
        QVERIFY(tex.contains("\\toprule") && tex.contains("fast") && tex.contains("slow"));

        // An AdapterFusion run's last evaluation fills the Fusion tab when
        // the run is opened (here appended to a finished demo run).
        {
            QFile metrics(QDir(fast).filePath(QStringLiteral("metrics.jsonl")));
            QVERIFY(metrics.open(QIODevice::Append));
            metrics.write(R"({"type": "eval", "step": 60, "metrics": {"accuracy": 0.5}, "fusion_attention": )"
                          R"({"sites": ["layer 0 ffn", "layer 1 ffn"], "sources": ["sst-2", "rte"], )"
                          R"("probabilities": [[0.7, 0.3], [0.2, 0.8]]}})"
                          "\n");
        }
        window.fusionView().clear();
        QVERIFY(window.openRun(fast));
        QVERIFY(shown.wait(30000));
        const sa::FusionView& fusion = window.fusionView();
        QVERIFY(fusion.message().isEmpty());
        QCOMPARE(fusion.sourceLabels(), QStringList({QStringLiteral("sst-2"), QStringLiteral("rte")}));
        QCOMPARE(fusion.siteLabels(), QStringList({QStringLiteral("layer 0 ffn"), QStringLiteral("layer 1 ffn")}));
        QCOMPARE(fusion.cellValue(0, 0), 0.7);
        QCOMPARE(fusion.cellValue(1, 1), 0.8);
    }

    // The form says what is wrong before Start, and Start refuses.
    void formProblemsBlockStart() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        auto config = sa::builtinDemoConfig();
        config.outputDir = tmp.path().toStdString();
        QString json = QString::fromStdString(config.toJson());
        json.replace(QStringLiteral("\"large_sparse\": 1"), QStringLiteral("\"large_sparse\": 4"));
        json.replace(QStringLiteral("\"method\": \"snip\""), QStringLiteral("\"method\": \"none\""));
        window.form().setConfig(json);
        QVERIFY(!window.form().isValid());
        QVERIFY(!window.form().problemFor(QStringLiteral("pruning.large_sparse")).isEmpty());
        QAction* start = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_R)) start = a;
        QVERIFY(start);
        QVERIFY(!start->isEnabled());
        QVERIFY(!window.startFormRun());
        QVERIFY(!window.session().isRunning());
    }

    // What the form held when the window closed is there at the next start.
    void lastConfigurationComesBack() {
        QTemporaryDir tmp;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.path());
        QCoreApplication::setOrganizationName(QStringLiteral("SparseAdapterConfigTest"));
        auto config = sa::builtinDemoConfig();
        config.name = "kept-for-later";
        config.pruning.options.sparsity = 0.7;
        {
            sa::MainWindow window;
            window.form().setConfig(QString::fromStdString(config.toJson()));
            window.close();
        }
        sa::MainWindow again;
        const auto restored = again.form().config();
        QVERIFY(restored);
        QCOMPARE(restored->name, std::string("kept-for-later"));
        QCOMPARE(restored->pruning.options.sparsity, 0.7);
    }

    // View ▸ Theme ▸ Dark gives the plots dark backgrounds; exported figures
    // stay dark on white for papers.
    void darkThemeRecoloursPlotsButNotExports() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        window.show();
        sa::applyTheme(sa::Theme::Dark);
        QCoreApplication::processEvents();
        QCustomPlot* plot = window.curves().lossPlot();
        QVERIFY(plot->xAxis->tickLabelColor().lightness() > 128);
        const QImage onScreen = plot->toPixmap(200, 100).toImage();
        QVERIFY(QColor(onScreen.pixel(2, 2)).lightness() < 100);
        const QString path = tmp.filePath("loss.png");
        QVERIFY(window.curves().exportPlot(plot, path));
        QCOMPARE(QColor(QImage(path).pixel(2, 2)), QColor(Qt::white));
        QVERIFY(plot->xAxis->tickLabelColor().lightness() > 128); // back to the theme
        sa::applyTheme(sa::Theme::System);
        QCoreApplication::processEvents();
        QVERIFY(plot->xAxis->tickLabelColor().lightness() < 128);
    }

    // Every string of the .ts has a finished translation with the same
    // placeholders, and with it installed the window's menus and tabs are
    // Chinese throughout.
    void chineseTranslationIsComplete() {
        QFile ts(QStringLiteral(SPARSEADAPTER_SOURCE_DIR "/translations/sparseadapter_zh_CN.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        QString source;
        int messages = 0;
        const QRegularExpression placeholder(QStringLiteral("%L?\\d+|%n"));
        auto placeholders = [&](const QString& text) {
            QStringList out;
            for (auto it = placeholder.globalMatch(text); it.hasNext();)
                out << it.next().captured();
            out.sort();
            return out;
        };
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == QLatin1String("source")) source = xml.readElementText();
            if (xml.name() != QLatin1String("translation")) continue;
            ++messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            QVERIFY2(type.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(type, source)));
            QString text;
            while (!(xml.readNext() == QXmlStreamReader::EndElement && xml.name() == QLatin1String("translation")))
                if (xml.isCharacters()) text += xml.text();
            QVERIFY2(!text.trimmed().isEmpty(), qPrintable(QStringLiteral("untranslated: ") + source));
            QCOMPARE(placeholders(text), placeholders(source));
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 250);

        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(SPARSEADAPTER_QM_DIR "/sparseadapter_zh_CN.qm")));
        QCoreApplication::installTranslator(&translator);
        {
            sa::MainWindow window;
            const QRegularExpression chinese(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
            // Language names are shown in their own language on purpose.
            const QStringList ownNames{QStringLiteral("English")};
            int checked = 0;
            for (QAction* menu : window.menuBar()->actions()) {
                QList<QAction*> actions = menu->menu()->actions();
                actions << menu;
                for (QAction* a : actions) {
                    if (a->isSeparator() || ownNames.contains(a->text())) continue;
                    QVERIFY2(a->text().contains(chinese), qPrintable(a->text()));
                    ++checked;
                }
            }
            QVERIFY(checked > 15);
            auto* tabs = window.findChild<QTabWidget*>();
            for (int i = 0; i < tabs->count(); ++i)
                QVERIFY2(tabs->tabText(i).contains(chinese), qPrintable(tabs->tabText(i)));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void aRunThatCannotStartReportsTheFile() {
        QTemporaryDir tmp;
        sa::TrainingSession session;
        QSignalSpy failed(&session, &sa::TrainingSession::failed);
        auto config = demoConfig(tmp.path(), 1);
        // A GLUE folder without its files.
        QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("empty-glue")));
        config.task.dataDir = tmp.filePath(QStringLiteral("empty-glue")).toStdString();
        QVERIFY(session.start(config));
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("empty-glue")) && message.contains(QStringLiteral("train.tsv")),
                 qPrintable(message));
    }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
