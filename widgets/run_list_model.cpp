#include "run_list_model.h"
#include "core_path.h"
#include "count_text.h"

#include <QBrush>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <cmath>

namespace sa {

namespace {

QString fromCore(const std::string& text) {
    return QString::fromStdString(text);
}

bool present(double value) {
    return std::isfinite(value);
}

// The same precision as the exported tables (report_tables.h), so a number
// read off the screen matches the paper's table.
QString decimals(double value, int places) {
    return present(value) ? QString::number(value, 'f', places) : QString();
}

QString count(int64_t n) {
    return n < 0 ? QString() : countText(n);
}

QVariant number(double value) {
    return present(value) ? QVariant(value) : QVariant();
}

QVariant number(int64_t value, int64_t missingBelow) {
    return value < missingBelow ? QVariant() : QVariant(static_cast<double>(value));
}

// "/models/roberta-base/" reads as "roberta-base"; "builtin:demo" stays.
QString modelName(const std::string& model) {
    QString path = fromCorePath(model);
    while (path.size() > 1 && (path.endsWith('/') || path.endsWith('\\')))
        path.chop(1);
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

} // namespace

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunListModel::setRuns(std::vector<RunRecord> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::statusLabel(const QString& status) {
    if (status == QLatin1String("created")) return tr("created");
    if (status == QLatin1String("running")) return tr("running");
    if (status == QLatin1String("stopped")) return tr("stopped");
    if (status == QLatin1String("finished")) return tr("finished");
    if (status == QLatin1String("failed")) return tr("failed");
    if (status == QLatin1String("unknown")) return tr("unknown");
    if (status == QLatin1String("unreadable")) return tr("unreadable");
    return status;
}

QString RunListModel::text(const RunRecord& r, int column) const {
    switch (column) {
    case Name:
        return fromCore(r.name);
    case Status:
        return statusLabel(fromCore(r.status));
    case Task:
        return fromCore(r.task);
    case Model:
        return modelName(r.model);
    case Adapter:
        return fromCore(r.adapter);
    case Bottleneck:
        return r.bottleneck > 0 ? QString::number(r.bottleneck) : QString();
    case LargeSparse:
        return QString::number(r.largeSparse);
    case Pruning:
        return fromCore(r.pruning);
    case Sparsity:
        return decimals(r.sparsity, 4);
    case Steps:
        return r.totalSteps > 0 ? QStringLiteral("%1/%2").arg(r.stepsDone).arg(r.totalSteps)
                                : QString::number(r.stepsDone);
    case Metric:
        return fromCore(r.mainMetric);
    case Best:
        return decimals(r.bestValue, 4);
    case Last:
        return decimals(r.finalValue, 4);
    case Trainable:
        return count(r.trainable);
    case EffectiveTrainable:
        return count(r.effectiveTrainable);
    case BackbonePercent:
        return decimals(r.effectivePercent, 2);
    case Duration: {
        if (!present(r.trainSeconds)) return {};
        const double s = r.trainSeconds;
        if (s < 60) return tr("%1 s").arg(s, 0, 'f', 1);
        const auto whole = static_cast<qlonglong>(std::llround(s));
        if (whole < 3600) return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
        return tr("%1 h %2 min").arg(whole / 3600).arg((whole % 3600) / 60, 2, 10, QLatin1Char('0'));
    }
    default:
        return {};
    }
}

QVariant RunListModel::sortKey(const RunRecord& r, int column) const {
    switch (column) {
    case Bottleneck:
        return number(r.bottleneck, 1);
    case LargeSparse:
        return number(r.largeSparse, 1);
    case Sparsity:
        return number(r.sparsity);
    case Steps:
        return number(r.stepsDone, 0);
    case Best:
        return number(r.bestValue);
    case Last:
        return number(r.finalValue);
    case Trainable:
        return number(r.trainable, 0);
    case EffectiveTrainable:
        return number(r.effectiveTrainable, 0);
    case BackbonePercent:
        return number(r.effectivePercent);
    case Duration:
        return number(r.trainSeconds);
    default: {
        const QString shown = text(r, column);
        return shown.isEmpty() ? QVariant() : QVariant(shown);
    }
    }
}

QString RunListModel::toolTip(const RunRecord& r, int column) const {
    // Why a run failed or cannot be read matters wherever the pointer is.
    if (!r.error.empty()) return fromCore(r.error);
    switch (column) {
    case Name:
        return fromCorePath(r.folder);
    case Model:
        return fromCorePath(r.model);
    case Best:
        return r.bestStep >= 0 ? tr("at step %1").arg(r.bestStep) : QString();
    case BackbonePercent:
        if (!present(r.trainablePercent)) return {};
        return tr("trainable %1 %, effective (non-zero) %2 % of the backbone")
            .arg(r.trainablePercent, 0, 'f', 2)
            .arg(r.effectivePercent, 0, 'f', 2);
    case Duration:
        return present(r.trainSeconds) ? tr("%1 s of training").arg(r.trainSeconds, 0, 'f', 1) : QString();
    default:
        return {};
    }
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const RunRecord& r = runs_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(r, index.column());
    case Qt::ToolTipRole: {
        const QString tip = toolTip(r, index.column());
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole: {
        const QVariant key = sortKey(r, index.column());
        const bool numeric = index.column() == Steps || index.column() == Bottleneck || index.column() == LargeSparse ||
                             key.typeId() == QMetaType::Double;
        return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
    }
    case Qt::ForegroundRole:
        if (r.status == "unreadable" || r.status == "failed") return QBrush(Qt::darkRed);
        return {};
    case SortRole:
        return sortKey(r, index.column());
    case FolderRole:
        return fromCorePath(r.folder);
    case StatusRole:
        return fromCore(r.status);
    default:
        return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Name");
        case Status:
            return tr("Status");
        case Task:
            return tr("Task");
        case Model:
            return tr("Model");
        case Adapter:
            return tr("Adapter");
        case Bottleneck:
            return tr("Bottleneck");
        case LargeSparse:
            return tr("k");
        case Pruning:
            return tr("Pruning");
        case Sparsity:
            return tr("Sparsity");
        case Steps:
            return tr("Steps");
        case Metric:
            return tr("Metric");
        case Best:
            return tr("Best");
        case Last:
            return tr("Last");
        case Trainable:
            return tr("Trainable");
        case EffectiveTrainable:
            return tr("Effective trainable");
        case BackbonePercent:
            return tr("% backbone");
        case Duration:
            return tr("Duration");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case LargeSparse:
            return tr("Large-Sparse factor: bottleneck × k pruned to sparsity 1 − 1/k");
        case Sparsity:
            return tr("Fraction of adapter weights removed");
        case Steps:
            return tr("Optimizer steps done / total");
        case Best:
            return tr("Best value of the main metric");
        case Last:
            return tr("Value of the main metric at the last evaluation");
        case EffectiveTrainable:
            return tr("Trainable parameters that are not pruned");
        case BackbonePercent:
            return tr("Effective trainable parameters in % of the backbone");
        case Duration:
            return tr("Training time");
        default:
            return {};
        }
    }
    return {};
}

} // namespace sa
