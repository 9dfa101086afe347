// The Sweeps tab: a grid built from the experiment form's config (keys and
// their values, with the cell count and total parameter budget as one
// types), launched as local processes or a Slurm job array through the
// command line (sweep_launch.h), and the sweeps launched so far followed
// live: each cell's state, the paper's figure filling in as cells finish,
// a cell opened as a run, a sweep cancelled. The sweeps are remembered in
// QSettings, so a reopened Studio follows them again.
#pragma once

#include "experiment/sweep_report.h"
#include "sweep_launch.h"

#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QHideEvent;
class QShowEvent;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace sa {

class SweepGridEditor;
class SweepMonitor;
class SweepPlot;
class SweepTableModel;
struct SweepSnapshot;

class SweepsTab : public QWidget {
    Q_OBJECT

public:
    explicit SweepsTab(QWidget* parent = nullptr);

    // The experiment form's configJson(), every cell's starting point.
    void setBaseConfig(const QString& configJson);

    // Where new sweeps go (QSettings, default: the app's data folder /sweeps).
    QString sweepsRoot() const;
    void setSweepsRoot(const QString& folder);

    // Launches the grid as it stands; false with launchProblem() when the
    // grid, the name or the executor does not allow it.
    bool launch(SweepExecutor executor);
    QString launchProblem() const;

    // The sweeps followed (launched here, or remembered from earlier).
    QStringList sweepFolders() const { return folders_; }
    QString currentSweep() const;
    void showSweep(const QString& folder); // adds it to the list when new
    void forgetSweep(const QString& folder);

    SweepGridEditor* gridEditor() const { return editor_; }
    SweepTableModel* cells() const { return model_; }
    SweepPlot* plot() const { return plot_; }
    SweepMonitor* monitor() const { return monitor_; }

Q_SIGNALS:
    // A cell's run folder to open as any run (Runs ▸ Open).
    void runOpened(const QString& folder);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    // The launch side: sweeps_tab_launch.cpp.
    QWidget* buildLaunchPanel();
    void restoreLaunchFields();
    void saveLaunchFields() const;
    static QLabel* noteLabel(const QString& objectName);
    QWidget* buildMonitorPanel();
    // The program lookups (the CLI, sbatch on PATH) behind the launch
    // buttons: at start, when the tab is shown and before a launch, not on
    // every keystroke.
    void findTools();
    // Why `executor` cannot launch now; empty when it can.
    QString whyNot(SweepExecutor executor) const;
    void updateLaunchButtons();
    void showSnapshot(const SweepSnapshot& snapshot);
    void showFigure();
    void updateCellActions();
    QString selectedRunFolder() const;
    void openSelectedRun();
    void saveFolders() const;

    SweepGridEditor* editor_ = nullptr;
    QLineEdit* name_ = nullptr;
    QLineEdit* root_ = nullptr;
    QSpinBox* parallel_ = nullptr;
    QLineEdit* partition_ = nullptr;
    QLineEdit* time_ = nullptr;
    QPushButton* runLocal_ = nullptr;
    QPushButton* submitSlurm_ = nullptr;
    QLabel* slurmNote_ = nullptr;
    QLabel* launchProblem_ = nullptr;
    QString cliMissing_, slurmMissing_; // from findTools()

    QComboBox* sweeps_ = nullptr;
    QLabel* counts_ = nullptr;
    QLabel* launchLog_ = nullptr;
    SweepTableModel* model_ = nullptr;
    QTableView* table_ = nullptr;
    QPushButton* openRun_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* continue_ = nullptr;
    QComboBox* task_ = nullptr;
    QComboBox* axis_ = nullptr;
    SweepPlot* plot_ = nullptr;
    SweepMonitor* monitor_ = nullptr;

    QStringList folders_;
    SweepAggregate aggregate_;
    QElapsedTimer started_; // since a command line was started here
};

} // namespace sa
