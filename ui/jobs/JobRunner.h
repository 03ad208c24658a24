// SPDX-License-Identifier: GPL-2.0-or-later
// Runs engine operations as jobs on a thread pool of their own (QtConcurrent with QPromise,
// watched by QFutureWatcher), never on the GUI thread.
#pragma once

#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <functional>

#include "jobs/Job.h"

namespace diskscope {
class ProgressSink;
struct Error;
}

namespace diskscope::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    // Cancels what still runs and waits for it: the engine must not outlive its caller.
    ~JobRunner() override;

    // What a job is, for the job panel and the quit prompt.
    struct JobSpec {
        Job::Kind kind = Job::Kind::Check;
        QString title;    // "Convert disk.qcow2", shown in the job panel
        QString command;  // the equivalent diskscope-img command (CommandLine)
        QString subject;  // the image the job reads
        QString target;   // the file it writes; empty for read-only jobs
        bool countsBytes = false;  // progress in bytes (gets a rate) rather than in steps
    };
    // The engine work of a job, run on the pool: it reports through `progress`, stops when
    // `stop` fires and ends with channel.setOutcome(...).
    using Work = std::function<void(JobChannel&, ProgressSink&, std::stop_token)>;
    // Every GUI operation (the wizards and dialogs too) starts here.
    Job* run(const JobSpec& spec, Work work);

    // A file name as the engine wants it: in the file system's encoding, not blindly UTF-8.
    static std::string engineName(const QString& path);
    // The outcome of a failed engine call: cancelled when the stop token fired, else the error.
    static JobChannel::Outcome failure(const Error& error, const std::stop_token& stop);

    // check (report only, -U: no locks) of `path`.
    Job* startCheck(const QString& path);
    // convert -O raw of `source`'s chain into `target` (written under a temporary name and
    // renamed at the end; nothing is left behind on failure or cancel).
    Job* startConvertToRaw(const QString& source, const QString& target);

    const QList<Job*>& jobs() const { return m_jobs; }
    QList<Job*> runningJobs() const;
    QList<Job*> runningWriteJobs() const;
    void cancelAll();
    // Forgets finished jobs (the panel's "Clear Finished").
    void removeFinished();
    QThreadPool* pool() { return &m_pool; }

signals:
    void jobStarted(diskscope::ui::Job* job);
    void jobFinished(diskscope::ui::Job* job);
    void jobRemoved(diskscope::ui::Job* job);
    // No job runs any more.
    void idle();

private:
    void pollRunning();

    QThreadPool m_pool;
    QTimer m_pollTimer;
    QList<Job*> m_jobs;
    int m_nextId = 1;
};

}  // namespace diskscope::ui
