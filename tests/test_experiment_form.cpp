// The experiment form and its budget panel: problems explained under the
// field at fault as the user edits, the config round-tripping through
// ExperimentConfig, checkpoints inspected off the GUI thread, and the panel
// showing the numbers a run records.
#include "budget_panel.h"
#include "checkpoint_inspector.h"
#include "experiment/experiment.h"
#include "experiment/experiment_budget.h"
#include "experiment/fusion_sources.h"
#include "experiment_form.h"
#include "fusion_source_dialog.h"
#include "int64_spin_box.h"
#include "model/demo_checkpoint.h"
#include "test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

template <typename W> W* field(sa::ExperimentForm& form, const char* key) {
    auto* w = form.findChild<W*>(QString::fromLatin1(key));
    if (!w) qFatal("no field %s", key);
    return w;
}

void chooseCheckpoint(sa::ExperimentForm& form, const QString& dir) {
    field<QRadioButton>(form, "model.checkpoint")->setChecked(true);
    field<QLineEdit>(form, "model")->setText(dir);
}

// A GLUE-layout folder: the form checks the files are there, not their rows.
QString glueFolder(const QTemporaryDir& tmp, bool withDev) {
    sa_test::writeFile(tmp.filePath(QStringLiteral("train.tsv")), "sentence\tlabel\ngood\t1\n");
    if (withDev) sa_test::writeFile(tmp.filePath(QStringLiteral("dev.tsv")), "sentence\tlabel\nbad\t0\n");
    return tmp.path();
}

// config.json without weights: inspectCheckpoint fails on it.
bool writeBrokenCheckpoint(const QTemporaryDir& tmp) {
    return QFile::copy(QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert/config.json")),
                       tmp.filePath(QStringLiteral("config.json")));
}

QString tinyBert() {
    return QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert"));
}

QString problemLabelText(sa::ExperimentForm& form, const char* key) {
    auto* label = field<QLabel>(form, (std::string(key) + ".problem").c_str());
    return label->isHidden() ? QString() : label->text();
}

// A finished stage-1 run as fusionSourceRefusal reads it: config.json and an
// adapter.safetensors.
QString sourceRun(const QTemporaryDir& tmp, const QString& name, int64_t bottleneck) {
    auto c = sa::builtinDemoConfig();
    c.adapter.preset = "houlsby";
    c.adapter.bottleneck = bottleneck;
    c.adapter.options = sa::AdapterOptions::preset("houlsby", bottleneck);
    const QString dir = tmp.filePath(name);
    QDir().mkpath(dir);
    sa_test::writeFile(dir + QStringLiteral("/config.json"), QByteArray::fromStdString(c.toJson()));
    sa_test::writeFile(dir + QStringLiteral("/adapter.safetensors"), "not read by the check");
    return dir;
}

QString resolvedByCore(const QString& json) {
    return QString::fromStdString(sa::ExperimentConfig::fromJson(json.toStdString(), "test").toJson());
}

// The QThread children an object has had at once, and in all: ChildAdded and
// ChildRemoved are sent synchronously, so no moment between polls is missed.
class ThreadChildCounter : public QObject {
public:
    explicit ThreadChildCounter(QObject* watched) { watched->installEventFilter(this); }
    size_t mostAtOnce = 0;
    int started = 0;

protected:
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::ChildAdded) {
            auto* child = static_cast<QChildEvent*>(event)->child();
            if (qobject_cast<QThread*>(child)) {
                live_.insert(child);
                ++started;
                mostAtOnce = std::max(mostAtOnce, live_.size());
            }
        } else if (event->type() == QEvent::ChildRemoved) {
            live_.erase(static_cast<QChildEvent*>(event)->child()); // being destroyed: no cast
        }
        return false;
    }

private:
    std::set<QObject*> live_;
};

} // namespace

class TestExperimentForm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultFormIsValidWithABudget() {
        sa::ExperimentForm form;
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        QVERIFY(form.problems().isEmpty());
        QVERIFY(form.budgetPanel()->hasBudget());
        QVERIFY(form.budgetPanel()->shownTrainable() > 0);
        QVERIFY(form.modelSummaryText().contains(QStringLiteral("Built-in demo")));
        const auto parsed = sa::ExperimentConfig::fromJson(form.configJson().toStdString(), "form");
        QCOMPARE(QString::fromStdString(parsed.toJson()), QString::fromStdString(sa::ExperimentConfig{}.toJson()));
    }

    void largeSparseWithoutPruningIsExplainedAtTheFactor() {
        sa::ExperimentForm form;
        QSignalSpy validity(&form, &sa::ExperimentForm::validityChanged);
        field<QComboBox>(form, "pruning.method")->setCurrentText(QStringLiteral("none"));
        QVERIFY(form.isValid()); // dense adapters alone are fine
        field<QSpinBox>(form, "pruning.large_sparse")->setValue(4);
        QVERIFY(!form.isValid());
        QVERIFY(
            form.problemFor(QStringLiteral("pruning.large_sparse")).contains(QStringLiteral("needs a pruning method")));
        QCOMPARE(problemLabelText(form, "pruning.large_sparse"),
                 form.problemFor(QStringLiteral("pruning.large_sparse")));
        QVERIFY(form.problemFor(QStringLiteral("pruning.method")).isEmpty());
        QVERIFY(!form.budgetPanel()->hasBudget());
        QCOMPARE(validity.count(), 1);
        QCOMPARE(validity.first().first().toBool(), false);

        field<QComboBox>(form, "pruning.method")->setCurrentText(QStringLiteral("magnitude"));
        QVERIFY(form.isValid());
        QVERIFY(problemLabelText(form, "pruning.large_sparse").isEmpty());
        QCOMPARE(validity.count(), 2);
        QVERIFY(form.budgetPanel()->hasBudget());
        QCOMPARE(form.budgetPanel()->shownSparsity(), 0.75);
    }

    void missingCheckpointDirectoryIsExplainedAtTheModel() {
        sa::ExperimentForm form;
        QTemporaryDir tmp;
        chooseCheckpoint(form, tmp.filePath(QStringLiteral("no-such-model")));
        QVERIFY(!form.isValid());
        QVERIFY(!form.isInspecting()); // nothing there to inspect
        QVERIFY(form.problemFor(QStringLiteral("model")).contains(QStringLiteral("no such checkpoint directory")));
        QCOMPARE(problemLabelText(form, "model"), form.problemFor(QStringLiteral("model")));
        field<QRadioButton>(form, "model.builtin")->setChecked(true);
        QVERIFY(form.isValid());
    }

    void dataFolderProblemsAreExplainedAtTheDataFolder() {
        sa::ExperimentForm form;
        field<QComboBox>(form, "task.name")->setCurrentText(QStringLiteral("MNLI"));
        QVERIFY(form.problemFor(QStringLiteral("task.name")).contains(QStringLiteral("SST-2")));

        QTemporaryDir tmp;
        field<QLineEdit>(form, "task.data_dir")->setText(glueFolder(tmp, false));
        QVERIFY(form.problemFor(QStringLiteral("task.name")).isEmpty());
        QVERIFY(form.problemFor(QStringLiteral("task.data_dir")).contains(QStringLiteral("dev_matched.tsv")));
        QVERIFY(!form.isValid());
        field<QComboBox>(form, "task.name")->setCurrentText(QStringLiteral("SST-2"));
        QVERIFY(form.problemFor(QStringLiteral("task.data_dir")).contains(QStringLiteral("dev.tsv")));
        glueFolder(tmp, true);
        field<QLineEdit>(form, "task.data_dir")->setText(tmp.path() + QStringLiteral("/"));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
    }

    void checkpointWithoutDataFolderIsExplained() {
        SA_REQUIRE_FIXTURE("models/tiny-bert");
        sa::ExperimentForm form;
        chooseCheckpoint(form, QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert")));
        QVERIFY(form.problemFor(QStringLiteral("task.data_dir")).contains(QStringLiteral("task.data_dir is empty")));
        QVERIFY(!form.isValid());
        QTRY_VERIFY(!form.isInspecting());
    }

    void coreRangeErrorsAreShownAtTheirFieldsTogether() {
        sa::ExperimentForm form;
        field<QSpinBox>(form, "task.max_seq_length")->setValue(4);
        field<QLineEdit>(form, "optimization.learning_rate")->setText(QStringLiteral("fast"));
        QVERIFY(!form.isValid());
        QVERIFY(form.problemFor(QStringLiteral("task.max_seq_length")).contains(QStringLiteral("[8, 4096]")));
        QVERIFY(form.problemFor(QStringLiteral("optimization.learning_rate")).contains(QStringLiteral("fast")));
        QCOMPARE(form.problems().size(), 2);
        QVERIFY(form.budgetPanel()->hasBudget()); // neither touches the adapters

        field<QSpinBox>(form, "task.max_seq_length")->setValue(200); // the demo has 128 positions
        QVERIFY(form.problemFor(QStringLiteral("task.max_seq_length")).contains(QStringLiteral("128 positions")));
        field<QSpinBox>(form, "task.max_seq_length")->setValue(64);
        field<QLineEdit>(form, "optimization.learning_rate")->setText(QStringLiteral("2e-4"));
        QVERIFY(form.isValid());
        QCOMPARE(form.config()->optimization.learningRate, 2e-4);

        field<QSpinBox>(form, "optimization.epochs")->setValue(2);
        field<QSpinBox>(form, "pruning.start_epoch")->setValue(2);
        QVERIFY(form.problemFor(QStringLiteral("pruning.start_epoch")).contains(QStringLiteral("dense")));
    }

    void adapterWithNothingToPruneIsExplained() {
        sa::ExperimentForm form;
        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("prefix"));
        // Prefix on BERT trains nothing without the reference's quirks; and it is never pruned.
        QVERIFY(form.problemFor(QStringLiteral("adapter.preset")).contains(QStringLiteral("BERT")));
        QVERIFY(form.problemFor(QStringLiteral("pruning.method")).contains(QStringLiteral("no prunable weights")));
        field<QSpinBox>(form, "pruning.large_sparse")->setValue(2);
        QVERIFY(form.problemFor(QStringLiteral("pruning.large_sparse")).contains(QStringLiteral("prunable")));
        QVERIFY(!form.isValid());
    }

    void sparsitySliderAndSpinBoxStayInSync() {
        sa::ExperimentForm form;
        auto* slider = field<QSlider>(form, "pruning.sparsity.slider");
        auto* spin = field<QDoubleSpinBox>(form, "pruning.sparsity");
        QCOMPARE(spin->maximum(), 99.9); // core accepts [0, 1)
        QCOMPARE(spin->value(), 40.0);
        QCOMPARE(slider->value(), 400);
        const auto keptBefore = form.budgetPanel()->shownKept();

        slider->setValue(625);
        QCOMPARE(spin->value(), 62.5);
        QCOMPARE(form.config()->pruning.options.sparsity, 0.625);
        QVERIFY(form.budgetPanel()->shownKept() < keptBefore);

        spin->setValue(30.0);
        QCOMPARE(slider->value(), 300);
        QCOMPARE(form.config()->pruning.options.sparsity, 0.3);
        QCOMPARE(form.budgetPanel()->shownSparsity(), 0.3);

        form.setConfig(QStringLiteral("{\"pruning\": {\"sparsity\": 0.9}}"));
        QCOMPARE(spin->value(), 90.0);
        QCOMPARE(slider->value(), 900);
    }

    void configJsonRoundTrips() {
        auto c = sa::builtinDemoConfig();
        c.name = "round-trip";
        c.adapter.preset = "lora";
        c.adapter.bottleneck = 8;
        c.adapter.options = sa::AdapterOptions::preset("lora", 8);
        c.adapter.options.loraAlpha = 16.0; // an override the form has no field for
        c.adapter.options.trainHead = false;
        c.pruning.options.method = sa::PruneMethod::Magnitude;
        c.pruning.options.sparsity = 0.123456;
        c.pruning.options.scope = sa::MaskScope::Local;
        c.pruning.largeSparse = 2;
        c.optimization.learningRate = 3e-4;
        c.optimization.seed = 7;
        c.pruning.options.seed = 7;
        c.task.padding = sa::Padding::Max;
        c.device = sa::DeviceChoice::Cpu;
        const QString json = QString::fromStdString(c.toJson());

        sa::ExperimentForm form;
        QSignalSpy changed(&form, &sa::ExperimentForm::configChanged);
        form.setConfig(json);
        QVERIFY(changed.count() >= 1);
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        QCOMPARE(form.configJson(), json);
        QCOMPARE(field<QComboBox>(form, "adapter.preset")->currentText(), QStringLiteral("lora"));
        QCOMPARE(field<QCheckBox>(form, "adapter.train_head")->isChecked(), false);
        QCOMPARE(field<QComboBox>(form, "pruning.scope")->currentText(), QStringLiteral("local"));
        QCOMPARE(field<QSpinBox>(form, "pruning.large_sparse")->value(), 2);

        // Edited in the form, the override survives and the edit lands.
        field<sa::Int64SpinBox>(form, "adapter.bottleneck")->setValue(16);
        const auto edited = sa::ExperimentConfig::fromJson(form.configJson().toStdString(), "form");
        QCOMPARE(edited.adapter.bottleneck, int64_t(16));
        QCOMPARE(edited.adapter.options.attnBn, int64_t(16));
        QCOMPARE(edited.adapter.options.loraAlpha, 16.0);
        QCOMPARE(edited.adapter.options.trainHead, false);

        sa::ExperimentForm again;
        again.setConfig(form.configJson());
        QCOMPARE(again.configJson(), form.configJson());
    }

    // AdapterFusion: the source list replaces the bottleneck, takes only
    // folders core accepts (saying why not otherwise) and writes
    // adapter.fusion.sources; another kind sets the list aside.
    // The picker lists a folder's runs; those that cannot join the chosen
    // sources are greyed out with core's reason.
    void fusionSourcePickerGreysOutIncompatibleRuns() {
        QTemporaryDir tmp;
        const QString a = sourceRun(tmp, QStringLiteral("a"), 64), b = sourceRun(tmp, QStringLiteral("b"), 64);
        const QString narrow = sourceRun(tmp, QStringLiteral("narrow"), 16);
        sa::FusionSourceDialog dialog(tmp.path(), {a}, QStringLiteral("builtin:demo"));
        QCOMPARE(dialog.runCount(), 2); // a is chosen already
        int pickable = -1, refused = -1;
        for (int row = 0; row < dialog.runCount(); ++row)
            (dialog.isPickable(row) ? pickable : refused) = row;
        QVERIFY(pickable >= 0 && refused >= 0);
        QCOMPARE(QFileInfo(dialog.runFolder(pickable)).fileName(), QStringLiteral("b"));
        QCOMPARE(QFileInfo(dialog.runFolder(refused)).fileName(), QStringLiteral("narrow"));
        QVERIFY2(dialog.refusal(refused).contains(QStringLiteral("adapter.attn_bn")),
                 qPrintable(dialog.refusal(refused)));
        QVERIFY(dialog.picked().isEmpty());
        dialog.setPicked(refused, true); // greyed out: cannot be picked
        dialog.setPicked(pickable, true);
        QCOMPARE(dialog.picked().size(), 1);
        QCOMPARE(QFileInfo(dialog.picked().front()).fileName(), QStringLiteral("b"));
    }

    void fusionSourcesAreCheckedAsTheyAreAdded() {
        QTemporaryDir tmp;
        const QString a = sourceRun(tmp, QStringLiteral("a"), 64), b = sourceRun(tmp, QStringLiteral("b"), 64);
        const QString narrow = sourceRun(tmp, QStringLiteral("narrow"), 16);
        auto sourcesInJson = [](const sa::ExperimentForm& form) {
            const QJsonObject adapter = QJsonDocument::fromJson(form.configJson().toUtf8())
                                            .object()
                                            .value(QStringLiteral("adapter"))
                                            .toObject();
            QStringList out;
            for (const QJsonValue& v :
                 adapter.value(QStringLiteral("fusion")).toObject().value(QStringLiteral("sources")).toArray())
                out << v.toString();
            return out;
        };

        sa::ExperimentForm form;
        auto* sources = field<QWidget>(form, "adapter.fusion");
        auto* bottleneck = field<sa::Int64SpinBox>(form, "adapter.bottleneck");
        QVERIFY(!sources->isVisibleTo(&form));
        QVERIFY(bottleneck->isVisibleTo(&form));
        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("fusion"));
        QVERIFY(sources->isVisibleTo(&form));
        QVERIFY(!bottleneck->isVisibleTo(&form));
        QVERIFY(!form.problemFor(QStringLiteral("adapter.fusion.sources")).isEmpty()); // core asks for some

        QVERIFY(form.addFusionSource(a));
        QVERIFY(form.addFusionSource(b));
        QCOMPARE(form.fusionSources(), QStringList({a, b}));
        QCOMPARE(sourcesInJson(form), QStringList({a, b}));
        auto* list = field<QListWidget>(form, "adapter.fusion.sources");
        QCOMPARE(list->count(), 2);
        QCOMPARE(list->item(1)->text(), b);
        QVERIFY2(form.problemFor(QStringLiteral("adapter.fusion.sources")).isEmpty(),
                 qPrintable(form.problemFor(QStringLiteral("adapter.fusion.sources"))));

        // Other adapters than the chosen sources', and a folder that is no
        // run: refused with core's reason, the list unchanged.
        auto* refusal = field<QLabel>(form, "adapter.fusion.refusal");
        const std::string why =
            sa::fusionSourceRefusal(narrow.toStdString(), {a.toStdString(), b.toStdString()}, sa::kBuiltinDemoModel);
        QVERIFY(!why.empty());
        QVERIFY(!form.addFusionSource(narrow));
        QVERIFY(refusal->isVisibleTo(&form));
        QVERIFY2(refusal->text().contains(QString::fromStdString(why)), qPrintable(refusal->text()));
        QVERIFY(!form.addFusionSource(tmp.path()));
        QVERIFY2(refusal->text().contains(QStringLiteral("config.json")), qPrintable(refusal->text()));
        QVERIFY(!form.addFusionSource(a)); // already a source
        QCOMPARE(form.fusionSources(), QStringList({a, b}));

        // Remove takes the selected ones out of the config.
        list->item(0)->setSelected(true);
        field<QPushButton>(form, "adapter.fusion.remove")->click();
        QCOMPARE(form.fusionSources(), QStringList{b});
        QCOMPARE(sourcesInJson(form), QStringList{b});
        QVERIFY(!refusal->isVisibleTo(&form));

        // Core refuses adapter.fusion beside another preset: it is set aside
        // and comes back with "fusion".
        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("houlsby"));
        QVERIFY(sourcesInJson(form).isEmpty());
        QVERIFY(!sources->isVisibleTo(&form));
        QVERIFY(form.problemFor(QStringLiteral("adapter.fusion")).isEmpty());
        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("fusion"));
        QCOMPARE(form.fusionSources(), QStringList{b});

        // A saved fusion config comes back with its sources.
        sa::ExperimentForm again;
        again.setConfig(form.configJson());
        QCOMPARE(again.fusionSources(), QStringList{b});
        QCOMPARE(field<QListWidget>(again, "adapter.fusion.sources")->count(), 1);
        QCOMPARE(field<QComboBox>(again, "adapter.preset")->currentText(), QStringLiteral("fusion"));
    }

    // The fusion preset and adapter.fusion.prune are fields of the fusion
    // kind: written to the config, core's prune problem shown under the
    // checkbox, the budget split into frozen sources and fusion layers.
    void fusionPresetAndPruneAreFusionFields() {
        QTemporaryDir tmp;
        const QString a = sourceRun(tmp, QStringLiteral("a"), 64), b = sourceRun(tmp, QStringLiteral("b"), 64);
        sa::ExperimentForm form;
        auto* kind = field<QComboBox>(form, "adapter.preset");
        auto* preset = field<QComboBox>(form, "adapter.fusion.preset");
        auto* prune = field<QCheckBox>(form, "adapter.fusion.prune");
        QVERIFY(!preset->isVisibleTo(&form));
        QVERIFY(!prune->isVisibleTo(&form));
        kind->setCurrentText(QStringLiteral("fusion"));
        QVERIFY(preset->isVisibleTo(&form));
        QVERIFY(prune->isVisibleTo(&form));
        QCOMPARE(preset->currentText(), QStringLiteral("dynamic")); // FusionConfig's defaults
        QVERIFY(!prune->isChecked());
        QVERIFY(!prune->toolTip().isEmpty());
        QVERIFY(form.addFusionSource(a));
        QVERIFY(form.addFusionSource(b));

        field<QComboBox>(form, "pruning.method")->setCurrentText(QStringLiteral("none"));
        preset->setCurrentText(QStringLiteral("static"));
        prune->setChecked(true);
        const QJsonObject fusion = QJsonDocument::fromJson(form.configJson().toUtf8())
                                       .object()
                                       .value(QStringLiteral("adapter"))
                                       .toObject()
                                       .value(QStringLiteral("fusion"))
                                       .toObject();
        QCOMPARE(fusion.value(QStringLiteral("preset")).toString(), QStringLiteral("static"));
        QCOMPARE(fusion.value(QStringLiteral("prune")).toBool(false), true);
        QVERIFY(form.config().has_value());
        QVERIFY(form.config()->adapter.fusion.options == sa::FusionOptions::preset("static"));

        // Pruning nothing with "prune" on: core's problem, under the checkbox.
        const QString why = form.problemFor(QStringLiteral("adapter.fusion.prune"));
        QVERIFY(why.contains(QStringLiteral("pruning.method")));
        QCOMPARE(problemLabelText(form, "adapter.fusion.prune"), why);
        QVERIFY(!form.isValid());
        field<QComboBox>(form, "pruning.method")->setCurrentText(QStringLiteral("snip"));
        QVERIFY2(form.problemFor(QStringLiteral("adapter.fusion.prune")).isEmpty(),
                 qPrintable(form.problemFor(QStringLiteral("adapter.fusion.prune"))));
        QVERIFY(problemLabelText(form, "adapter.fusion.prune").isEmpty());

        // The budget: the frozen sources' row, dense fusion against sparse.
        auto* budget = form.budgetPanel();
        QVERIFY(budget->hasBudget());
        QVERIFY(!budget->shownFusedSources().isEmpty());
        const QVector<double> bars = budget->nominalBars();
        QCOMPARE(bars.size(), 2);
        QVERIFY(bars[0] >= bars[1]);

        // A saved config spells out the static switches: back in a form, a
        // new preset is not overridden by them.
        sa::ExperimentForm again;
        again.setConfig(form.configJson());
        QCOMPARE(field<QComboBox>(again, "adapter.fusion.preset")->currentText(), QStringLiteral("static"));
        QVERIFY(field<QCheckBox>(again, "adapter.fusion.prune")->isChecked());
        field<QComboBox>(again, "adapter.fusion.preset")->setCurrentText(QStringLiteral("dynamic"));
        QVERIFY(again.config().has_value());
        QVERIFY(again.config()->adapter.fusion.options == sa::FusionOptions::preset("dynamic"));

        // Another kind: both rows hidden, with the fusion section set aside.
        kind->setCurrentText(QStringLiteral("pfeiffer"));
        QVERIFY(!preset->isVisibleTo(&form));
        QVERIFY(!prune->isVisibleTo(&form));
        QVERIFY(problemLabelText(form, "adapter.fusion.prune").isEmpty());
        QVERIFY(!budget->hasBudget() || budget->shownFusedSources().isEmpty());
    }

    void partialAdapterSectionsResolveAsCoreDoes_data() {
        QTest::addColumn<QString>("json");
        QTest::newRow("preset only") << QStringLiteral("{\"adapter\": {\"preset\": \"lora\"}}");
        QTest::newRow("bottleneck only") << QStringLiteral("{\"adapter\": {\"bottleneck\": 16}}");
        QTest::newRow("preset and override")
            << QStringLiteral("{\"adapter\": {\"preset\": \"houlsby\", \"ffn_bn\": 32}}");
        QTest::newRow("preset and bottleneck")
            << QStringLiteral("{\"adapter\": {\"preset\": \"pfeiffer\", \"bottleneck\": 8}}");
        QTest::newRow("mam, alpha") << QStringLiteral("{\"adapter\": {\"preset\": \"mam\", \"lora_alpha\": 4.0}}");
        QTest::newRow("no adapter") << QStringLiteral("{\"pruning\": {\"method\": \"magnitude\"}}");
    }
    void partialAdapterSectionsResolveAsCoreDoes() {
        QFETCH(QString, json);
        sa::ExperimentForm form;
        form.setConfig(json);
        QVERIFY(form.config().has_value());
        QCOMPARE(form.configJson(), resolvedByCore(json));
        QCOMPARE(QString::fromStdString(form.config()->toJson()), resolvedByCore(json));
    }

    void adapterWidthsFollowPresetAndBottleneckEditsButNotOverrides() {
        const QString json = QStringLiteral("{\"adapter\": {\"preset\": \"houlsby\", \"ffn_bn\": 32}}");
        auto core = sa::ExperimentConfig::fromJson(json.toStdString(), "test");
        sa::ExperimentForm form;
        form.setConfig(json);

        field<sa::Int64SpinBox>(form, "adapter.bottleneck")->setValue(16);
        core.applyOverride("adapter.bottleneck=16");
        QCOMPARE(form.configJson(), QString::fromStdString(core.toJson()));
        QCOMPARE(form.config()->adapter.options.attnBn, int64_t(16)); // follows the bottleneck
        QCOMPARE(form.config()->adapter.options.ffnBn, int64_t(32));  // the explicit override stays

        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("pfeiffer"));
        core.applyOverride("adapter.preset=pfeiffer");
        QCOMPARE(form.configJson(), QString::fromStdString(core.toJson()));
        QCOMPARE(form.config()->adapter.options.attnMode, sa::AttnMode::None);

        // A preset loaded alone carries none of the default preset's options.
        form.setConfig(QStringLiteral("{\"adapter\": {\"preset\": \"lora\", \"bottleneck\": 8}}"));
        field<QComboBox>(form, "adapter.preset")->setCurrentText(QStringLiteral("houlsby"));
        field<sa::Int64SpinBox>(form, "adapter.bottleneck")->setValue(64);
        QCOMPARE(form.configJson(), QString::fromStdString(sa::ExperimentConfig{}.toJson()));
    }

    void unknownKeysAreDroppedWithANoticeNotAProblem() {
        sa::ExperimentForm form;
        auto* notice = field<QLabel>(form, "form.notice");
        QVERIFY(notice->isHidden());
        form.setConfig(QStringLiteral(
            "{\"legacy\": 1, \"optimization\": {\"seed\": 7, \"fp16\": true}, \"adapter\": {\"preset\": \"lora\", "
            "\"dropout\": 0.1}}"));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        QVERIFY(form.problems().isEmpty());
        QVERIFY(!notice->isHidden());
        for (const char* key : {"legacy", "optimization.fp16", "adapter.dropout"})
            QVERIFY2(notice->text().contains(QLatin1String(key)), qPrintable(notice->text()));
        QCOMPARE(form.config()->optimization.seed, uint64_t(7)); // the known keys around them still load
        QCOMPARE(form.configJson(), resolvedByCore(QStringLiteral(
                                        "{\"optimization\": {\"seed\": 7}, \"adapter\": {\"preset\": \"lora\"}}")));

        form.setConfig(QString::fromStdString(sa::ExperimentConfig{}.toJson()));
        QVERIFY(notice->isHidden());
    }

    void sparsityAboveTheSliderDefaultShowsItsRealValue() {
        sa::ExperimentForm form;
        auto* spin = field<QDoubleSpinBox>(form, "pruning.sparsity");
        auto* slider = field<QSlider>(form, "pruning.sparsity.slider");
        form.setConfig(QStringLiteral("{\"pruning\": {\"sparsity\": 0.98}}"));
        QCOMPARE(spin->value(), 98.0);
        QCOMPARE(slider->value(), 980);
        QCOMPARE(form.config()->pruning.options.sparsity, 0.98);
        spin->setValue(99.9);
        QCOMPARE(form.config()->pruning.options.sparsity, 0.999);
        QVERIFY(form.isValid());
    }

    void seedsAndCountsBeyondIntShowTheirRealValue() {
        sa::ExperimentForm form;
        auto* seed = field<sa::Int64SpinBox>(form, "optimization.seed");
        auto* seedText = seed->findChild<QLineEdit*>();
        QVERIFY(seedText);
        form.setConfig(QStringLiteral("{\"optimization\": {\"seed\": 5000000000, \"max_steps\": 3000000000}}"));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        QCOMPARE(seed->value(), qint64(5000000000));
        QCOMPARE(seedText->text(), QStringLiteral("5000000000"));
        QCOMPARE(field<sa::Int64SpinBox>(form, "optimization.max_steps")->value(), qint64(3000000000));
        QCOMPARE(form.config()->optimization.seed, uint64_t(5000000000));

        seed->setValue(6000000000);
        QCOMPARE(form.config()->optimization.seed, uint64_t(6000000000));
        seedText->selectAll();
        QTest::keyClicks(seedText, QStringLiteral("7000000001"));
        QCOMPARE(seed->value(), qint64(7000000001));
        QCOMPARE(form.config()->optimization.seed, uint64_t(7000000001));
        QCOMPARE(form.config()->pruning.options.seed, uint64_t(7000000001));

        auto* maxSteps = field<sa::Int64SpinBox>(form, "optimization.max_steps");
        maxSteps->setValue(0);
        QCOMPARE(maxSteps->findChild<QLineEdit*>()->text(), QStringLiteral("no limit"));
        QCOMPARE(form.config()->optimization.maxSteps, int64_t(0));
        maxSteps->stepBy(2);
        QCOMPARE(form.config()->optimization.maxSteps, int64_t(2));
    }

    void unreadableJsonIsExplained() {
        sa::ExperimentForm form;
        form.setConfig(QStringLiteral("{ not json"));
        QVERIFY(!form.isValid());
        QCOMPARE(form.problems().size(), 1);
        form.setConfig(QStringLiteral("{\"optimization\": {\"epochs\": 0}}"));
        QVERIFY(form.problemFor(QStringLiteral("optimization.epochs")).contains(QStringLiteral("got 0")));
    }

    // SQuAD in the task picker: its keys replace GLUE's in the form, with
    // SQuAD's defaults, and are checked inline like any other field.
    void squadTaskShowsItsKeysAndValidatesThem() {
        sa::ExperimentForm form;
        form.show();
        const auto glueTrainable = form.budgetPanel()->shownTrainable();
        const auto glueBackbone = form.budgetPanel()->shownBackbone();
        QVERIFY(field<QLineEdit>(form, "task.data_dir")->isVisibleTo(&form));
        QVERIFY(!field<QSpinBox>(form, "task.doc_stride")->isVisibleTo(&form));
        auto* task = field<QComboBox>(form, "task.name");
        QVERIFY(task->findText(QStringLiteral("squad")) >= 0);
        task->setCurrentText(QStringLiteral("squad"));
        for (const char* key : {"task.train_file", "task.eval_file"})
            QVERIFY2(field<QLineEdit>(form, key)->isVisibleTo(&form), key);
        for (const char* key : {"task.doc_stride", "task.n_best_size", "task.max_answer_length"})
            QVERIFY2(field<QSpinBox>(form, key)->isVisibleTo(&form), key);
        QVERIFY(!field<QLineEdit>(form, "task.data_dir")->isVisibleTo(&form));
        QVERIFY(!field<QComboBox>(form, "task.padding")->isVisibleTo(&form));
        const sa::TaskConfig defaults = sa::TaskConfig::defaultsFor("squad");
        QCOMPARE(field<QSpinBox>(form, "task.doc_stride")->value(), int(defaults.docStride));
        QCOMPARE(field<QSpinBox>(form, "task.n_best_size")->value(), int(defaults.nBestSize));
        QCOMPARE(field<QSpinBox>(form, "task.max_seq_length")->value(), int(defaults.maxSeqLength));
        // SQuAD's default length is more than the demo model has positions.
        const auto positions = sa::demoModelConfig().usablePositions();
        if (defaults.maxSeqLength > positions)
            QVERIFY(form.problemFor(QStringLiteral("task.max_seq_length")).contains(QString::number(positions)));

        field<QSpinBox>(form, "task.max_seq_length")->setValue(48);
        field<QSpinBox>(form, "task.doc_stride")->setValue(60);
        QVERIFY(form.problemFor(QStringLiteral("task.doc_stride")).contains(QStringLiteral("task.max_seq_length")));
        QVERIFY(!form.isValid());
        field<QSpinBox>(form, "task.doc_stride")->setValue(16);
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        QCOMPARE(form.config()->task.docStride, int64_t(16));
        QCOMPARE(form.config()->task.spec().family, sa::TaskFamily::QuestionAnswering);

        field<QLineEdit>(form, "task.train_file")->setText(QStringLiteral("/nonexistent/train-v1.1.json"));
        QVERIFY(form.problemFor(QStringLiteral("task.train_file"))
                    .contains(QStringLiteral("/nonexistent/train-v1.1.json")));
        field<QLineEdit>(form, "task.train_file")->clear();
        QVERIFY(form.isValid());

        // The budget: the QA head (qa_outputs: hidden x 2 + 2) trains, and
        // BERT's QA model has no pooler, exactly as core counts it.
        const auto config = *form.config();
        const auto resolved = sa::resolveExperimentBudget(config, sa::experimentModelConfig(config));
        QCOMPARE(form.budgetPanel()->shownTrainable(), resolved.budget.trainable());
        const auto hidden = sa::demoModelConfig().hidden;
        QCOMPARE(resolved.budget.head, 2 * hidden + 2);
        QCOMPARE(glueBackbone - form.budgetPanel()->shownBackbone(), hidden * hidden + hidden);

        // Back to GLUE: its keys and defaults return.
        task->setCurrentText(QStringLiteral("SST-2"));
        QVERIFY(field<QLineEdit>(form, "task.data_dir")->isVisibleTo(&form));
        QVERIFY(!field<QSpinBox>(form, "task.doc_stride")->isVisibleTo(&form));
        QCOMPARE(form.config()->task.maxSeqLength, sa::TaskConfig{}.maxSeqLength);
        QCOMPARE(form.budgetPanel()->shownTrainable(), glueTrainable);
    }

    // A summarization task: its files, lengths and generation settings
    // replace the other families' keys, each validated inline; the built-in
    // model becomes the built-in BART, and the budget panel counts encoder
    // and decoder adapters apart.
    void summarizationTaskShowsGenerationSettingsAndBothStacks() {
        sa::ExperimentForm form;
        form.show();
        QVERIFY(!field<QSpinBox>(form, "task.num_beams")->isVisibleTo(&form));
        QVERIFY(!form.budgetPanel()->shownEncoderDecoder().second);
        auto* task = field<QComboBox>(form, "task.name");
        for (const char* name : {"xsum", "cnn_dailymail", "summarization"})
            QVERIFY2(task->findText(QLatin1String(name)) >= 0, name);
        task->setCurrentText(QStringLiteral("xsum"));
        for (const char* key : {"task.train_file", "task.eval_file", "task.text_column", "task.summary_column",
                                "task.length_penalty", "task.forced_bos_token_id", "task.label_smoothing"})
            QVERIFY2(field<QLineEdit>(form, key)->isVisibleTo(&form), key);
        for (const char* key : {"task.max_source_length", "task.max_target_length", "task.val_max_target_length",
                                "task.num_beams", "task.max_length", "task.min_length", "task.no_repeat_ngram_size"})
            QVERIFY2(field<QSpinBox>(form, key)->isVisibleTo(&form), key);
        QVERIFY(field<QComboBox>(form, "task.early_stopping")->isVisibleTo(&form));
        for (const char* key : {"task.data_dir", "task.max_seq_length"})
            QVERIFY2(!field<QWidget>(form, key)->isVisibleTo(&form), key);
        QVERIFY(!field<QSpinBox>(form, "task.doc_stride")->isVisibleTo(&form));
        const sa::TaskConfig defaults = sa::TaskConfig::defaultsFor("xsum");
        QCOMPARE(field<QSpinBox>(form, "task.num_beams")->value(), int(defaults.numBeams));
        QCOMPARE(field<QSpinBox>(form, "task.max_source_length")->value(), int(defaults.maxSourceLength));
        QCOMPARE(field<QLineEdit>(form, "task.text_column")->text(), QString::fromStdString(defaults.textColumn));
        QCOMPARE(field<QComboBox>(form, "task.early_stopping")->currentText(), QStringLiteral("checkpoint"));

        // The defaults are bart-large's lengths; the built-in BART has fewer positions.
        const auto positions = sa::builtinDemoModelConfig(sa::TaskFamily::Summarization).usablePositions();
        QVERIFY(form.modelSummaryText().contains(QStringLiteral("bart")));
        if (defaults.maxSourceLength > positions)
            QVERIFY(form.problemFor(QStringLiteral("task.max_source_length")).contains(QString::number(positions)));
        field<QSpinBox>(form, "task.max_source_length")->setValue(int(positions));
        QVERIFY(form.problemFor(QStringLiteral("task.max_source_length")).isEmpty());
        // Generation settings are checked where they are typed.
        field<QSpinBox>(form, "task.min_length")->setValue(int(defaults.maxLength) + 5);
        QVERIFY2(form.problemFor(QStringLiteral("task.min_length")).contains(QStringLiteral("task.max_length")),
                 qPrintable(form.problemFor(QStringLiteral("task.min_length"))));
        QVERIFY(!form.isValid());
        field<QSpinBox>(form, "task.min_length")->setValue(int(defaults.minLength));
        field<QSpinBox>(form, "task.num_beams")->setValue(0);
        QVERIFY(!form.problemFor(QStringLiteral("task.num_beams")).isEmpty());
        field<QSpinBox>(form, "task.num_beams")->setValue(4);
        field<QLineEdit>(form, "task.forced_bos_token_id")->setText(QStringLiteral("zero"));
        QVERIFY(!form.problemFor(QStringLiteral("task.forced_bos_token_id")).isEmpty());
        field<QLineEdit>(form, "task.forced_bos_token_id")->setText(QStringLiteral("0"));
        field<QComboBox>(form, "task.early_stopping")->setCurrentText(QStringLiteral("false"));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        const auto config = *form.config();
        QCOMPARE(config.task.spec().family, sa::TaskFamily::Summarization);
        QCOMPARE(config.task.numBeams, int64_t(4));
        QCOMPARE(config.task.forcedBosTokenId, std::optional<int64_t>(0));
        QCOMPARE(config.task.earlyStopping, std::optional<bool>(false));

        // Encoder and decoder adapters, as core's budget sites say.
        const auto resolved = sa::resolveExperimentBudget(config, sa::experimentModelConfig(config));
        int64_t encoder = 0, decoder = 0;
        for (const auto& site : resolved.budget.sites)
            (site.module.find("decoder.") != std::string::npos ? decoder : encoder) +=
                site.prunableWeights() + site.biasesAndNorms();
        const auto [shownEncoder, shownDecoder] = form.budgetPanel()->shownEncoderDecoder();
        QVERIFY(shownEncoder > 0 && shownDecoder > 0);
        QCOMPARE(shownEncoder, encoder);
        QCOMPARE(shownDecoder, decoder);
        QCOMPARE(form.budgetPanel()->shownTrainable(), resolved.budget.trainable());
    }

    void budgetPanelShowsWhatTheRunRecords_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("largeSparse");
        QTest::newRow("houlsby snip") << QStringLiteral("houlsby") << QStringLiteral("snip") << 1;
        QTest::newRow("houlsby large-sparse x4") << QStringLiteral("houlsby") << QStringLiteral("snip") << 4;
        QTest::newRow("lora dense") << QStringLiteral("lora") << QStringLiteral("none") << 1;
        QTest::newRow("pfeiffer random x2") << QStringLiteral("pfeiffer") << QStringLiteral("random") << 2;
    }
    void budgetPanelShowsWhatTheRunRecords() {
        QFETCH(QString, preset);
        QFETCH(QString, method);
        QFETCH(int, largeSparse);
        QTemporaryDir tmp;
        auto config = sa::builtinDemoConfig();
        config.outputDir = tmp.path().toStdString();
        config.applyOverride("adapter.preset=" + preset.toStdString());
        config.applyOverride("adapter.bottleneck=16");
        config.applyOverride("pruning.method=" + method.toStdString());
        config.applyOverride("pruning.large_sparse=" + std::to_string(largeSparse));

        sa::ExperimentForm form;
        form.setConfig(QString::fromStdString(config.toJson()));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        const auto* panel = form.budgetPanel();

        const auto experiment = sa::Experiment::create(config);
        const auto& b = experiment->budget();
        QCOMPARE(panel->shownBackbone(), b.backbone);
        QCOMPARE(panel->shownTrainable(), b.trainable());
        QCOMPARE(panel->shownEffective(), b.effectiveTrainable());
        QCOMPARE(panel->shownPrunable(), b.adapterWeights);
        QCOMPARE(panel->shownKept(), b.adapterWeightsKept);
        QCOMPARE(panel->shownSparsity(), experiment->sparsity());

        const auto summary =
            sa_test::readJson(QDir(QString::fromStdString(experiment->runDirectory())).filePath("summary.json"));
        const auto& recorded = summary["budget"];
        QCOMPARE(panel->shownTrainable(), recorded["trainable"].get<int64_t>());
        QCOMPARE(panel->shownEffective(), recorded["effective_trainable"].get<int64_t>());
        QCOMPARE(panel->shownPercent(), recorded["trainable_percent_of_backbone"].get<double>());
        QCOMPARE(panel->shownEffectivePercent(), recorded["effective_percent_of_backbone"].get<double>());
        QCOMPARE(panel->shownSparsity(), summary["sparsity"].get<double>());

        // The bars: the base dense, the base at the configured sparsity, and
        // Large-Sparse (the run's own when it asks for it).
        const auto resolved = sa::resolveExperimentBudget(config, sa::experimentModelConfig(config));
        QCOMPARE(panel->barCategories().size(), 3);
        QCOMPARE(panel->nominalBars().at(0), double(resolved.dense.trainable()));
        QCOMPARE(panel->effectiveBars().at(0), double(resolved.dense.trainable()));
        QCOMPARE(panel->effectiveBars().at(1), double(resolved.sparse.effectiveTrainable()));
        QCOMPARE(resolved.largeSparseK, largeSparse > 1 ? largeSparse : 2);
        QCOMPARE(panel->effectiveBars().at(2), double(resolved.largeSparse->effectiveTrainable()));
        if (largeSparse > 1) QCOMPARE(panel->effectiveBars().at(2), double(b.effectiveTrainable()));
        QVERIFY(panel->chart() != nullptr);
    }

    void fixtureCheckpointIsInspectedOffTheGuiThread() {
        SA_REQUIRE_FIXTURE("models");
        const QStringList models = sa_test::fixtureModelDirs();
        QVERIFY(!models.isEmpty());
        QTemporaryDir data;
        glueFolder(data, true);
        int inspected = 0; // the classification backbones (BART's is a seq2seq head)
        for (const QString& dir : models) {
            if (!dir.endsWith(QStringLiteral("tiny-bert")) && !dir.endsWith(QStringLiteral("tiny-roberta"))) continue;
            ++inspected;
            sa::ExperimentForm form;
            field<QLineEdit>(form, "task.data_dir")->setText(data.path());
            field<QSpinBox>(form, "task.max_seq_length")->setValue(16);
            chooseCheckpoint(form, dir);
            QVERIFY(form.isInspecting());
            QVERIFY(!form.isValid()); // until the weights are known to load
            QTRY_VERIFY_WITH_TIMEOUT(!form.isInspecting(), 30000);
            // A classifier trained for another label count is refused with
            // the way out the form offers: reinit_head.
            const auto model = sa::experimentModelConfig(*form.config());
            if (model.checkpointHeadLabels > 0 && model.checkpointHeadLabels != model.numLabels) {
                QVERIFY(!form.isValid());
                QVERIFY2(form.problems().join(QLatin1Char('\n')).contains(QStringLiteral("reinit_head")),
                         qPrintable(form.problems().join(QLatin1Char('\n'))));
                field<QCheckBox>(form, "reinit_head")->setChecked(true);
            }
            QTRY_VERIFY_WITH_TIMEOUT(form.isValid(), 30000);
            const auto summary = sa::inspectCheckpoint(dir.toStdString());
            QVERIFY2(form.modelSummaryText().contains(QString::fromStdString(summary.modelType)),
                     qPrintable(form.modelSummaryText()));
            QVERIFY(form.modelSummaryText().contains(QString::number(summary.hidden)));
            const auto config = *form.config();
            const auto resolved = sa::resolveExperimentBudget(config, sa::experimentModelConfig(config));
            QCOMPARE(form.budgetPanel()->shownTrainable(), resolved.budget.trainable());
            QCOMPARE(form.budgetPanel()->shownBackbone(), resolved.budget.backbone);
        }
        QCOMPARE(inspected, 2);
    }

    void brokenCheckpointShowsTheInspectError() {
        SA_REQUIRE_FIXTURE("models/tiny-bert");
        QTemporaryDir broken;
        QVERIFY(QFile::copy(QDir(sa_test::fixturesRoot()).filePath(QStringLiteral("models/tiny-bert/config.json")),
                            broken.filePath(QStringLiteral("config.json"))));
        QTemporaryDir data;
        sa::ExperimentForm form;
        field<QLineEdit>(form, "task.data_dir")->setText(glueFolder(data, true));
        field<QSpinBox>(form, "task.max_seq_length")->setValue(16);
        chooseCheckpoint(form, broken.path());
        QTRY_VERIFY_WITH_TIMEOUT(!form.isInspecting(), 30000);
        QVERIFY(!form.isValid());
        QVERIFY2(!form.problemFor(QStringLiteral("model")).isEmpty(), qPrintable(form.problems().join('\n')));
        QCOMPARE(problemLabelText(form, "model"), form.problemFor(QStringLiteral("model")));
    }

    void formDestroyedMidInspectionJoinsTheWorker() {
        SA_REQUIRE_FIXTURE("models");
        const QStringList models = sa_test::fixtureModelDirs();
        QVERIFY(!models.isEmpty());
        auto form = std::make_unique<sa::ExperimentForm>();
        chooseCheckpoint(*form, models.first());
        QVERIFY(form->isInspecting());
        // The worker starts when the typing pause ends; its queued `finished`
        // is handled in a later event-loop pass at the earliest, so between
        // passes a found worker is still the form's.
        QPointer<QThread> worker;
        QElapsedTimer waited;
        waited.start();
        while (!(worker = form->findChild<QThread*>()) && waited.elapsed() < 10000) {
            QThread::msleep(10);
            QCoreApplication::processEvents();
        }
        QVERIFY(worker);
        QVERIFY(form->isInspecting());
        form.reset();
        // Owned by the form's inspector, so deleted with it, once joined: not left running past it.
        QVERIFY(worker.isNull());
        QTest::qWait(200); // the worker's queued `finished` must not reach the deleted form
    }

    void inspectorDestroyedMidInspectionWaitsForItsWorker() {
#ifndef Q_OS_UNIX
        QSKIP("the worker is held on a POSIX FIFO");
#else
        // config.json as a FIFO: the worker blocks opening it until the
        // releaser writes, so it is certainly running when the inspector goes.
        QTemporaryDir dir;
        const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("config.json")));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        int reports = 0;
        std::atomic<bool> released{false};
        QPointer<QThread> worker;
        std::thread releaser;
        const auto joinReleaser = qScopeGuard([&releaser] {
            if (releaser.joinable()) releaser.join();
        });
        {
            sa::CheckpointInspector inspector;
            connect(&inspector, &sa::CheckpointInspector::inspected, &inspector, [&reports] { ++reports; });
            inspector.inspect(dir.path());
            worker = inspector.findChild<QThread*>();
            QVERIFY(worker);
            releaser = std::thread([&released, fifo] {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                released = true;
                const int fd = ::open(fifo.constData(), O_WRONLY); // returns once the worker has it open
                if (fd >= 0) {
                    const auto written = ::write(fd, "{}", 2);
                    Q_UNUSED(written);
                    ::close(fd);
                }
            });
        }
        QVERIFY(released); // the destructor returned only after the worker did
        QVERIFY(worker.isNull());
        QTest::qWait(200); // the worker's queued `finished` must not reach the deleted inspector
        QCOMPARE(reports, 0);
#endif
    }

    void inspectorRunsOneWorkerAndStartsOnlyTheLatestWaitingRequest() {
#ifndef Q_OS_UNIX
        QSKIP("the first worker is held on a POSIX FIFO");
#else
        // A's config.json is a FIFO, so A's worker is certainly still running
        // while B and C are requested; B, replaced by C before A ends, never starts.
        QTemporaryDir a, b, c;
        const QByteArray fifo = QFile::encodeName(a.filePath(QStringLiteral("config.json")));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        sa_test::writeFile(b.filePath(QStringLiteral("config.json")), "{}");
        sa_test::writeFile(c.filePath(QStringLiteral("config.json")), "{}");
        QList<sa::CheckpointInspection> reports;
        std::thread releaser;
        const auto joinReleaser = qScopeGuard([&releaser] {
            if (releaser.joinable()) releaser.join();
        });
        sa::CheckpointInspector inspector;
        ThreadChildCounter threads(&inspector);
        connect(&inspector, &sa::CheckpointInspector::inspected, &inspector,
                [&reports](const sa::CheckpointInspection& r) { reports << r; });
        inspector.inspect(a.path());
        inspector.inspect(b.path());
        inspector.inspect(c.path());
        QCOMPARE(threads.started, 1);
        releaser = std::thread([fifo] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            const int fd = ::open(fifo.constData(), O_WRONLY); // returns once A's worker has it open
            if (fd >= 0) {
                const auto written = ::write(fd, "{}", 2);
                Q_UNUSED(written);
                ::close(fd);
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(!reports.isEmpty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.findChild<QThread*>(), 30000);
        QTest::qWait(100);
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports.first().directory, c.path());
        QCOMPARE(threads.started, 2); // A, then C
        QCOMPARE(threads.mostAtOnce, size_t(1));
#endif
    }

    void inspectorReportsOnlyTheLatestRequest() {
        SA_REQUIRE_FIXTURE("models/tiny-bert");
        QTemporaryDir broken;
        QVERIFY(writeBrokenCheckpoint(broken));
        QList<sa::CheckpointInspection> reports;
        sa::CheckpointInspector inspector;
        connect(&inspector, &sa::CheckpointInspector::inspected, &inspector,
                [&reports](const sa::CheckpointInspection& r) { reports << r; });
        inspector.inspect(broken.path()); // superseded: its error must not be reported
        inspector.inspect(tinyBert());
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.findChild<QThread*>(), 30000); // both workers done and deleted
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports.first().directory, tinyBert());
        QVERIFY2(reports.first().summary.has_value(), qPrintable(reports.first().error));
        QVERIFY(reports.first().error.isEmpty());
        QCOMPARE(QString::fromStdString(reports.first().summary->modelType), QStringLiteral("bert"));

        inspector.inspect(broken.path());
        inspector.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!inspector.findChild<QThread*>(), 30000);
        QCOMPARE(reports.size(), 1); // cancelled: nothing more reported
    }
};

QTEST_MAIN(TestExperimentForm)
#include "test_experiment_form.moc"
