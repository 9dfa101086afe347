// A checkpoint directory inspected on a worker thread: inspectCheckpoint
// loads every tensor, seconds on a real checkpoint, which the GUI thread must
// not wait for. It cannot be interrupted, so at most one worker runs: a
// request made meanwhile waits, replacing any request already waiting, and
// starts when the worker finishes. Only the latest request reports; the
// worker still running when the inspector is destroyed (window closed, app
// exit) is waited for, so no thread outlives the inspector or LibTorch's
// statics.
#pragma once

#include "model/model_summary.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace sa {

struct CheckpointInspection {
    QString directory;
    std::optional<ModelSummary> summary; // set when the checkpoint loaded
    QString error;                       // else why not (sa::Error's message)
};

class CheckpointInspector : public QObject {
    Q_OBJECT

public:
    explicit CheckpointInspector(QObject* parent = nullptr);
    ~CheckpointInspector() override;

    // Inspects `directory` off the GUI thread; an earlier request no longer
    // reports (and, if it had not started yet, never starts).
    void inspect(const QString& directory);
    // No request made so far reports; one waiting to start is dropped.
    void cancel();

Q_SIGNALS:
    void inspected(const sa::CheckpointInspection& result);

private:
    void start(const QString& directory);
    void finished(const std::shared_ptr<CheckpointInspection>& result, int generation);

    int generation_ = 0;             // of the latest request
    QThread* worker_ = nullptr;      // the one running, if any (a child)
    std::optional<QString> pending_; // the latest request, made while the worker ran
};

} // namespace sa
