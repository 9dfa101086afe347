// ExperimentForm's sections, one group box per ExperimentConfig section,
// and the field factories that tie each widget to its dotted key.
#include "experiment_form.h"

#include "form_grid.h"
#include "int64_spin_box.h"
#include "tasks/classification/glue_dataset.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>
#include <limits>

namespace sa {

namespace {

constexpr int kSliderSteps = 10; // slider positions per percent (0.1 % resolution)
// Core accepts sparsity in [0, 1): at 0.1 % resolution the largest is 99.9 %.
constexpr int kSparsityMaxSteps = 100 * kSliderSteps - 1;

} // namespace

QLabel* ExperimentForm::newProblemLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->hide();
    return label;
}

void ExperimentForm::addField(FormGrid* form, const QString& key, const QString& label, QWidget* widget) {
    if (widget->objectName().isEmpty()) widget->setObjectName(key);
    auto* problem = newProblemLabel();
    problem->setObjectName(key + QStringLiteral(".problem"));
    auto* text = form->addRow(label, widget);
    form->addRow(QString(), problem);
    fields_.push_back({key, widget, problem, text});
}

QSpinBox* ExperimentForm::intSpin(const QString& key, int minimum, int maximum) {
    auto* spin = new QSpinBox;
    // Wider than core allows, so an out-of-range value is explained, not clamped silently.
    spin->setRange(minimum, maximum);
    connect(spin, &QSpinBox::valueChanged, this, [this, key](int v) { setValue(key, static_cast<qint64>(v)); });
    return spin;
}

Int64SpinBox* ExperimentForm::countSpin(const QString& key) {
    auto* spin = new Int64SpinBox;
    // From 0, below core's minimum for sizes (1), so a 0 is explained, not
    // refused; a larger value than qint64's could not reach QJsonValue as an integer.
    spin->setRange(0, std::numeric_limits<qint64>::max());
    connect(spin, &Int64SpinBox::valueChanged, this, [this, key](qint64 v) { setValue(key, v); });
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

QComboBox* ExperimentForm::checkpointChoice(const QString& key) {
    // null (the checkpoint's config.json decides), true or false.
    auto* combo = new QComboBox;
    combo->addItems({QStringLiteral("checkpoint"), QStringLiteral("true"), QStringLiteral("false")});
    combo->setProperty("sa_nullable", true);
    connect(combo, &QComboBox::currentTextChanged, this, [this, key](const QString& text) {
        setValue(key, text == QLatin1String("checkpoint") ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(text == QLatin1String("true")));
    });
    return combo;
}

QLineEdit* ExperimentForm::checkpointIdEdit(const QString& key) {
    // Empty: null (the checkpoint's config.json); otherwise a token id.
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(tr("from the checkpoint"));
    connect(edit, &QLineEdit::textChanged, this, [this, key](const QString& text) {
        bool ok = false;
        const qint64 id = text.trimmed().toLongLong(&ok);
        setValue(key, text.trimmed().isEmpty() ? QJsonValue(QJsonValue::Null) : ok ? QJsonValue(id) : QJsonValue(text));
    });
    return edit;
}

QLineEdit* ExperimentForm::textEdit(const QString& key) {
    auto* edit = new QLineEdit;
    connect(edit, &QLineEdit::textChanged, this, [this, key](const QString& text) { setValue(key, text); });
    return edit;
}

QGroupBox* ExperimentForm::buildModelSection() {
    auto* box = new QGroupBox(tr("Model"));
    auto* form = new FormGrid(box);
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
    addField(form, QStringLiteral("reinit_head"), QString(),
             check(QStringLiteral("reinit_head"),
                   tr("Draw a head of another size afresh (a classifier trained for another label count)")));
    return box;
}

QLineEdit* ExperimentForm::pathEdit(FormGrid* form, const QString& key, const QString& label,
                                    const QString& placeholder, bool folder) {
    auto* edit = textEdit(key);
    edit->setObjectName(key);
    edit->setPlaceholderText(placeholder);
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this, edit, folder] {
        const QString path = folder
                                 ? QFileDialog::getExistingDirectory(this, tr("Task data folder"), edit->text())
                                 : QFileDialog::getOpenFileName(this, tr("Data file"), edit->text(),
                                                                tr("Data files (*.json *.jsonl *.csv);;All files (*)"));
        if (!path.isEmpty()) edit->setText(QDir::toNativeSeparators(path));
    });
    auto* row = new QWidget;
    row->setObjectName(key + QStringLiteral(".row"));
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(edit, 1);
    rowLayout->addWidget(browse);
    addField(form, key, label, row);
    return edit;
}

QGroupBox* ExperimentForm::buildTaskSection() {
    auto* box = new QGroupBox(tr("Task"));
    auto* form = new FormGrid(box);
    // GLUE by its folder names (as run folders name them), then SQuAD.
    QStringList tasks;
    for (const auto& spec : allTaskSpecs())
        tasks << QString::fromStdString(spec.glueName.empty() ? spec.canonicalName : spec.glueName);
    auto* name = choice(QStringLiteral("task.name"), tasks);
    name->setToolTip(tr("GLUE classification tasks, squad: SQuAD v1.1 question answering, or summarization: xsum, "
                        "cnn_dailymail, or summarization for your own files"));
    addField(form, QStringLiteral("task.name"), tr("Task:"), name);

    pathEdit(form, QStringLiteral("task.data_dir"), tr("Data folder:"),
             tr("folder with train.tsv and dev.tsv (empty: the demo's corpus)"), true);
    pathEdit(form, QStringLiteral("task.train_file"), tr("Training file:"),
             tr("SQuAD JSON, or JSON Lines / CSV for summarization (empty: the demo's corpus)"), false);
    pathEdit(form, QStringLiteral("task.eval_file"), tr("Evaluation file:"),
             tr("same format (empty: the demo's corpus, the eval split, or none)"), false);
    addField(form, QStringLiteral("task.eval_split"), tr("Held-out records:"),
             countSpin(QStringLiteral("task.eval_split")));
    addField(form, QStringLiteral("task.text_column"), tr("Text field:"), textEdit(QStringLiteral("task.text_column")));
    addField(form, QStringLiteral("task.summary_column"), tr("Summary field:"),
             textEdit(QStringLiteral("task.summary_column")));
    for (const auto& [key, label] : {std::pair{"task.max_source_length", QT_TR_NOOP("Max source length:")},
                                     {"task.max_target_length", QT_TR_NOOP("Max target length:")},
                                     {"task.val_max_target_length", QT_TR_NOOP("Max eval target length:")}})
        addField(form, QString::fromLatin1(key), tr(label), intSpin(QString::fromLatin1(key), 0, 100000));
    auto* generated = countSpin(QStringLiteral("task.eval_examples"));
    generated->setMinimumText(tr("all"));
    generated->setToolTip(tr("evaluation documents summarised by beam search and scored with ROUGE"));
    addField(form, QStringLiteral("task.eval_examples"), tr("Generated per evaluation:"), generated);
    for (const auto& [key, label] : {std::pair{"task.num_beams", QT_TR_NOOP("Beams:")},
                                     {"task.max_length", QT_TR_NOOP("Max summary length:")},
                                     {"task.min_length", QT_TR_NOOP("Min summary length:")},
                                     {"task.no_repeat_ngram_size", QT_TR_NOOP("No-repeat n-gram size:")}})
        addField(form, QString::fromLatin1(key), tr(label), intSpin(QString::fromLatin1(key), 0, 100000));
    addField(form, QStringLiteral("task.length_penalty"), tr("Length penalty:"),
             numberEdit(QStringLiteral("task.length_penalty")));
    addField(form, QStringLiteral("task.early_stopping"), tr("Early stopping:"),
             checkpointChoice(QStringLiteral("task.early_stopping")));
    addField(form, QStringLiteral("task.forced_bos_token_id"), tr("Forced first token:"),
             checkpointIdEdit(QStringLiteral("task.forced_bos_token_id")));
    addField(form, QStringLiteral("task.label_smoothing"), tr("Label smoothing:"),
             numberEdit(QStringLiteral("task.label_smoothing")));
    addField(form, QStringLiteral("task.max_seq_length"), tr("Max sequence length:"),
             intSpin(QStringLiteral("task.max_seq_length"), 0, 100000));
    addField(form, QStringLiteral("task.doc_stride"), tr("Document stride:"),
             intSpin(QStringLiteral("task.doc_stride"), 0, 100000));
    addField(form, QStringLiteral("task.n_best_size"), tr("N-best size:"),
             intSpin(QStringLiteral("task.n_best_size"), 0, 100000));
    addField(form, QStringLiteral("task.max_answer_length"), tr("Max answer length:"),
             intSpin(QStringLiteral("task.max_answer_length"), 0, 100000));
    auto* maxTrain = countSpin(QStringLiteral("task.max_train_examples"));
    maxTrain->setMinimumText(tr("all"));
    addField(form, QStringLiteral("task.max_train_examples"), tr("Training examples:"), maxTrain);
    auto* maxEval = countSpin(QStringLiteral("task.max_eval_examples"));
    maxEval->setMinimumText(tr("all"));
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
    auto* form = new FormGrid(box);
    QStringList presets;
    for (const auto& p : AdapterOptions::presetNames())
        presets << QString::fromStdString(p);
    presets << QString::fromLatin1(kFusionPreset);
    auto* kind = choice(QStringLiteral("adapter.preset"), presets);
    kind->setItemData(kind->count() - 1, tr("AdapterFusion: fuse the frozen adapters of earlier runs"),
                      Qt::ToolTipRole);
    addField(form, QStringLiteral("adapter.preset"), tr("Kind:"), kind);
    addField(form, QStringLiteral("adapter.bottleneck"), tr("Bottleneck:"),
             countSpin(QStringLiteral("adapter.bottleneck")));
    buildFusionSources(form);
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
    auto* form = new FormGrid(box);
    QStringList methods{QStringLiteral("none")};
    for (const auto& m : pruneMethodNames())
        methods << QString::fromStdString(m);
    addField(form, QStringLiteral("pruning.method"), tr("Method:"), choice(QStringLiteral("pruning.method"), methods));

    sparsitySlider_ = new QSlider(Qt::Horizontal);
    sparsitySlider_->setObjectName(QStringLiteral("pruning.sparsity.slider"));
    sparsitySlider_->setRange(0, kSparsityMaxSteps);
    sparsitySpin_ = new QDoubleSpinBox;
    sparsitySpin_->setObjectName(QStringLiteral("pruning.sparsity"));
    sparsitySpin_->setRange(0.0, static_cast<double>(kSparsityMaxSteps) / kSliderSteps);
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
    auto* form = new FormGrid(box);
    addField(form, QStringLiteral("optimization.epochs"), tr("Epochs:"),
             intSpin(QStringLiteral("optimization.epochs"), 0, 100000));
    auto* maxSteps = countSpin(QStringLiteral("optimization.max_steps"));
    maxSteps->setMinimumText(tr("no limit"));
    addField(form, QStringLiteral("optimization.max_steps"), tr("Max steps:"), maxSteps);
    addField(form, QStringLiteral("optimization.batch_size"), tr("Batch size:"),
             countSpin(QStringLiteral("optimization.batch_size")));
    addField(form, QStringLiteral("optimization.eval_batch_size"), tr("Evaluation batch size:"),
             countSpin(QStringLiteral("optimization.eval_batch_size")));
    addField(form, QStringLiteral("optimization.learning_rate"), tr("Learning rate:"),
             numberEdit(QStringLiteral("optimization.learning_rate")));
    addField(form, QStringLiteral("optimization.weight_decay"), tr("Weight decay:"),
             numberEdit(QStringLiteral("optimization.weight_decay")));
    addField(form, QStringLiteral("optimization.warmup_ratio"), tr("Warm-up ratio:"),
             numberEdit(QStringLiteral("optimization.warmup_ratio")));
    addField(form, QStringLiteral("optimization.max_grad_norm"), tr("Max gradient norm:"),
             numberEdit(QStringLiteral("optimization.max_grad_norm")));
    addField(form, QStringLiteral("optimization.seed"), tr("Seed:"), countSpin(QStringLiteral("optimization.seed")));
    auto* evalEvery = countSpin(QStringLiteral("optimization.eval_every_steps"));
    evalEvery->setMinimumText(tr("each epoch"));
    addField(form, QStringLiteral("optimization.eval_every_steps"), tr("Evaluate every:"), evalEvery);
    auto* checkpointEvery = countSpin(QStringLiteral("optimization.checkpoint_every_steps"));
    checkpointEvery->setMinimumText(tr("each epoch"));
    addField(form, QStringLiteral("optimization.checkpoint_every_steps"), tr("Checkpoint every:"), checkpointEvery);
    addField(form, QStringLiteral("optimization.dropout"), QString(),
             check(QStringLiteral("optimization.dropout"), tr("Dropout (off: deterministic, as the fixtures)")));
    sectionProblems_.insert(QStringLiteral("optimization"), newProblemLabel());
    form->addRow(sectionProblems_.value(QStringLiteral("optimization")));
    return box;
}

QGroupBox* ExperimentForm::buildRunSection() {
    auto* box = new QGroupBox(tr("Run"));
    auto* form = new FormGrid(box);
    runName_ = textEdit(QStringLiteral("name"));
    addField(form, QStringLiteral("name"), tr("Run name:"), runName_);
    addField(form, QStringLiteral("output_dir"), tr("Output folder:"), textEdit(QStringLiteral("output_dir")));
    QStringList devices;
    for (auto d : {DeviceChoice::Auto, DeviceChoice::Cpu, DeviceChoice::Cuda})
        devices << QString::fromLatin1(deviceChoiceName(d));
    addField(form, QStringLiteral("device"), tr("Device:"), choice(QStringLiteral("device"), devices));
    return box;
}

void ExperimentForm::setSparsityPercent(double percent) {
    const QSignalBlocker blocker(sparsitySlider_);
    sparsitySlider_->setValue(static_cast<int>(std::lround(percent * kSliderSteps)));
}

} // namespace sa
