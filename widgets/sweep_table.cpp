#include "sweep_table.h"

#include <QBrush>
#include <QLocale>

#include <algorithm>

namespace sa {

SweepTableModel::SweepTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SweepTableModel::setStatus(const std::vector<CellStatus>& status) {
    bool sameCells = status.size() == status_.size();
    for (std::size_t i = 0; sameCells && i < status.size(); ++i)
        sameCells = status[i].index == status_[i].index && status[i].name == status_[i].name;
    if (!sameCells) {
        beginResetModel();
        status_ = status;
        endResetModel();
        return;
    }
    status_ = status;
    if (!status_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString SweepTableModel::countsText() const {
    const CellState order[] = {CellState::Finished, CellState::Running, CellState::Queued,
                               CellState::Pending,  CellState::Stopped, CellState::Failed};
    QStringList parts;
    for (const CellState state : order) {
        const auto n =
            std::count_if(status_.begin(), status_.end(), [&](const CellStatus& c) { return c.state == state; });
        if (n > 0) parts << tr("%1 %2").arg(n).arg(stateText(state));
    }
    return tr("%n cells: %1", nullptr, rowCount()).arg(parts.join(tr(", ")));
}

bool SweepTableModel::isActive() const {
    return std::any_of(status_.begin(), status_.end(), [](const CellStatus& c) {
        return c.state == CellState::Running || c.state == CellState::Queued;
    });
}

bool SweepTableModel::isDone() const {
    return std::all_of(status_.begin(), status_.end(),
                       [](const CellStatus& c) { return c.state == CellState::Finished || c.givenUp; });
}

QString SweepTableModel::stateText(CellState state) {
    switch (state) {
    case CellState::Pending:
        return tr("pending");
    case CellState::Queued:
        return tr("queued");
    case CellState::Running:
        return tr("running");
    case CellState::Stopped:
        return tr("stopped");
    case CellState::Failed:
        return tr("failed");
    case CellState::Finished:
        return tr("finished");
    }
    return {};
}

QColor SweepTableModel::stateColor(CellState state) {
    // Mid-tone colours, legible on the light and the dark theme.
    switch (state) {
    case CellState::Pending:
    case CellState::Queued:
        return QColor(0x80, 0x80, 0x80);
    case CellState::Running:
        return QColor(0x1e, 0x88, 0xe5);
    case CellState::Stopped:
        return QColor(0xef, 0x6c, 0x00);
    case CellState::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    case CellState::Finished:
        return QColor(0x43, 0xa0, 0x47);
    }
    return {};
}

int SweepTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(status_.size());
}

int SweepTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SweepTableModel::text(const CellStatus& s, int column) const {
    const QLocale locale;
    switch (column) {
    case Index:
        return QString::number(s.index);
    case Cell:
        return QString::fromStdString(s.name);
    case State:
        // A failed cell that will not be retried says so.
        return s.givenUp ? tr("%1 (given up)").arg(stateText(s.state)) : stateText(s.state);
    case Steps:
        return s.totalSteps > 0 ? tr("%1 / %2").arg(s.stepsDone).arg(s.totalSteps) : QString();
    case Best:
        return s.hasBest
                   ? QStringLiteral("%1 %2").arg(QString::fromStdString(s.mainMetric), locale.toString(s.best, 'f', 4))
                   : QString();
    case Attempts:
        return s.attempts.attempts > 0 ? QString::number(s.attempts.attempts) : QString();
    default:
        return {};
    }
}

QString SweepTableModel::toolTip(const CellStatus& s) const {
    QStringList lines;
    if (!s.holder.empty()) lines << tr("Held by %1").arg(QString::fromStdString(s.holder));
    if (s.attempts.failures > 0)
        lines << tr("%n failed attempts; the last: %1", nullptr, s.attempts.failures)
                     .arg(QString::fromStdString(s.attempts.lastError));
    return lines.join(QLatin1Char('\n'));
}

QVariant SweepTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const CellStatus& s = status_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(s, index.column());
    case Qt::ToolTipRole: {
        const QString tip = toolTip(s);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::ForegroundRole:
        if (index.column() == State) return QBrush(stateColor(s.state));
        return {};
    case Qt::TextAlignmentRole: {
        const bool numeric = index.column() != Cell && index.column() != State;
        return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
    }
    case StateRole:
        return static_cast<int>(s.state);
    default:
        return {};
    }
}

QVariant SweepTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Index:
        return tr("#");
    case Cell:
        return tr("Cell");
    case State:
        return tr("State");
    case Steps:
        return tr("Steps");
    case Best:
        return tr("Best");
    case Attempts:
        return tr("Attempts");
    default:
        return {};
    }
}

} // namespace sa
