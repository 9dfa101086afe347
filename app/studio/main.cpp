// sparseadapter-studio [CHECKPOINT_DIR | --demo]
// With no argument the window opens on the built-in demo model.
#include "appearance.h"
#include "io/atomic_write.h"
#include "main_window.h"
#include "model/allocator_setup.h"
#include "model/blas_choice.h"
#include "model/threads.h"
#include "training_session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[]) {
    sa::reportFileSizeLimitAsError();
    sa::restartWithFasterBlas(argv);
    sa::configureAllocator();
    sa::configureThreads();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SparseAdapter"));
    QApplication::setApplicationName(QStringLiteral("SparseAdapter Studio"));
    QApplication::setApplicationVersion(QStringLiteral(SPARSEADAPTER_VERSION));
    // Lets Wayland compositors match the window to the installed .desktop file.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.sparseadapter.Studio"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sparseadapter-studio.svg")));

    // Qt's own strings (dialog buttons) and ours, in the language chosen in
    // View ▸ Language (default: the system's); without a translation the
    // English source text stays.
    sa::installTranslations(sa::savedLanguage());
    if (sa::savedTheme() != sa::Theme::System) sa::applyTheme(sa::savedTheme());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "A workbench for SparseAdapter experiments on frozen language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QApplication::translate("main", "Open the built-in demo model (the default)."));
    parser.addOption(demoOption);
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main",
                                "Run the built-in demo to the end, write a PNG of each main view into DIR, quit."),
        QStringLiteral("DIR"));
    parser.addOption(screenshotOption);
    const QCommandLineOption demoTaskOption(
        QStringLiteral("demo-task"),
        QApplication::translate("main",
                                "The built-in demo --screenshot runs: sst-2 (the default), squad or summarization."),
        QStringLiteral("TASK"), QStringLiteral("sst-2"));
    parser.addOption(demoTaskOption);
    parser.addPositionalArgument(QStringLiteral("CHECKPOINT_DIR"),
                                 QApplication::translate("main", "HuggingFace checkpoint directory to open."),
                                 QStringLiteral("[CHECKPOINT_DIR]"));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (parser.isSet(demoOption) && !positional.isEmpty())) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "Give one checkpoint directory or --demo, not both.")));
        return 2;
    }

    sa::MainWindow window;
    window.show();
    if (parser.isSet(screenshotOption)) {
        const QString directory = parser.value(screenshotOption);
        // Before a demo run, not after it: the folder must be one.
        if (!QDir().mkpath(directory) || !QFileInfo(directory).isDir() || !QFileInfo(directory).isWritable()) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QApplication::translate("main", "--screenshot: %1 is not a writable folder")
                                        .arg(QDir::toNativeSeparators(directory))));
            return 2;
        }
        window.resize(1100, 760);
        int exitCode = 1;
        QObject::connect(&window.session(), &sa::TrainingSession::finished, &app, [&] {
            // Let the last events and the coalesced replot land first.
            QTimer::singleShot(300, &app, [&] {
                const QStringList files = window.saveScreenshots(directory);
                for (const QString& f : files)
                    std::printf("%s\n", qPrintable(f));
                exitCode = files.size() == sa::MainWindow::screenshotCount() ? 0 : 1;
                if (exitCode != 0)
                    std::fprintf(
                        stderr, "%s\n",
                        qPrintable(QApplication::translate("main", "--screenshot: wrote %1 of %2 images into %3")
                                       .arg(files.size())
                                       .arg(sa::MainWindow::screenshotCount())
                                       .arg(QDir::toNativeSeparators(directory))));
                app.quit();
            });
        });
        QObject::connect(&window.session(), &sa::TrainingSession::failed, &app, [&](const QString& message) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            app.quit();
        });
        window.openDemo();
        if (!window.startDemoRun(parser.value(demoTaskOption))) {
            std::fprintf(stderr, "%s\n", qPrintable(window.statusBar()->currentMessage()));
            return 1;
        }
        app.exec();
        return exitCode;
    }
    if (positional.isEmpty())
        window.openDemo();
    else
        window.openCheckpoint(positional.front());
    return app.exec();
}
