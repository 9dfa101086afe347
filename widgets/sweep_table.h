// A sweep's cells as a table (SweepFolder::status): index, name, state,
// steps, best metric and attempts, the state coloured, so a glance tells
// queued from running from failed.
#pragma once

#include "experiment/sweep_folder.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace sa {

class SweepTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Index, Cell, State, Steps, Best, Attempts, ColumnCount };
    static constexpr int StateRole = Qt::UserRole + 1; // the CellState as an int

    explicit SweepTableModel(QObject* parent = nullptr);

    // Rows are updated in place while the cells stay the same ones, so a
    // selection survives the polling.
    void setStatus(const std::vector<CellStatus>& status);
    const std::vector<CellStatus>& status() const { return status_; }

    // "6 cells: 2 finished, 1 running, 3 pending", states in that order.
    QString countsText() const;
    bool isActive() const; // a cell runs or waits in Slurm's queue
    bool isDone() const;   // every cell finished, or failed and given up

    static QString stateText(CellState state);
    static QColor stateColor(CellState state);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const CellStatus& s, int column) const;
    QString toolTip(const CellStatus& s) const;

    std::vector<CellStatus> status_;
};

} // namespace sa
