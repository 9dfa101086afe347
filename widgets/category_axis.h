// Axes of categories (source tasks, fusion sites, mask tensors, budget
// setups) rather than numbers: one labelled tick per position 0, 1, 2, …
#pragma once

#include <QSharedPointer>
#include <QStringList>

class QCPAxis;
class QCPAxisTickerText;

namespace sa {

// A ticker that writes labels[i] at position i.
QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels);

// No sub-ticks and no grid: categories have nothing between them.
void styleCategoryAxis(QCPAxis* axis);

} // namespace sa
