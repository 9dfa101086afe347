// The Studio's main window. Today it opens a checkpoint and shows what it
// contains; experiment, run and report views join it as they are written.
#pragma once

#include "model/model_summary.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QThread;

namespace sa {

class ModelSummaryView;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Both load off the GUI thread and return at once.
    void openCheckpoint(const QString& directory);
    void openDemo();

private:
    void createMenus();
    void chooseCheckpoint();
    void showAbout();
    // Runs `inspect` on a worker thread; `what` names the model in messages.
    void load(const QString& what, std::function<ModelSummary()> inspect);
    void setBusy(bool busy, const QString& message = {});

    QAction* openAction_ = nullptr;
    QStackedWidget* pages_ = nullptr; // the placeholder, or the summary once a model is open
    QLabel* placeholder_ = nullptr;
    ModelSummaryView* summaryView_ = nullptr;
    QProgressBar* busyIndicator_ = nullptr;
    QThread* loader_ = nullptr;
};

} // namespace sa
