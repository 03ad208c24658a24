// SPDX-License-Identifier: GPL-2.0-or-later
// Turns Ctrl-C (SIGINT) and SIGTERM into a stop request, so a long operation can clean up.
#pragma once

#include <atomic>
#include <csignal>
#include <stop_token>
#include <thread>

namespace diskscope::cli {

// While an instance lives, the first SIGINT or SIGTERM requests stop on the given
// source instead of killing the process; the handler is then reset, so a second
// signal kills at once. Only one instance may exist at a time.
class InterruptToStop {
public:
    explicit InterruptToStop(std::stop_source source);
    ~InterruptToStop();
    InterruptToStop(const InterruptToStop&) = delete;
    InterruptToStop& operator=(const InterruptToStop&) = delete;

    // The signal that requested the stop, 0 if none came.
    int receivedSignal() const { return m_signal.load(); }
    // Dies by the received signal with its default action, so the parent (a shell,
    // make) sees the same status as for a process without a handler. Returns only
    // when no signal came.
    void reraise();

private:
    void watch();

    std::stop_source m_source;
    std::atomic<int> m_signal{0};
    int m_pipe[2] = {-1, -1};
    struct sigaction m_oldInterrupt {};
    struct sigaction m_oldTerminate {};
    std::thread m_watcher;
};

}  // namespace diskscope::cli
