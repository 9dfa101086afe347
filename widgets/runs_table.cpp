#include "runs_table.h"
#include "core_path.h"
#include "error.h"

#include "experiment/report_tables.h"
#include "experiment/run_tensorboard.h"

#include <QClipboard>
#include <QCollator>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace sa {

// Sorts by RunListModel::SortRole (numbers as numbers, names in natural
// order: run-2 before run-10) with missing values last in both directions,
// since an empty "Best" says "no evaluation yet", not "worst".
class RunFilterModel : public QSortFilterProxyModel {
public:
    explicit RunFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
        collator_.setNumericMode(true);
        collator_.setCaseSensitivity(Qt::CaseInsensitive);
    }

    void setText(const QString& text) {
        text_ = text.trimmed();
        invalidateFilter();
    }
    void setStatus(const QString& status) {
        status_ = status;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override {
        const QAbstractItemModel* source = sourceModel();
        if (!status_.isEmpty() &&
            source->index(sourceRow, 0, sourceParent).data(RunListModel::StatusRole).toString() != status_)
            return false;
        if (text_.isEmpty()) return true;
        for (int column = 0; column < source->columnCount(sourceParent); ++column)
            if (source->index(sourceRow, column, sourceParent).data().toString().contains(text_, Qt::CaseInsensitive))
                return true;
        return false;
    }

    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const QVariant a = left.data(RunListModel::SortRole);
        const QVariant b = right.data(RunListModel::SortRole);
        if (!a.isValid() || !b.isValid()) {
            if (a.isValid() == b.isValid()) return false;
            // Descending order sorts by lessThan(right, left): flip so that
            // the missing value still ends up below.
            return sortOrder() == Qt::AscendingOrder ? !b.isValid() : !a.isValid();
        }
        if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) return a.toDouble() < b.toDouble();
        return collator_.compare(a.toString(), b.toString()) < 0;
    }

private:
    QString text_;
    QString status_;
    QCollator collator_;
};

namespace {

// Every status summary.json can hold, and what listRuns adds.
const char* const kStatuses[] = {"finished", "running", "stopped", "failed", "created", "unknown", "unreadable"};

} // namespace

RunsTable::RunsTable(QWidget* parent)
    : QWidget(parent), runs_(new RunListModel(this)), filter_(new RunFilterModel(this)) {
    filter_->setSourceModel(runs_);

    filterEdit_ = new QLineEdit;
    filterEdit_->setPlaceholderText(tr("Filter runs…"));
    filterEdit_->setClearButtonEnabled(true);
    statusCombo_ = new QComboBox;
    statusCombo_->addItem(tr("All statuses"), QString());
    for (const char* status : kStatuses)
        statusCombo_->addItem(RunListModel::statusLabel(QString::fromLatin1(status)), QString::fromLatin1(status));
    refreshButton_ = new QPushButton(tr("Refresh"));
    openButton_ = new QPushButton(tr("Open"));
    openButton_->setToolTip(tr("Plot the selected run's curves"));
    compareButton_ = new QPushButton(tr("Compare"));
    compareButton_->setToolTip(
        tr("Overlay the curves of the selected runs and list where their configurations differ"));
    exportButton_ = new QPushButton(tr("Export table…"));
    exportButton_->setToolTip(tr("Write the runs shown as CSV, Markdown and LaTeX tables"));

    tensorboardButton_ = new QPushButton(tr("TensorBoard folder"));
    tensorboardButton_->setToolTip(tr("The folder to pass to tensorboard --logdir: every run writes its curves "
                                      "there as it trains"));

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(filterEdit_, 1);
    toolbar->addWidget(statusCombo_);
    toolbar->addWidget(refreshButton_);
    toolbar->addWidget(openButton_);
    toolbar->addWidget(compareButton_);
    toolbar->addWidget(exportButton_);
    toolbar->addWidget(tensorboardButton_);

    view_ = new QTableView;
    view_->setModel(filter_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setSectionsMovable(true);
    view_->setSortingEnabled(true);
    view_->sortByColumn(RunListModel::Name, Qt::AscendingOrder);

    message_ = new QLabel;
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(view_, 1);
    layout->addWidget(message_);

    connect(filterEdit_, &QLineEdit::textChanged, this, [this](const QString& text) {
        filter_->setText(text);
        updateMessage();
        updateActions();
    });
    connect(statusCombo_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setStatus(statusCombo_->currentData().toString());
        updateMessage();
        updateActions();
    });
    connect(refreshButton_, &QPushButton::clicked, this, &RunsTable::refresh);
    connect(openButton_, &QPushButton::clicked, this, &RunsTable::openSelected);
    connect(compareButton_, &QPushButton::clicked, this, &RunsTable::compareSelected);
    connect(exportButton_, &QPushButton::clicked, this, &RunsTable::exportWithDialog);
    connect(tensorboardButton_, &QPushButton::clicked, this, &RunsTable::showTensorBoardFolder);
    connect(view_, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { Q_EMIT runOpened(index.data(RunListModel::FolderRole).toString()); });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        Q_EMIT selectionChanged(selectedRunFolders());
    });

    updateMessage();
    updateActions();
}

void RunsTable::setRunsRoot(const QString& root) {
    root_ = root;
    refresh();
}

void RunsTable::refresh() {
    const QStringList kept = selectedRunFolders();
    std::vector<RunRecord> runs;
    loadError_.clear();
    if (!root_.isEmpty()) {
        try {
            runs = listRuns(toCorePath(root_));
        } catch (const std::exception& e) {
            loadError_ = QString::fromStdString(sa::userMessage(e));
        }
    }
    runs_->setRuns(std::move(runs));
    fitColumns();
    selectRunFolders(kept);
    updateMessage();
    updateActions();
    // A reset drops the selection without a selectionChanged of its own.
    const QStringList now = selectedRunFolders();
    if (now != kept) Q_EMIT selectionChanged(now);
}

// Columns grow to fit new text (a run's "0/1800" steps become "1800/1800")
// but never shrink: a width the user dragged wider survives the refreshes
// that come with every evaluation.
void RunsTable::fitColumns() {
    const QAbstractItemView* view = view_; // sizeHintForColumn is public there
    for (int c = 0; c < filter_->columnCount(); ++c) {
        const int wanted = std::max(view->sizeHintForColumn(c), view_->horizontalHeader()->sectionSizeHint(c));
        if (view_->columnWidth(c) < wanted) view_->setColumnWidth(c, wanted);
    }
}

QStringList RunsTable::selectedRunFolders() const {
    QModelIndexList rows = view_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList folders;
    for (const QModelIndex& row : rows)
        folders << row.data(RunListModel::FolderRole).toString();
    return folders;
}

void RunsTable::selectRunFolders(const QStringList& folders) {
    QStringList wanted;
    for (const QString& folder : folders)
        wanted << QDir::cleanPath(folder);
    QItemSelection selection;
    for (int row = 0; row < filter_->rowCount(); ++row) {
        const QModelIndex first = filter_->index(row, 0);
        if (wanted.contains(QDir::cleanPath(first.data(RunListModel::FolderRole).toString())))
            selection.select(first, filter_->index(row, filter_->columnCount() - 1));
    }
    view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void RunsTable::setFilterText(const QString& text) {
    filterEdit_->setText(text);
}

void RunsTable::setStatusFilter(const QString& status) {
    int index = statusCombo_->findData(status);
    if (index < 0) {
        statusCombo_->addItem(RunListModel::statusLabel(status), status);
        index = statusCombo_->count() - 1;
    }
    statusCombo_->setCurrentIndex(index);
}

int RunsTable::visibleRowCount() const {
    return filter_->rowCount();
}

QString RunsTable::cellText(int visibleRow, int column) const {
    return filter_->index(visibleRow, column).data().toString();
}

QString RunsTable::runFolder(int visibleRow) const {
    return filter_->index(visibleRow, 0).data(RunListModel::FolderRole).toString();
}

QString RunsTable::message() const {
    return message_->text();
}

QAbstractItemModel* RunsTable::model() const {
    return filter_;
}

QStringList RunsTable::exportTables(const QString& directory, QString* error) {
    std::vector<std::string> folders;
    for (int row = 0; row < filter_->rowCount(); ++row) {
        const QModelIndex index = filter_->index(row, 0);
        // writeRunTables stops at the first folder it cannot read; the
        // tooltip already tells why, the others are still worth a table.
        if (index.data(RunListModel::StatusRole).toString() == QLatin1String("unreadable")) continue;
        folders.push_back(toCorePath(index.data(RunListModel::FolderRole).toString()));
    }
    if (folders.empty()) {
        if (error) *error = tr("There are no readable runs to export.");
        return {};
    }
    try {
        QStringList written;
        for (const auto& path : writeRunTables(folders, toCorePath(directory)))
            written << fromCorePath(path);
        return written;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(sa::userMessage(e));
        return {};
    }
}

void RunsTable::openSelected() {
    const QStringList folders = selectedRunFolders();
    if (folders.size() == 1) Q_EMIT runOpened(folders.front());
}

void RunsTable::compareSelected() {
    const QStringList folders = selectedRunFolders();
    if (folders.size() >= 2) Q_EMIT compareRequested(folders);
}

void RunsTable::exportWithDialog() {
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Export the runs table to"), root_);
    if (directory.isEmpty()) return;
    QString error;
    const QStringList written = exportTables(directory, &error);
    if (written.isEmpty()) {
        QMessageBox::warning(this, tr("Export table"), tr("The tables were not written: %1").arg(error));
        return;
    }
    Q_EMIT tablesExported(written);
}

QString RunsTable::tensorboardCommand() const {
    if (root_.isEmpty()) return {};
    const QStringList selected = selectedRunFolders();
    const QString folder = selected.size() == 1 ? QDir(selected.front()).filePath(QStringLiteral("tb")) : root_;
    return fromCorePath(sa::tensorboardCommand(toCorePath(folder)));
}

void RunsTable::showTensorBoardFolder() {
    const QString command = tensorboardCommand();
    if (command.isEmpty()) return;
    QMessageBox box(QMessageBox::Information, tr("TensorBoard folder"),
                    tr("Runs write TensorBoard event files into their tb/ folder while they train. To watch "
                       "them, run:"),
                    QMessageBox::Close, this);
    box.setInformativeText(command);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* copy = box.addButton(tr("Copy command"), QMessageBox::ActionRole);
    box.exec();
    if (box.clickedButton() == copy) QGuiApplication::clipboard()->setText(command);
}

void RunsTable::updateActions() {
    const auto selected = view_->selectionModel()->selectedRows().size();
    openButton_->setEnabled(selected == 1);
    compareButton_->setEnabled(selected >= 2);
    exportButton_->setEnabled(filter_->rowCount() > 0);
    tensorboardButton_->setEnabled(!root_.isEmpty());
}

void RunsTable::updateMessage() {
    if (!loadError_.isEmpty()) {
        message_->setText(tr("Cannot read the runs folder: %1").arg(loadError_));
        return;
    }
    if (root_.isEmpty()) {
        message_->setText(tr("No runs folder."));
        return;
    }
    const int total = runs_->rowCount();
    const int shown = filter_->rowCount();
    if (total == 0)
        message_->setText(tr("No runs in %1 yet.").arg(QDir::toNativeSeparators(root_)));
    else if (shown == total)
        message_->setText(tr("Runs: %1").arg(total));
    else
        message_->setText(tr("Runs: %1 of %2 shown").arg(shown).arg(total));
}

} // namespace sa
