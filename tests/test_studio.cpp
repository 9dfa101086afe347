// The Studio window driving real training runs on the offscreen platform:
// Start → points in the curves → finished; Stop → a resumable run folder;
// the event loop stays responsive while a run trains on the worker thread.
#include "test_support.h"

#include "experiment/experiment.h"
#include "main_window.h"
#include "mask_views.h"
#include "training_curves.h"
#include "training_session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

namespace {

QString demoJson(const QString& outputDir, int epochs) {
    auto c = sa::builtinDemoConfig();
    c.outputDir = outputDir.toStdString();
    c.optimization.epochs = epochs;
    return QString::fromStdString(c.toJson());
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
        QVERIFY(window.startRun(demoJson(tmp.path(), 3)));
        QVERIFY(!window.startRun(demoJson(tmp.path(), 3))); // one run at a time
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

    void stopLeavesAResumableRun() {
        QTemporaryDir tmp;
        sa::MainWindow window;
        QSignalSpy finished(&window.session(), &sa::TrainingSession::finished);
        QObject::connect(&window.session(), &sa::TrainingSession::stepped, [&](const sa::StepEvent& e) {
            if (e.step == 25) window.session().stop();
        });
        QVERIFY(window.startRun(demoJson(tmp.path(), 3)));
        QVERIFY(finished.wait(120000));
        const auto event = finished.first().first().value<sa::FinishedEvent>();
        QVERIFY(event.stopped);
        QVERIFY(event.steps >= 25 && event.steps < 180);
        const auto summary = readObject(tmp.filePath("demo/summary.json"));
        QCOMPARE(summary[QStringLiteral("status")].toString(), QStringLiteral("stopped"));

        // Resume from the GUI's session: it ends the run.
        QSignalSpy resumed(&window.session(), &sa::TrainingSession::finished);
        QTRY_VERIFY(!window.session().isRunning());
        QVERIFY(window.session().resume(tmp.filePath("demo")));
        QVERIFY(resumed.wait(120000));
        QVERIFY(!resumed.first().first().value<sa::FinishedEvent>().stopped);
        QCOMPARE(readObject(tmp.filePath("demo/summary.json"))[QStringLiteral("status")].toString(),
                 QStringLiteral("finished"));
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
        for (const char* view : {"model", "training", "masks"}) {
            const QImage image(QDir(shots).filePath(QStringLiteral("%1.png").arg(QLatin1String(view))));
            QVERIFY2(!image.isNull() && image.width() >= 800 && image.height() >= 600, view);
        }
    }

    void badConfigReportsTheKey() {
        sa::TrainingSession session;
        QSignalSpy failed(&session, &sa::TrainingSession::failed);
        const QString bad = QStringLiteral(R"({"optimization": {"learnig_rate": 1}})");
        QVERIFY(session.start(bad));
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("optimization.learnig_rate")), qPrintable(message));
    }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
