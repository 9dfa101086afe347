#include "experiment_form.h"
#include "count_text.h"

#include "budget_panel.h"
#include "experiment/experiment_budget.h"
#include "model/demo_checkpoint.h"
#include "text/glue_dataset.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>

namespace sa {

namespace {

constexpr const char* kSource = "form"; // fromJson's `source`, stripped from the messages shown
constexpr int kSliderSteps = 10;        // slider positions per percent (0.1 % resolution)

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

QJsonObject defaultDocument() {
    return parseObject(ExperimentConfig{}.toJson());
}

// What AdapterOptions' preset sets; empty for a preset core refuses.
QJsonObject presetDefaults(const QJsonObject& adapter) {
    try {
        return parseObject(AdapterOptions::preset(adapter.value(QStringLiteral("preset")).toString().toStdString(),
                                                  adapter.value(QStringLiteral("bottleneck")).toInteger())
                               .toJson());
    } catch (const std::exception&) {
        return {};
    }
}

// 4 and 4.0 are the same config value, whatever JSON spelling Qt keeps.
bool sameValue(const QJsonValue& a, const QJsonValue& b) {
    if (a.isDouble() && b.isDouble()) return a.toDouble() == b.toDouble();
    return a == b;
}

QPair<QString, QString> splitKey(const QString& key) {
    const auto dot = key.indexOf(QLatin1Char('.'));
    return dot < 0 ? qMakePair(key, QString()) : qMakePair(key.left(dot), key.mid(dot + 1));
}

QJsonValue getValue(const QJsonObject& doc, const QString& key) {
    const auto [section, leaf] = splitKey(key);
    return leaf.isEmpty() ? doc.value(section) : doc.value(section).toObject().value(leaf);
}

void putValue(QJsonObject& doc, const QString& key, const QJsonValue& value) {
    const auto [section, leaf] = splitKey(key);
    if (leaf.isEmpty()) {
        doc.insert(section, value);
        return;
    }
    QJsonObject sub = doc.value(section).toObject();
    if (value.isUndefined())
        sub.remove(leaf);
    else
        sub.insert(leaf, value);
    doc.insert(section, sub);
}

// The dotted key a core message names in quotes ("'task.max_seq_length' must
// be ..."); adapter messages without one belong to the preset.
QString keyOfMessage(const QString& message) {
    static const QSet<QString> keys = [] {
        QSet<QString> k;
        for (const auto& key : experimentConfigKeys())
            k.insert(QString::fromStdString(key));
        return k;
    }();
    for (qsizetype open = message.indexOf(QLatin1Char('\'')); open >= 0;) {
        const auto close = message.indexOf(QLatin1Char('\''), open + 1);
        if (close < 0) break;
        const QString quoted = message.mid(open + 1, close - open - 1);
        if (keys.contains(quoted) || message.startsWith(QStringLiteral("unknown key"))) return quoted;
        open = message.indexOf(QLatin1Char('\''), close + 1);
    }
    if (message.startsWith(QStringLiteral("adapter "))) return QStringLiteral("adapter.preset");
    return {};
}

QString fromCorePath(const std::string& path) {
    return QFile::decodeName(QByteArray::fromStdString(path));
}

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
    budget_ = new BudgetPanel;
    budget_->setObjectName(QStringLiteral("budgetPanel"));

    auto* content = new QWidget;
    auto* sections = new QVBoxLayout(content);
    sections->addWidget(generalProblem_);
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

    setConfig(QString::fromStdString(ExperimentConfig{}.toJson()));
}

ExperimentForm::~ExperimentForm() = default;

QLabel* ExperimentForm::newProblemLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->hide();
    return label;
}

void ExperimentForm::addField(QFormLayout* form, const QString& key, const QString& label, QWidget* widget) {
    if (widget->objectName().isEmpty()) widget->setObjectName(key);
    auto* problem = newProblemLabel();
    problem->setObjectName(key + QStringLiteral(".problem"));
    form->addRow(label, widget);
    form->addRow(QString(), problem);
    fields_.push_back({key, widget, problem});
}

QSpinBox* ExperimentForm::intSpin(const QString& key, int minimum, int maximum) {
    auto* spin = new QSpinBox;
    // Wider than core allows, so an out-of-range value is explained, not clamped silently.
    spin->setRange(minimum, maximum);
    connect(spin, &QSpinBox::valueChanged, this, [this, key](int v) { setValue(key, static_cast<qint64>(v)); });
    return spin;
}

QLineEdit* ExperimentForm::numberEdit(const QString& key) {
    auto* edit = new QLineEdit;
    connect(edit, &QLineEdit::textChanged, this, [this, key](const QString& text) {
        bool ok = false;
        const double v = QLocale::c().toDouble(text.trimmed(), &ok);
        // Not a number: passed on as text, so core's message names the key and the value.
        setValue(key, ok ? QJsonValue(v) : QJsonValue(text));
    });
    return edit;
}

QComboBox* ExperimentForm::choice(const QString& key, const QStringList& names) {
    auto* combo = new QComboBox;
    combo->addItems(names);
    connect(combo, &QComboBox::currentTextChanged, this, [this, key](const QString& text) { setValue(key, text); });
    return combo;
}

QCheckBox* ExperimentForm::check(const QString& key, const QString& text) {
    auto* box = new QCheckBox(text);
    connect(box, &QCheckBox::toggled, this, [this, key](bool on) { setValue(key, on); });
    return box;
}

QLineEdit* ExperimentForm::textEdit(const QString& key) {
    auto* edit = new QLineEdit;
    connect(edit, &QLineEdit::textChanged, this, [this, key](const QString& text) { setValue(key, text); });
    return edit;
}

QGroupBox* ExperimentForm::buildModelSection() {
    auto* box = new QGroupBox(tr("Model"));
    auto* form = new QFormLayout(box);
    builtin_ = new QRadioButton(tr("Built-in demo"));
    builtin_->setObjectName(QStringLiteral("model.builtin"));
    checkpoint_ = new QRadioButton(tr("Checkpoint directory:"));
    checkpoint_->setObjectName(QStringLiteral("model.checkpoint"));
    // The two sit in different rows (parents), so exclusivity needs a group.
    auto* modelChoice = new QButtonGroup(box);
    modelChoice->addButton(builtin_);
    modelChoice->addButton(checkpoint_);
    modelPath_ = new QLineEdit;
    modelPath_->setObjectName(QStringLiteral("model"));
    modelPath_->setPlaceholderText(tr("a HuggingFace checkpoint folder (config.json, weights, tokenizer)"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Checkpoint directory"), modelPath_->text());
        if (dir.isEmpty()) return;
        checkpoint_->setChecked(true);
        modelPath_->setText(QDir::toNativeSeparators(dir));
    });
    auto* pathRow = new QWidget;
    pathRow->setObjectName(QStringLiteral("model.row"));
    auto* pathLayout = new QHBoxLayout(pathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    pathLayout->addWidget(checkpoint_);
    pathLayout->addWidget(modelPath_, 1);
    pathLayout->addWidget(browse);
    modelSummary_ = new QLabel;
    modelSummary_->setObjectName(QStringLiteral("model.summary"));
    modelSummary_->setWordWrap(true);
    modelSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    form->addRow(builtin_);
    addField(form, QStringLiteral("model"), QString(), pathRow);
    form->addRow(modelSummary_);
    connect(builtin_, &QRadioButton::toggled, this, [this] { modelEdited(); });
    connect(modelPath_, &QLineEdit::textChanged, this, [this] {
        if (!populating_ && !checkpoint_->isChecked()) checkpoint_->setChecked(true);
        modelEdited();
    });
    sectionProblems_.insert(QStringLiteral("model"), fields_.back().problem);
    return box;
}

QGroupBox* ExperimentForm::buildTaskSection() {
    auto* box = new QGroupBox(tr("Task"));
    auto* form = new QFormLayout(box);
    QStringList tasks;
    for (auto t : allGlueTasks())
        tasks << QString::fromStdString(glueTaskName(t));
    addField(form, QStringLiteral("task.name"), tr("GLUE task:"), choice(QStringLiteral("task.name"), tasks));

    auto* dataDir = textEdit(QStringLiteral("task.data_dir"));
    dataDir->setObjectName(QStringLiteral("task.data_dir"));
    dataDir->setPlaceholderText(tr("folder with train.tsv and dev.tsv (empty: the demo's corpus)"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this, dataDir] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Task data folder"), dataDir->text());
        if (!dir.isEmpty()) dataDir->setText(QDir::toNativeSeparators(dir));
    });
    auto* row = new QWidget;
    row->setObjectName(QStringLiteral("task.data_dir.row"));
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(dataDir, 1);
    rowLayout->addWidget(browse);
    addField(form, QStringLiteral("task.data_dir"), tr("Data folder:"), row);
    addField(form, QStringLiteral("task.max_seq_length"), tr("Max sequence length:"),
             intSpin(QStringLiteral("task.max_seq_length"), 0, 100000));
    auto* maxTrain = intSpin(QStringLiteral("task.max_train_examples"), 0, INT_MAX);
    maxTrain->setSpecialValueText(tr("all"));
    addField(form, QStringLiteral("task.max_train_examples"), tr("Training examples:"), maxTrain);
    auto* maxEval = intSpin(QStringLiteral("task.max_eval_examples"), 0, INT_MAX);
    maxEval->setSpecialValueText(tr("all"));
    addField(form, QStringLiteral("task.max_eval_examples"), tr("Evaluation examples:"), maxEval);
    addField(form, QStringLiteral("task.padding"), tr("Padding:"),
             choice(QStringLiteral("task.padding"), {QString::fromLatin1(paddingName(Padding::Longest)),
                                                     QString::fromLatin1(paddingName(Padding::Max))}));
    addField(form, QStringLiteral("task.group_by_length"), QString(),
             check(QStringLiteral("task.group_by_length"), tr("Group batches by length")));
    sectionProblems_.insert(QStringLiteral("task"), newProblemLabel());
    form->addRow(sectionProblems_.value(QStringLiteral("task")));
    return box;
}

QGroupBox* ExperimentForm::buildAdapterSection() {
    auto* box = new QGroupBox(tr("Adapter"));
    auto* form = new QFormLayout(box);
    QStringList presets;
    for (const auto& p : AdapterOptions::presetNames())
        presets << QString::fromStdString(p);
    addField(form, QStringLiteral("adapter.preset"), tr("Kind:"), choice(QStringLiteral("adapter.preset"), presets));
    addField(form, QStringLiteral("adapter.bottleneck"), tr("Bottleneck:"),
             intSpin(QStringLiteral("adapter.bottleneck"), 0, 100000));
    adapterWidths_ = new QLabel;
    adapterWidths_->setObjectName(QStringLiteral("adapter.widths"));
    form->addRow(tr("Resolved widths:"), adapterWidths_);
    addField(form, QStringLiteral("adapter.train_head"), QString(),
             check(QStringLiteral("adapter.train_head"), tr("Train the task head (the reference freezes it)")));
    sectionProblems_.insert(QStringLiteral("adapter"), newProblemLabel());
    form->addRow(sectionProblems_.value(QStringLiteral("adapter")));
    return box;
}

QGroupBox* ExperimentForm::buildPruningSection() {
    auto* box = new QGroupBox(tr("Pruning"));
    auto* form = new QFormLayout(box);
    QStringList methods{QStringLiteral("none")};
    for (const auto& m : pruneMethodNames())
        methods << QString::fromStdString(m);
    addField(form, QStringLiteral("pruning.method"), tr("Method:"), choice(QStringLiteral("pruning.method"), methods));

    sparsitySlider_ = new QSlider(Qt::Horizontal);
    sparsitySlider_->setObjectName(QStringLiteral("pruning.sparsity.slider"));
    sparsitySlider_->setRange(0, 95 * kSliderSteps);
    sparsitySpin_ = new QDoubleSpinBox;
    sparsitySpin_->setObjectName(QStringLiteral("pruning.sparsity"));
    sparsitySpin_->setRange(0.0, 95.0);
    sparsitySpin_->setDecimals(1);
    sparsitySpin_->setSingleStep(5.0);
    sparsitySpin_->setSuffix(QStringLiteral(" %"));
    sparsitySpin_->setToolTip(tr("Sparsity: the fraction of adapter weights removed (40 % keeps 60 %)"));
    connect(sparsitySlider_, &QSlider::valueChanged, this,
            [this](int v) { sparsitySpin_->setValue(static_cast<double>(v) / kSliderSteps); });
    connect(sparsitySpin_, &QDoubleSpinBox::valueChanged, this, [this](double percent) {
        setSparsityPercent(percent);
        setValue(QStringLiteral("pruning.sparsity"), percent / 100.0);
    });
    auto* row = new QWidget;
    row->setObjectName(QStringLiteral("pruning.sparsity.row"));
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(sparsitySlider_, 1);
    rowLayout->addWidget(sparsitySpin_);
    addField(form, QStringLiteral("pruning.sparsity"), tr("Sparsity (removed):"), row);

    QStringList scopes, schedules;
    for (const auto& s : maskScopeNames())
        scopes << QString::fromStdString(s);
    for (const auto& s : pruneScheduleNames())
        schedules << QString::fromStdString(s);
    addField(form, QStringLiteral("pruning.scope"), tr("Mask scope:"), choice(QStringLiteral("pruning.scope"), scopes));
    auto* k = intSpin(QStringLiteral("pruning.large_sparse"), 1, 64);
    k->setPrefix(QStringLiteral("×"));
    k->setSpecialValueText(tr("off"));
    addField(form, QStringLiteral("pruning.large_sparse"), tr("Large-Sparse factor:"), k);
    largeSparseNote_ = new QLabel;
    largeSparseNote_->setObjectName(QStringLiteral("pruning.large_sparse.note"));
    largeSparseNote_->setWordWrap(true);
    form->addRow(QString(), largeSparseNote_);
    addField(form, QStringLiteral("pruning.iterations"), tr("Iterations:"),
             intSpin(QStringLiteral("pruning.iterations"), 0, 1000));
    addField(form, QStringLiteral("pruning.schedule"), tr("Schedule:"),
             choice(QStringLiteral("pruning.schedule"), schedules));
    addField(form, QStringLiteral("pruning.start_epoch"), tr("Start epoch:"),
             intSpin(QStringLiteral("pruning.start_epoch"), 0, 100000));
    addField(form, QStringLiteral("pruning.scoring_batches"), tr("Scoring batches:"),
             intSpin(QStringLiteral("pruning.scoring_batches"), 0, 100000));
    addField(form, QStringLiteral("pruning.break_ties"), QString(),
             check(QStringLiteral("pruning.break_ties"), tr("Break score ties at random (exactly k pruned)")));
    sectionProblems_.insert(QStringLiteral("pruning"), newProblemLabel());
    form->addRow(sectionProblems_.value(QStringLiteral("pruning")));
    return box;
}

QGroupBox* ExperimentForm::buildOptimizationSection() {
    auto* box = new QGroupBox(tr("Optimisation"));
    auto* form = new QFormLayout(box);
    addField(form, QStringLiteral("optimization.epochs"), tr("Epochs:"),
             intSpin(QStringLiteral("optimization.epochs"), 0, 100000));
    auto* maxSteps = intSpin(QStringLiteral("optimization.max_steps"), 0, INT_MAX);
    maxSteps->setSpecialValueText(tr("no limit"));
    addField(form, QStringLiteral("optimization.max_steps"), tr("Max steps:"), maxSteps);
    addField(form, QStringLiteral("optimization.batch_size"), tr("Batch size:"),
             intSpin(QStringLiteral("optimization.batch_size"), 0, 1000000));
    addField(form, QStringLiteral("optimization.eval_batch_size"), tr("Evaluation batch size:"),
             intSpin(QStringLiteral("optimization.eval_batch_size"), 0, 1000000));
    addField(form, QStringLiteral("optimization.learning_rate"), tr("Learning rate:"),
             numberEdit(QStringLiteral("optimization.learning_rate")));
    addField(form, QStringLiteral("optimization.weight_decay"), tr("Weight decay:"),
             numberEdit(QStringLiteral("optimization.weight_decay")));
    addField(form, QStringLiteral("optimization.warmup_ratio"), tr("Warm-up ratio:"),
             numberEdit(QStringLiteral("optimization.warmup_ratio")));
    addField(form, QStringLiteral("optimization.max_grad_norm"), tr("Max gradient norm:"),
             numberEdit(QStringLiteral("optimization.max_grad_norm")));
    addField(form, QStringLiteral("optimization.seed"), tr("Seed:"),
             intSpin(QStringLiteral("optimization.seed"), 0, INT_MAX));
    auto* evalEvery = intSpin(QStringLiteral("optimization.eval_every_steps"), 0, INT_MAX);
    evalEvery->setSpecialValueText(tr("each epoch"));
    addField(form, QStringLiteral("optimization.eval_every_steps"), tr("Evaluate every:"), evalEvery);
    auto* checkpointEvery = intSpin(QStringLiteral("optimization.checkpoint_every_steps"), 0, INT_MAX);
    checkpointEvery->setSpecialValueText(tr("each epoch"));
    addField(form, QStringLiteral("optimization.checkpoint_every_steps"), tr("Checkpoint every:"), checkpointEvery);
    addField(form, QStringLiteral("optimization.dropout"), QString(),
             check(QStringLiteral("optimization.dropout"), tr("Dropout (off: deterministic, as the fixtures)")));
    sectionProblems_.insert(QStringLiteral("optimization"), newProblemLabel());
    form->addRow(sectionProblems_.value(QStringLiteral("optimization")));
    return box;
}

QGroupBox* ExperimentForm::buildRunSection() {
    auto* box = new QGroupBox(tr("Run"));
    auto* form = new QFormLayout(box);
    runName_ = textEdit(QStringLiteral("name"));
    addField(form, QStringLiteral("name"), tr("Run name:"), runName_);
    addField(form, QStringLiteral("output_dir"), tr("Output folder:"), textEdit(QStringLiteral("output_dir")));
    QStringList devices;
    for (auto d : {DeviceChoice::Auto, DeviceChoice::Cpu, DeviceChoice::Cuda})
        devices << QString::fromLatin1(deviceChoiceName(d));
    addField(form, QStringLiteral("device"), tr("Device:"), choice(QStringLiteral("device"), devices));
    return box;
}

void ExperimentForm::setConfig(const QString& configJson) {
    QJsonParseError error;
    const QJsonDocument given = QJsonDocument::fromJson(configJson.toUtf8(), &error);
    QJsonObject doc = defaultDocument();
    loadError_.clear();
    if (error.error != QJsonParseError::NoError || !given.isObject()) {
        loadError_ = tr("The configuration is not a JSON object (%1); showing the defaults.")
                         .arg(error.error != QJsonParseError::NoError ? error.errorString() : tr("another JSON value"));
    } else {
        const QJsonObject object = given.object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isObject() && doc.value(it.key()).isObject()) {
                QJsonObject section = doc.value(it.key()).toObject();
                const QJsonObject overrides = it.value().toObject();
                for (auto o = overrides.begin(); o != overrides.end(); ++o)
                    section.insert(o.key(), o.value());
                doc.insert(it.key(), section);
            } else {
                doc.insert(it.key(), it.value());
            }
        }
    }
    // The adapter section keeps only what differs from its preset, so a new
    // preset (or bottleneck) re-derives the rest, as applyOverride does.
    QJsonObject adapter = doc.value(QStringLiteral("adapter")).toObject();
    const QJsonObject defaults = presetDefaults(adapter);
    for (auto it = defaults.begin(); it != defaults.end(); ++it)
        if (adapter.contains(it.key()) && sameValue(adapter.value(it.key()), it.value())) adapter.remove(it.key());
    doc.insert(QStringLiteral("adapter"), adapter);
    doc_ = doc;

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
    const auto [section, leaf] = splitKey(key);
    const QJsonValue v = getValue(doc_, key);
    if (section == QLatin1String("adapter") && v.isUndefined())
        return presetDefaults(doc_.value(QStringLiteral("adapter")).toObject()).value(leaf);
    return v;
}

void ExperimentForm::setValue(const QString& key, const QJsonValue& v) {
    if (populating_) return;
    loadError_.clear();
    const auto [section, leaf] = splitKey(key);
    const bool adapterOption =
        section == QLatin1String("adapter") && leaf != QLatin1String("preset") && leaf != QLatin1String("bottleneck");
    const QJsonValue presetValue = presetDefaults(doc_.value(QStringLiteral("adapter")).toObject()).value(leaf);
    putValue(doc_, key, adapterOption && sameValue(presetValue, v) ? QJsonValue(QJsonValue::Undefined) : v);
    if (key == QLatin1String("model")) scheduleInspection();
    if (section == QLatin1String("adapter") && !adapterOption) {
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
        } else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(widget)) {
            dspin->setValue(100.0 * v.toDouble()); // sparsity, shown in percent
            setSparsityPercent(dspin->value());
        } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
            edit->setText(v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 12));
        } else if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            if (combo->findText(v.toString()) < 0) combo->addItem(v.toString()); // an alias core accepts ("sst2")
            combo->setCurrentIndex(combo->findText(v.toString()));
        } else if (auto* box = qobject_cast<QCheckBox*>(widget)) {
            box->setChecked(v.toBool());
        }
    }
}

void ExperimentForm::setSparsityPercent(double percent) {
    const QSignalBlocker blocker(sparsitySlider_);
    sparsitySlider_->setValue(static_cast<int>(std::lround(percent * kSliderSteps)));
}

void ExperimentForm::modelEdited() {
    if (populating_) return;
    setValue(QStringLiteral("model"),
             builtin_->isChecked() ? QString::fromLatin1(kBuiltinDemoModel) : modelPath_->text());
}

void ExperimentForm::scheduleInspection() {
    const QString model = getValue(doc_, QStringLiteral("model")).toString();
    ++inspectGeneration_; // whatever is running now reports for a model no longer shown
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
    struct Result {
        std::optional<ModelSummary> summary;
        QString error;
    };
    const QString model = getValue(doc_, QStringLiteral("model")).toString();
    const int generation = inspectGeneration_;
    auto result = std::make_shared<Result>();
    const std::string directory = QFile::encodeName(model).toStdString();
    // Loading every tensor takes seconds on a real checkpoint: never on the GUI thread.
    QThread* thread = QThread::create([directory, result] {
        try {
            result->summary = inspectCheckpoint(directory);
        } catch (const std::exception& e) {
            result->error = QString::fromUtf8(e.what());
        }
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, generation, model, result] {
        if (generation != inspectGeneration_) return;
        inspecting_ = false;
        inspectedModel_ = model;
        inspected_ = result->summary;
        inspectError_ = result->error;
        validate();
    });
    thread->start();
}

void ExperimentForm::validate() {
    std::vector<ConfigProblem> problems;
    if (!loadError_.isEmpty()) problems.push_back({std::string(), loadError_.toStdString()});

    // fromJson stops at the first bad value; each one found is replaced by
    // its default so the next can be found too.
    const QJsonObject defaults = defaultDocument();
    QJsonObject doc = doc_;
    QSet<QString> substituted;
    std::optional<ExperimentConfig> parsed;
    bool unmapped = false;
    while (!parsed && !unmapped) {
        try {
            parsed =
                ExperimentConfig::fromJson(QJsonDocument(doc).toJson(QJsonDocument::Compact).toStdString(), kSource);
        } catch (const std::exception& e) {
            QString message = QString::fromUtf8(e.what());
            const QString prefix = QString::fromLatin1(kSource) + QStringLiteral(": ");
            if (message.startsWith(prefix)) message.remove(0, prefix.size());
            const QString key = keyOfMessage(message);
            problems.push_back({key.toStdString(), message.toStdString()});
            unmapped = key.isEmpty() || substituted.contains(key);
            substituted.insert(key);
            const auto [section, leaf] = splitKey(key);
            const bool adapterOption = section == QLatin1String("adapter") && leaf != QLatin1String("preset") &&
                                       leaf != QLatin1String("bottleneck");
            putValue(doc, key, adapterOption ? QJsonValue(QJsonValue::Undefined) : getValue(defaults, key));
        }
    }
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
            modelError = e.what();
        }
        for (auto& p : checkExperimentConfig(*parsed, model ? &*model : nullptr))
            if (!substituted.contains(QString::fromStdString(p.key))) problems.push_back(std::move(p));
        if (!modelError.empty() && !hasProblem("model")) problems.push_back({"model", modelError});
    }
    const QString currentModel = getValue(doc_, QStringLiteral("model")).toString();
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
            budget_->setUnavailable(QString::fromUtf8(e.what()));
        }
    } else {
        budget_->setUnavailable(problems.empty() ? tr("the model's config.json could not be read")
                                                 : QString::fromStdString(problems.front().message));
    }
    largeSparseNote_->setVisible(!largeSparseNote_->text().isEmpty());

    if (parsed) {
        adapterWidths_->setText(BudgetPanel::widthsText(parsed->adapter.options));
        runName_->setPlaceholderText(tr("derived: %1").arg(QString::fromStdString(parsed->defaultRunName())));
    }
    const bool pruning = getValue(doc_, QStringLiteral("pruning.method")).toString() != QLatin1String("none");
    for (const char* key : {"pruning.sparsity.row", "pruning.scope", "pruning.iterations", "pruning.schedule",
                            "pruning.start_epoch", "pruning.scoring_batches", "pruning.break_ties"})
        if (auto* w = findChild<QWidget*>(QString::fromLatin1(key))) w->setEnabled(pruning);

    if (isBuiltinDemoModel(currentModel.toStdString())) {
        const ModelConfig demo = demoModelConfig();
        modelSummary_->setText(tr("Built-in demo: %1, %2 layers, hidden %3, %4 heads, %5-word vocabulary; random "
                                  "weights from a fixed seed, with its own sentiment corpus.")
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
    return sectionProblems_.value(splitKey(key).first, generalProblem_);
}

} // namespace sa
