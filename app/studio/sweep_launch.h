// Starting and cancelling a sweep from the Studio. The Studio does not run
// cells itself: it starts `sparseadapter sweep` detached, so a sweep outlives
// the window (the local executor keeps running; a Slurm submission returns
// at once), and follows the sweep folder's files (SweepMonitor).
#pragma once

#include <QCoreApplication>
#include <QString>

#include <string>

namespace sa {

enum class SweepExecutor { Local, Slurm };

struct SweepLaunch {
    QString specFile; // <sweeps folder>/<name>.json, what the command line was given
    QString folder;   // the sweep's folder, prepared
    QString error;    // why nothing was started; empty on success
};

class SweepLauncher {
    Q_DECLARE_TR_FUNCTIONS(SweepLauncher)

public:
    // The `sparseadapter` program: $SPARSEADAPTER_CLI, else beside the
    // Studio (installed), else the build tree's app/cli. Empty when none.
    static QString program();
    // Why sweeps cannot be launched from here, or empty.
    static QString unavailableReason();

    // Writes `specText` (a sweep spec whose output_dir is an absolute path)
    // to <output_dir>/<name>.json, prepares the sweep folder (core checks
    // every cell and refuses a folder of another spec) and starts the
    // command line detached; its output goes to the folder's launchLog().
    static SweepLaunch launch(const std::string& specText, SweepExecutor executor);
    // The sweep of `folder` again from its spec.json: finished cells are
    // skipped, stopped ones continue from their checkpoints, failed ones are
    // retried; on Slurm when it was submitted there. Empty or why not.
    static QString resume(const QString& folder);
    // `sparseadapter sweep cancel FOLDER`, detached; empty or why not.
    static QString cancel(const QString& folder);

    static QString launchLog(const QString& folder);
};

} // namespace sa
