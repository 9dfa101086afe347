#include "int64_spin_box.h"

#include <QLineEdit>
#include <QLocale>
#include <QStyle>
#include <QStyleOptionSpinBox>

#include <algorithm>

namespace sa {

Int64SpinBox::Int64SpinBox(QWidget* parent) : QAbstractSpinBox(parent) {
    // Typed digits take effect as they are typed, as QSpinBox's keyboard tracking does.
    connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString& text) {
        qint64 v = 0;
        if (!parse(text, v) || v == value_) return;
        value_ = v;
        Q_EMIT valueChanged(v);
    });
    connect(this, &QAbstractSpinBox::editingFinished, this, &Int64SpinBox::showValue);
    showValue();
}

void Int64SpinBox::setValue(qint64 value) {
    const qint64 v = std::clamp(value, minimum_, maximum_);
    const bool changed = v != value_;
    value_ = v;
    showValue();
    if (changed) Q_EMIT valueChanged(v);
}

void Int64SpinBox::setRange(qint64 minimum, qint64 maximum) {
    minimum_ = minimum;
    maximum_ = std::max(minimum, maximum);
    updateGeometry();
    setValue(value_);
}

void Int64SpinBox::setMinimumText(const QString& text) {
    minimumText_ = text;
    updateGeometry();
    showValue();
}

void Int64SpinBox::stepBy(int steps) {
    // Saturating: value_ + steps may overflow at the ends of qint64.
    qint64 v = value_;
    if (steps > 0)
        v = maximum_ - v < steps ? maximum_ : v + steps;
    else if (steps < 0)
        v = v - minimum_ < -qint64(steps) ? minimum_ : v + steps;
    setValue(v);
    selectAll();
}

QValidator::State Int64SpinBox::validate(QString& input, int&) const {
    if (!minimumText_.isEmpty() && input == minimumText_) return QValidator::Acceptable;
    const QString t = input.trimmed();
    if (t.isEmpty() || (t == QLatin1String("-") && minimum_ < 0)) return QValidator::Intermediate;
    qint64 v = 0;
    if (parse(t, v)) return QValidator::Acceptable;
    bool ok = false;
    const qint64 n = QLocale::c().toLongLong(t, &ok);
    // Below the minimum may be the start of a valid number; above the maximum never is.
    return ok && n < minimum_ ? QValidator::Intermediate : QValidator::Invalid;
}

void Int64SpinBox::fixup(QString& input) const {
    input = textFor(value_);
}

QSize Int64SpinBox::sizeHint() const {
    ensurePolished();
    int width = 0;
    for (const QString& s : {textFor(minimum_), textFor(maximum_), minimumText_})
        width = std::max(width, fontMetrics().horizontalAdvance(s + QLatin1Char(' ')));
    QStyleOptionSpinBox option;
    initStyleOption(&option);
    const QSize content(width + 2, lineEdit()->sizeHint().height());
    return style()->sizeFromContents(QStyle::CT_SpinBox, &option, content, this);
}

QSize Int64SpinBox::minimumSizeHint() const {
    return sizeHint();
}

QAbstractSpinBox::StepEnabled Int64SpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (value_ < maximum_) enabled |= StepUpEnabled;
    if (value_ > minimum_) enabled |= StepDownEnabled;
    return enabled;
}

QString Int64SpinBox::textFor(qint64 value) const {
    if (value == minimum_ && !minimumText_.isEmpty()) return minimumText_;
    return QString::number(value);
}

bool Int64SpinBox::parse(const QString& text, qint64& value) const {
    if (!minimumText_.isEmpty() && text == minimumText_) {
        value = minimum_;
        return true;
    }
    bool ok = false;
    const qint64 v = QLocale::c().toLongLong(text.trimmed(), &ok);
    if (!ok || v < minimum_ || v > maximum_) return false;
    value = v;
    return true;
}

void Int64SpinBox::showValue() {
    const QString text = textFor(value_);
    if (lineEdit()->text() != text) lineEdit()->setText(text);
}

} // namespace sa
