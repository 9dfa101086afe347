#include "sweep_monitor.h"

#include "core_path.h"
#include "error.h"
#include "experiment/run_index.h"
#include "experiment/slurm_executor.h"
#include "sweep_launch.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <exception>

namespace sa {

namespace {

QString lastLine(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    // The tail is enough: the log only grows by a few lines per launch.
    if (file.size() > 4096) file.seek(file.size() - 4096);
    const auto lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // The local executor redraws a progress bar with '\r'.
    return lines.isEmpty() ? QString() : lines.back().split(QLatin1Char('\r'), Qt::SkipEmptyParts).value(0).trimmed();
}

void read(const SweepFolder& folder, SweepSnapshot& out) {
    out.status = folder.status(slurmQueue(folder));
    out.aggregate = aggregateCells(out.status);
    out.launchLog = lastLine(SweepLauncher::launchLog(out.folder));
}

} // namespace

SweepMonitor::SweepMonitor(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(1500);
    connect(timer_, &QTimer::timeout, this, &SweepMonitor::refresh);
}

SweepMonitor::~SweepMonitor() {
    if (worker_) {
        worker_->wait();
        delete worker_;
    }
}

void SweepMonitor::setFolder(const QString& folder) {
    folder_ = folder;
    opened_.reset();
    if (folder.isEmpty()) {
        timer_->stop();
        return;
    }
    timer_->start();
    again_ = worker_ != nullptr;
    refresh();
}

void SweepMonitor::setInterval(int ms) {
    timer_->setInterval(ms);
}

void SweepMonitor::refresh() {
    if (worker_ || folder_.isEmpty()) return;
    auto snapshot = std::make_shared<SweepSnapshot>();
    snapshot->folder = folder_;
    auto opened = std::make_shared<std::shared_ptr<const SweepFolder>>(opened_);
    worker_ = QThread::create([snapshot, opened] {
        try {
            if (!*opened)
                *opened = std::make_shared<const SweepFolder>(SweepFolder::open(toCorePath(snapshot->folder)));
            read(**opened, *snapshot);
        } catch (const std::exception& e) {
            *snapshot = SweepSnapshot{snapshot->folder, {}, {}, {}, QString::fromStdString(userMessage(e))};
        }
    });
    // Delivered on the GUI thread once the worker has written the snapshot.
    connect(worker_, &QThread::finished, this, [this, snapshot, opened] {
        worker_->deleteLater();
        worker_ = nullptr;
        if (snapshot->folder != folder_ || again_) {
            again_ = false;
            refresh(); // the folder changed meanwhile: this one is stale
            return;
        }
        if (!opened_) opened_ = *opened;
        Q_EMIT updated(*snapshot);
    });
    worker_->start();
}

} // namespace sa
