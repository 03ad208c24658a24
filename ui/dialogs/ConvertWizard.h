// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Convert: source (drop zone, file picker, recent files; its format, chain and health)
// → target format and location → options → pre-flight (measure, free space, a time estimate)
// → commit page → progress (rate, time left, cancel) → result (verified with compare, the size
// saved, Open Result, Show in File Manager). Nothing is written before the commit page's
// Convert; the source is only read, and the target appears under its name only when complete.
#pragma once

#include <QUrl>
#include <QWizard>
#include <functional>
#include <optional>

#include "dialogs/ConvertPlan.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace diskscope::ui {

class CommandField;
class HealthView;
class Job;
class JobRunner;
class ValidatedPage;

class ConvertWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { SourcePage, TargetPage, OptionsPage, PreflightPage, CommitPage, ProgressPage, ResultPage };

    explicit ConvertWizard(JobRunner* runner, QWidget* parent = nullptr);
    ~ConvertWizard() override;

    // Fills the source field (the window's selected image, a dropped file); read on a worker.
    void setSource(const QString& path);
    // Where the target is written (defaults to the source's folder).
    void setTargetDirectory(const QString& directory);
    // What the wizard will do with the current inputs.
    ConvertPlan plan() const;
    QString commandLine() const;

    ValidatedPage* validatedPage(PageId id) const;
    // The conversion job (null before the commit page), and the pre-flight's.
    Job* job() const { return m_job; }
    Job* preflightJob() const { return m_preflightJob; }
    // True once the source's facts are shown (or its error is).
    bool sourceRead() const { return m_sourceRead; }
    // The last result (after a successful job).
    const std::optional<ConvertResult>& result() const { return m_result; }

    // "Show in File Manager" opens a URL; tests record it instead.
    using UrlOpener = std::function<bool(const QUrl&)>;
    static void setUrlOpener(UrlOpener opener);

signals:
    // The conversion job started (for the log and the job panel).
    void conversionStarted(diskscope::ui::Job* job, const QString& target);
    // "Open Result".
    void openRequested(const QString& path);

public slots:
    void reject() override;

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    ValidatedPage* buildSourcePage();
    ValidatedPage* buildTargetPage();
    ValidatedPage* buildOptionsPage();
    ValidatedPage* buildPreflightPage();
    ValidatedPage* buildCommitPage();
    ValidatedPage* buildProgressPage();
    ValidatedPage* buildResultPage();

    void highlightDropZone(bool on);
    void readSource();
    void showSourceFacts();
    QString sourceProblem() const;
    QString targetProblem() const;
    QString optionsProblem() const;
    bool confirmOverwrite();
    QString targetPath() const;
    void followFormatExtension();
    void updateOptionAvailability();
    QString optionExplanation() const;
    void startPreflight();
    void showPreflight();
    QString preflightProblem() const;
    QString summaryText() const;
    void startConversion();
    void showProgress();
    void conversionFinished();
    void showResult();
    QString backingNameToStore() const;

    JobRunner* m_runner = nullptr;
    Job* m_job = nullptr;
    Job* m_preflightJob = nullptr;
    bool m_closeWhenStopped = false;

    // Source page.
    QLineEdit* m_source = nullptr;
    QComboBox* m_recent = nullptr;
    QLabel* m_sourceFacts = nullptr;
    HealthView* m_health = nullptr;
    bool m_sourceRead = false;
    ConvertSourceFacts m_facts;
    int m_sourceGeneration = 0;

    // Target page.
    QRadioButton* m_raw = nullptr;
    QRadioButton* m_qcow2 = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_directory = nullptr;
    QString m_suggestedFor;  // the source the name was last suggested for

    // Options page.
    QComboBox* m_snapshot = nullptr;
    QRadioButton* m_flatten = nullptr;
    QRadioButton* m_keepBacking = nullptr;
    QLabel* m_keepBackingHint = nullptr;
    QCheckBox* m_compress = nullptr;
    QComboBox* m_compressionType = nullptr;
    QComboBox* m_clusterSize = nullptr;
    QComboBox* m_compat = nullptr;
    QCheckBox* m_verify = nullptr;
    QLabel* m_optionNote = nullptr;

    // Pre-flight page.
    QLabel* m_needValue = nullptr;
    QLabel* m_freeValue = nullptr;
    QLabel* m_copyValue = nullptr;
    QLabel* m_timeValue = nullptr;
    QLabel* m_preflightText = nullptr;
    QLabel* m_preflightWarnings = nullptr;
    CommandField* m_preflightCommand = nullptr;
    std::optional<ConvertPreflight> m_preflight;
    uint64_t m_freeBytes = 0;
    QString m_preflightKey;  // the command the pre-flight answered

    // Commit page.
    QLabel* m_summary = nullptr;
    CommandField* m_command = nullptr;

    // Progress page.
    QProgressBar* m_progressBar = nullptr;
    QLabel* m_progressText = nullptr;
    QPushButton* m_cancelButton = nullptr;

    // Result page.
    QLabel* m_resultText = nullptr;
    QLabel* m_verifyText = nullptr;
    QPushButton* m_openButton = nullptr;
    QPushButton* m_revealButton = nullptr;
    std::optional<ConvertResult> m_result;
};

}  // namespace diskscope::ui
