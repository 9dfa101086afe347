// Follows one sweep folder while the Studio is open: every couple of
// seconds its cells' states (SweepFolder::status, with squeue's view for a
// Slurm sweep) and the records of its runs aggregated into the paper's
// figure (aggregateRuns). The files are read, and squeue asked, on a worker
// thread; the window only receives the snapshot. Nothing here depends on the
// process that runs the sweep, so a sweep is followed again after a restart.
#pragma once

#include "experiment/sweep_folder.h"
#include "experiment/sweep_report.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QThread;
class QTimer;

namespace sa {

struct SweepSnapshot {
    QString folder;
    std::vector<CellStatus> status;
    SweepAggregate aggregate;
    QString launchLog; // the last line the launched command line printed
    QString error;     // why the folder could not be read; the rest is empty then
};

class SweepMonitor : public QObject {
    Q_OBJECT

public:
    explicit SweepMonitor(QObject* parent = nullptr);
    ~SweepMonitor() override; // waits for a read in progress

    // Follows `folder` (empty: none) and reads it at once.
    void setFolder(const QString& folder);
    QString folder() const { return folder_; }
    void refresh();           // a read now, unless one is going
    void setInterval(int ms); // between reads (default 1500 ms)
    bool isReading() const { return worker_ != nullptr; }

Q_SIGNALS:
    void updated(const SweepSnapshot& snapshot);

private:
    QString folder_;
    std::shared_ptr<const SweepFolder> opened_; // cells.json is read once per folder
    QTimer* timer_;
    QThread* worker_ = nullptr;
    bool again_ = false; // the folder changed during a read
};

} // namespace sa
