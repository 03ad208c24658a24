// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a child process under memory, CPU, file-size and wall-clock limits and reports how it ended.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace malformed {

struct Limits {
    bool enabled = true;            // false: only the wall-clock timeout (reference tools)
    qint64 addressSpaceBytes = qint64(1) << 30;
    int cpuSeconds = 10;
    qint64 fileSizeBytes = qint64(1) << 30;
    int wallMilliseconds = 10000;
};

struct ProcessResult {
    bool started = false;
    bool timedOut = false;
    bool crashed = false;    // ended by a signal (segfault, abort, SIGXCPU, SIGXFSZ, ...)
    int exitCode = -1;       // the signal number when crashed
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;

    bool succeeded() const { return started && !timedOut && !crashed && exitCode == 0; }
    // "exit 1", "killed by signal 11", "timed out after 10000 ms", for failure messages.
    QString outcome() const;
};

// Whether this test binary (and so, in the same build, diskscope-img) was built with
// AddressSanitizer: then RLIMIT_AS cannot be used (ASan reserves terabytes of shadow memory)
// and the memory bound is passed through ASAN_OPTIONS instead.
bool builtWithAsan();

ProcessResult runProcess(const QString& program, const QStringList& arguments, const Limits& limits,
                         const QString& workingDirectory = {});

}  // namespace malformed
