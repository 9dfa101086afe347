#include "checkpoint_inspector.h"

#include <QFile>
#include <QThread>

#include <exception>
#include <memory>

namespace sa {

CheckpointInspector::CheckpointInspector(QObject* parent) : QObject(parent) {}

CheckpointInspector::~CheckpointInspector() {
    // inspectCheckpoint cannot be interrupted, and a worker left running past
    // the event loop would never be deleted and could outlive LibTorch's
    // statics at exit; the workers, children, are deleted after this.
    for (QThread* worker : findChildren<QThread*>(Qt::FindDirectChildrenOnly))
        worker->wait();
}

void CheckpointInspector::inspect(const QString& directory) {
    const int generation = ++generation_;
    auto result = std::make_shared<CheckpointInspection>();
    result->directory = directory;
    const std::string path = QFile::encodeName(directory).toStdString();
    // The worker touches only `result`, never the inspector.
    QThread* worker = QThread::create([path, result] {
        try {
            result->summary = inspectCheckpoint(path);
        } catch (const std::exception& e) {
            result->error = QString::fromUtf8(e.what());
        }
    });
    worker->setParent(this);
    // Queued: `finished` comes from the worker thread.
    connect(worker, &QThread::finished, this, [this, worker, generation, result] {
        worker->deleteLater();
        if (generation == generation_) Q_EMIT inspected(*result);
    });
    worker->start();
}

} // namespace sa
