#include "form_grid.h"

#include <QLabel>

namespace sa {

FormGrid::FormGrid(QWidget* parent) : QGridLayout(parent) {
    setColumnStretch(1, 1);
}

int FormGrid::nextRow() const {
    return count() == 0 ? 0 : rowCount(); // an empty grid reports one row
}

QLabel* FormGrid::addRow(const QString& label, QWidget* field) {
    const int row = nextRow();
    QLabel* text = nullptr;
    if (!label.isEmpty()) {
        text = new QLabel(label);
        text->setBuddy(field);
        addWidget(text, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
    }
    addWidget(field, row, 1);
    return text;
}

void FormGrid::addRow(QWidget* wholeRow) {
    const int row = nextRow();
    addWidget(wholeRow, row, 0, 1, 2);
}

QLabel* FormGrid::labelForField(const QWidget* field) const {
    const int index = indexOf(field);
    if (index < 0) return nullptr;
    int row = 0, column = 0, rowSpan = 0, columnSpan = 0;
    getItemPosition(index, &row, &column, &rowSpan, &columnSpan);
    if (column != 1) return nullptr;
    auto* item = itemAtPosition(row, 0);
    return item ? qobject_cast<QLabel*>(item->widget()) : nullptr;
}

} // namespace sa
