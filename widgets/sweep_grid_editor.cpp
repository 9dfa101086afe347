#include "sweep_grid_editor.h"

#include "count_text.h"
#include "error.h"
#include "experiment/experiment_budget.h"
#include "experiment/sweep_spec.h"
#include "sweep_values.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

#include <map>
#include <set>
#include <utility>

namespace sa {

namespace {

// Expanding validates every cell: beyond this the count is shown alone, so
// typing a long range never freezes the window.
constexpr int64_t kMaxSummedCells = 2000;

// What papers sweep first, offered in this order as a new row's key.
const char* const kSuggestedKeys[] = {"pruning.method",     "pruning.sparsity",     "optimization.seed",
                                      "adapter.bottleneck", "pruning.large_sparse", "task.name"};

} // namespace

SweepGridEditor::SweepGridEditor(QWidget* parent) : QWidget(parent) {
    rowsLayout_ = new QVBoxLayout;
    rowsLayout_->setContentsMargins(0, 0, 0, 0);
    auto* add = new QPushButton(tr("Add Key"));
    add->setObjectName(QStringLiteral("addSweepKey"));
    add->setToolTip(tr("Vary one more key of the experiment: every combination of the keys' values is a cell"));
    connect(add, &QPushButton::clicked, this, [this] { addKey(); });
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("sweepSummary"));
    summary_->setWordWrap(true);
    problemLabel_ = new QLabel;
    problemLabel_->setObjectName(QStringLiteral("sweepProblem"));
    problemLabel_->setWordWrap(true);
    problemLabel_->setStyleSheet(QStringLiteral("color: #b00020;"));
    problemLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(rowsLayout_);
    layout->addLayout(buttons);
    layout->addWidget(summary_);
    layout->addWidget(problemLabel_);

    pause_ = new QTimer(this);
    pause_->setSingleShot(true);
    pause_->setInterval(250);
    connect(pause_, &QTimer::timeout, this, &SweepGridEditor::evaluate);
    baseError_ = tr("No experiment configuration yet.");
    evaluate();
}

void SweepGridEditor::setBaseConfig(const QString& configJson) {
    baseError_.clear();
    base_ = nlohmann::ordered_json::parse(configJson.toStdString(), nullptr, false);
    if (base_.is_discarded() || !base_.is_object())
        baseError_ = tr("The experiment form's configuration could not be read as a JSON object.");
    pause_->start();
}

void SweepGridEditor::addKey(const QString& key, const QString& values) {
    Row row;
    row.widget = new QWidget;
    row.key = new QComboBox;
    row.key->setObjectName(QStringLiteral("sweepKey"));
    // Sized for the common keys, not the longest task key: the values need the room.
    row.key->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    row.key->setMinimumContentsLength(18);
    for (const auto& k : experimentConfigKeys())
        row.key->addItem(QString::fromStdString(k));
    QString chosen = key;
    if (chosen.isEmpty()) {
        std::set<QString> used;
        for (const auto& r : rows_)
            used.insert(r.key->currentText());
        for (const char* k : kSuggestedKeys)
            if (!used.count(QLatin1String(k))) {
                chosen = QLatin1String(k);
                break;
            }
    }
    row.key->setCurrentText(chosen);
    row.values = new QLineEdit(values);
    row.values->setObjectName(QStringLiteral("sweepValues"));
    row.values->setPlaceholderText(tr("snip, random · 0.2:0.8:0.2 · [64, 128]"));
    row.values->setToolTip(tr("Comma-separated values, a range start:stop:step (the stop included), or a JSON list"));
    auto* remove = new QToolButton;
    remove->setObjectName(QStringLiteral("removeSweepKey"));
    remove->setText(QStringLiteral("−"));
    remove->setToolTip(tr("Stop varying this key"));
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.key, 2);
    layout->addWidget(row.values, 3);
    layout->addWidget(remove);
    rowsLayout_->addWidget(row.widget);

    QWidget* rowWidget = row.widget;
    connect(remove, &QToolButton::clicked, this, [this, rowWidget] {
        for (std::size_t i = 0; i < rows_.size(); ++i)
            if (rows_[i].widget == rowWidget) removeKey(static_cast<int>(i));
    });
    connect(row.key, &QComboBox::currentTextChanged, pause_, qOverload<>(&QTimer::start));
    connect(row.values, &QLineEdit::textChanged, pause_, qOverload<>(&QTimer::start));
    rows_.push_back(row);
    pause_->start();
}

void SweepGridEditor::removeKey(int row) {
    if (row < 0 || row >= keyCount()) return;
    delete rows_[static_cast<std::size_t>(row)].widget;
    rows_.erase(rows_.begin() + row);
    pause_->start();
}

void SweepGridEditor::evaluate() {
    pause_->stop();
    problem_.clear();
    grid_ = nlohmann::ordered_json::object();
    cells_ = 0;
    hasBudget_ = false;
    trainable_ = effective_ = 0;
    for (auto& row : rows_)
        row.values->setStyleSheet({});

    problem_ = baseError_;
    for (const auto& row : rows_) {
        if (!problem_.isEmpty()) break;
        const QString key = row.key->currentText();
        if (grid_.contains(key.toStdString())) {
            problem_ = tr("%1 is varied twice").arg(key);
        } else {
            const auto parsed = SweepValuesText::parse(key, row.values->text());
            problem_ = parsed.error;
            grid_[key.toStdString()] = parsed.values;
        }
        if (!problem_.isEmpty()) row.values->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #b00020; }"));
    }
    if (problem_.isEmpty()) try {
            const auto spec = SweepSpec::fromJson(specDocument(QStringLiteral("grid")).dump(), "the grid", "");
            cells_ = spec.cellCount();
            if (cells_ <= kMaxSummedCells) {
                // One config.json read per backbone and task (the head's size).
                std::map<std::pair<std::string, std::string>, ModelConfig> models;
                for (const auto& cell : expandCells(spec, "grid")) {
                    const auto key = std::make_pair(cell.config.model, cell.config.task.name);
                    auto found = models.find(key);
                    if (found == models.end()) found = models.emplace(key, experimentModelConfig(cell.config)).first;
                    const auto budget = resolveExperimentBudget(cell.config, found->second).budget;
                    trainable_ += budget.trainable();
                    effective_ += budget.effectiveTrainable();
                }
                hasBudget_ = true;
            }
        } catch (const std::exception& e) {
            problem_ = QString::fromStdString(userMessage(e));
        }
    showResult();
    Q_EMIT evaluated();
}

QString SweepGridEditor::summaryText() const {
    if (!isValid()) return {};
    const QString cells = tr("%n cells", nullptr, static_cast<int>(std::min<int64_t>(cells_, 1 << 30)));
    if (!hasBudget_) return tr("%1 (budgets are summed up to %2 cells)").arg(cells).arg(kMaxSummedCells);
    return tr("%1, total budget %2 trainable parameters (%3 non-zero)")
        .arg(cells, countText(trainable_), countText(effective_));
}

void SweepGridEditor::showResult() {
    summary_->setText(summaryText());
    summary_->setVisible(isValid());
    problemLabel_->setText(problem_);
    problemLabel_->setVisible(!isValid());
}

nlohmann::ordered_json SweepGridEditor::specDocument(const QString& name) const {
    nlohmann::ordered_json doc;
    doc["name"] = name.toStdString();
    doc["base"] = base_.is_object() ? base_ : nlohmann::ordered_json::object();
    if (!grid_.empty()) doc["grid"] = grid_;
    return doc;
}

} // namespace sa
