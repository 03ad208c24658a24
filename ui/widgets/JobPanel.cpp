// SPDX-License-Identifier: GPL-2.0-or-later
// Job rows: bytes done of bytes to do, a smoothed rate, "about N minutes left", Cancel.
#include "widgets/JobPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "jobs/JobRunner.h"
#include "util/DisplayText.h"
#include "util/Plural.h"
#include "util/SizeFormat.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {
namespace {

constexpr int barScale = 10000;

// GNOME's wording for estimates: coarse, and never "0 seconds".
QString timeLeft(double seconds)
{
    if (seconds < 60)
        return plural(qulonglong(std::max(1.0, std::ceil(seconds))), JobPanel::tr("about %1 second left"), JobPanel::tr("about %1 seconds left"));
    if (seconds < 3600)
        return plural(qulonglong(std::lround(seconds / 60)), JobPanel::tr("about %1 minute left"), JobPanel::tr("about %1 minutes left"));
    return plural(qulonglong(std::lround(seconds / 3600)), JobPanel::tr("about %1 hour left"), JobPanel::tr("about %1 hours left"));
}

QString duration(qint64 ms)
{
    if (ms < 1000)
        return JobPanel::tr("%1 ms").arg(ms);
    if (ms < 60000)
        return JobPanel::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return JobPanel::tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60);
}

}  // namespace

QString JobPanel::progressText(const Job& job)
{
    QStringList parts;
    if (job.isRunning())
        parts << job.phase();
    if (job.countsBytes()) {
        if (job.total() > 0)
            parts << tr("%1 of %2").arg(SizeFormat::human(job.done()), SizeFormat::human(job.total()));
        if (job.bytesPerSecond() > 0)
            parts << tr("%1/s").arg(SizeFormat::human(uint64_t(job.bytesPerSecond())));
        if (const double left = job.secondsLeft(); left >= 0)
            parts << timeLeft(left);
    } else if (job.isRunning() && job.total() > 0) {
        parts << tr("%1 %").arg(qMin<qulonglong>(100, job.done() * 100 / job.total()));
    }
    if (!job.isRunning()) {
        parts << job.message();
        parts << tr("took %1").arg(duration(job.elapsedMs()));
    }
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

JobRow::JobRow(Job* job, QWidget* parent) : QWidget(parent), m_job(job)
{
    setObjectName(QStringLiteral("jobRow%1").arg(job->id()));
    setAccessibleName(job->title());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);

    auto* head = new QHBoxLayout;
    m_title = new QLabel(DisplayText::escapeControls(job->title()), this);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    head->addWidget(m_title, 1);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("jobState"));
    m_state->setTextFormat(Qt::PlainText);
    head->addWidget(m_state);
    layout->addLayout(head);

    auto* progress = new QHBoxLayout;
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("jobProgress"));
    m_bar->setRange(0, barScale);
    m_bar->setAccessibleName(tr("Progress of %1").arg(job->title()));
    progress->addWidget(m_bar, 1);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("jobCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job; a new file it was writing is removed"));
    m_cancel->setAccessibleName(tr("Cancel %1").arg(job->title()));
    connect(m_cancel, &QToolButton::clicked, job, &Job::cancel);
    progress->addWidget(m_cancel);
    layout->addLayout(progress);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("jobStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_command = new CommandField(this);
    m_command->setCommand(job->commandLine());
    layout->addWidget(m_command);

    connect(job, &Job::progressChanged, this, &JobRow::refresh);
    refresh();
}

void JobRow::refresh()
{
    const Job& job = *m_job;
    int value = 0;
    if (job.total() > 0)
        value = int(double(std::min(job.done(), job.total())) * barScale / double(job.total()));
    switch (job.state()) {
    case Job::State::Running:
        m_state->setText(job.cancelRequested() ? tr("Cancelling") : tr("Running"));
        break;
    case Job::State::Succeeded:
        m_state->setText(tr("Done"));
        value = barScale;
        break;
    case Job::State::Failed:
        m_state->setText(tr("Failed"));
        break;
    case Job::State::Cancelled:
        m_state->setText(tr("Cancelled"));
        break;
    }
    // Before anything is known the bar is busy rather than stuck at 0 % (proxcenter-ui#587).
    if (job.isRunning() && job.total() == 0)
        m_bar->setRange(0, 0);
    else {
        m_bar->setRange(0, barScale);
        m_bar->setValue(value);
    }
    m_cancel->setVisible(job.isRunning());
    m_cancel->setEnabled(!job.cancelRequested());
    m_status->setText(DisplayText::escapeControls(JobPanel::progressText(job)));
    // A failure is worded for the user; the engine's English stays at hand for a bug report.
    m_status->setToolTip(job.detail());
    setAccessibleDescription(m_status->text());
}

JobPanel::JobPanel(JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("jobPanel"));
    setAccessibleName(tr("Jobs"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("jobScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(0);
    m_empty = new QLabel(tr("No jobs yet. Check (Ctrl+K) looks for leaks and corruptions in the selected image."),
                         content);
    m_empty->setObjectName(QStringLiteral("jobsEmptyHint"));
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setContentsMargins(10, 10, 10, 10);
    contentLayout->addWidget(m_empty);
    m_list = new QVBoxLayout;
    m_list->setSpacing(0);
    contentLayout->addLayout(m_list);
    contentLayout->addStretch(1);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 4);
    buttons->addStretch(1);
    m_clear = new QPushButton(tr("Clear Finished"), this);
    m_clear->setObjectName(QStringLiteral("clearFinishedJobs"));
    connect(m_clear, &QPushButton::clicked, runner, &JobRunner::removeFinished);
    buttons->addWidget(m_clear);
    layout->addLayout(buttons);

    connect(runner, &JobRunner::jobStarted, this, &JobPanel::addJob);
    connect(runner, &JobRunner::jobRemoved, this, &JobPanel::removeJob);
    connect(runner, &JobRunner::jobFinished, this, &JobPanel::updateEmptyState);
    for (Job* job : runner->jobs())
        addJob(job);
    updateEmptyState();
}

void JobPanel::addJob(Job* job)
{
    auto* row = new JobRow(job, this);
    m_rows.insert(job, row);
    m_list->insertWidget(0, row);
    updateEmptyState();
}

void JobPanel::removeJob(Job* job)
{
    if (JobRow* row = m_rows.take(job))
        delete row;
    updateEmptyState();
}

void JobPanel::updateEmptyState()
{
    m_empty->setVisible(m_rows.isEmpty());
    bool anyFinished = false;
    for (const JobRow* row : std::as_const(m_rows))
        anyFinished = anyFinished || !row->job()->isRunning();
    m_clear->setEnabled(anyFinished);
}

}  // namespace diskscope::ui
