// A two-column form (label, field) on a QGridLayout, for forms whose rows
// come and go. Qt 6.4's QFormLayout keeps the layout index of a row that was
// visible and is then hidden, and its height-for-width pass writes at that
// stale index past the end of its row table (qformlayout.cpp,
// setupHfwLayoutData; valgrind on test_experiment_form): switching the task
// family, which hides a dozen rows at once, corrupted the heap. A grid
// layout skips hidden items and the spacing of rows left empty.
#pragma once

#include <QGridLayout>

class QLabel;

namespace sa {

class FormGrid : public QGridLayout {
public:
    explicit FormGrid(QWidget* parent);

    // `field` in the field column beside a label with `label` (none when
    // empty: the field lines up with the others); returns the label.
    QLabel* addRow(const QString& label, QWidget* field);
    // A widget across both columns.
    void addRow(QWidget* wholeRow);
    // The label addRow made for `field`, or null.
    QLabel* labelForField(const QWidget* field) const;

private:
    int nextRow() const;
};

} // namespace sa
