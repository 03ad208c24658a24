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
}

namespace diskscope::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    // Cancels what still runs and waits for it: the engine must not outlive its caller.
    ~JobRunner() override;

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
    using Work = std::function<void(JobChannel&, ProgressSink&, std::stop_token)>;
    Job* start(Job::Kind kind, const QString& title, const QString& command, const QString& subject,
               const QString& target, bool countsBytes, Work work);
    void pollRunning();

    QThreadPool m_pool;
    QTimer m_pollTimer;
    QList<Job*> m_jobs;
    int m_nextId = 1;
};

}  // namespace diskscope::ui
