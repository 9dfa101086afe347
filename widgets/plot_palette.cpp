#include "plot_palette.h"

#include <QEvent>
#include <QObject>
#include <QPalette>

#include "sa_qcustomplot.h"

namespace sa {

QColor seriesColor(int index) {
    static const QRgb colors[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                  0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    constexpr int count = static_cast<int>(sizeof(colors) / sizeof(colors[0]));
    return QColor(colors[index % count]);
}

QCPColorGradient viridisGradient() {
    QCPColorGradient gradient;
    gradient.setColorStops({{0.0, QColor(0x440154)},
                            {0.25, QColor(0x3b528b)},
                            {0.5, QColor(0x21918c)},
                            {0.75, QColor(0x5ec962)},
                            {1.0, QColor(0xfde725)}});
    return gradient;
}

namespace {

// Re-applies the palette when the application's (and so the plot's) changes.
class PaletteFollower : public QObject {
public:
    explicit PaletteFollower(QCustomPlot* plot) : QObject(plot), plot_(plot) { plot->installEventFilter(this); }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched != plot_) return false;
        if (event->type() == QEvent::PaletteChange) {
            applyPlotPalette(plot_, plot_->palette());
            plot_->replot(QCustomPlot::rpQueuedReplot);
        }
        // High-DPI: the plot's buffer at the pixel ratio of the screen it is
        // on now (QCustomPlot takes it once, when created).
        if ((event->type() == QEvent::Show || event->type() == QEvent::ScreenChangeInternal) &&
            plot_->bufferDevicePixelRatio() != plot_->devicePixelRatioF()) {
            plot_->setBufferDevicePixelRatio(plot_->devicePixelRatioF());
            plot_->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    QCustomPlot* plot_;
};

void styleAxis(QCPAxis* axis, const QColor& text, const QColor& grid) {
    axis->setBasePen(QPen(text, 1));
    axis->setTickPen(QPen(text, 1));
    axis->setSubTickPen(QPen(text, 1));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(grid, 1));
}

} // namespace

bool isDarkPalette(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void applyPlotPalette(QCustomPlot* plot, const QPalette& palette) {
    const bool dark = isDarkPalette(palette);
    const QColor background = dark ? palette.color(QPalette::Base) : QColor(Qt::white);
    const QColor text = dark ? palette.color(QPalette::Text) : QColor(Qt::black);
    const QColor grid = dark ? QColor(90, 90, 90) : QColor(200, 200, 200);
    plot->setBackground(background);
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis, text, grid);
    plot->legend->setBrush(background);
    plot->legend->setBorderPen(QPen(text, 1));
    plot->legend->setTextColor(text);
    // Colour scales (the mask heatmap) have an axis of their own.
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* scale = qobject_cast<QCPColorScale*>(plot->plotLayout()->elementAt(i)))
            styleAxis(scale->axis(), text, grid);
    // Titles and captions are text elements of the layout; item labels keep
    // their own colours (the threshold's red) unless they are plain text.
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i))) title->setTextColor(text);
    // A label still in QCustomPlot's default black is plain text: it takes
    // the theme's text colour from now on (a property marks it).
    const char* const followsTheme = "saFollowsTheme";
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto* label = qobject_cast<QCPItemText*>(plot->item(i));
        if (!label) continue;
        if (label->color() == QColor(Qt::black)) label->setProperty(followsTheme, true);
        if (label->property(followsTheme).toBool()) label->setColor(text);
    }
}

void followPalette(QCustomPlot* plot) {
    applyPlotPalette(plot, plot->palette());
    new PaletteFollower(plot);
}

LightPlotColours::LightPlotColours(QCustomPlot* plot) : plot_(plot), switched_(isDarkPalette(plot->palette())) {
    if (switched_) applyPlotPalette(plot_, QPalette(Qt::white));
}

LightPlotColours::~LightPlotColours() {
    if (switched_) applyPlotPalette(plot_, plot_->palette());
}

} // namespace sa
