// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/CheckRepairDialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "dialogs/DialogKit.h"
#include "jobs/JobRunner.h"
#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "widgets/CheckReportView.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {
namespace {

QString repairCommand(const QString& path, CheckRepair mode)
{
    return CommandLine::diskscopeImg({QStringLiteral("check"), QStringLiteral("-r"),
                                      mode == CheckRepair::Leaks ? QStringLiteral("leaks") : QStringLiteral("all"), path});
}

bool somethingToRepair(const CheckReport& report)
{
    // A failed check (e.g. refcount structures that need a rebuild) is what -r all is for.
    return report.supported && (report.leaks > 0 || report.corruptions > 0 || report.failure);
}

}  // namespace

CheckRepairDialog::CheckRepairDialog(JobRunner* runner, const QString& path, QWidget* parent)
    : QDialog(parent), m_runner(runner), m_path(path), m_fileName(DisplayText::escapeControls(QFileInfo(path).fileName()))
{
    setObjectName(QStringLiteral("checkRepairDialog"));
    setWindowTitle(tr("Check and Repair %1").arg(m_fileName));
    auto* layout = new QVBoxLayout(this);

    m_view = new CheckReportView(this);
    m_view->layout()->setContentsMargins(0, 0, 0, 0);
    connect(m_view, &CheckReportView::checkRequested, this, &CheckRepairDialog::check);
    layout->addWidget(m_view, 1);

    // Progress of the running job, with its own Cancel (the dialog's Close leaves it running).
    auto* progressRow = new QHBoxLayout;
    m_phase = new QLabel(this);
    m_phase->setTextFormat(Qt::PlainText);
    progressRow->addWidget(m_phase);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("checkProgress"));
    m_progress->setTextVisible(false);
    progressRow->addWidget(m_progress, 1);
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelCheckButton"));
    m_cancel->setAutoDefault(false);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);

    m_repairResult = new QLabel(this);
    m_repairResult->setObjectName(QStringLiteral("repairResultLabel"));
    m_repairResult->setTextFormat(Qt::PlainText);
    m_repairResult->setWordWrap(true);
    m_repairResult->hide();
    layout->addWidget(m_repairResult);
    m_reason = new ReasonLabel(this);
    layout->addWidget(m_reason);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_repairLeaks = buttons->addButton(tr("Repair &Leaks…"), QDialogButtonBox::ActionRole);
    m_repairLeaks->setObjectName(QStringLiteral("repairLeaksButton"));
    m_repairLeaks->setToolTip(tr("Lower the refcounts of leaked clusters so that their space is used again (%1)")
                                  .arg(QStringLiteral("check -r leaks")));
    m_repairAll = buttons->addButton(tr("Repair &All…"), QDialogButtonBox::ActionRole);
    m_repairAll->setObjectName(QStringLiteral("repairAllButton"));
    m_repairAll->setToolTip(tr("Fix leaks and corruptions, rebuilding the refcount structures when needed (%1)")
                                .arg(QStringLiteral("check -r all")));
    for (QPushButton* button : {m_repairLeaks, m_repairAll})
        button->setAutoDefault(false);
    connect(m_repairLeaks, &QPushButton::clicked, this, [this] { repair(CheckRepair::Leaks); });
    connect(m_repairAll, &QPushButton::clicked, this, [this] { repair(CheckRepair::All); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    resize(760, 460);
    check();
}

void CheckRepairDialog::watch(Job* job)
{
    m_job = job;
    m_commandLine = job->commandLine();
    connect(job, &Job::progressChanged, this, &CheckRepairDialog::updateProgress);
    updateProgress();
    updateButtons();
}

Job* CheckRepairDialog::check()
{
    if (m_job && m_job->isRunning())
        return nullptr;
    Job* job = m_runner->startCheck(m_path);
    m_view->showReport(m_path, nullptr, true, true);
    m_view->commandField()->setCommand(job->commandLine());
    connect(job, &Job::finished, this, [this, job] { onCheckFinished(job); });
    watch(job);
    return job;
}

Job* CheckRepairDialog::repair(CheckRepair mode)
{
    if ((m_job && m_job->isRunning()) || !m_report || !somethingToRepair(*m_report))
        return nullptr;
    if (mode == CheckRepair::Leaks && m_report->leaks == 0)
        return nullptr;
    const CheckReport& report = *m_report;
    const bool leaksOnly = mode == CheckRepair::Leaks;
    const QString detail =
        leaksOnly
            ? tr("Diskscope takes QEMU's write lock on %1 and lowers the refcounts of %2 leaked cluster(s) to what "
                 "the tables reference, so that their space is used again. Guest data is not changed. Stop any "
                 "virtual machine that uses the image first.")
                  .arg(m_fileName)
                  .arg(report.leaks)
            : tr("Diskscope takes QEMU's write lock on %1 and rewrites its refcounts (rebuilding the refcount "
                 "structures when they are damaged) and the tables' COPIED flags, for %2 corruption(s) and %3 leaked "
                 "cluster(s). Data that corrupt entries point at may not be recoverable. Stop any virtual machine "
                 "that uses the image, and keep a copy if the data matters.")
                  .arg(m_fileName)
                  .arg(report.corruptions)
                  .arg(report.leaks);
    const bool confirmed = Confirmation::ask(
        this, {leaksOnly ? tr("Repair Leaks?") : tr("Repair All Errors?"),
               leaksOnly ? tr("Repair the leaked clusters of %1?").arg(m_fileName)
                         : tr("Repair all errors of %1?").arg(m_fileName),
               detail, leaksOnly ? tr("Repair Leaks") : tr("Repair All")});
    if (!confirmed)
        return nullptr;
    const QString command = repairCommand(m_path, mode);
    Job* job = m_runner->run(
        {Job::Kind::Repair, tr("Repair %1").arg(m_fileName), command, m_path, m_path, false},
        [mode, name = JobRunner::engineName(m_path)](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
            channel.setPhase(mode == CheckRepair::Leaks ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Repairing leaks") : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Repairing"));
            CheckOptions options;
            options.path = name;
            options.repair = mode;  // takes QEMU's writer lock
            auto result = diskscope::check(options, progress, stop);
            if (!result.ok()) {
                channel.setOutcome(JobRunner::failure(result.error(), stop));
                return;
            }
            JobChannel::Outcome outcome;
            outcome.ok = true;
            outcome.check = std::move(result).value();
            channel.setOutcome(std::move(outcome));
        });
    m_view->showReport(m_path, nullptr, true, true);
    m_view->summaryLabel()->setText(tr("Repairing %1…").arg(m_fileName));
    m_view->commandField()->setCommand(command);
    m_repairResult->hide();
    connect(job, &Job::finished, this, [this, job, mode] { onRepairFinished(job, mode); });
    watch(job);
    emit repairStarted(job, leaksOnly ? tr("Repairing the leaks of %1 (with QEMU's write lock)").arg(m_path)
                                      : tr("Repairing all errors of %1 (with QEMU's write lock)").arg(m_path));
    return job;
}

void CheckRepairDialog::onCheckFinished(Job* job)
{
    if (job != m_job)
        return;
    if (job->state() == Job::State::Succeeded && job->checkReport()) {
        m_report = *job->checkReport();
        m_view->showReport(m_path, &*m_report, false, true);
    } else {
        m_report.reset();
        m_view->showReport(m_path, nullptr, false, true);
        m_view->summaryLabel()->setText(job->state() == Job::State::Cancelled
                                            ? tr("The check of %1 was cancelled.").arg(m_fileName)
                                            : tr("The check of %1 failed: %2").arg(m_fileName, job->message()));
    }
    m_view->commandField()->setCommand(job->commandLine());
    updateProgress();
    updateButtons();
}

void CheckRepairDialog::onRepairFinished(Job* job, CheckRepair mode)
{
    if (job != m_job)
        return;
    QString result;
    if (job->state() == Job::State::Succeeded && job->checkReport()) {
        const CheckReport& report = *job->checkReport();
        if (report.failure)
            result = tr("The repair could not complete: %1").arg(DisplayText::fromImage(*report.failure));
        else
            result = tr("Repaired %1: %2 leaked cluster(s) and %3 corruption(s) fixed. Checked again below.")
                         .arg(m_fileName)
                         .arg(report.leaksFixed)
                         .arg(report.corruptionsFixed);
    } else if (job->state() == Job::State::Cancelled) {
        result = tr("The repair of %1 was cancelled.").arg(m_fileName);
    } else {
        result = tr("The repair of %1 failed: %2").arg(m_fileName, job->message());
    }
    (void)mode;
    emit imageWritten(m_path);
    m_job = nullptr;
    check();
    m_repairResult->setText(result);
    m_repairResult->show();
}

void CheckRepairDialog::updateProgress()
{
    const bool running = m_job && m_job->isRunning();
    m_phase->setVisible(running);
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    if (!running)
        return;
    m_phase->setText(m_job->kind() == Job::Kind::Repair ? tr("Repairing…") : tr("Checking…"));
    if (m_job->total() == 0) {
        m_progress->setRange(0, 0);  // busy until the engine knows how much there is
        return;
    }
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::min<uint64_t>(1000, m_job->done() * 1000 / m_job->total())));
}

void CheckRepairDialog::updateButtons()
{
    const bool running = m_job && m_job->isRunning();
    QString why;
    if (running)
        why = tr("Repairs are offered once the check has finished.");
    else if (!m_report)
        why = tr("Check %1 first: repairs are offered for what a check finds.").arg(m_fileName);
    else if (!m_report->supported)
        why = tr("%1 is a raw image: it has no metadata to repair.").arg(m_fileName);
    else if (!somethingToRepair(*m_report))
        why = tr("Nothing to repair: the check found no leaks and no corruptions.");
    else if (!QFileInfo(m_path).isWritable())
        why = tr("You do not have permission to write %1.").arg(m_fileName);
    const bool repairable = why.isEmpty();
    m_repairAll->setEnabled(repairable);
    m_repairLeaks->setEnabled(repairable && m_report->leaks > 0);
    if (repairable && m_report->leaks == 0)
        why = tr("Repair Leaks is unavailable: there are no leaked clusters, only corruptions (Repair All fixes them).");
    m_repairLeaks->setVisible(!m_report || m_report->supported);
    m_repairAll->setVisible(!m_report || m_report->supported);
    m_reason->setReason(why);
    m_view->checkButton()->setEnabled(!running);
}

}  // namespace diskscope::ui
