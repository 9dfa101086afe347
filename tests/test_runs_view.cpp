// The Runs view: RunsTable over a runs folder of hand-written run folders
// (README "The run folder"; no training), its sorting, filters, signals and
// table export, and ConfigDiffView on their config.json files.
#include "test_support.h"

#include "adapter_export_dialog.h"
#include "config_diff_view.h"
#include "run_list_model.h"
#include "runs_table.h"

#include "experiment/demo_configs.h"
#include "experiment/experiment.h"

#include <QAbstractItemModel>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;
using Column = sa::RunListModel::Column;

json configJson(const std::string& name, const std::string& preset, int64_t bottleneck, const std::string& method) {
    return {{"name", name},
            {"model", "builtin:demo"},
            {"task", {{"name", "SST-2"}, {"data_dir", ""}, {"max_seq_length", 128}}},
            {"adapter", {{"preset", preset}, {"bottleneck", bottleneck}, {"train_head", true}}},
            {"pruning", {{"method", method}, {"sparsity", 0.4}, {"large_sparse", 1}}},
            {"optimization", {{"epochs", 3}, {"learning_rate", 0.001}, {"seed", 42}}},
            {"device", "auto"},
            {"output_dir", "runs"}};
}

json evalJson(int64_t step, double value) {
    return {{"step", step},       {"epoch", 0},          {"loss", 0.5},
            {"main", "accuracy"}, {"main_value", value}, {"metrics", {{"accuracy", value}}}};
}

// summary.json as Experiment writes it; no "best"/"final" when best < 0.
json summaryJson(const std::string& name, const std::string& status, const std::string& preset, double best,
                 int64_t trainable, double seconds) {
    json s = {{"status", status},
              {"name", name},
              {"task", "SST-2"},
              {"model", "builtin:demo"},
              {"adapter", preset},
              {"bottleneck", 64},
              {"large_sparse", 1},
              {"pruning", "snip"},
              {"sparsity", 0.4},
              {"steps_done", 60},
              {"total_steps", 120},
              {"budget",
               {{"adapter_weights", 32768},
                {"adapter_weights_kept", 19660},
                {"backbone", 85696},
                {"biases_and_norms", 1024},
                {"density", 0.6},
                {"effective_percent_of_backbone", 24.29},
                {"effective_trainable", trainable / 2},
                {"head", 130},
                {"prefix", 0},
                {"train_head", true},
                {"trainable", trainable},
                {"trainable_percent_of_backbone", 39.58}}},
              {"timings", {{"prepare_s", 0.01}, {"train_s", seconds}}}};
    if (best >= 0) {
        s["best"] = evalJson(40, best);
        s["final"] = evalJson(60, best - 0.01);
    }
    return s;
}

QString makeRun(const QString& root, const QString& folder, const json& config, const std::string& summary) {
    const QString dir = QDir(root).filePath(folder);
    QDir().mkpath(dir);
    sa_test::writeFile(dir + "/config.json", QByteArray::fromStdString(config.dump(2) + "\n"));
    if (!summary.empty()) sa_test::writeFile(dir + "/summary.json", QByteArray::fromStdString(summary));
    sa_test::writeFile(dir + "/metrics.jsonl",
                       "{\"type\":\"step\",\"step\":1,\"epoch\":0,\"loss\":0.69,\"lr\":0.001,\"time_s\":0.1}\n");
    return dir;
}

QString readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

QStringList column(const sa::RunsTable& table, int c) {
    QStringList out;
    for (int row = 0; row < table.visibleRowCount(); ++row)
        out << table.cellText(row, c);
    return out;
}

QPushButton* button(const QWidget& parent, const QString& text) {
    for (auto* b : parent.findChildren<QPushButton*>())
        if (b->text() == text) return b;
    qFatal("no button %s", qPrintable(text));
}

// A short built-in demo run with `preset` adapters, pruned at random (SNIP
// cannot score fresh LoRA); returns its folder.
QString trainedRun(const QTemporaryDir& tmp, const std::string& preset) {
    auto config = sa::builtinDemoConfig();
    config.name = preset;
    config.outputDir = tmp.path().toStdString();
    config.adapter.preset = preset;
    config.adapter.options = sa::AdapterOptions::preset(preset, config.adapter.bottleneck);
    config.pruning.options.method = sa::PruneMethod::Random;
    config.task.maxTrainExamples = 32;
    config.task.maxEvalExamples = 16;
    config.optimization.epochs = 1;
    auto experiment = sa::Experiment::create(config);
    experiment->run();
    return QString::fromStdString(experiment->runDirectory());
}

} // namespace

class TestRunsView : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString alpha_, beta_, gamma_, delta_, broken_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(root_.isValid());
        // Best values 0.9 < 9.5 < 10.25 sort differently as text ("10.25" < "9.5").
        alpha_ = makeRun(root_.path(), "alpha", configJson("alpha", "houlsby", 64, "snip"),
                         summaryJson("alpha", "finished", "houlsby", 0.9, 33922, 13.3).dump(2));
        beta_ = makeRun(root_.path(), "beta", configJson("beta", "lora", 8, "none"),
                        summaryJson("beta", "finished", "lora", 9.5, 9000, 75.0).dump(2));
        gamma_ = makeRun(root_.path(), "gamma", configJson("gamma", "houlsby", 64, "snip"),
                         summaryJson("gamma", "running", "houlsby", -1, 120000, 0.0).dump(2));
        json failed = summaryJson("delta", "failed", "houlsby", 10.25, 50000, 4000.0);
        failed["error"] = "out of memory at step 61";
        delta_ = makeRun(root_.path(), "delta", configJson("delta", "houlsby", 64, "snip"), failed.dump(2));
        broken_ = makeRun(root_.path(), "broken", configJson("broken", "pfeiffer", 16, "er"), "{\"status\": \"fini");
    }

    void listsEveryRunWithItsFields() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        QCOMPARE(table.runsRoot(), root_.path());
        QCOMPARE(table.visibleRowCount(), 5);
        QCOMPARE(table.message(), QStringLiteral("Runs: 5"));
        // Sorted by name at first.
        QCOMPARE(column(table, Column::Name), (QStringList{"alpha", "beta", "broken", "delta", "gamma"}));
        QCOMPARE(table.runFolder(0), alpha_);
        QCOMPARE(table.cellText(0, Column::Status), QStringLiteral("finished"));
        QCOMPARE(table.cellText(0, Column::Adapter), QStringLiteral("houlsby"));
        QCOMPARE(table.cellText(0, Column::Steps), QStringLiteral("60/120"));
        QCOMPARE(table.cellText(0, Column::Metric), QStringLiteral("accuracy"));
        QCOMPARE(table.cellText(0, Column::Best), QStringLiteral("0.9000"));
        QCOMPARE(table.cellText(0, Column::Last), QStringLiteral("0.8900"));
        QCOMPARE(table.cellText(0, Column::Sparsity), QStringLiteral("0.4000"));
        QCOMPARE(table.cellText(0, Column::BackbonePercent), QStringLiteral("24.29"));
        QCOMPARE(table.cellText(0, Column::Duration), QStringLiteral("13.3 s"));
        QCOMPARE(table.cellText(1, Column::Duration), QStringLiteral("1 min 15 s"));
        QCOMPARE(table.cellText(3, Column::Duration), QStringLiteral("1 h 06 min"));
        // A running run: no evaluation, no duration yet.
        QCOMPARE(table.cellText(4, Column::Best), QString());
        QCOMPARE(table.cellText(4, Column::Duration), QString());

        // Unreadable and failed runs say why in a tooltip.
        QCOMPARE(table.cellText(2, Column::Status), QStringLiteral("unreadable"));
        QCOMPARE(table.cellText(2, Column::Adapter), QStringLiteral("pfeiffer")); // config.json still read
        const QString why = table.model()->index(2, Column::Best).data(Qt::ToolTipRole).toString();
        QVERIFY2(why.contains("summary.json: not valid JSON"), qPrintable(why));
        const QString failed = table.model()->index(3, Column::Name).data(Qt::ToolTipRole).toString();
        QCOMPARE(failed, QStringLiteral("out of memory at step 61"));
    }

    // Refreshes widen a column whose text grew and keep a width set by hand.
    void refreshWidensColumnsButKeepsWiderOnes() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        QTableView* view = table.view();
        view->setColumnWidth(Column::Steps, 5);
        view->setColumnWidth(Column::Name, 400);
        table.refresh();
        const QAbstractItemView* itemView = view;
        QVERIFY(view->columnWidth(Column::Steps) >= itemView->sizeHintForColumn(Column::Steps));
        QVERIFY(view->columnWidth(Column::Steps) > 5);
        QCOMPARE(view->columnWidth(Column::Name), 400);
    }

    void sortsNumbersNumericallyWithMissingLast() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        table.view()->sortByColumn(Column::Best, Qt::AscendingOrder);
        QCOMPARE(column(table, Column::Name).mid(0, 3), (QStringList{"alpha", "beta", "delta"}));
        QCOMPARE(column(table, Column::Best).mid(3), (QStringList{"", ""}));
        table.view()->sortByColumn(Column::Best, Qt::DescendingOrder);
        QCOMPARE(column(table, Column::Name).mid(0, 3), (QStringList{"delta", "beta", "alpha"}));
        QCOMPARE(column(table, Column::Best).mid(3), (QStringList{"", ""}));

        // Counts with separators ("120,000" < "33,922" < "50,000" < "9,000" as text).
        table.view()->sortByColumn(Column::Trainable, Qt::AscendingOrder);
        QCOMPARE(column(table, Column::Name), (QStringList{"beta", "alpha", "delta", "gamma", "broken"}));
        table.view()->sortByColumn(Column::Trainable, Qt::DescendingOrder);
        QCOMPARE(column(table, Column::Name).first(), QStringLiteral("gamma"));
        QCOMPARE(column(table, Column::Name).last(), QStringLiteral("broken"));
    }

    void filterTextAndStatusNarrowTheRows() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        table.setFilterText(QStringLiteral("LoRA"));
        QCOMPARE(column(table, Column::Name), QStringList{"beta"});
        QCOMPARE(table.message(), QStringLiteral("Runs: 1 of 5 shown"));
        table.setFilterText(QStringLiteral("houlsby"));
        QCOMPARE(column(table, Column::Name), (QStringList{"alpha", "delta", "gamma"}));
        table.setStatusFilter(QStringLiteral("finished"));
        QCOMPARE(column(table, Column::Name), QStringList{"alpha"});
        table.setFilterText(QString());
        QCOMPARE(column(table, Column::Name), (QStringList{"alpha", "beta"}));
        table.setStatusFilter(QStringLiteral("unreadable"));
        QCOMPARE(column(table, Column::Name), QStringList{"broken"});
        table.setStatusFilter(QString());
        QCOMPARE(table.visibleRowCount(), 5);
    }

    void compareAndOpenEmitTheSelectedFolders() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QSignalSpy compared(&table, &sa::RunsTable::compareRequested);
        QSignalSpy opened(&table, &sa::RunsTable::runOpened);
        QSignalSpy selected(&table, &sa::RunsTable::selectionChanged);
        QPushButton* compare = button(table, QStringLiteral("Compare"));
        QPushButton* open = button(table, QStringLiteral("Open"));

        table.selectRunFolders({alpha_});
        QCOMPARE(table.selectedRunFolders(), QStringList{alpha_});
        QVERIFY(!selected.isEmpty());
        QCOMPARE(selected.last().at(0).toStringList(), QStringList{alpha_});
        QVERIFY(!compare->isEnabled()); // one run is nothing to compare
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), alpha_);

        table.selectRunFolders({delta_, beta_});
        QCOMPARE(table.selectedRunFolders(), (QStringList{beta_, delta_})); // in the order shown
        QVERIFY(compare->isEnabled());
        QVERIFY(!open->isEnabled());
        QTest::mouseClick(compare, Qt::LeftButton);
        QCOMPARE(compared.size(), 1);
        QCOMPARE(compared.at(0).at(0).toStringList(), (QStringList{beta_, delta_}));

        // A double click opens the run under the pointer.
        QTableView* view = table.view();
        const QRect cell = view->visualRect(table.model()->index(4, Column::Name));
        // The press of the first click is what the view's double click pairs with.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(opened.size(), 2);
        QCOMPARE(opened.at(1).at(0).toString(), gamma_);

        // Refresh keeps the selection and picks up new runs.
        table.selectRunFolders({alpha_, beta_});
        makeRun(root_.path(), "epsilon", configJson("epsilon", "houlsby", 64, "snip"), "");
        table.refresh();
        QCOMPARE(table.visibleRowCount(), 6);
        QCOMPARE(table.selectedRunFolders(), (QStringList{alpha_, beta_}));
        QDir(QDir(root_.path()).filePath("epsilon")).removeRecursively();
    }

    // The "TensorBoard folder" action: the runs folder, or one selected run's
    // tb/, quoted for the shell.
    void tensorboardCommandNamesTheRunsFolderOrTheSelectedRun() {
        sa::RunsTable table;
        QVERIFY(table.tensorboardCommand().isEmpty());
        QVERIFY(!button(table, QStringLiteral("TensorBoard folder"))->isEnabled());
        table.setRunsRoot(root_.path());
        QVERIFY(button(table, QStringLiteral("TensorBoard folder"))->isEnabled());
        QCOMPARE(table.tensorboardCommand(), QStringLiteral("tensorboard --logdir '%1'").arg(root_.path()));
        table.selectRunFolders({beta_});
        QCOMPARE(table.tensorboardCommand(),
                 QStringLiteral("tensorboard --logdir '%1'").arg(QDir(beta_).filePath(QStringLiteral("tb"))));
        table.selectRunFolders({alpha_, beta_});
        QCOMPARE(table.tensorboardCommand(), QStringLiteral("tensorboard --logdir '%1'").arg(root_.path()));

        QTemporaryDir other;
        const QString quoted = QDir(other.path()).filePath(QStringLiteral("it's runs"));
        QVERIFY(QDir().mkpath(quoted));
        table.setRunsRoot(quoted);
        QCOMPARE(table.tensorboardCommand(),
                 QStringLiteral("tensorboard --logdir '%1/it'\\''s runs'").arg(other.path()));
    }

    // Run ▸ Export Adapter…: each run offers the format its adapters map
    // onto, the other greyed with core's reason, and writes it off the GUI
    // thread.
    void adapterExportOffersTheFormatThatMaps() {
        QTemporaryDir tmp;
        const QString lora = trainedRun(tmp, "lora"), houlsby = trainedRun(tmp, "houlsby");
        struct Case {
            QString run, offered, refused, reason, file;
        };
        for (const auto& c : {Case{lora, "peft", "adapterhub", "--format peft", "adapter_model.safetensors"},
                              Case{houlsby, "adapterhub", "peft", "--format adapterhub", "pytorch_adapter.bin"}}) {
            sa::AdapterExportDialog dialog(c.run);
            QCOMPARE(dialog.format(), c.offered);
            QVERIFY(dialog.refusal(c.offered).isEmpty());
            QVERIFY2(dialog.refusal(c.refused).contains(c.reason), qPrintable(dialog.refusal(c.refused)));
            int enabled = 0;
            for (auto* choice : dialog.findChildren<QRadioButton*>())
                enabled += choice->isEnabled() ? 1 : 0;
            QCOMPARE(enabled, 1);
            dialog.setFormat(c.refused); // greyed: the choice stays
            QCOMPARE(dialog.format(), c.offered);

            const QString out = tmp.filePath(c.offered + "-export");
            dialog.setOutputFolder(out);
            QSignalSpy exported(&dialog, &sa::AdapterExportDialog::exported);
            dialog.startExport();
            QVERIFY(dialog.busy());
            QVERIFY(exported.wait(60000));
            QVERIFY(!dialog.busy());
            const auto files = exported.at(0).at(0).toStringList();
            QVERIFY2(files.contains(QDir(out).filePath(c.file)), qPrintable(files.join(", ")));
            QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("sparse_masks.safetensors"))));
            QVERIFY2(dialog.resultText().contains(QDir::toNativeSeparators(out)), qPrintable(dialog.resultText()));
        }
        // A folder that is no run: nothing to offer, the reason names it.
        sa::AdapterExportDialog none(tmp.path());
        QVERIFY(none.format().isEmpty());
        QVERIFY(!none.refusal(QStringLiteral("peft")).isEmpty());
        QVERIFY(!button(none, QStringLiteral("Export"))->isEnabled());
    }

    void exportWritesTheVisibleRuns() {
        sa::RunsTable table;
        table.setRunsRoot(root_.path());
        QTemporaryDir out;
        QString error;
        const QStringList written = table.exportTables(out.path(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(written.contains(out.filePath("runs.csv")));
        QVERIFY(written.contains(out.filePath("runs.md")));
        QVERIFY(written.contains(out.filePath("runs.tex")));
        const QString csv = readAll(out.filePath("runs.csv"));
        for (const char* name : {"alpha", "beta", "delta", "gamma"})
            QVERIFY2(csv.contains(QLatin1String(name)), name);
        QVERIFY(!csv.contains("broken")); // unreadable: left out, not a failed export
        QVERIFY(readAll(out.filePath("runs.md")).contains("| alpha"));
        const QString tex = readAll(out.filePath("runs.tex"));
        QVERIFY(tex.contains("\\toprule"));
        QVERIFY(tex.contains("alpha"));

        // Only what the filter shows.
        QTemporaryDir filtered;
        table.setFilterText(QStringLiteral("lora"));
        table.exportTables(filtered.path());
        const QString only = readAll(filtered.filePath("runs.csv"));
        QVERIFY(only.contains("beta"));
        QVERIFY(!only.contains("alpha"));

        table.setStatusFilter(QStringLiteral("unreadable"));
        table.setFilterText(QString());
        QVERIFY(table.exportTables(filtered.path(), &error).isEmpty());
        QVERIFY2(error.contains("no readable runs"), qPrintable(error));
    }

    void unreadableRunsFolderIsAMessage() {
        sa::RunsTable table;
        const QString file = QDir(root_.path()).filePath("alpha/config.json");
        table.setRunsRoot(file);
        QCOMPARE(table.visibleRowCount(), 0);
        QVERIFY2(table.message().contains("not a folder"), qPrintable(table.message()));
        table.setRunsRoot(QDir(root_.path()).filePath("no-runs-yet"));
        QCOMPARE(table.visibleRowCount(), 0);
        QVERIFY2(table.message().startsWith("No runs in"), qPrintable(table.message()));
    }

    void configDiffListsTheDifferingKeys() {
        sa::ConfigDiffView diff;
        diff.setRuns({alpha_, beta_, delta_});
        QCOMPARE(diff.runNames(), (QStringList{"alpha", "beta", "delta"}));
        // config.json as nlohmann writes it: keys sorted, so that is the document order.
        const QStringList keys = {"adapter.bottleneck", "adapter.preset", "name", "pruning.method"};
        QCOMPARE(diff.differenceCount(), keys.size());
        for (int row = 0; row < keys.size(); ++row)
            QCOMPARE(diff.key(row), keys[row]);
        QCOMPARE(diff.value(0, 0), QStringLiteral("64"));
        QCOMPARE(diff.value(0, 1), QStringLiteral("8"));
        QCOMPARE(diff.value(1, 0), QStringLiteral("houlsby"));
        QCOMPARE(diff.value(1, 1), QStringLiteral("lora"));
        QCOMPARE(diff.value(1, 2), QStringLiteral("houlsby"));
        QCOMPARE(diff.value(2, 2), QStringLiteral("delta"));
        QCOMPARE(diff.value(3, 1), QStringLiteral("none"));
        QCOMPARE(diff.value(3, 2), QStringLiteral("snip"));
        QCOMPARE(diff.message(), QStringLiteral("Differing keys: 4"));

        // A key only one run has differs; the others are empty there.
        const QString extra = makeRun(root_.path(), "zeta", configJson("alpha", "houlsby", 64, "snip"), "");
        json withKey = configJson("alpha", "houlsby", 64, "snip");
        withKey["pruning"]["break_ties"] = true;
        sa_test::writeFile(extra + "/config.json", QByteArray::fromStdString(withKey.dump()));
        diff.setRuns({alpha_, extra});
        QCOMPARE(diff.differenceCount(), 1);
        QCOMPARE(diff.key(0), QStringLiteral("pruning.break_ties"));
        QCOMPARE(diff.value(0, 0), QString());
        QCOMPARE(diff.value(0, 1), QStringLiteral("true"));

        // The same configuration twice; a run without a readable config.json.
        sa_test::writeFile(extra + "/config.json",
                           QByteArray::fromStdString(configJson("alpha", "houlsby", 64, "snip").dump()));
        diff.setRuns({alpha_, extra});
        QCOMPARE(diff.differenceCount(), 0);
        QCOMPARE(diff.message(), QStringLiteral("The configurations are identical."));
        sa_test::writeFile(extra + "/config.json", "{");
        diff.setRuns({alpha_, beta_, extra});
        QCOMPARE(diff.runNames(), (QStringList{"alpha", "beta"}));
        QCOMPARE(diff.differenceCount(), 4);
        QVERIFY2(diff.message().contains(extra + "/config.json: not valid JSON"), qPrintable(diff.message()));
        QDir(extra).removeRecursively();
    }
};

QTEST_MAIN(TestRunsView)
#include "test_runs_view.moc"
