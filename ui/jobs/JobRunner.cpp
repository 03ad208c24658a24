// SPDX-License-Identifier: GPL-2.0-or-later
// The job runner: engine operations on a private thread pool, progress on a channel of our own.
#include "jobs/JobRunner.h"

#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <exception>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cerrno>
#endif

#include "diskscope/ops/check.h"
#include "diskscope/ops/convert.h"
#include "diskscope/progress.h"
#include "util/CommandLine.h"

namespace diskscope::ui {
namespace {

// QFuture's own progress is kept on a fixed int scale, only ever increasing.
constexpr int futureScale = 10000;
// Ten updates a second are smooth to the eye and cost nothing on the GUI thread.
constexpr int pollIntervalMs = 100;

// The engine's progress callback: stores exact counts for the GUI's poll and moves the
// future's int progress forward. A cancelled future also stops the engine.
class ChannelProgress final : public ProgressSink {
public:
    ChannelProgress(JobChannel& channel, QPromise<void>& promise) : m_channel(channel), m_promise(promise) {}

    void progress(uint64_t done, uint64_t total) override
    {
        m_channel.done.store(done, std::memory_order_relaxed);
        m_channel.total.store(total, std::memory_order_relaxed);
        if (total > 0) {
            const int value = int(std::min<double>(futureScale, double(done) * futureScale / double(total)));
            if (value > m_last) {
                m_promise.setProgressValue(value);
                m_last = value;
            }
        }
        if (m_promise.isCanceled())
            m_channel.stop.request_stop();
    }

private:
    JobChannel& m_channel;
    QPromise<void>& m_promise;
    int m_last = -1;
};

// Jobs run a little below the GUI thread: when a conversion keeps both cores busy, the event
// loop still gets a core the moment it wakes, instead of queueing behind the engine's threads.
// Linux keeps a nice value per thread and new threads inherit it, so lowering the pool thread
// once also lowers the reader and writer threads the engine starts. Lowering needs no
// privilege; raising it back would, and pool threads only ever run jobs, so it stays lowered.
void runBelowGuiPriority()
{
#ifdef __linux__
    constexpr int kNiceAboveGui = 5;
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, thread, std::min(current + kNiceAboveGui, 19));
#endif
}

void runJob(QPromise<void>& promise, std::shared_ptr<JobChannel> channel, JobRunner::Work work)
{
    runBelowGuiPriority();
    promise.setProgressRange(0, futureScale);
    ChannelProgress sink(*channel, promise);
    try {
        work(*channel, sink, channel->stop.get_token());
    } catch (const std::exception& e) {
        // The engine reports errors as values; this only keeps bad_alloc and bugs off the GUI.
        JobChannel::Outcome outcome;
        outcome.error = std::string("Internal error: ") + e.what();
        channel->setOutcome(std::move(outcome));
    }
}

}  // namespace

std::string JobRunner::engineName(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

JobChannel::Outcome JobRunner::failure(const Error& error, const std::stop_token& stop)
{
    JobChannel::Outcome outcome;
    outcome.cancelled = error.code == ErrorCode::Cancelled || stop.stop_requested();
    outcome.error = describe(error);
    outcome.engineError = error;
    return outcome;
}

JobRunner::JobRunner(QObject* parent) : QObject(parent)
{
    // Two threads: one long write and a check side by side. Map rendering and info reads have
    // pools of their own, so a conversion never starves them (errata, issue 6).
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("JobRunnerPool"));
    m_pollTimer.setInterval(pollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &JobRunner::pollRunning);
}

JobRunner::~JobRunner()
{
    cancelAll();
    m_pool.waitForDone();
}

Job* JobRunner::startCheck(const QString& path)
{
    return run({Job::Kind::Check, tr("Check %1").arg(QFileInfo(path).fileName()), CommandLine::check(path), path, {},
                false},
               [name = engineName(path)](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                     channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Checking metadata"));
                     CheckOptions options;
                     options.path = name;
                     // Browsing takes no locks: a running VM neither stops nor is stopped by us.
                     options.forceShare = true;
                     auto result = check(options, progress, stop);
                     if (!result.ok()) {
                         channel.setOutcome(failure(result.error(), stop));
                         return;
                     }
                     JobChannel::Outcome outcome;
                     outcome.ok = true;
                     outcome.check = std::move(result).value();
                     channel.setOutcome(std::move(outcome));
                 });
}

Job* JobRunner::startConvertToRaw(const QString& source, const QString& target)
{
    return run({Job::Kind::Convert, tr("Convert %1 to raw").arg(QFileInfo(source).fileName()),
                CommandLine::convertToRaw(source, target), source, target, true},
               [from = engineName(source), to = engineName(target)](JobChannel& channel, ProgressSink& progress,
                                                                      std::stop_token stop) {
                     channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Copying guest data"));
                     ConvertOptions options;
                     options.sources = {from};
                     options.target = to;
                     options.targetFormat = "raw";
                     options.forceShare = true;
                     Status status = convert(options, progress, stop);
                     if (!status.ok()) {
                         channel.setOutcome(failure(status.error(), stop));
                         return;
                     }
                     channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Done"));
                     JobChannel::Outcome outcome;
                     outcome.ok = true;
                     channel.setOutcome(std::move(outcome));
                 });
}

Job* JobRunner::run(const JobSpec& spec, Work work)
{
    auto* job = new Job(this);
    job->m_id = m_nextId++;
    job->m_kind = spec.kind;
    job->m_title = spec.title;
    job->m_command = spec.command;
    job->m_subject = spec.subject;
    job->m_target = spec.target;
    job->m_countsBytes = spec.countsBytes;
    job->m_phase = tr("Starting…");
    job->m_channel = std::make_shared<JobChannel>();
    job->m_clock.start();
    connect(&job->m_watcher, &QFutureWatcher<void>::finished, job, [this, job] {
        job->complete();
        emit jobFinished(job);
        if (runningJobs().isEmpty()) {
            m_pollTimer.stop();
            emit idle();
        }
    });
    m_jobs.append(job);
    job->m_watcher.setFuture(QtConcurrent::run(&m_pool, runJob, job->m_channel, std::move(work)));
    if (!m_pollTimer.isActive())
        m_pollTimer.start();
    emit jobStarted(job);
    return job;
}

void JobRunner::pollRunning()
{
    for (Job* job : std::as_const(m_jobs)) {
        if (job->isRunning() && job->poll())
            emit job->progressChanged();
    }
}

QList<Job*> JobRunner::runningJobs() const
{
    QList<Job*> running;
    for (Job* job : m_jobs) {
        if (job->isRunning())
            running << job;
    }
    return running;
}

QList<Job*> JobRunner::runningWriteJobs() const
{
    QList<Job*> running;
    for (Job* job : m_jobs) {
        if (job->isRunning() && job->writes())
            running << job;
    }
    return running;
}

void JobRunner::cancelAll()
{
    for (Job* job : std::as_const(m_jobs))
        job->cancel();
}

void JobRunner::removeFinished()
{
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        Job* job = *it;
        if (job->isRunning()) {
            ++it;
            continue;
        }
        it = m_jobs.erase(it);
        emit jobRemoved(job);
        job->deleteLater();
    }
}

}  // namespace diskscope::ui
