// SPDX-License-Identifier: GPL-2.0-or-later
// One long engine operation run by the JobRunner: what it is, its progress and its outcome.
// Lives on the GUI thread; the worker only touches the JobChannel.
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <any>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/ops/check.h"

namespace diskscope::ui {

// The channel between a worker and the GUI. QFuture's progress is an int that ignores values
// that do not increase (errata, issue 6), so exact 64-bit counts and the phase travel here;
// the GUI polls it. Cancellation reaches the engine through `stop`.
struct JobChannel {
    std::atomic<uint64_t> done{0};
    std::atomic<uint64_t> total{0};
    std::stop_source stop;

    // The phase and a success summary are English literals marked with
    // QT_TRANSLATE_NOOP("diskscope::ui::Job", "..."): the GUI thread translates them.
    void setPhase(std::string phase)
    {
        std::lock_guard lock(mutex);
        m_phase = std::move(phase);
    }
    std::string phase() const
    {
        std::lock_guard lock(mutex);
        return m_phase;
    }

    // Written by the worker before it returns, read by the GUI after the future finished.
    struct Outcome {
        bool ok = false;
        bool cancelled = false;
        std::string error;
        // The engine's error behind `error`, when there is one: the GUI words it in the
        // user's language (EngineText) and keeps `error` as the technical detail.
        std::optional<Error> engineError;
        std::optional<CheckReport> check;
        // A one-line summary shown on success instead of the default ("Wrote 2 GiB.").
        std::string summary;
        // Whatever else the operation produced for the dialog that started it (a measure
        // result, a snapshot list...): the dialog knows the type it asked for.
        std::any payload;

        static Outcome success(std::string summary = {})
        {
            Outcome outcome;
            outcome.ok = true;
            outcome.summary = std::move(summary);
            return outcome;
        }
    };
    void setOutcome(Outcome outcome)
    {
        std::lock_guard lock(mutex);
        m_outcome = std::move(outcome);
    }
    Outcome outcome() const
    {
        std::lock_guard lock(mutex);
        return m_outcome;
    }

private:
    mutable std::mutex mutex;
    std::string m_phase;
    Outcome m_outcome;
};

class Job : public QObject {
    Q_OBJECT
public:
    enum class Kind { Check, Repair, Convert, Create, Resize, Snapshot, Rebase, Commit, Amend, Measure };
    enum class State { Running, Succeeded, Failed, Cancelled };

    int id() const { return m_id; }
    Kind kind() const { return m_kind; }
    QString title() const { return m_title; }
    // The equivalent diskscope-img command, shell-quoted.
    QString commandLine() const { return m_command; }
    QString subject() const { return m_subject; }   // the image the job reads
    QString target() const { return m_target; }     // the file it writes, empty for read-only jobs
    bool writes() const { return !m_target.isEmpty(); }
    // Progress counts bytes (convert) or tables (check): only bytes get a rate.
    bool countsBytes() const { return m_countsBytes; }

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    bool cancelRequested() const { return m_cancelRequested; }
    uint64_t done() const { return m_done; }
    uint64_t total() const { return m_total; }
    QString phase() const { return m_phase; }
    // Smoothed over the last seconds; 0 while unknown.
    double bytesPerSecond() const { return m_rate; }
    // Negative while unknown.
    double secondsLeft() const;
    qint64 elapsedMs() const { return m_elapsedMs; }
    // The error (Failed) or a one-line summary (Succeeded), in the user's language.
    QString message() const { return m_message; }
    // The engine's own English behind a failure (for a tooltip or a bug report); may be empty.
    QString detail() const { return m_detail; }
    const std::optional<CheckReport>& checkReport() const { return m_check; }
    // The operation's own result (JobChannel::Outcome::payload), empty unless it set one.
    const std::any& payload() const { return m_payload; }
    QFutureWatcher<void>* watcher() { return &m_watcher; }

public slots:
    // Asks the engine to stop; finished() follows once it has (and cleaned up).
    void cancel();

signals:
    void progressChanged();
    void finished();

private:
    friend class JobRunner;
    explicit Job(QObject* parent) : QObject(parent) {}
    // Reads the channel; returns true when something visible changed.
    bool poll();
    void complete();

    int m_id = 0;
    Kind m_kind = Kind::Check;
    QString m_title;
    QString m_command;
    QString m_subject;
    QString m_target;
    bool m_countsBytes = false;
    State m_state = State::Running;
    bool m_cancelRequested = false;
    uint64_t m_done = 0;
    uint64_t m_total = 0;
    QString m_phase;
    double m_rate = 0;
    qint64 m_elapsedMs = 0;
    qint64 m_lastPollMs = 0;
    uint64_t m_lastPollDone = 0;
    QString m_message;
    QString m_detail;
    std::optional<CheckReport> m_check;
    std::any m_payload;
    QElapsedTimer m_clock;
    std::shared_ptr<JobChannel> m_channel;
    QFutureWatcher<void> m_watcher;
};

}  // namespace diskscope::ui
