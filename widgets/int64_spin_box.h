// A spin box over 64-bit integers: QSpinBox holds an int, and the config's
// counts and seed are int64/uint64 (a seed above 2^31 would show clamped
// while the config kept the real value).
#pragma once

#include <QAbstractSpinBox>
#include <QString>

namespace sa {

class Int64SpinBox : public QAbstractSpinBox {
    Q_OBJECT

public:
    explicit Int64SpinBox(QWidget* parent = nullptr);

    qint64 value() const { return value_; }
    void setValue(qint64 value); // clamped to the range
    void setRange(qint64 minimum, qint64 maximum);
    qint64 minimum() const { return minimum_; }
    qint64 maximum() const { return maximum_; }
    // Shown instead of the minimum ("all", "no limit"), as QSpinBox's specialValueText.
    void setMinimumText(const QString& text);

    void stepBy(int steps) override;
    QValidator::State validate(QString& input, int& pos) const override;
    void fixup(QString& input) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void valueChanged(qint64 value);

protected:
    StepEnabled stepEnabled() const override;

private:
    QString textFor(qint64 value) const;
    bool parse(const QString& text, qint64& value) const;
    void showValue();

    qint64 value_ = 0;
    qint64 minimum_ = 0;
    qint64 maximum_ = 99;
    QString minimumText_;
};

} // namespace sa
