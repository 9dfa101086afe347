// The experiment form: every ExperimentConfig field a run needs, grouped as
// the config file is (model, task, adapter, pruning, optimisation, run), with
// problems explained under the offending field as the user edits (core's
// fromJson errors and checkExperimentConfig), a checkpoint directory
// inspected on a worker thread, and the live budget panel beside it.
//
// Each field's objectName is its dotted config key ("pruning.sparsity"), so
// tests and the main window find it with findChild.
#pragma once

#include "experiment/config_check.h"
#include "experiment/experiment_config.h"
#include "model/model_summary.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QRadioButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace sa {

class BudgetPanel;
class FormGrid;
class CheckpointInspector;
class Int64SpinBox;

class ExperimentForm : public QWidget {
    Q_OBJECT

public:
    explicit ExperimentForm(QWidget* parent = nullptr);
    ~ExperimentForm() override;

    // Fields from `configJson` (any subset of the ExperimentConfig layout;
    // missing keys take ExperimentConfig's defaults, adapter options their
    // preset's, as fromJson does). Invalid values are kept and explained, as
    // if typed; unknown keys are dropped and named in a notice.
    void setConfig(const QString& configJson);
    // The whole ExperimentConfig as JSON: ExperimentConfig::toJson() when the
    // form is valid for fromJson, else the form's document as it stands.
    QString configJson() const;
    // The parsed config, when fromJson accepts the form (cross-field problems
    // may remain: see isValid).
    std::optional<ExperimentConfig> config() const;

    // No problem shown and no checkpoint inspection pending.
    bool isValid() const;
    bool isInspecting() const { return inspecting_; }
    QStringList problems() const;                       // every inline message shown, in form order
    QString problemFor(const QString& dottedKey) const; // that key's messages ('\n'-joined); empty if none
    QString modelSummaryText() const;                   // what the model section shows about the model

    BudgetPanel* budgetPanel() const { return budget_; }

    // AdapterFusion (adapter.preset "fusion"): the source run folders, as
    // adapter.fusion.sources holds them. Adding one core refuses
    // (fusionSourceRefusal: not a finished run, another model or other
    // adapters than the sources chosen) leaves the list as it is, shows the
    // reason under it and returns false. Add… asks for a folder, then calls this.
    QStringList fusionSources() const;
    bool addFusionSource(const QString& runDir);

Q_SIGNALS:
    void configChanged();
    void validityChanged(bool valid);

private:
    struct Field {
        QString key;
        QWidget* widget = nullptr;
        QLabel* problem = nullptr;
        QLabel* label = nullptr; // beside the widget, hidden with it
    };

    // The sections and field factories: experiment_form_sections.cpp.
    QGroupBox* buildRunSection();
    QGroupBox* buildModelSection();
    QGroupBox* buildTaskSection();
    QGroupBox* buildAdapterSection();
    QGroupBox* buildPruningSection();
    QGroupBox* buildOptimizationSection();
    // AdapterFusion's source list (experiment_form_fusion.cpp).
    void buildFusionSources(FormGrid* form);
    void populateFusionSources(); // the list from doc_; the rows of the chosen adapter kind shown
    void setFusionSources(const QStringList& sources);
    void chooseFusionSource();
    // Before adapter.preset becomes `preset`: core refuses adapter.fusion
    // beside another preset, so it is set aside, and comes back with "fusion".
    void keepFusionSection(const QString& preset);
    // Before adapter.fusion.preset changes: a saved config spells out every
    // switch of its preset, which would override the next preset as core
    // reads keys given beside it; only the switches that differ stay.
    void keepFusionOverrides();
    // Adds `widget` as the row `label` of `form`, with its problem label below.
    void addField(FormGrid* form, const QString& key, const QString& label, QWidget* widget);
    QLabel* newProblemLabel();

    QSpinBox* intSpin(const QString& key, int minimum, int maximum);
    Int64SpinBox* countSpin(const QString& key); // an int64/uint64 key: 0 up to qint64's maximum
    QLineEdit* numberEdit(const QString& key);
    QComboBox* choice(const QString& key, const QStringList& names);
    QCheckBox* check(const QString& key, const QString& text);
    QLineEdit* textEdit(const QString& key);
    QComboBox* checkpointChoice(const QString& key); // null (the checkpoint decides) / true / false
    QLineEdit* checkpointIdEdit(const QString& key); // empty = null (the checkpoint decides) / a token id

    void setValue(const QString& key, const QJsonValue& value); // into doc_, then revalidate
    QJsonValue value(const QString& key) const;
    void populate(); // widgets from doc_
    // Task fields of the chosen task's family only (GLUE's data folder,
    // SQuAD's files and window settings).
    void showTaskFamilyFields();
    QLineEdit* pathEdit(FormGrid* form, const QString& key, const QString& label, const QString& placeholder,
                        bool folder); // with a Browse… button
    void setSparsityPercent(double percent);
    void modelEdited();
    void scheduleInspection();
    void startInspection();

    void validate();
    void showProblems();
    QLabel* problemLabelFor(const QString& key) const;

    QJsonObject doc_;   // the form's ExperimentConfig document (adapter: overrides only)
    QString loadError_; // setConfig's JSON was unreadable; cleared by the next edit
    bool populating_ = false;
    std::optional<ExperimentConfig> config_;
    std::vector<ConfigProblem> problems_;
    bool lastValid_ = false;

    std::vector<Field> fields_;
    QHash<QString, QLabel*> sectionProblems_; // "task" → that section's label for keys without a field
    QLabel* generalProblem_ = nullptr;
    QLabel* notice_ = nullptr; // what setConfig dropped; not a problem (the form stays valid)

    QRadioButton* builtin_ = nullptr;
    QRadioButton* checkpoint_ = nullptr;
    QLineEdit* modelPath_ = nullptr;
    QLabel* modelSummary_ = nullptr;
    QSlider* sparsitySlider_ = nullptr;
    QDoubleSpinBox* sparsitySpin_ = nullptr;
    QLabel* largeSparseNote_ = nullptr;
    QLabel* adapterWidths_ = nullptr;
    QWidget* fusionBox_ = nullptr;      // the source list with its buttons
    QListWidget* fusionList_ = nullptr; // adapter.fusion.sources
    QLabel* fusionRefusal_ = nullptr;   // why the last folder was not added
    QJsonObject setAsideFusion_;        // adapter.fusion while another preset is chosen
    QLineEdit* runName_ = nullptr;
    BudgetPanel* budget_ = nullptr;

    QTimer* inspectTimer_ = nullptr;
    QString inspectedModel_; // the directory the summary (or error) belongs to
    std::optional<ModelSummary> inspected_;
    QString inspectError_;
    bool inspecting_ = false;
    CheckpointInspector* inspector_ = nullptr;
};

} // namespace sa
