// The AdapterFusion source picker: the runs of a runs folder (what the Runs
// table lists), each checked against the sources already chosen by core's
// fusionSourceRefusal. Compatible runs can be picked (several at once); the
// others are greyed out with the reason as their tooltip. Browse… adds a run
// folder from elsewhere, checked the same way.
#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;
class QLabel;

namespace sa {

class FusionSourceDialog : public QDialog {
    Q_OBJECT

public:
    // `chosen`: the sources already in the config; `model`: the fusion run's
    // model (as written in the config).
    FusionSourceDialog(const QString& runsRoot, const QStringList& chosen, const QString& model,
                       QWidget* parent = nullptr);

    // The run folders picked, in the list's order (Browse… adds its pick).
    QStringList picked() const;

    // For tests: the runs listed and whether each can be picked.
    int runCount() const;
    bool isPickable(int row) const;
    QString refusal(int row) const; // "" when pickable
    QString runFolder(int row) const;
    void setPicked(int row, bool picked);

private:
    void fill(const QString& runsRoot);
    void browse();

    QStringList chosen_;
    QString model_;
    QListWidget* list_;
    QLabel* empty_;
};

} // namespace sa
