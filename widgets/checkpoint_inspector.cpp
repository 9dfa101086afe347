#include "checkpoint_inspector.h"
#include "core_path.h"
#include "error.h"

#include <QFile>
#include <QThread>

#include <exception>

namespace sa {

CheckpointInspector::CheckpointInspector(QObject* parent) : QObject(parent) {}

CheckpointInspector::~CheckpointInspector() {
    // inspectCheckpoint cannot be interrupted, and a worker left running past
    // the event loop would never be deleted and could outlive LibTorch's
    // statics at exit; the worker, a child, is deleted after this.
    if (worker_) worker_->wait();
}

void CheckpointInspector::inspect(const QString& directory) {
    ++generation_;
    if (worker_)
        pending_ = directory;
    else
        start(directory);
}

void CheckpointInspector::cancel() {
    ++generation_;
    pending_.reset();
}

void CheckpointInspector::start(const QString& directory) {
    auto result = std::make_shared<CheckpointInspection>();
    result->directory = directory;
    const std::string path = toCorePath(directory);
    // The worker touches only `result`, never the inspector.
    worker_ = QThread::create([path, result] {
        try {
            result->summary = inspectCheckpoint(path);
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(sa::userMessage(e));
        }
    });
    worker_->setParent(this);
    // Queued: `finished` comes from the worker thread.
    const int generation = generation_;
    connect(worker_, &QThread::finished, this, [this, result, generation] { finished(result, generation); });
    worker_->start();
}

void CheckpointInspector::finished(const std::shared_ptr<CheckpointInspection>& result, int generation) {
    // `finished` is emitted just before the thread ends: wait out that last
    // moment, then delete it now, so the next worker is never a second one.
    worker_->wait();
    delete worker_;
    worker_ = nullptr;
    if (pending_) {
        const QString next = *pending_;
        pending_.reset();
        if (next != result->directory) {
            start(next);
            return;
        }
        generation = generation_; // the waiting request asked for what was just inspected
    }
    if (generation == generation_) Q_EMIT inspected(*result);
}

} // namespace sa
