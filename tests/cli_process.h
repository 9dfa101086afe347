// Running the sparseadapter CLI from a test (SPARSEADAPTER_CLI, set by
// tests/CMakeLists.txt): exit code and both streams, with a bounded wait so
// that a hang fails the test instead of stalling CI.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace sa_test {

struct CliResult {
    int exitCode = -1; // -1: timed out (killed); -2: crashed
    QString out, err;
    QString all() const { return out + err; }
};

inline CliResult runCli(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                        const QString& workingDirectory = {}, int timeoutMs = 300000) {
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDirectory.isEmpty()) p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral(SPARSEADAPTER_CLI), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return {-1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError()) + QStringLiteral("\n(timed out)")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace sa_test
