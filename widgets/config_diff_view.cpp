#include "config_diff_view.h"
#include "core_path.h"
#include "error.h"

#include "experiment/config_diff.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <exception>
#include <vector>

namespace sa {

ConfigDiffView::ConfigDiffView(QWidget* parent) : QWidget(parent) {
    message_ = new QLabel;
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(message_);
    layout->addWidget(table_, 1);
    clear();
}

void ConfigDiffView::clear() {
    names_.clear();
    folders_.clear();
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    message_->setText(tr("Select two or more runs and press Compare."));
}

void ConfigDiffView::setRuns(const QStringList& folders) {
    clear();
    std::vector<nlohmann::ordered_json> configs;
    QStringList errors;
    for (const QString& folder : folders) {
        const QString path = QDir(folder).filePath(QStringLiteral("config.json"));
        try {
            configs.push_back(readOrderedJsonFile(toCorePath(path)));
            if (!configs.back().is_object()) {
                configs.pop_back();
                errors << tr("%1: not a JSON object").arg(QDir::toNativeSeparators(path));
                continue;
            }
        } catch (const std::exception& e) {
            errors << QString::fromStdString(sa::userMessage(e));
            continue;
        }
        folders_ << folder;
        names_ << QFileInfo(QDir::cleanPath(folder)).fileName();
    }

    const auto differences = diffConfigs(configs);
    table_->setColumnCount(static_cast<int>(names_.size()));
    table_->setHorizontalHeaderLabels(names_);
    for (int run = 0; run < names_.size(); ++run)
        table_->horizontalHeaderItem(run)->setToolTip(QDir::toNativeSeparators(folders_[run]));
    table_->setRowCount(static_cast<int>(differences.size()));
    QStringList keys;
    for (std::size_t row = 0; row < differences.size(); ++row) {
        keys << QString::fromStdString(differences[row].key);
        for (std::size_t run = 0; run < differences[row].values.size(); ++run) {
            const QString text = QString::fromStdString(differences[row].values[run]);
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(text);
            table_->setItem(static_cast<int>(row), static_cast<int>(run), item);
        }
    }
    table_->setVerticalHeaderLabels(keys);
    table_->resizeColumnsToContents();

    QString summary;
    if (configs.size() < 2)
        summary = tr("Select two or more readable runs to compare their configurations.");
    else if (differences.empty())
        summary = tr("The configurations are identical.");
    else
        summary = tr("Differing keys: %1").arg(differences.size());
    errors.prepend(summary);
    message_->setText(errors.join(QLatin1Char('\n')));
}

int ConfigDiffView::differenceCount() const {
    return table_->rowCount();
}

QString ConfigDiffView::key(int row) const {
    const QTableWidgetItem* item = table_->verticalHeaderItem(row);
    return item ? item->text() : QString();
}

QString ConfigDiffView::value(int row, int run) const {
    const QTableWidgetItem* item = table_->item(row, run);
    return item ? item->text() : QString();
}

QString ConfigDiffView::message() const {
    return message_->text();
}

} // namespace sa
