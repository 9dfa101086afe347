#include "experiment_form.h"
#include "core_path.h"
#include "count_text.h"

#include "budget_panel.h"
#include "checkpoint_inspector.h"
#include "config_document.h"
#include "error.h"
#include "experiment/experiment_budget.h"
#include "int64_spin_box.h"
#include "model/demo_checkpoint.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRadioButton>
#include <QScrollArea>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

// The section builders and their field factories are in
// experiment_form_sections.cpp.

namespace sa {

namespace {

QString compactSummary(const ModelSummary& s) {
    const int64_t layers = s.encoderLayers + s.decoderLayers;
    return ExperimentForm::tr("%1, %2, %3 layers, hidden %4, %5 heads, %6 parameters; tokenizer: %7")
        .arg(QString::fromStdString(s.modelType), QString::fromStdString(s.head))
        .arg(layers)
        .arg(s.hidden)
        .arg(s.heads)
        .arg(countText(s.parameters), QString::fromStdString(s.tokenizer));
}

} // namespace

ExperimentForm::ExperimentForm(QWidget* parent) : QWidget(parent) {
    generalProblem_ = newProblemLabel();
    notice_ = new QLabel;
    notice_->setObjectName(QStringLiteral("form.notice"));
    notice_->setWordWrap(true);
    notice_->hide();
    budget_ = new BudgetPanel;
    budget_->setObjectName(QStringLiteral("budgetPanel"));

    auto* content = new QWidget;
    auto* sections = new QVBoxLayout(content);
    sections->addWidget(generalProblem_);
    sections->addWidget(notice_);
    sections->addWidget(buildModelSection());
    sections->addWidget(buildTaskSection());
    sections->addWidget(buildAdapterSection());
    sections->addWidget(buildPruningSection());
    sections->addWidget(buildOptimizationSection());
    sections->addWidget(buildRunSection());
    sections->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(scroll, 3);
    layout->addWidget(budget_, 2);

    // A path typed letter by letter is inspected once the typing pauses.
    inspectTimer_ = new QTimer(this);
    inspectTimer_->setSingleShot(true);
    inspectTimer_->setInterval(300);
    connect(inspectTimer_, &QTimer::timeout, this, &ExperimentForm::startInspection);
    inspector_ = new CheckpointInspector(this);
    connect(inspector_, &CheckpointInspector::inspected, this, [this](const CheckpointInspection& result) {
        inspecting_ = false;
        inspectedModel_ = result.directory;
        inspected_ = result.summary;
        inspectError_ = result.error;
        validate();
    });

    setConfig(QString::fromStdString(ExperimentConfig{}.toJson()));
}

ExperimentForm::~ExperimentForm() = default;

void ExperimentForm::setConfig(const QString& configJson) {
    QJsonParseError error;
    const QJsonDocument given = QJsonDocument::fromJson(configJson.toUtf8(), &error);
    loadError_.clear();
    // Unknown keys (an older version's saved config) are dropped and named in
    // a notice rather than shown as problems: no field could fix them, so a
    // blocking problem would leave the form invalid for good.
    QStringList ignored;
    if (error.error != QJsonParseError::NoError || !given.isObject())
        loadError_ = tr("The configuration is not a JSON object (%1); showing the defaults.")
                         .arg(error.error != QJsonParseError::NoError ? error.errorString() : tr("another JSON value"));
    doc_ = formConfigDocument(given.object(), ignored); // empty when unreadable: the defaults
    setAsideFusion_ = {};
    notice_->setText(
        ignored.isEmpty()
            ? QString()
            : tr("Ignored settings this version does not know: %1").arg(ignored.join(QStringLiteral(", "))));
    notice_->setVisible(!ignored.isEmpty());

    populating_ = true;
    populate();
    populating_ = false;
    scheduleInspection();
    validate();
    Q_EMIT configChanged();
}

QString ExperimentForm::configJson() const {
    if (config_) return QString::fromStdString(config_->toJson());
    return QString::fromUtf8(QJsonDocument(doc_).toJson(QJsonDocument::Indented));
}

std::optional<ExperimentConfig> ExperimentForm::config() const {
    return config_;
}

bool ExperimentForm::isValid() const {
    return config_.has_value() && problems_.empty() && !inspecting_;
}

QStringList ExperimentForm::problems() const {
    QStringList out;
    for (const auto& p : problems_)
        out << QString::fromStdString(p.message);
    return out;
}

QString ExperimentForm::problemFor(const QString& dottedKey) const {
    QStringList out;
    for (const auto& p : problems_)
        if (QString::fromStdString(p.key) == dottedKey) out << QString::fromStdString(p.message);
    return out.join(QLatin1Char('\n'));
}

QString ExperimentForm::modelSummaryText() const {
    return modelSummary_->text();
}

QJsonValue ExperimentForm::value(const QString& key) const {
    const auto [section, leaf] = splitConfigKey(key);
    const QJsonValue v = configValue(doc_, key);
    if (section == QLatin1String("adapter") && v.isUndefined()) {
        const QString fusionPrefix = QStringLiteral("fusion.");
        if (leaf.startsWith(fusionPrefix)) return fusionSectionDefaults().value(leaf.mid(fusionPrefix.size()));
        return adapterPresetDefaults(doc_.value(QStringLiteral("adapter")).toObject()).value(leaf);
    }
    return v;
}

void ExperimentForm::setValue(const QString& key, const QJsonValue& v) {
    if (populating_) return;
    loadError_.clear();
    const auto [section, leaf] = splitConfigKey(key);
    const bool adapterOption =
        section == QLatin1String("adapter") && leaf != QLatin1String("preset") && leaf != QLatin1String("bottleneck");
    const QJsonValue presetValue = adapterPresetDefaults(doc_.value(QStringLiteral("adapter")).toObject()).value(leaf);
    const QString familyBefore = taskFamilyOf(configValue(doc_, QStringLiteral("task.name")).toString());
    if (key == QLatin1String("adapter.fusion.preset")) keepFusionOverrides();
    putConfigValue(doc_, key, adapterOption && sameConfigValue(presetValue, v) ? QJsonValue(QJsonValue::Undefined) : v);
    if (key == QLatin1String("model")) scheduleInspection();
    // Another family of task takes other keys, with its own defaults
    // (SQuAD's 384 positions, its files instead of a GLUE folder).
    const bool newFamily = key == QLatin1String("task.name") && !taskFamilyOf(v.toString()).isEmpty() &&
                           taskFamilyOf(v.toString()) != familyBefore;
    if (newFamily)
        doc_.insert(QStringLiteral("task"), defaultConfigDocument(v.toString()).value(QStringLiteral("task")));
    if (key == QLatin1String("adapter.preset")) keepFusionSection(v.toString());
    if ((section == QLatin1String("adapter") && !adapterOption) || newFamily) {
        // A new preset brings its own defaults for the options not overridden.
        populating_ = true;
        populate();
        populating_ = false;
    }
    validate();
    Q_EMIT configChanged();
}

void ExperimentForm::populate() {
    for (const auto& field : fields_) {
        const QJsonValue v = value(field.key);
        if (field.key == QLatin1String("model")) {
            const QString model = v.toString();
            const bool builtin = isBuiltinDemoModel(model.toStdString());
            (builtin ? builtin_ : checkpoint_)->setChecked(true);
            if (!builtin) modelPath_->setText(model);
            continue;
        }
        auto* widget = findChild<QWidget*>(field.key);
        if (auto* spin = qobject_cast<QSpinBox*>(widget)) {
            spin->setValue(static_cast<int>(std::clamp<qint64>(v.toInteger(), INT_MIN, INT_MAX)));
        } else if (auto* count = qobject_cast<Int64SpinBox*>(widget)) {
            count->setValue(v.toInteger());
        } else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(widget)) {
            dspin->setValue(100.0 * v.toDouble()); // sparsity, shown in percent
            setSparsityPercent(dspin->value());
        } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
            edit->setText(v.isNull() || v.isUndefined() ? QString()
                          : v.isString()                ? v.toString()
                                                        : QString::number(v.toDouble(), 'g', 12));
        } else if (auto* nullable = qobject_cast<QComboBox*>(widget);
                   nullable && nullable->property("sa_nullable").toBool()) {
            nullable->setCurrentText(v.isBool() ? QLatin1String(v.toBool() ? "true" : "false")
                                                : QLatin1String("checkpoint"));
        } else if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            if (combo->findText(v.toString()) < 0) combo->addItem(v.toString()); // an alias core accepts ("sst2")
            combo->setCurrentIndex(combo->findText(v.toString()));
        } else if (auto* box = qobject_cast<QCheckBox*>(widget)) {
            box->setChecked(v.toBool());
        }
    }
    showTaskFamilyFields();
    populateFusionSources();
}

void ExperimentForm::showTaskFamilyFields() {
    const QJsonObject task = doc_.value(QStringLiteral("task")).toObject();
    for (const auto& field : fields_) {
        const auto [section, leaf] = splitConfigKey(field.key);
        if (section != QLatin1String("task")) continue;
        // The document's task section holds exactly its family's keys; the
        // rows sit in a FormGrid, which (unlike Qt 6.4's QFormLayout) takes
        // rows hidden and shown again.
        const bool shown = task.contains(leaf);
        field.widget->setVisible(shown);
        if (field.label) field.label->setVisible(shown);
        if (!shown) field.problem->hide(); // when shown, showProblems decides
    }
}

void ExperimentForm::modelEdited() {
    if (populating_) return;
    setValue(QStringLiteral("model"),
             builtin_->isChecked() ? QString::fromLatin1(kBuiltinDemoModel) : modelPath_->text());
}

void ExperimentForm::scheduleInspection() {
    const QString model = configValue(doc_, QStringLiteral("model")).toString();
    inspector_->cancel(); // whatever is running now reports for a model no longer shown
    inspectTimer_->stop();
    const bool inspectable = !isBuiltinDemoModel(model.toStdString()) &&
                             QFileInfo(QDir(model).filePath(QStringLiteral("config.json"))).isFile();
    if (inspectable && model == inspectedModel_ && !inspecting_) return; // known already
    inspected_.reset();
    inspectError_.clear();
    inspectedModel_.clear();
    inspecting_ = inspectable;
    if (inspectable) inspectTimer_->start();
}

void ExperimentForm::startInspection() {
    inspector_->inspect(configValue(doc_, QStringLiteral("model")).toString());
}

void ExperimentForm::validate() {
    std::vector<ConfigProblem> problems;
    if (!loadError_.isEmpty()) problems.push_back({std::string(), loadError_.toStdString()});

    // Core finds every problem in one pass, each with its key, and puts the
    // default in place of each bad value (so the checks below still run).
    auto document = ExperimentConfig::parse(QJsonDocument(doc_).toJson(QJsonDocument::Compact).toStdString());
    QSet<QString> substituted;
    bool whole = false; // a problem of the whole document: nothing was parsed
    for (auto& p : document.problems) {
        substituted.insert(QString::fromStdString(p.key));
        whole = whole || p.key.empty();
        problems.push_back(std::move(p));
    }
    std::optional<ExperimentConfig> parsed;
    if (!whole) parsed = std::move(document.config);
    config_ = substituted.isEmpty() ? parsed : std::nullopt;

    auto hasProblem = [&](const std::string& key) {
        return std::any_of(problems.begin(), problems.end(), [&](const ConfigProblem& p) { return p.key == key; });
    };
    std::optional<ModelConfig> model;
    if (parsed) {
        std::string modelError;
        try {
            model = experimentModelConfig(*parsed);
        } catch (const std::exception& e) {
            modelError = userMessage(e);
        }
        for (auto& p : checkExperimentConfig(*parsed, model ? &*model : nullptr))
            if (!substituted.contains(QString::fromStdString(p.key))) problems.push_back(std::move(p));
        if (!modelError.empty() && !hasProblem("model")) problems.push_back({"model", modelError});
    }
    const QString currentModel = configValue(doc_, QStringLiteral("model")).toString();
    if (!inspectError_.isEmpty() && inspectedModel_ == currentModel && !hasProblem("model"))
        problems.push_back({"model", inspectError_.toStdString()});

    // The budget of a config with a substitute for its adapter, pruning or
    // model would be somebody else's: show none instead.
    bool budgetInputs = parsed && model;
    for (const auto& key : substituted)
        budgetInputs = budgetInputs && !key.startsWith(QLatin1String("adapter")) &&
                       !key.startsWith(QLatin1String("pruning")) && key != QLatin1String("model") &&
                       key != QLatin1String("task.name");
    largeSparseNote_->clear();
    if (budgetInputs) {
        try {
            const auto b = resolveExperimentBudget(*parsed, *model);
            budget_->setBudget(b);
            if (parsed->pruning.largeSparse > 1)
                largeSparseNote_->setText(
                    tr("×%1 widens the adapter to %2 and prunes it to %3 % sparsity, keeping the dense adapter's "
                       "weight count; the sparsity above is not used.")
                        .arg(parsed->pruning.largeSparse)
                        .arg(BudgetPanel::widthsText(b.adapter), QLocale().toString(100.0 * b.sparsity, 'f', 1)));
        } catch (const std::exception& e) {
            budget_->setUnavailable(QString::fromStdString(sa::userMessage(e)));
        }
    } else {
        budget_->setUnavailable(problems.empty() ? tr("the model's config.json could not be read")
                                                 : QString::fromStdString(problems.front().message));
    }
    largeSparseNote_->setVisible(!largeSparseNote_->text().isEmpty());

    if (parsed) {
        adapterWidths_->setText(parsed->adapter.isFusion() ? tr("those of the source runs")
                                                           : BudgetPanel::widthsText(parsed->adapter.options));
        runName_->setPlaceholderText(tr("derived: %1").arg(QString::fromStdString(parsed->defaultRunName())));
    }
    const bool pruning = configValue(doc_, QStringLiteral("pruning.method")).toString() != QLatin1String("none");
    for (const char* key : {"pruning.sparsity.row", "pruning.scope", "pruning.iterations", "pruning.schedule",
                            "pruning.start_epoch", "pruning.scoring_batches", "pruning.break_ties"})
        if (auto* w = findChild<QWidget*>(QString::fromLatin1(key))) w->setEnabled(pruning);

    if (isBuiltinDemoModel(currentModel.toStdString())) {
        std::optional<TaskFamily> family;
        try {
            family = taskSpecByName(configValue(doc_, QStringLiteral("task.name")).toString().toStdString()).family;
        } catch (const Error&) {}
        const ModelConfig demo = builtinDemoModelConfig(family.value_or(TaskFamily::Classification));
        modelSummary_->setText(tr("Built-in demo: %1, %2 layers, hidden %3, %4 heads, %5-word vocabulary; random "
                                  "weights from a fixed seed, with its own corpora.")
                                   .arg(QString::fromLatin1(architectureName(demo.architecture)))
                                   .arg(demo.layers)
                                   .arg(demo.hidden)
                                   .arg(demo.heads)
                                   .arg(demo.vocabSize));
        modelSummary_->setToolTip(QString());
    } else if (inspecting_) {
        modelSummary_->setText(tr("Checking the checkpoint…"));
        modelSummary_->setToolTip(QString());
    } else if (inspected_ && inspectedModel_ == currentModel) {
        modelSummary_->setText(compactSummary(*inspected_));
        modelSummary_->setToolTip(fromCorePath(formatSummary(*inspected_)));
    } else {
        modelSummary_->clear();
        modelSummary_->setToolTip(QString());
    }

    problems_ = std::move(problems);
    showProblems();
    const bool valid = isValid();
    if (valid != lastValid_) {
        lastValid_ = valid;
        Q_EMIT validityChanged(valid);
    }
}

void ExperimentForm::showProblems() {
    QHash<QLabel*, QStringList> texts;
    for (const auto& p : problems_)
        texts[problemLabelFor(QString::fromStdString(p.key))] << QString::fromStdString(p.message);
    QList<QLabel*> labels{generalProblem_};
    for (const auto& f : fields_)
        labels << f.problem;
    for (auto* label : sectionProblems_)
        labels << label;
    for (auto* label : labels) {
        const QStringList lines = texts.value(label);
        label->setText(lines.join(QLatin1Char('\n')));
        label->setVisible(!lines.isEmpty());
    }
}

QLabel* ExperimentForm::problemLabelFor(const QString& key) const {
    for (const auto& f : fields_)
        if (f.key == key) return f.problem;
    return sectionProblems_.value(splitConfigKey(key).first, generalProblem_);
}

} // namespace sa
