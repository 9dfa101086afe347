// The Studio's main window: the model tab (a checkpoint and what it
// contains) and the training tab (live curves of a run started here, which
// trains on a worker thread and never blocks the window).
#pragma once

#include "model/model_summary.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QCloseEvent;
class QLabel;
class QProgressBar;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QThread;

namespace sa {

class MaskViews;
class ModelSummaryView;
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
    // Trains the built-in demo experiment (run folders under the app's data
    // folder); returns false when a run is already going.
    bool startDemoRun();
    // Trains the experiment `configJson` (ExperimentConfig JSON).
    bool startRun(const QString& configJson);
    TrainingSession& session() { return *session_; }
    TrainingCurves& curves() { return *curves_; }
    MaskViews& maskViews() { return *maskViews_; }

    // Writes a PNG of every tab into `directory` (model, training, masks);
    // returns the files written. Used by --screenshot after a demo run.
    QStringList saveScreenshots(const QString& directory);

    // "Qt 6.4.2 · LibTorch 1.13.0 · CPU (2 threads)" for the About box.
    static QString versionsText();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void restoreWindowState();
    void chooseCheckpoint();
    void showAbout();
    // Runs `inspect` on a worker thread; `what` names the model in messages.
    void load(const QString& what, std::function<ModelSummary()> inspect);
    void setBusy(bool busy, const QString& message = {});
    void onStep(const StepEvent& event);
    void onEval(const EvalEvent& event);
    void onFinished(const FinishedEvent& event, const QString& runDirectory);
    void onFailed(const QString& message);
    void updateRunActions();

    QAction* openAction_ = nullptr;
    QStackedWidget* pages_ = nullptr; // the placeholder, or the summary once a model is open
    QLabel* placeholder_ = nullptr;
    ModelSummaryView* summaryView_ = nullptr;
    QProgressBar* busyIndicator_ = nullptr;
    QThread* loader_ = nullptr;

    QTabWidget* tabs_ = nullptr;
    TrainingCurves* curves_ = nullptr;
    MaskViews* maskViews_ = nullptr;
    TrainingSession* session_ = nullptr;
    QAction* startAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QProgressBar* runProgress_ = nullptr;
    QLabel* runStatus_ = nullptr;
};

} // namespace sa
