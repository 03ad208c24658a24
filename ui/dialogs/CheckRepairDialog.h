// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Check and Repair: checks the image as a job at once (progress, cancel), shows the
// report (counts, figures, findings), and offers Repair Leaks (-r leaks) and Repair All
// (-r all) only when there is something to repair, after a confirmation naming the file and
// what the repair writes. After a repair it checks again and shows the new result.
#pragma once

#include <QDialog>
#include <optional>

#include "diskscope/ops/check.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace diskscope::ui {

class CheckReportView;
class Job;
class JobRunner;
class ReasonLabel;

class CheckRepairDialog : public QDialog {
    Q_OBJECT
public:
    CheckRepairDialog(JobRunner* runner, const QString& path, QWidget* parent = nullptr);

    CheckReportView* reportView() const { return m_view; }
    QPushButton* repairLeaksButton() const { return m_repairLeaks; }
    QPushButton* repairAllButton() const { return m_repairAll; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    ReasonLabel* reasonLabel() const { return m_reason; }
    QLabel* repairLabel() const { return m_repairResult; }
    // The running (or last) check or repair job.
    Job* job() const { return m_job; }
    // The last finished check's report (not a repair's).
    const std::optional<CheckReport>& report() const { return m_report; }
    // The equivalent diskscope-img command of the last job started.
    QString commandLine() const { return m_commandLine; }

public slots:
    // Starts a check (report only, no locks).
    Job* check();
    // Confirms naming the file and what is written, then repairs as a job; null when declined
    // or when there is nothing that repair could fix.
    Job* repair(diskscope::CheckRepair mode);

signals:
    // A repair job started; `description` is for the log.
    void repairStarted(diskscope::ui::Job* job, const QString& description);
    // A repair ended: the image should be read again.
    void imageWritten(const QString& path);

private:
    void watch(Job* job);
    void onCheckFinished(Job* job);
    void onRepairFinished(Job* job, diskscope::CheckRepair mode);
    void updateProgress();
    void updateButtons();

    JobRunner* m_runner = nullptr;
    QString m_path;
    QString m_fileName;
    Job* m_job = nullptr;
    std::optional<CheckReport> m_report;
    QString m_commandLine;

    CheckReportView* m_view = nullptr;
    QLabel* m_phase = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_repairResult = nullptr;
    ReasonLabel* m_reason = nullptr;
    QPushButton* m_repairLeaks = nullptr;
    QPushButton* m_repairAll = nullptr;
};

}  // namespace diskscope::ui
