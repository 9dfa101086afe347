// Run ▸ Export Adapter…: one run's trained adapters written in a format
// another library loads (PEFT for LoRA and prefix tuning, AdapterHub for
// bottleneck adapters; core experiment/adapter_export.h). A format the run's
// adapters do not map onto is greyed out with core's reason beside it. The
// export (loading the backbone, seconds on a real one) runs on a worker
// thread under a busy bar; the dialog stays until it ends and then says what
// it wrote, or why not.
#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QThread;

namespace sa {

class AdapterExportDialog : public QDialog {
    Q_OBJECT

public:
    explicit AdapterExportDialog(const QString& runFolder, QWidget* parent = nullptr);
    ~AdapterExportDialog() override;

    // For tests and the menu: the format chosen ("peft", "adapterhub"), ""
    // when none can be; why a format is refused ("" when it is offered).
    QString format() const;
    QString refusal(const QString& format) const;
    void setFormat(const QString& format);
    void setOutputFolder(const QString& folder);
    // Starts the export (what the Export button does); `exported` or
    // `failed` follow.
    void startExport();
    bool busy() const { return worker_ != nullptr; }
    QString resultText() const;

    // Esc and the window's close button: ignored while an export runs (it
    // cannot be interrupted, and waiting for it would freeze the Studio).
    void reject() override;

Q_SIGNALS:
    void exported(const QStringList& files);
    void failed(const QString& error);

private:
    void finish();
    void updateButtons();

    QString runFolder_;
    QStringList formats_;
    QStringList refusals_;
    QButtonGroup* formatGroup_;
    QLineEdit* output_;
    QProgressBar* busyBar_;
    QLabel* result_;
    QDialogButtonBox* buttons_;
    QThread* worker_ = nullptr;
    QStringList written_, notes_;
    QString error_;
};

} // namespace sa
