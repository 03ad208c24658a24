// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a child process under resource limits (see limited_process.h).
#include "limited_process.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>

#include <sys/resource.h>

namespace malformed {

#if defined(__SANITIZE_ADDRESS__)
#define MALFORMED_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MALFORMED_ASAN 1
#endif
#endif

bool builtWithAsan()
{
#ifdef MALFORMED_ASAN
    return true;
#else
    return false;
#endif
}

QString ProcessResult::outcome() const
{
    if (!started)
        return QStringLiteral("could not be started");
    if (timedOut)
        return QStringLiteral("timed out after %1 ms").arg(elapsedMs);
    if (crashed)
        return QStringLiteral("killed by signal %1").arg(exitCode);
    return QStringLiteral("exit %1").arg(exitCode);
}

namespace {

// Runs in the forked child before exec: only async-signal-safe calls here.
void applyLimit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit limit;
    limit.rlim_cur = soft;
    limit.rlim_max = hard;
    setrlimit(resource, &limit);
}

}  // namespace

ProcessResult runProcess(const QString& program, const QStringList& arguments, const Limits& limits,
                         const QString& workingDirectory)
{
    ProcessResult result;
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);

    if (limits.enabled) {
        const bool asan = builtWithAsan();
        const rlim_t as = rlim_t(limits.addressSpaceBytes);
        const rlim_t cpu = rlim_t(limits.cpuSeconds);
        const rlim_t fsize = rlim_t(limits.fileSizeBytes);
        process.setChildProcessModifier([asan, as, cpu, fsize] {
            if (!asan)
                applyLimit(RLIMIT_AS, as, as);
            // Soft limit sends SIGXCPU, which counts as a crash: a parser must not spin.
            applyLimit(RLIMIT_CPU, cpu, cpu + 1);
            applyLimit(RLIMIT_FSIZE, fsize, fsize);
            applyLimit(RLIMIT_CORE, 0, 0);
        });
        if (asan) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            const qint64 mb = limits.addressSpaceBytes >> 20;
            QString options = env.value(QStringLiteral("ASAN_OPTIONS"));
            if (!options.isEmpty())
                options += QLatin1Char(':');
            options += QStringLiteral("hard_rss_limit_mb=%1:max_allocation_size_mb=%1:allocator_may_return_null=0")
                           .arg(mb);
            env.insert(QStringLiteral("ASAN_OPTIONS"), options);
            process.setProcessEnvironment(env);
        }
    }

    QElapsedTimer timer;
    timer.start();
    process.start();
    if (!process.waitForStarted(5000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.started = true;
    const int wall = builtWithAsan() ? limits.wallMilliseconds * 3 : limits.wallMilliseconds;
    if (!process.waitForFinished(wall)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    result.elapsedMs = timer.elapsed();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    if (!result.timedOut) {
        result.crashed = process.exitStatus() == QProcess::CrashExit;
        // For a crash Qt keeps the terminating signal in exitCode() (forkfd's status).
        result.exitCode = process.exitCode();
    }
    return result;
}

}  // namespace malformed
