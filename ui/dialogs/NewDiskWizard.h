// SPDX-License-Identifier: GPL-2.0-or-later
// File ▸ New Disk: format → name and location → size → qcow2 options → backing file →
// summary with the equivalent diskscope-img create command. Finishing starts the create job.
#pragma once

#include <QWizard>

#include "diskscope/ops/create.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace diskscope::ui {

class CommandField;
class FormatProbe;
class Job;
class JobRunner;
class SizeEntry;
class ValidatedPage;

class NewDiskWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FormatPage, LocationPage, SizePage, OptionsPage, BackingPage, SummaryPage };

    NewDiskWizard(JobRunner* runner, QWidget* parent = nullptr);

    // What the wizard will create, from the current inputs.
    CreateOptions createOptions() const;
    // The target file's absolute path.
    QString targetPath() const;
    // The equivalent command, shell-quoted.
    QString commandLine() const;
    // Where the file dialog and the name field start (tests use it).
    void setDirectory(const QString& directory);

    ValidatedPage* validatedPage(PageId id) const;
    // The create job started by accept(), null before.
    Job* job() const { return m_job; }

signals:
    // accept() started the create job.
    void creationStarted(diskscope::ui::Job* job, const QString& path);

public slots:
    // Starts the create job and closes.
    void accept() override;

private:
    ValidatedPage* buildFormatPage();
    ValidatedPage* buildLocationPage();
    ValidatedPage* buildSizePage();
    ValidatedPage* buildOptionsPage();
    ValidatedPage* buildBackingPage();
    ValidatedPage* buildSummaryPage();
    bool isQcow2() const;
    QString locationProblem() const;
    bool confirmOverwrite();
    void followFormatExtension();
    void updateOptionAvailability();
    void chooseBackingFile();
    void detectBacking();
    void backingDetected();
    QString backingNameToStore() const;
    QStringList commandArguments() const;
    void refreshSummary();

    JobRunner* m_runner = nullptr;
    Job* m_job = nullptr;

    QRadioButton* m_raw = nullptr;
    QRadioButton* m_qcow2 = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_directory = nullptr;
    SizeEntry* m_size = nullptr;
    QComboBox* m_clusterSize = nullptr;
    QComboBox* m_compat = nullptr;
    QComboBox* m_refcountBits = nullptr;
    QCheckBox* m_lazyRefcounts = nullptr;
    QCheckBox* m_extendedL2 = nullptr;
    QComboBox* m_compression = nullptr;
    QComboBox* m_preallocation = nullptr;
    QCheckBox* m_useBacking = nullptr;
    QLineEdit* m_backing = nullptr;
    QLabel* m_backingFacts = nullptr;
    QCheckBox* m_inheritSize = nullptr;
    QLabel* m_summary = nullptr;
    CommandField* m_command = nullptr;

    // What was detected of the backing file (empty format: not read, or not readable).
    FormatProbe* m_backingProbe = nullptr;
    QString m_backingFormat;
    QString m_backingError;
    uint64_t m_backingSize = 0;
};

}  // namespace diskscope::ui
