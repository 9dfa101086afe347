// Runs view: every run folder under the runs folder as a sortable, filterable
// table (config summary, best and last metric, budget, duration, status).
// Opening a run asks for its curves, selecting several asks for a comparison
// (the main window plots them; ConfigDiffView shows what differs), and the
// visible rows export as runs.csv / .md / .tex (core writeRunTables).
#pragma once

#include "run_list_model.h"

#include <QString>
#include <QStringList>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sa {

class RunFilterModel;

class RunsTable : public QWidget {
    Q_OBJECT

public:
    explicit RunsTable(QWidget* parent = nullptr);

    // Sets the folder and reads it (refresh()).
    void setRunsRoot(const QString& root);
    QString runsRoot() const { return root_; }

    // Reads the runs folder again (summary.json and config.json of each run,
    // never the large tensors), keeping the selection. A run that cannot be
    // read is a row with status "unreadable" and its error as tooltip; a
    // runs folder that is not a folder empties the table and says why below.
    void refresh();

    // Run folders of the selected rows, in the order shown.
    QStringList selectedRunFolders() const;
    // Selects exactly the rows of these folders (those visible).
    void selectRunFolders(const QStringList& folders);

    // Filters, as the toolbar sets them: text matched against every column
    // (case-insensitive), and a status ("" for all).
    void setFilterText(const QString& text);
    void setStatusFilter(const QString& status);

    // Rows after filtering, in the order shown; for tests and the main window.
    int visibleRowCount() const;
    QString cellText(int visibleRow, int column) const;
    QString runFolder(int visibleRow) const;
    // The line under the table: "3 of 5 runs" or why the folder is unreadable.
    QString message() const;

    // Writes runs.csv, runs.md and runs.tex (and each run's budget tables)
    // for the visible rows, in the order shown, into `directory`; unreadable
    // runs are left out. Returns the files written; on failure none and the
    // reason in `error`.
    QStringList exportTables(const QString& directory, QString* error = nullptr);

    // What to run to watch these runs in TensorBoard: `tensorboard --logdir`
    // on the runs folder (every run's tb/ is a run there, named by its
    // folder), or on the one selected run's tb/ folder. Empty without a
    // runs folder.
    QString tensorboardCommand() const;

    QAbstractItemModel* model() const; // the sorted, filtered model the view shows
    RunListModel* sourceModel() const { return runs_; }
    QTableView* view() const { return view_; }

Q_SIGNALS:
    // Double click on a row, or Open with one row selected.
    void runOpened(const QString& folder);
    // Compare with two or more rows selected.
    void compareRequested(const QStringList& folders);
    void selectionChanged(const QStringList& folders);
    // After the "Export table…" button wrote its files.
    void tablesExported(const QStringList& files);

private:
    void openSelected();
    void compareSelected();
    void exportWithDialog();
    void showTensorBoardFolder();
    void updateActions();
    void updateMessage();
    void fitColumns();

    QString root_;
    QString loadError_;
    RunListModel* runs_;
    RunFilterModel* filter_;
    QLineEdit* filterEdit_;
    QComboBox* statusCombo_;
    QPushButton* refreshButton_;
    QPushButton* openButton_;
    QPushButton* compareButton_;
    QPushButton* exportButton_;
    QPushButton* tensorboardButton_;
    QTableView* view_;
    QLabel* message_;
};

} // namespace sa
