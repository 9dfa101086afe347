#include "category_axis.h"

#include "sa_qcustomplot.h"

namespace sa {

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels[i]);
    return ticker;
}

void styleCategoryAxis(QCPAxis* axis) {
    axis->setSubTicks(false);
    axis->setTickLength(0, 4);
    axis->grid()->setVisible(false);
}

} // namespace sa
