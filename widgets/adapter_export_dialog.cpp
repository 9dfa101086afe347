#include "adapter_export_dialog.h"
#include "core_path.h"
#include "error.h"

#include "experiment/adapter_export.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QThread>
#include <QVBoxLayout>

#include <exception>
#include <memory>

namespace sa {

namespace {

struct Outcome {
    AdapterExport result;
    QString error;
};

} // namespace

AdapterExportDialog::AdapterExportDialog(const QString& runFolder, QWidget* parent)
    : QDialog(parent), runFolder_(runFolder) {
    setWindowTitle(tr("Export Adapter"));
    formats_ = {QStringLiteral("peft"), QStringLiteral("adapterhub")};
    const QStringList labels = {tr("PEFT (LoRA, prefix tuning)"), tr("AdapterHub adapters (bottleneck adapters)")};

    auto* layout = new QVBoxLayout(this);
    auto* run = new QLabel(tr("Run: %1").arg(QDir::toNativeSeparators(runFolder)));
    run->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(run);

    formatGroup_ = new QButtonGroup(this);
    for (int i = 0; i < formats_.size(); ++i) {
        auto* choice = new QRadioButton(labels[i]);
        formatGroup_->addButton(choice, i);
        layout->addWidget(choice);
        QString why;
        try {
            why = QString::fromStdString(
                adapterExportRefusal(toCorePath(runFolder), adapterFormatByName(formats_[i].toStdString())));
        } catch (const std::exception& e) {
            why = QString::fromStdString(userMessage(e));
        }
        refusals_ << why;
        if (!why.isEmpty()) {
            choice->setEnabled(false);
            auto* reason = new QLabel(why);
            reason->setWordWrap(true);
            reason->setIndent(24);
            reason->setEnabled(false);
            layout->addWidget(reason);
        }
    }
    for (int i = 0; i < formats_.size(); ++i)
        if (refusals_[i].isEmpty()) {
            formatGroup_->button(i)->setChecked(true);
            break;
        }

    output_ = new QLineEdit(QDir(runFolder).filePath(QStringLiteral("exported-adapter")));
    auto* browse = new QPushButton(tr("Browse…"));
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(new QLabel(tr("Into folder:")));
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(browse);
    layout->addLayout(outputRow);

    busyBar_ = new QProgressBar;
    busyBar_->setRange(0, 0); // loading the model reports no steps
    busyBar_->setVisible(false);
    layout->addWidget(busyBar_);
    result_ = new QLabel;
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(result_);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons_->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons_);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the adapter into"), output_->text());
        if (!folder.isEmpty()) output_->setText(folder);
    });
    connect(buttons_, &QDialogButtonBox::accepted, this, &AdapterExportDialog::startExport);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(output_, &QLineEdit::textChanged, this, &AdapterExportDialog::updateButtons);
    updateButtons();
}

AdapterExportDialog::~AdapterExportDialog() {
    // An export cannot be interrupted; no thread may outlive the dialog.
    if (worker_) worker_->wait();
}

void AdapterExportDialog::reject() {
    if (!worker_) QDialog::reject();
}

QString AdapterExportDialog::format() const {
    const int id = formatGroup_->checkedId();
    return id < 0 ? QString() : formats_[id];
}

QString AdapterExportDialog::refusal(const QString& format) const {
    const auto i = formats_.indexOf(format);
    return i < 0 ? tr("unknown format") : refusals_[i];
}

void AdapterExportDialog::setFormat(const QString& format) {
    const auto i = formats_.indexOf(format);
    if (i >= 0 && formatGroup_->button(static_cast<int>(i))->isEnabled())
        formatGroup_->button(static_cast<int>(i))->setChecked(true);
    updateButtons();
}

void AdapterExportDialog::setOutputFolder(const QString& folder) {
    output_->setText(folder);
}

QString AdapterExportDialog::resultText() const {
    return result_->text();
}

void AdapterExportDialog::startExport() {
    if (worker_ || format().isEmpty() || output_->text().isEmpty()) return;
    const std::string run = toCorePath(runFolder_), out = toCorePath(output_->text());
    const std::string name = format().toStdString();
    auto outcome = std::make_shared<Outcome>();
    // The worker touches only `outcome`, never the dialog.
    worker_ = QThread::create([run, out, name, outcome] {
        try {
            outcome->result = exportRunAdapter(run, adapterFormatByName(name), out);
        } catch (const std::exception& e) {
            outcome->error = QString::fromStdString(userMessage(e));
        }
    });
    worker_->setParent(this);
    connect(worker_, &QThread::finished, this, [this, outcome] {
        written_.clear();
        notes_.clear();
        for (const auto& f : outcome->result.files)
            written_ << fromCorePath(f);
        for (const auto& n : outcome->result.notes)
            notes_ << QString::fromStdString(n);
        error_ = outcome->error;
        finish();
    });
    busyBar_->setVisible(true);
    result_->setText(tr("Exporting…"));
    updateButtons();
    worker_->start();
}

void AdapterExportDialog::finish() {
    worker_->wait();
    delete worker_;
    worker_ = nullptr;
    busyBar_->setVisible(false);
    if (!error_.isEmpty()) {
        result_->setText(tr("Not exported: %1").arg(error_));
        Q_EMIT failed(error_);
    } else {
        QString text = tr("%n file(s) written to %1", nullptr, static_cast<int>(written_.size()))
                           .arg(QDir::toNativeSeparators(output_->text()));
        for (const auto& note : notes_)
            text += QStringLiteral("\n") + note;
        result_->setText(text);
        Q_EMIT exported(written_);
    }
    updateButtons();
}

void AdapterExportDialog::updateButtons() {
    const bool ready = !worker_ && !format().isEmpty() && !output_->text().isEmpty();
    for (auto* b : buttons_->buttons())
        b->setEnabled(buttons_->buttonRole(b) == QDialogButtonBox::AcceptRole ? ready : !worker_);
}

} // namespace sa
