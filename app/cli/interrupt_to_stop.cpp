// SPDX-License-Identifier: GPL-2.0-or-later
// Signal to stop_source bridge: the handler only writes to a pipe (async-signal-safe);
// a watcher thread reads it and calls request_stop(), which is not signal-safe.
#include "interrupt_to_stop.h"

#include <cerrno>
#include <unistd.h>

namespace diskscope::cli {
namespace {

int g_writeEnd = -1;  // the live instance's pipe, for the handler

// Messages on the pipe: a signal number, or 0 to stop watching.
void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] ssize_t written = write(g_writeEnd, &byte, 1);
    errno = savedErrno;
}

}  // namespace

InterruptToStop::InterruptToStop(std::stop_source source) : m_source(std::move(source))
{
    if (pipe(m_pipe) != 0)
        return;  // no bridge: the signals keep their default action
    g_writeEnd = m_pipe[1];
    m_watcher = std::thread([this] { watch(); });

    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    sigaction(SIGINT, &action, &m_oldInterrupt);
    sigaction(SIGTERM, &action, &m_oldTerminate);
}

InterruptToStop::~InterruptToStop()
{
    if (m_pipe[1] < 0)
        return;
    sigaction(SIGINT, &m_oldInterrupt, nullptr);
    sigaction(SIGTERM, &m_oldTerminate, nullptr);
    const unsigned char quit = 0;
    [[maybe_unused]] ssize_t written = write(m_pipe[1], &quit, 1);
    m_watcher.join();
    g_writeEnd = -1;
    close(m_pipe[0]);
    close(m_pipe[1]);
}

void InterruptToStop::watch()
{
    while (true) {
        unsigned char byte = 0;
        const ssize_t got = read(m_pipe[0], &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || byte == 0)
            return;
        int expected = 0;
        m_signal.compare_exchange_strong(expected, byte);
        m_source.request_stop();
    }
}

void InterruptToStop::reraise()
{
    const int signalNumber = m_signal.load();
    if (signalNumber == 0)
        return;
    signal(signalNumber, SIG_DFL);
    raise(signalNumber);
}

}  // namespace diskscope::cli
