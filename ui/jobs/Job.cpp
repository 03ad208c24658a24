// SPDX-License-Identifier: GPL-2.0-or-later
// A job's GUI-side state: polled progress with a smoothed rate, and the outcome once it ends.
#include "jobs/Job.h"
#include "util/Plural.h"

#include <QStringList>
#include <cmath>

#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {
// The rate is an exponential moving average with this time constant: long enough that the
// estimate does not jump with every cache flush, short enough to follow a real change.
constexpr double rateTimeConstantSeconds = 4.0;
// Before this much time an average since the start is steadier than the moving one.
constexpr qint64 warmUpMs = 1000;
}  // namespace

double Job::secondsLeft() const
{
    if (!isRunning() || !m_countsBytes || m_rate <= 0 || m_total == 0 || m_elapsedMs < warmUpMs)
        return -1;
    return double(m_total - std::min(m_done, m_total)) / m_rate;
}

void Job::cancel()
{
    if (!isRunning() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    m_phase = tr("Cancelling…");
    // The engine polls the stop token between chunks; cancelling the future as well makes
    // its state say so for anyone watching it.
    m_channel->stop.request_stop();
    m_watcher.cancel();
    emit progressChanged();
}

bool Job::poll()
{
    const qint64 now = m_clock.elapsed();
    const uint64_t done = m_channel->done.load(std::memory_order_relaxed);
    const uint64_t total = m_channel->total.load(std::memory_order_relaxed);
    const QString phase = m_cancelRequested ? m_phase : staticMetaObject.tr(m_channel->phase().c_str(), nullptr);
    const qint64 dt = now - m_lastPollMs;
    if (m_countsBytes && dt > 0) {
        if (now < warmUpMs) {
            m_rate = now > 0 ? double(done) * 1000.0 / double(now) : 0;
        } else {
            // Progress may restart (check walks one table after another): only forward counts.
            const double delta = done >= m_lastPollDone ? double(done - m_lastPollDone) : 0.0;
            const double instant = delta * 1000.0 / double(dt);
            const double weight = 1.0 - std::exp(-double(dt) / 1000.0 / rateTimeConstantSeconds);
            m_rate += weight * (instant - m_rate);
        }
    }
    const bool changed = done != m_done || total != m_total || phase != m_phase || now / 1000 != m_elapsedMs / 1000;
    m_lastPollMs = now;
    m_lastPollDone = done;
    m_done = done;
    m_total = total;
    m_phase = phase;
    m_elapsedMs = now;
    return changed;
}

void Job::complete()
{
    poll();
    const JobChannel::Outcome outcome = m_channel->outcome();
    m_check = outcome.check;
    m_payload = outcome.payload;
    if (outcome.cancelled || (m_cancelRequested && !outcome.ok)) {
        m_state = State::Cancelled;
        m_message = writes() ? tr("Cancelled; the unfinished target was removed.") : tr("Cancelled.");
    } else if (!outcome.ok) {
        m_state = State::Failed;
        if (outcome.engineError) {
            m_message = EngineText::error(*outcome.engineError);
            m_detail = EngineText::errorDetail(*outcome.engineError);
        } else {
            m_message = QString::fromStdString(outcome.error);
        }
    } else {
        m_state = State::Succeeded;
        if (!outcome.summary.empty()) {
            m_message = staticMetaObject.tr(outcome.summary.c_str(), nullptr);
        } else if (m_check) {
            const CheckReport& report = *m_check;
            if (!report.supported)
                m_message = tr("This format has no metadata to check.");
            else if (report.failure) {
                m_message = tr("The check could not complete.");
                m_detail = DisplayText::fromImage(*report.failure);
            }
            else if (report.corruptions == 0 && report.leaks == 0 && report.checkErrors == 0)
                m_message = tr("No errors were found.");
            else {
                QStringList parts;
                if (report.corruptions)
                    parts << plural(report.corruptions, tr("%1 corruption"), tr("%1 corruptions"));
                if (report.leaks)
                    parts << plural(report.leaks, tr("%1 leaked cluster"), tr("%1 leaked clusters"));
                if (report.checkErrors)
                    parts << plural(report.checkErrors, tr("%1 check error"), tr("%1 check errors"));
                m_message = parts.join(QStringLiteral(", "));
            }
        } else {
            m_message = tr("Wrote %1.").arg(SizeFormat::human(m_total));
        }
    }
    m_rate = m_elapsedMs > 0 && m_countsBytes ? double(m_done) * 1000.0 / double(m_elapsedMs) : 0;
    emit progressChanged();
    emit finished();
}

}  // namespace diskscope::ui
