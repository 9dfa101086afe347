// The runs of a runs folder as a Qt table model (Runs view): one row per
// RunRecord, formatted for reading, with a sort role that keeps numbers
// numeric and leaves missing values (no evaluation yet, no budget) empty.
#pragma once

#include "experiment/run_index.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace sa {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Name,
        Status,
        Task,
        Model,
        Adapter,
        Bottleneck,
        LargeSparse,
        Pruning,
        Sparsity,
        Steps,
        Metric,
        Best,
        Last,
        Trainable,
        EffectiveTrainable,
        BackbonePercent,
        Duration,
        ColumnCount
    };
    // A double for numeric columns, the display text otherwise; an invalid
    // QVariant where the value is missing (RunsTable sorts those last).
    static constexpr int SortRole = Qt::UserRole + 1;
    // The run folder (QString), on every cell of a row.
    static constexpr int FolderRole = Qt::UserRole + 2;
    // The status as summary.json writes it ("finished", "unreadable", ...).
    static constexpr int StatusRole = Qt::UserRole + 3;

    explicit RunListModel(QObject* parent = nullptr);

    void setRuns(std::vector<RunRecord> runs);
    const std::vector<RunRecord>& runs() const { return runs_; }
    const RunRecord& run(int row) const { return runs_.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The status as shown (translated where it is one of the known ones).
    static QString statusLabel(const QString& status);

private:
    QString text(const RunRecord& r, int column) const;
    QVariant sortKey(const RunRecord& r, int column) const;
    QString toolTip(const RunRecord& r, int column) const;

    std::vector<RunRecord> runs_;
};

} // namespace sa
