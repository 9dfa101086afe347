// A throwaway single-node Slurm for a test (tools/local-slurm.sh in a
// temporary folder on loopback): up in the constructor, down in the
// destructor. Where it cannot run (not root, packages missing) `why()`
// says so and the test skips with it; any other failure is `error()`.
#pragma once

#include <QDir>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace sa_test {

class LocalSlurm {
public:
    LocalSlurm() {
        QProcess up;
        up.start(QStringLiteral("bash"), {script(), QStringLiteral("up"), dir_.path()});
        if (!up.waitForFinished(120000)) {
            up.kill();
            up.waitForFinished(5000);
            error_ = QStringLiteral("local-slurm.sh up did not finish in 2 minutes");
            return;
        }
        const QString err = QString::fromUtf8(up.readAllStandardError()).trimmed();
        if (up.exitCode() == 77) {
            why_ = QStringLiteral("no single-node Slurm here: ") + err.section(QLatin1Char('\n'), -1);
            return;
        }
        const QString line = QString::fromUtf8(up.readAllStandardOutput()).trimmed();
        if (up.exitCode() != 0 || !line.startsWith(QStringLiteral("SLURM_CONF="))) {
            error_ = QStringLiteral("local-slurm.sh up failed:\n") + err;
            return;
        }
        conf_ = line.mid(11);
    }
    ~LocalSlurm() {
        if (conf_.isEmpty()) return;
        QProcess down;
        down.start(QStringLiteral("bash"), {script(), QStringLiteral("down"), dir_.path()});
        down.waitForFinished(120000);
    }
    LocalSlurm(const LocalSlurm&) = delete;
    LocalSlurm& operator=(const LocalSlurm&) = delete;

    bool running() const { return !conf_.isEmpty(); }
    const QString& conf() const { return conf_; } // SLURM_CONF for the cluster's clients
    const QString& why() const { return why_; }
    const QString& error() const { return error_; }

private:
    static QString script() { return QStringLiteral(SPARSEADAPTER_SOURCE_DIR "/tools/local-slurm.sh"); }

    // Short: slurmd's step sockets live below it (108-byte socket paths).
    QTemporaryDir dir_{QDir::tempPath() + QStringLiteral("/sa-slurm-XXXXXX")};
    QString conf_, why_, error_;
};

} // namespace sa_test
