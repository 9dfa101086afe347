// The grid of a sweep as the Sweeps tab edits it: the experiment form's
// config as the base, and rows of a key and its values (sweep_values.h).
// Every edit re-expands the cells with core (expandCells, so a value core
// would refuse is named with its key here, before anything is launched) and
// sums their parameter budgets (resolveExperimentBudget, what each run's
// summary.json will record).
#pragma once

#include <nlohmann/json.hpp>

#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QVBoxLayout;

namespace sa {

class SweepGridEditor : public QWidget {
    Q_OBJECT

public:
    explicit SweepGridEditor(QWidget* parent = nullptr);

    // Each cell's starting point: the experiment form's configJson().
    void setBaseConfig(const QString& configJson);
    // A row varying `key` (empty: the first suggested key not varied yet)
    // over `values` as typed.
    void addKey(const QString& key = {}, const QString& values = {});
    void removeKey(int row);
    int keyCount() const { return static_cast<int>(rows_.size()); }
    QComboBox* keyBox(int row) const { return rows_.at(static_cast<std::size_t>(row)).key; }
    QLineEdit* valuesEdit(int row) const { return rows_.at(static_cast<std::size_t>(row)).values; }

    // Edits are evaluated after a short pause; this evaluates now.
    void evaluate();
    bool isValid() const { return problem_.isEmpty(); }
    QString problem() const { return problem_; }
    int64_t cellCount() const { return cells_; }
    bool hasBudget() const { return hasBudget_; }
    int64_t totalTrainable() const { return trainable_; }
    int64_t totalEffective() const { return effective_; }
    QString summaryText() const;

    // {"name", "base", "grid"} with the keys in row order (the cells'
    // order); the caller adds the executor's sections. Only when isValid().
    nlohmann::ordered_json specDocument(const QString& name) const;

Q_SIGNALS:
    void evaluated();

private:
    struct Row {
        QWidget* widget = nullptr;
        QComboBox* key = nullptr;
        QLineEdit* values = nullptr;
    };
    void showResult();

    std::vector<Row> rows_;
    QVBoxLayout* rowsLayout_;
    QLabel* summary_;
    QLabel* problemLabel_;
    QTimer* pause_;

    nlohmann::ordered_json base_;
    QString baseError_;
    nlohmann::ordered_json grid_;
    QString problem_;
    int64_t cells_ = 0;
    bool hasBudget_ = false;
    int64_t trainable_ = 0, effective_ = 0;
};

} // namespace sa
