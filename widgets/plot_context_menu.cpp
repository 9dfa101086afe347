#include "plot_context_menu.h"

#include "plot_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>

#include "sa_qcustomplot.h"

namespace sa {

namespace {

void saveWithDialog(QCustomPlot* plot, const QString& name) {
    QStringList filters{QCoreApplication::translate("sa::PlotContextMenu", "PNG image (*.png)"),
                        QCoreApplication::translate("sa::PlotContextMenu", "PDF document, vector (*.pdf)")};
    if (plotExportSupportsSvg())
        filters << QCoreApplication::translate("sa::PlotContextMenu", "SVG image, vector (*.svg)");
    QString selected = filters.front();
    QString path = QFileDialog::getSaveFileName(
        plot, QCoreApplication::translate("sa::PlotContextMenu", "Save Plot As"), QDir::home().filePath(name + ".png"),
        filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty()) return;
    // A name typed without a suffix takes the chosen filter's.
    if (QFileInfo(path).suffix().isEmpty()) {
        const int open = selected.lastIndexOf(QLatin1String("*."));
        path += selected.mid(open + 1, selected.size() - open - 2);
    }
    if (!exportPlotToFile(plot, path))
        QMessageBox::warning(
            plot, QCoreApplication::translate("sa::PlotContextMenu", "Save Plot As"),
            QCoreApplication::translate("sa::PlotContextMenu", "Could not write %1 (PNG, PDF or SVG only).")
                .arg(QDir::toNativeSeparators(path)));
}

} // namespace

void addPlotContextMenu(QCustomPlot* plot, const char* name) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    const QString base = QString::fromLatin1(name);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, base](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QCoreApplication::translate("sa::PlotContextMenu", "Save Plot As…"), plot,
                       [plot, base] { saveWithDialog(plot, base); });
        menu.exec(plot->mapToGlobal(pos));
    });
}

} // namespace sa
