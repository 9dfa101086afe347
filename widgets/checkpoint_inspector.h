// A checkpoint directory inspected on a worker thread: inspectCheckpoint
// loads every tensor, seconds on a real checkpoint, which the GUI thread must
// not wait for. Only the latest request reports; a worker still running when
// the inspector is destroyed (window closed, app exit) is waited for, so no
// thread outlives the inspector or LibTorch's statics.
#pragma once

#include "model/model_summary.h"

#include <QObject>
#include <QString>

#include <optional>

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

    // Inspects `directory` off the GUI thread; a request still running no
    // longer reports.
    void inspect(const QString& directory);
    // The running request, if any, no longer reports.
    void cancel() { ++generation_; }

Q_SIGNALS:
    void inspected(const sa::CheckpointInspection& result);

private:
    int generation_ = 0;
};

} // namespace sa
