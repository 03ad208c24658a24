// SPDX-License-Identifier: GPL-2.0-or-later
// Process running, recipe building and file comparison for the QtTest suites (see qemu_tools.h).
#include "qemu_tools.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

namespace diskscope::testsupport {

namespace {

QString shellQuote(const QString& word)
{
    static const QString safe = QStringLiteral(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+@%");
    const bool plain = !word.isEmpty()
        && std::all_of(word.begin(), word.end(), [](QChar c) { return safe.contains(c); });
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString commandLineOf(const Command& command)
{
    QStringList words{shellQuote(command.program)};
    for (const QString& argument : command.arguments)
        words << shellQuote(argument);
    return words.join(QLatin1Char(' '));
}

// Long outputs (a map of thousands of extents) would drown the message; the head is enough.
QString clipped(const QByteArray& text)
{
    constexpr qsizetype limit = 8000;
    if (text.size() <= limit)
        return QString::fromUtf8(text);
    return QString::fromUtf8(text.left(limit))
        + QStringLiteral("\n... (%1 more bytes)").arg(text.size() - limit);
}

}  // namespace

QString ProcessResult::describe() const
{
    QString how;
    if (!started)
        how = QStringLiteral("could not be started (missing or not executable)");
    else if (timedOut)
        how = QStringLiteral("timed out and was killed");
    else if (crashed)
        how = QStringLiteral("was killed by a signal");
    else
        how = QStringLiteral("exited with code %1").arg(exitCode);
    return QStringLiteral("command: %1\n  in: %2\n  %3\n  stdout:\n%4\n  stderr:\n%5")
        .arg(commandLine, workingDirectory.isEmpty() ? QDir::currentPath() : workingDirectory, how,
             clipped(standardOutput), clipped(standardError));
}

QString qemuImgPath() { return QStringLiteral(QEMU_IMG); }
QString qemuIoPath() { return QStringLiteral(QEMU_IO); }

QString diskscopeImgPath()
{
    const QString override = qEnvironmentVariable("DISKSCOPE_INTEROP_SUBJECT");
    return override.isEmpty() ? QStringLiteral(DISKSCOPE_IMG) : override;
}

Command qemuImg(const QStringList& arguments) { return Command{qemuImgPath(), arguments}; }

Command qemuIo(const QString& image, const QString& format, const QStringList& ioCommands,
               ExitExpectation expectation)
{
    QStringList arguments{QStringLiteral("-f"), format};
    for (const QString& ioCommand : ioCommands)
        arguments << QStringLiteral("-c") << ioCommand;
    arguments << image;
    return Command{qemuIoPath(), arguments, expectation};
}

Command diskscopeImg(const QStringList& arguments) { return Command{diskscopeImgPath(), arguments}; }

ProcessResult run(const Command& command, const QString& workingDirectory, int timeoutMs)
{
    ProcessResult result;
    result.commandLine = commandLineOf(command);
    result.workingDirectory = workingDirectory;

    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    // Fixed locale: messages compared between tools must not depend on the host's language.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    process.setProcessEnvironment(environment);
    process.start(command.program, command.arguments);
    if (!process.waitForStarted(timeoutMs)) {
        result.standardError = process.errorString().toUtf8();
        return result;
    }
    result.started = true;
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5'000);
    }
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    if (!result.timedOut) {
        result.crashed = process.exitStatus() == QProcess::CrashExit;
        result.exitCode = process.exitCode();
    }
    return result;
}

bool runExpected(const Command& command, const QString& workingDirectory, QString* why,
                 ProcessResult* result)
{
    ProcessResult outcome = run(command, workingDirectory);
    bool asExpected = false;
    switch (command.expectation) {
    case ExitExpectation::Success:
        asExpected = outcome.exitedWith(0);
        break;
    case ExitExpectation::KilledBySignal:
        asExpected = outcome.started && !outcome.timedOut && outcome.crashed;
        break;
    }
    if (!asExpected && why) {
        *why = QStringLiteral("unexpected result (expected %1)\n%2")
                   .arg(command.expectation == ExitExpectation::Success
                            ? QStringLiteral("exit code 0")
                            : QStringLiteral("death by signal"),
                        outcome.describe());
    }
    if (result)
        *result = std::move(outcome);
    return asExpected;
}

// Puts every regular file in DIR in a state the kernel reports the same way each time: flushed,
// with no pages cached. On ext4, SEEK_DATA counts a cached page inside an unwritten (fallocated)
// extent as data, so whether a metadata-preallocated image's host holes show up in `map` would
// otherwise depend on what earlier reads and memory pressure left in the page cache: qemu-img and
// diskscope-img, run one after the other, could be told different things about the same file.
void settleFiles(const QString& dir)
{
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        const int fd = ::open(QFile::encodeName(entry.absoluteFilePath()).constData(),
                              O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ::fsync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

bool buildRecipe(const ImageRecipe& recipe, const QString& workspace, QString* why)
{
    if (!writeRandomFile(QDir(workspace).filePath(QString::fromLatin1(kRandomPatternFile)),
                         kRandomPatternSize, 20240601, why))
        return false;
    for (const Command& step : recipe.steps) {
        Command concrete = step;
        for (QString& argument : concrete.arguments)
            argument.replace(QString::fromLatin1(kWorkspacePlaceholder), workspace);
        QString failure;
        if (!runExpected(concrete, workspace, &failure)) {
            if (why)
                *why = QStringLiteral("recipe step failed: ") + failure;
            return false;
        }
    }
    if (!QFileInfo::exists(QDir(workspace).filePath(recipe.image))) {
        if (why)
            *why = QStringLiteral("recipe did not produce %1").arg(recipe.image);
        return false;
    }
    settleFiles(workspace);
    return true;
}

std::unique_ptr<QTemporaryDir> makeWorkspace(QString* why)
{
    auto workspace = std::make_unique<QTemporaryDir>(QDir::tempPath()
                                                     + QStringLiteral("/diskscope-test-XXXXXX"));
    if (!workspace->isValid()) {
        if (why)
            *why = QStringLiteral("cannot create a temporary directory: ") + workspace->errorString();
        return nullptr;
    }
    return workspace;
}

bool writeRandomFile(const QString& path, qint64 size, quint32 seed, QString* why)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    // fillRange wants whole 32-bit words; the sizes used here are multiples of 4.
    generator.fillRange(reinterpret_cast<quint32*>(bytes.data()), size / 4);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != size) {
        if (why)
            *why = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray fileSha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex();
}

bool filesHaveSameContent(const QString& expectedPath, const QString& actualPath, QString* why)
{
    QFile expected(expectedPath);
    QFile actual(actualPath);
    if (!expected.open(QIODevice::ReadOnly) || !actual.open(QIODevice::ReadOnly)) {
        if (why)
            *why = QStringLiteral("cannot open %1 or %2").arg(expectedPath, actualPath);
        return false;
    }
    constexpr qint64 chunkSize = 1024 * 1024;
    qint64 offset = 0;
    while (true) {
        const QByteArray a = expected.read(chunkSize);
        const QByteArray b = actual.read(chunkSize);
        const qsizetype common = std::min(a.size(), b.size());
        for (qsizetype i = 0; i < common; ++i) {
            if (a[i] != b[i]) {
                if (why)
                    *why = QStringLiteral("%1 (%2 bytes) and %3 (%4 bytes) first differ at offset "
                                          "%5: expected 0x%6, got 0x%7")
                               .arg(expectedPath)
                               .arg(expected.size())
                               .arg(actualPath)
                               .arg(actual.size())
                               .arg(offset + i)
                               .arg(quint8(a[i]), 2, 16, QLatin1Char('0'))
                               .arg(quint8(b[i]), 2, 16, QLatin1Char('0'));
                return false;
            }
        }
        if (a.size() != b.size()) {
            if (why)
                *why = QStringLiteral("%1 has %2 bytes but %3 has %4 (equal up to the shorter)")
                           .arg(expectedPath)
                           .arg(expected.size())
                           .arg(actualPath)
                           .arg(actual.size());
            return false;
        }
        if (a.isEmpty())
            return true;
        offset += a.size();
    }
}

}  // namespace diskscope::testsupport
