// SPDX-License-Identifier: GPL-2.0-or-later
// Test support: run qemu-img, qemu-io and diskscope-img with a timeout, build images from recipes,
// and compare files. Shared by the interop and malformed-image suites.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace diskscope::testsupport {

// qemu-img 7.2 can hang (for example on a backing file that names itself), so every run has a
// deadline; a minute is far more than any image in these suites needs.
inline constexpr int kDefaultTimeoutMs = 60'000;

// Written into every recipe workspace before the first step, so `qemu-io -c 'write -s random.bin
// ...'` can write incompressible data. 2 MiB covers the largest cluster size.
inline constexpr const char* kRandomPatternFile = "random.bin";
inline constexpr qint64 kRandomPatternSize = 2 * 1024 * 1024;

// Replaced by the workspace's absolute path in step arguments, for absolute backing names.
inline constexpr const char* kWorkspacePlaceholder = "@WS@";

// How a step is expected to end.
enum class ExitExpectation {
    Success,       // exit code 0
    KilledBySignal // e.g. qemu-io -c 'sigraise 9' to leave a dirty image behind
};

// One program invocation. `program` is an absolute path or a name found in PATH.
struct Command {
    QString program;
    QStringList arguments;
    ExitExpectation expectation = ExitExpectation::Success;
};

// Outcome of one run, with everything a failure message needs.
struct ProcessResult {
    QString commandLine;      // program and arguments, shell-quoted
    QString workingDirectory;
    bool started = false;     // false: the program is missing or not executable
    bool timedOut = false;    // killed after the deadline
    bool crashed = false;     // ended by a signal
    int exitCode = -1;        // meaningful only when started && !timedOut && !crashed
    QByteArray standardOutput;
    QByteArray standardError;

    bool exitedWith(int code) const { return started && !timedOut && !crashed && exitCode == code; }
    // Multi-line report: command, directory, how it ended, stdout and stderr.
    QString describe() const;
};

// Paths of the tools, from the compile definitions QEMU_IMG, QEMU_IO and DISKSCOPE_IMG.
QString qemuImgPath();
QString qemuIoPath();
// The CLI under test. The environment variable DISKSCOPE_INTEROP_SUBJECT overrides it; pointing
// it at qemu-img proves the harness itself (every comparison must then pass).
QString diskscopeImgPath();

// Command builders. qemuIo opens IMAGE with an explicit format and runs each entry as one -c.
Command qemuImg(const QStringList& arguments);
Command qemuIo(const QString& image, const QString& format, const QStringList& ioCommands,
               ExitExpectation expectation = ExitExpectation::Success);
Command diskscopeImg(const QStringList& arguments);

// Runs COMMAND in WORKINGDIRECTORY (empty: the current one), waits at most TIMEOUTMS, and kills
// it after that. Never fails the test by itself.
ProcessResult run(const Command& command, const QString& workingDirectory = {},
                  int timeoutMs = kDefaultTimeoutMs);

// Runs COMMAND and checks it ended as its expectation says. On mismatch returns false and puts
// the full report in *WHY.
bool runExpected(const Command& command, const QString& workingDirectory, QString* why,
                 ProcessResult* result = nullptr);

// An image recipe: the commands that build IMAGE (a path relative to the workspace) in FORMAT.
struct ImageRecipe {
    QString image;
    QString format;
    QList<Command> steps;
};

// Flushes every regular file in DIR and drops it from the page cache, so that the kernel's
// answers about the files (st_blocks, SEEK_DATA) do not depend on what earlier reads cached.
void settleFiles(const QString& dir);

// Builds RECIPE inside WORKSPACE: writes the random pattern file, substitutes
// kWorkspacePlaceholder, then runs every step with the workspace as working directory. Stops at
// the first step that does not end as expected (false, report in *WHY).
bool buildRecipe(const ImageRecipe& recipe, const QString& workspace, QString* why);

// A fresh temporary directory, removed when the pointer dies. Null (and *WHY set) on failure.
std::unique_ptr<QTemporaryDir> makeWorkspace(QString* why);

// Writes SIZE pseudo-random bytes from SEED to PATH (deterministic across runs).
bool writeRandomFile(const QString& path, qint64 size, quint32 seed, QString* why);

// Hex SHA-256 of a file's content, or an empty string when it cannot be read.
QByteArray fileSha256(const QString& path);

// Compares two files' content byte for byte (allocation is ignored). On a difference returns false
// and describes the sizes and the first differing offset in *WHY.
bool filesHaveSameContent(const QString& expectedPath, const QString& actualPath, QString* why);

}  // namespace diskscope::testsupport

Q_DECLARE_METATYPE(diskscope::testsupport::Command)
Q_DECLARE_METATYPE(diskscope::testsupport::ImageRecipe)
