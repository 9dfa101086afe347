// The Studio's main window: the experiment form with its budget panel, the
// live curves and masks of a run (which trains on a worker thread and never
// blocks the window), the runs folder as a table to open and compare runs
// from, and the model a checkpoint turned out to be.
#pragma once

#include "experiment/experiment_config.h"
#include "experiment/resume_check.h"
#include "model/model_summary.h"
#include "run_curves.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QActionGroup;
class QCloseEvent;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QThread;
class QTimer;

namespace sa {

class ConfigDiffView;
class ExperimentForm;
class FusionView;
class MaskViews;
class ModelSummaryView;
class PredictionsView;
class SamplesView;
class RunsTable;
class SweepsTab;
class TrainingCurves;
class TrainingSession;
struct StepEvent;
struct EvalEvent;
struct FinishedEvent;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Both load off the GUI thread and return at once.
    void openCheckpoint(const QString& directory);
    void openDemo();
    // Puts the built-in demo experiment into the form (run folders under
    // runsRoot()) and trains it; returns false when a run is already going.
    bool startDemoRun(const QString& task = QStringLiteral("sst-2")); // a builtinDemoConfig task
    // Trains what the form says; false when the form shows a problem or a
    // run is already going.
    bool startFormRun();
    // Trains `config`.
    bool startRun(const ExperimentConfig& config);
    // Continues the stopped run folder `folder`, its curves so far shown.
    // When core refuses (a finished run, work without a checkpoint, gaps in
    // the history), the error box offers its ways forward as buttons
    // (object name "resumeChoices"): start over, or continue with the gaps.
    bool resumeRun(const QString& folder, const ResumeOptions& options = {});
    // Shows a run folder's curves, masks and fusion attention (Runs ▸ Open) /
    // several runs' curves overlaid with their configuration differences
    // (Runs ▸ Compare).
    // The files are read on a worker thread: true when reading began
    // (runsShown() follows, or a message box naming the file at fault);
    // false while a run trains or another read is going.
    bool openRun(const QString& folder);
    bool compareRuns(const QStringList& folders);

    TrainingSession& session() { return *session_; }
    ExperimentForm& form() { return *form_; }
    TrainingCurves& curves() { return *curves_; }
    MaskViews& maskViews() { return *maskViews_; }
    FusionView& fusionView() { return *fusionView_; }
    PredictionsView& predictions() { return *predictions_; }
    SamplesView& samples() { return *samples_; }
    RunsTable& runsTable() { return *runsTable_; }
    ConfigDiffView& configDiff() { return *configDiff_; }
    SweepsTab& sweepsTab() { return *sweepsTab_; }

    // Where new runs go and the runs table looks (QSettings, default: the
    // app's data folder /runs).
    static QString runsRoot();

    // Every plot of the window as PNG, PDF and SVG (where supported) into
    // `directory`, named after its view ("training-loss.svg"); returns the
    // files written (File ▸ Export Figures).
    QStringList exportFigures(const QString& directory);

    // Writes a PNG of every tab into `directory` (experiment, training,
    // masks, fusion, predictions, samples, runs, sweeps, model); returns the
    // files written. Used by --screenshot.
    QStringList saveScreenshots(const QString& directory);
    static int screenshotCount();

    // "Qt 6.4.2 · LibTorch 1.13.0 · CPU (2 threads)" for the About box.
    static QString versionsText();

Q_SIGNALS:
    // An opened or compared run is on screen.
    void runsShown(const QStringList& folders);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void createViewMenu();
    void restoreWindowState();
    void chooseCheckpoint();
    // The run selected in the Runs table, else a folder the user picks
    // (empty when cancelled).
    QString chooseRun(const QString& title);
    void chooseRunToResume();
    void exportAdapterWithDialog();
    void exportFiguresWithDialog();
    void exportTablesWithDialog();
    void showAbout();
    // Runs `inspect` on a worker thread; `what` names the model in messages.
    void load(const QString& what, std::function<ModelSummary()> inspect);
    void setBusy(bool busy, const QString& message = {});
    void onPrepared(const QString& runDirectory, qint64 totalSteps);
    void onStep(const StepEvent& event);
    void onEval(const EvalEvent& event);
    void onFinished(const FinishedEvent& event, const QString& runDirectory);
    void onFailed(const QString& message);
    void showError(const QString& title, const QString& message);
    void offerResumeChoices(const QString& folder, const QString& message);
    // Empties the views a run fills at its evaluations and pruning rounds,
    // and sends its samples to Samples (summarization) or Predictions.
    void clearRunViews(TaskFamily family);
    struct RunsRead;
    // Reads the curves (and with `masks`, the first run's masks) of
    // `folders` off the GUI thread, then shows them.
    bool readRuns(const QStringList& folders, bool masks);
    void showRuns(const QStringList& folders, const RunsRead& read);
    void updateRunActions();

    QAction* openAction_ = nullptr;
    QStackedWidget* pages_ = nullptr; // the placeholder, or the summary once a model is open
    QLabel* placeholder_ = nullptr;
    ModelSummaryView* summaryView_ = nullptr;
    QProgressBar* busyIndicator_ = nullptr;
    QThread* loader_ = nullptr;
    QThread* runReader_ = nullptr;
    QTimer* runsRefresh_ = nullptr; // coalesces the runs table's re-reads during a run

    QTabWidget* tabs_ = nullptr;
    ExperimentForm* form_ = nullptr;
    TrainingCurves* curves_ = nullptr;
    MaskViews* maskViews_ = nullptr;
    FusionView* fusionView_ = nullptr; // AdapterFusion's attention at the latest evaluation
    PredictionsView* predictions_ = nullptr;
    SamplesView* samples_ = nullptr;
    bool summarizing_ = false; // the run's samples go to Samples, not Predictions
    RunsTable* runsTable_ = nullptr;
    ConfigDiffView* configDiff_ = nullptr;
    SweepsTab* sweepsTab_ = nullptr;
    TrainingSession* session_ = nullptr;
    QAction* startAction_ = nullptr;
    QAction* startDemoAction_ = nullptr;
    QList<QAction*> otherDemoActions_; // the question-answering and summarization demos
    QAction* pauseAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* resumeAction_ = nullptr;
    QProgressBar* runProgress_ = nullptr;
    QLabel* runStatus_ = nullptr;
    QString resumedFolder_;          // the folder the running session resumes, for its refusal's choices
    QLabel* pruneWarning_ = nullptr; // the last pruning round's warning, if any
    CurvePoint lastPoint_;           // of the latest step, where its evaluation is drawn
};

} // namespace sa
