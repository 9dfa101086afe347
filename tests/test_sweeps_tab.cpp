// The Sweeps tab offscreen: the grid editor's values, cell count and
// budget; the cell table over a sweep folder written by core and by the
// real command line; a local sweep launched from the tab to its end with the
// figure drawn; Slurm refused with its reason; a sweep followed again by a
// new tab (the Studio reopened).
#include "experiment/slurm_executor.h"
#include "experiment/sweep_folder.h"
#include "local_slurm.h"
#include "sweep_grid_editor.h"
#include "sweep_monitor.h"
#include "sweep_plot.h"
#include "sweep_table.h"
#include "sweep_values.h"
#include "sweeps_tab.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

namespace {

// The demo trains this in about a second a cell.
const char* const kBase = R"({"model": "builtin:demo", "task": {"name": "SST-2"},
    "optimization": {"epochs": 1, "max_steps": 6, "batch_size": 16, "eval_every_steps": 3}})";

QString problemOf(const sa::SweepValues& v) {
    return v.error;
}

bool allFinished(const sa::SweepTableModel& model) {
    const auto& s = model.status();
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](const sa::CellStatus& c) { return c.state == sa::CellState::Finished; });
}

// A cell stopped by a signal says "stopped" when it got to write so, and
// "pending" (continued from its checkpoint) when it was killed before.
bool interrupted(const sa::SweepTableModel& model) {
    const auto& s = model.status();
    return s.size() == 1 && (s[0].state == sa::CellState::Stopped || s[0].state == sa::CellState::Pending);
}

QString statesOf(const sa::SweepTableModel& model) {
    QStringList states;
    for (const auto& c : model.status())
        states << sa::SweepTableModel::stateText(c.state);
    return states.join(QLatin1Char(' '));
}

// A shown tab reading every 300 ms, its sweeps under `root`, `base` varied
// over one key.
void setUpTab(sa::SweepsTab& tab, const QString& root, const QString& base, const QString& key, const QString& values) {
    tab.show();
    tab.monitor()->setInterval(300);
    tab.setSweepsRoot(root);
    tab.setBaseConfig(base);
    tab.gridEditor()->addKey(key, values);
    tab.gridEditor()->evaluate();
}

// The sweep's processes are detached: whatever a test's outcome, they do
// not outlive it.
struct CancelAtExit {
    QString folder;
    ~CancelAtExit() {
        QProcess cancel;
        cancel.setStandardOutputFile(QProcess::nullDevice());
        cancel.start(QStringLiteral(SPARSEADAPTER_CLI), {QStringLiteral("sweep"), QStringLiteral("cancel"), folder});
        cancel.waitForFinished(60000);
    }
};

} // namespace

class TestSweepsTab : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Settings and data go to test locations, never the user's.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SparseAdapterTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_sweeps_tab"));
        qputenv("SPARSEADAPTER_CLI", SPARSEADAPTER_CLI);
    }
    void init() { QSettings().clear(); }

    void valuesAreListsRangesOrWords() {
        using sa::SweepValuesText;
        auto range = SweepValuesText::parse(QStringLiteral("pruning.sparsity"), QStringLiteral("0.1:0.9:0.2"));
        QVERIFY2(range.error.isEmpty(), qPrintable(range.error));
        QCOMPARE(nlohmann::json(range.values).dump(), std::string("[0.1,0.3,0.5,0.7,0.9]"));
        auto seeds = SweepValuesText::parse(QStringLiteral("optimization.seed"), QStringLiteral("1:3:1"));
        QCOMPARE(nlohmann::json(seeds.values).dump(), std::string("[1,2,3]"));
        auto words = SweepValuesText::parse(QStringLiteral("pruning.method"), QStringLiteral(" snip, random "));
        QCOMPARE(nlohmann::json(words.values).dump(), std::string(R"(["snip","random"])"));
        auto list = SweepValuesText::parse(QStringLiteral("adapter.bottleneck"), QStringLiteral("[64, 128]"));
        QCOMPARE(nlohmann::json(list.values).dump(), std::string("[64,128]"));
        for (const char* bad : {"", "0.9:0.1:0.2", "1, , 2", "[1, 2", "0.1:x:0.2"}) {
            const auto v = SweepValuesText::parse(QStringLiteral("pruning.sparsity"), QLatin1String(bad));
            QVERIFY2(v.values.empty() && problemOf(v).startsWith(QLatin1String("pruning.sparsity")),
                     qPrintable(QStringLiteral("'%1': %2").arg(QLatin1String(bad), v.error)));
        }
    }

    void gridEditorCountsCellsAndSumsTheirBudgets() {
        sa::SweepGridEditor editor;
        editor.show();
        editor.setBaseConfig(QLatin1String(kBase));
        editor.addKey(QStringLiteral("pruning.method"), QStringLiteral("snip, random"));
        editor.addKey(QStringLiteral("pruning.sparsity"), QStringLiteral("0.2:0.6:0.2"));
        editor.evaluate();
        QVERIFY2(editor.isValid(), qPrintable(editor.problem()));
        QCOMPARE(editor.cellCount(), int64_t{6});
        QVERIFY(editor.hasBudget());
        // Pruning keeps the nominal count and removes from the non-zero one.
        QVERIFY(editor.totalTrainable() > 0);
        QVERIFY2(editor.totalEffective() < editor.totalTrainable(), qPrintable(editor.summaryText()));
        QVERIFY(editor.totalTrainable() % 6 == 0);
        auto* summary = editor.findChild<QLabel*>(QStringLiteral("sweepSummary"));
        QVERIFY(summary->isVisible() && summary->text().startsWith(QLatin1String("6 cells")));
        // Typing re-evaluates after a pause.
        editor.valuesEdit(0)->setText(QStringLiteral("snip"));
        QTRY_COMPARE_WITH_TIMEOUT(editor.cellCount(), int64_t{3}, 5000);
        editor.removeKey(1);
        editor.evaluate();
        QCOMPARE(editor.cellCount(), int64_t{1});
        const auto spec = editor.specDocument(QStringLiteral("x"));
        QCOMPARE(spec["grid"].dump(), std::string(R"({"pruning.method":["snip"]})"));
    }

    void aBadValueIsNamedWithItsKey() {
        sa::SweepGridEditor editor;
        editor.show();
        editor.setBaseConfig(QLatin1String(kBase));
        editor.addKey(QStringLiteral("pruning.method"), QStringLiteral("snip"));
        editor.addKey(QStringLiteral("pruning.sparsity"), QStringLiteral("0.2, lots"));
        editor.evaluate();
        QVERIFY(!editor.isValid());
        QVERIFY2(editor.problem().contains(QLatin1String("pruning.sparsity")), qPrintable(editor.problem()));
        auto* problem = editor.findChild<QLabel*>(QStringLiteral("sweepProblem"));
        QVERIFY(problem->isVisible() && problem->text() == editor.problem());
        editor.valuesEdit(1)->setText(QStringLiteral("0.2:oops:0.1"));
        editor.evaluate();
        QVERIFY2(editor.problem().startsWith(QLatin1String("pruning.sparsity")), qPrintable(editor.problem()));
        editor.keyBox(1)->setCurrentText(QStringLiteral("pruning.method"));
        editor.valuesEdit(1)->setText(QStringLiteral("random"));
        editor.evaluate();
        QVERIFY2(editor.problem().contains(QLatin1String("pruning.method")), qPrintable(editor.problem()));
    }

    void tableShowsTheStatesOfACoreSweepFolder() {
        QTemporaryDir tmp;
        auto doc = nlohmann::json::parse(kBase);
        const nlohmann::json specDoc = {{"name", "states"},
                                        {"base", doc},
                                        {"grid", {{"optimization.seed", {1, 2}}}},
                                        {"output_dir", tmp.path().toStdString()}};
        const auto folder = sa::SweepFolder::prepare(sa::SweepSpec::fromJson(specDoc.dump(), "test", ""));
        sa::SweepTableModel model;
        model.setStatus(folder.status());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, sa::SweepTableModel::Cell).data().toString(), QStringLiteral("seed-1"));
        QCOMPARE(statesOf(model), QStringLiteral("pending pending"));

        // The cell's process as an executor starts it.
        QProcess cell;
        cell.start(QStringLiteral(SPARSEADAPTER_CLI), {QStringLiteral("sweep"), QStringLiteral("run-cell"),
                                                       QString::fromStdString(folder.path()), QStringLiteral("1")});
        QVERIFY(cell.waitForFinished(120000));
        QVERIFY2(cell.exitCode() == 0, cell.readAllStandardError().constData());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStatus(folder.status());
        QCOMPARE(changed.count(), 1); // the same cells: updated in place
        QCOMPARE(statesOf(model), QStringLiteral("pending finished"));
        QCOMPARE(model.index(1, 0).data(sa::SweepTableModel::StateRole).toInt(),
                 static_cast<int>(sa::CellState::Finished));
        QVERIFY(model.index(1, sa::SweepTableModel::Best).data().toString().startsWith(QLatin1String("accuracy")));
        QCOMPARE(model.index(1, sa::SweepTableModel::Steps).data().toString(), QStringLiteral("6 / 6"));
        QVERIFY(model.index(1, sa::SweepTableModel::State).data(Qt::ForegroundRole) !=
                model.index(0, sa::SweepTableModel::State).data(Qt::ForegroundRole));
    }

    void slurmIsRefusedWithItsReasonWithoutSbatch() {
        QTemporaryDir empty;
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(empty.path()));
        sa::SweepsTab tab;
        tab.show();
        tab.setBaseConfig(QLatin1String(kBase));
        tab.gridEditor()->addKey(QStringLiteral("optimization.seed"), QStringLiteral("1, 2"));
        tab.gridEditor()->evaluate();
        auto* slurm = tab.findChild<QPushButton*>(QStringLiteral("submitSlurm"));
        auto* local = tab.findChild<QPushButton*>(QStringLiteral("runLocal"));
        auto* note = tab.findChild<QLabel*>(QStringLiteral("slurmNote"));
        const bool slurmEnabled = slurm->isEnabled();
        const QString tip = slurm->toolTip(), noteText = note->text();
        const bool noteVisible = note->isVisible(), localEnabled = local->isEnabled();
        const bool launched = tab.launch(sa::SweepExecutor::Slurm);
        qputenv("PATH", path);
        QVERIFY(!slurmEnabled);
        QVERIFY2(tip.contains(QLatin1String("sbatch")), qPrintable(tip));
        QVERIFY2(noteVisible && noteText.contains(QLatin1String("sbatch")), qPrintable(noteText));
        QVERIFY2(localEnabled, qPrintable(local->toolTip())); // the command line is found without PATH
        QVERIFY(!launched);
        QVERIFY2(tab.launchProblem().contains(QLatin1String("sbatch")), qPrintable(tab.launchProblem()));
        QVERIFY(tab.sweepFolders().isEmpty());
    }

    void localSweepRunsToTheEndAndIsFollowedAgainAfterAReopen() {
        QTemporaryDir tmp;
        QString folder;
        {
            sa::SweepsTab tab;
            setUpTab(tab, tmp.path(), QLatin1String(kBase), QStringLiteral("optimization.seed"),
                     QStringLiteral("1, 2"));
            tab.findChild<QLineEdit*>(QStringLiteral("sweepName"))->setText(QStringLiteral("seeds"));
            tab.findChild<QSpinBox*>(QStringLiteral("sweepParallel"))->setValue(1);
            QVERIFY2(tab.launch(sa::SweepExecutor::Local), qPrintable(tab.launchProblem()));
            folder = tab.currentSweep();
            QCOMPARE(folder, QDir(tmp.path()).filePath(QStringLiteral("seeds")));
            QVERIFY(QFileInfo::exists(QDir(tmp.path()).filePath(QStringLiteral("seeds.json"))));
            QTRY_VERIFY2_WITH_TIMEOUT(allFinished(*tab.cells()), qPrintable(statesOf(*tab.cells())), 180000);
            // The dense adapter's two seeds: one mean ± std reference line.
            QTRY_VERIFY_WITH_TIMEOUT(tab.plot()->seriesCount() > 0, 10000);
            QVERIFY(!tab.findChild<QPushButton*>(QStringLiteral("cancelSweep"))->isEnabled());

            auto* table = tab.findChild<QTableView*>(QStringLiteral("sweepCells"));
            auto* open = tab.findChild<QPushButton*>(QStringLiteral("openCellRun"));
            QVERIFY(!open->isEnabled());
            table->selectRow(1);
            QVERIFY(open->isEnabled());
            QSignalSpy opened(&tab, &sa::SweepsTab::runOpened);
            open->click();
            QCOMPARE(opened.count(), 1);
            QCOMPARE(opened.front().front().toString(), QDir(folder).filePath(QStringLiteral("runs/seed-2")));

            // Another grid under the same name is refused by core, naming what differs.
            tab.findChild<QLineEdit*>(QStringLiteral("sweepName"))->setText(QStringLiteral("seeds"));
            tab.gridEditor()->valuesEdit(0)->setText(QStringLiteral("1, 3"));
            tab.gridEditor()->evaluate();
            QVERIFY(!tab.launch(sa::SweepExecutor::Local));
            QVERIFY2(tab.launchProblem().contains(QLatin1String("seed")), qPrintable(tab.launchProblem()));
            tab.gridEditor()->valuesEdit(0)->setText(QStringLiteral("1, 2"));
            tab.gridEditor()->evaluate();
        }
        // The Studio reopened: the sweep is listed and read again.
        sa::SweepsTab again;
        QCOMPARE(again.sweepFolders(), QStringList{folder});
        QCOMPARE(again.currentSweep(), folder);
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(*again.cells()), 10000);
        QCOMPARE(again.cells()->rowCount(), 2);
        // The grid and the launch fields come back as they were left.
        QCOMPARE(again.gridEditor()->keyCount(), 1);
        QCOMPARE(again.gridEditor()->valuesEdit(0)->text(), QStringLiteral("1, 2"));
        QCOMPARE(again.findChild<QSpinBox*>(QStringLiteral("sweepParallel"))->value(), 1);
        again.forgetSweep(folder);
        QVERIFY(sa::SweepsTab().sweepFolders().isEmpty());
    }

    // Against a real Slurm (tools/local-slurm.sh up DIR, then SLURM_CONF in
    // the environment): the job array's cells followed to their end.
    void slurmSweepIsFollowedToItsEnd() {
        // A cluster of the caller's (SLURM_CONF), or a throwaway one.
        std::unique_ptr<sa_test::LocalSlurm> cluster;
        if (qEnvironmentVariableIsEmpty("SLURM_CONF")) {
            cluster = std::make_unique<sa_test::LocalSlurm>();
            QVERIFY2(cluster->error().isEmpty(), qPrintable(cluster->error()));
            if (!cluster->running()) QSKIP(qPrintable(cluster->why()));
            qputenv("SLURM_CONF", cluster->conf().toLocal8Bit());
        }
        struct Unset {
            bool ours;
            ~Unset() {
                if (ours) qunsetenv("SLURM_CONF");
            }
        } unset{cluster != nullptr};
        if (const auto why = sa::slurmUnavailableReason(); !why.empty()) QSKIP(why.c_str());
        QTemporaryDir tmp;
        sa::SweepsTab tab;
        setUpTab(tab, tmp.path(), QLatin1String(kBase), QStringLiteral("optimization.seed"), QStringLiteral("1:2:1"));
        QVERIFY2(tab.launch(sa::SweepExecutor::Slurm), qPrintable(tab.launchProblem()));
        const CancelAtExit cleanup{tab.currentSweep()};
        QTRY_VERIFY2_WITH_TIMEOUT(allFinished(*tab.cells()), qPrintable(statesOf(*tab.cells())), 180000);
        QTRY_VERIFY_WITH_TIMEOUT(tab.plot()->seriesCount() > 0, 10000);
        QVERIFY(QFileInfo::exists(QDir(tab.currentSweep()).filePath(QStringLiteral("slurm/jobs.json"))));
    }

    // A long cell: cancelled while it trains it stops, and the sweep
    // continues from there.
    void cancelStopsASweepThatThenContinues() {
        QTemporaryDir tmp;
        auto base = nlohmann::json::parse(kBase);
        base["optimization"]["max_steps"] = 100000;
        base["optimization"]["epochs"] = 1000;
        sa::SweepsTab tab;
        setUpTab(tab, tmp.path(), QString::fromStdString(base.dump()), QStringLiteral("optimization.seed"),
                 QStringLiteral("7"));
        QVERIFY2(tab.launch(sa::SweepExecutor::Local), qPrintable(tab.launchProblem()));
        const CancelAtExit cleanup{tab.currentSweep()};
        auto* cancel = tab.findChild<QPushButton*>(QStringLiteral("cancelSweep"));
        auto* resume = tab.findChild<QPushButton*>(QStringLiteral("continueSweep"));
        QTRY_VERIFY2_WITH_TIMEOUT(cancel->isEnabled(), qPrintable(statesOf(*tab.cells())), 60000);
        QVERIFY(!resume->isEnabled());
        cancel->click();
        QTRY_VERIFY2_WITH_TIMEOUT(interrupted(*tab.cells()), qPrintable(statesOf(*tab.cells())), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 30000);
        resume->click();
        QTRY_COMPARE_WITH_TIMEOUT(statesOf(*tab.cells()), QStringLiteral("running"), 60000);
        cancel->click();
        QTRY_VERIFY2_WITH_TIMEOUT(interrupted(*tab.cells()), qPrintable(statesOf(*tab.cells())), 60000);
    }
};

QTEST_MAIN(TestSweepsTab)
#include "test_sweeps_tab.moc"
