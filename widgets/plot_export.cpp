#include "plot_export.h"

#include "plot_palette.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include "sa_qcustomplot.h"

#ifdef SPARSEADAPTER_HAVE_SVG
#include <QSvgGenerator>
#endif

namespace sa {

namespace {

#ifdef SPARSEADAPTER_HAVE_SVG
bool writeSvg(QCustomPlot* plot, const QString& fileName, const QSize& size) {
    QSvgGenerator generator;
    generator.setFileName(fileName);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    QCPPainter painter;
    if (!painter.begin(&generator)) return false;
    painter.setMode(QCPPainter::pmVectorized);
    plot->toPainter(&painter, size.width(), size.height());
    return painter.end();
}
#endif

} // namespace

bool plotExportSupportsSvg() {
#ifdef SPARSEADAPTER_HAVE_SVG
    return true;
#else
    return false;
#endif
}

bool exportPlotToFile(QCustomPlot* plot, const QString& path, const QSize& hiddenSize) {
    if (!plot || path.isEmpty()) return false;
    const QFileInfo target(path);
    const QString suffix = target.suffix().toLower();
    const bool svg = suffix == QLatin1String("svg");
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") && !(svg && plotExportSupportsSvg()))
        return false;
    if (target.isDir()) return false;

    QSize size = plot->size();
    if (!plot->isVisible() || size.width() < 50 || size.height() < 50) size = hiddenSize;

    // Reserve a name beside the target, then free it: the writers below
    // create the file afresh, with the usual permissions (QTemporaryFile's
    // are owner-only).
    QString partial;
    {
        QTemporaryFile reserve(target.absolutePath() + QLatin1String("/.") + target.completeBaseName() +
                               QLatin1String(".XXXXXX.") + suffix);
        if (!reserve.open()) return false;
        partial = reserve.fileName();
    }

    // Figures for papers are dark on white whatever the app's theme.
    const LightPlotColours light(plot);
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = plot->savePng(partial, size.width(), size.height());
    else if (suffix == QLatin1String("pdf"))
        ok = plot->savePdf(partial, size.width(), size.height());
#ifdef SPARSEADAPTER_HAVE_SVG
    else if (svg)
        ok = writeSvg(plot, partial, size);
#endif
    ok = ok && QFileInfo(partial).size() > 0;
    // QFile::rename() does not replace: the old file goes only once the new
    // one is complete, and the rename within one directory does not fail in
    // practice.
    if (ok && QFile::exists(path)) ok = QFile::remove(path);
    if (ok) ok = QFile::rename(partial, path);
    if (!ok) QFile::remove(partial);
    return ok;
}

} // namespace sa
