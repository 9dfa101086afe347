#include "sweep_launch.h"

#include "core_path.h"
#include "error.h"
#include "experiment/sweep_folder.h"
#include "io/atomic_write.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <exception>
#include <ostream>

namespace sa {

namespace {

bool startDetached(const QStringList& arguments, const QString& folder, QString* error) {
    QProcess process;
    process.setProgram(SweepLauncher::program());
    process.setArguments(arguments);
    process.setWorkingDirectory(folder);
    // Appended: a sweep launched again keeps the earlier output.
    process.setStandardOutputFile(SweepLauncher::launchLog(folder), QIODevice::Append);
    process.setStandardErrorFile(SweepLauncher::launchLog(folder), QIODevice::Append);
    if (process.startDetached()) return true;
    *error = SweepLauncher::tr("%1 could not be started: %2")
                 .arg(QDir::toNativeSeparators(SweepLauncher::program()), process.errorString());
    return false;
}

QStringList sweepArguments(const QString& specFile, SweepExecutor executor) {
    QStringList arguments{QStringLiteral("sweep"), specFile, QStringLiteral("--executor")};
    if (executor == SweepExecutor::Local)
        arguments << QStringLiteral("local");
    else // sbatch takes the cells; the command returns once they are submitted
        arguments << QStringLiteral("slurm") << QStringLiteral("--detach");
    return arguments;
}

} // namespace

QString SweepLauncher::program() {
    const QString given = qEnvironmentVariable("SPARSEADAPTER_CLI");
    if (!given.isEmpty()) return QFileInfo(given).isExecutable() ? given : QString();
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate :
         {here.filePath(QStringLiteral("sparseadapter")), here.filePath(QStringLiteral("../cli/sparseadapter"))})
        if (QFileInfo(candidate).isExecutable()) return QDir::cleanPath(candidate);
    return {};
}

QString SweepLauncher::unavailableReason() {
    if (!program().isEmpty()) return {};
    const QString given = qEnvironmentVariable("SPARSEADAPTER_CLI");
    if (!given.isEmpty()) return tr("SPARSEADAPTER_CLI names %1, which is not an executable program").arg(given);
    return tr("the sparseadapter command-line program was not found beside the Studio (set SPARSEADAPTER_CLI)");
}

QString SweepLauncher::launchLog(const QString& folder) {
    return QDir(folder).filePath(QStringLiteral("studio-launch.log"));
}

SweepLaunch SweepLauncher::launch(const std::string& specText, SweepExecutor executor) {
    SweepLaunch out;
    if (const QString why = unavailableReason(); !why.isEmpty()) {
        out.error = why;
        return out;
    }
    try {
        const auto spec = SweepSpec::fromJson(specText, "the sweep", "");
        const auto folder = SweepFolder::prepare(spec);
        out.folder = fromCorePath(folder.path());
        out.specFile = QDir(fromCorePath(spec.outputDir)).filePath(QString::fromStdString(spec.name) + ".json");
        writeFileAtomically(toCorePath(out.specFile), [&](std::ostream& file) { file << specText << '\n'; });
    } catch (const std::exception& e) {
        out.error = QString::fromStdString(userMessage(e));
        return out;
    }
    if (!startDetached(sweepArguments(out.specFile, executor), out.folder, &out.error)) out.folder.clear();
    return out;
}

QString SweepLauncher::resume(const QString& folder) {
    if (const QString why = unavailableReason(); !why.isEmpty()) return why;
    const QDir dir(folder);
    const auto executor = QFileInfo::exists(dir.filePath(QStringLiteral("slurm/jobs.json"))) ? SweepExecutor::Slurm
                                                                                             : SweepExecutor::Local;
    QString error;
    startDetached(sweepArguments(dir.filePath(QStringLiteral("spec.json")), executor), folder, &error);
    return error;
}

QString SweepLauncher::cancel(const QString& folder) {
    if (const QString why = unavailableReason(); !why.isEmpty()) return why;
    QString error;
    startDetached({QStringLiteral("sweep"), QStringLiteral("cancel"), folder}, folder, &error);
    return error;
}

} // namespace sa
