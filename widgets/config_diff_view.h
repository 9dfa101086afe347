// Where the configurations of compared runs differ (Runs ▸ Compare): one row
// per differing dotted key, one column per run, read from each run's
// config.json (core diffConfigs). Keys every run agrees on are left out.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace sa {

class ConfigDiffView : public QWidget {
    Q_OBJECT

public:
    explicit ConfigDiffView(QWidget* parent = nullptr);

    // Reads `folders`/config.json. A run whose config.json cannot be read
    // gets no column; the label names the file and the reason.
    void setRuns(const QStringList& folders);
    void clear();

    // The runs with a column, as their folder names (the run names), and
    // their folders.
    QStringList runNames() const { return names_; }
    QStringList runFolders() const { return folders_; }
    int differenceCount() const;
    QString key(int row) const;
    QString value(int row, int run) const; // empty where the run lacks the key
    QString message() const;               // "N keys differ", "... identical", errors

private:
    QLabel* message_;
    QTableWidget* table_;
    QStringList names_;
    QStringList folders_;
};

} // namespace sa
