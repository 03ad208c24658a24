// SPDX-License-Identifier: GPL-2.0-or-later
// Recipe builders and qemu-img vs diskscope-img checks shared by the interop suites.
#include "interop_common.h"

#include "json_compare.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace diskscope::interop {

using testsupport::diskscopeImg;
using testsupport::ProcessResult;
using testsupport::qemuImg;
using testsupport::qemuIo;
using testsupport::runExpected;

namespace {

QString number(qint64 value) { return QString::number(value); }

// `-p` progress records ("    (12.34/100%)\r"). Their count depends on each tool's chunking,
// so outputs are compared without them; only the final 100 % has to be there.
const QByteArray kFinalProgress = QByteArrayLiteral("    (100.00/100%)\r");

QByteArray withoutProgress(const QByteArray& output)
{
    static const QRegularExpression record(QStringLiteral("    \\(\\d+\\.\\d\\d/100%\\)\\r"));
    return QString::fromUtf8(output).remove(record).toUtf8();
}

// Runs qemu-img and diskscope-img with ARGUMENTS; both must succeed.
bool runBoth(const QString& workspace, const QStringList& arguments, ProcessResult* fromQemu,
             ProcessResult* fromDiskscope, QString* why)
{
    QString failure;
    // Each tool starts from an empty page cache, so neither sees what the other's reads cached
    // (see settleFiles).
    testsupport::settleFiles(workspace);
    if (!runExpected(qemuImg(arguments), workspace, &failure, fromQemu)) {
        *why = QStringLiteral("qemu-img itself failed (the recipe or the test is wrong):\n")
            + failure;
        return false;
    }
    testsupport::settleFiles(workspace);
    if (!runExpected(diskscopeImg(arguments), workspace, &failure, fromDiskscope)) {
        *why = QStringLiteral("diskscope-img failed where qemu-img succeeded:\n") + failure
            + QStringLiteral("\nqemu-img printed:\n") + QString::fromUtf8(fromQemu->standardOutput);
        return false;
    }
    return true;
}

QString explainDifferences(const QStringList& differences, const ProcessResult& fromQemu,
                           const ProcessResult& fromDiskscope)
{
    return QStringLiteral("%1 difference(s):\n  %2\n--- qemu-img (%3):\n%4\n--- diskscope-img (%5):\n%6")
        .arg(differences.size())
        .arg(differences.join(QStringLiteral("\n  ")), fromQemu.commandLine,
             QString::fromUtf8(fromQemu.standardOutput), fromDiskscope.commandLine,
             QString::fromUtf8(fromDiskscope.standardOutput));
}

enum class JsonShape { Object, Array };

template <typename Diff>
bool jsonAgrees(const QString& workspace, const QStringList& arguments, JsonShape shape, Diff diff,
                QString* why)
{
    ProcessResult fromQemu;
    ProcessResult fromDiskscope;
    if (!runBoth(workspace, arguments, &fromQemu, &fromDiskscope, why))
        return false;
    QStringList differences;
    QString failure;
    if (shape == JsonShape::Object) {
        QJsonObject expected;
        QJsonObject actual;
        if (!testsupport::parseJsonObject(fromQemu.standardOutput, &expected, &failure)) {
            *why = QStringLiteral("qemu-img JSON: ") + failure;
            return false;
        }
        if (!testsupport::parseJsonObject(fromDiskscope.standardOutput, &actual, &failure)) {
            *why = QStringLiteral("diskscope-img JSON (%1): %2").arg(fromDiskscope.commandLine, failure);
            return false;
        }
        differences = diff(QJsonValue(expected), QJsonValue(actual));
    } else {
        QJsonArray expected;
        QJsonArray actual;
        if (!testsupport::parseJsonArray(fromQemu.standardOutput, &expected, &failure)) {
            *why = QStringLiteral("qemu-img JSON: ") + failure;
            return false;
        }
        if (!testsupport::parseJsonArray(fromDiskscope.standardOutput, &actual, &failure)) {
            *why = QStringLiteral("diskscope-img JSON (%1): %2").arg(fromDiskscope.commandLine, failure);
            return false;
        }
        differences = diff(QJsonValue(expected), QJsonValue(actual));
    }
    if (differences.isEmpty())
        return true;
    *why = explainDifferences(differences, fromQemu, fromDiskscope);
    return false;
}

}  // namespace

Command createQcow2(const QString& image, qint64 size, const QString& options)
{
    QStringList arguments{QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"),
                          QStringLiteral("qcow2")};
    if (!options.isEmpty())
        arguments << QStringLiteral("-o") << options;
    arguments << image << number(size);
    return qemuImg(arguments);
}

Command createOverlay(const QString& image, const QString& backing, const QString& backingFormat,
                      qint64 size, const QString& options)
{
    QStringList arguments{QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"),
                          QStringLiteral("qcow2"), QStringLiteral("-b"), backing,
                          QStringLiteral("-F"), backingFormat};
    if (!options.isEmpty())
        arguments << QStringLiteral("-o") << options;
    arguments << image;
    if (size >= 0)
        arguments << number(size);
    return qemuImg(arguments);
}

Command createRaw(const QString& image, qint64 size, const QString& options)
{
    QStringList arguments{QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"),
                          QStringLiteral("raw")};
    if (!options.isEmpty())
        arguments << QStringLiteral("-o") << options;
    arguments << image << number(size);
    return qemuImg(arguments);
}

Command ioQcow2(const QString& image, const QStringList& ioCommands)
{
    return qemuIo(image, QStringLiteral("qcow2"), ioCommands);
}

qint64 l2TableSpan(qint64 clusterSize, bool extendedL2)
{
    const qint64 entrySize = extendedL2 ? 16 : 8;
    return clusterSize * (clusterSize / entrySize);
}

QStringList patternWrites(qint64 clusterSize, qint64 virtualSize, int patternSeed)
{
    // Patterns differ per write (and per seed) so a read from the wrong cluster shows up.
    auto pattern = [patternSeed](int index) {
        return QStringLiteral("0x%1").arg((0x11 * (index + 1) + patternSeed * 0x07) & 0xff, 2, 16,
                                          QLatin1Char('0'));
    };
    auto write = [&](int index, qint64 offset, qint64 length) {
        return QStringLiteral("write -q -P %1 %2 %3").arg(pattern(index), number(offset), number(length));
    };
    QStringList writes;
    writes << write(0, 0, std::min<qint64>(4 * KiB, virtualSize));
    // Starts mid-cluster and ends mid-way through the next one.
    writes << write(1, clusterSize + 100, clusterSize + 3000);
    const qint64 span = l2TableSpan(clusterSize);
    if (span + 2 * clusterSize < virtualSize)
        writes << write(2, span - 1536, 4096);
    writes << write(3, virtualSize / 2 + 1, 1);
    writes << write(4, virtualSize - 777, 777);
    return writes;
}

void addRecipeRows(const QList<NamedRecipe>& recipes)
{
    QTest::addColumn<ImageRecipe>("recipe");
    for (const NamedRecipe& named : recipes)
        QTest::newRow(qPrintable(named.name)) << named.recipe;
}

bool convertRawAgrees(const QString& workspace, const ImageRecipe& recipe, QString* why,
                      const QStringList& extraArguments)
{
    const QString expectedOutput = QStringLiteral("converted-by-qemu.raw");
    const QString actualOutput = QStringLiteral("converted-by-diskscope.raw");
    auto convertArguments = [&](const QString& output) {
        return QStringList{QStringLiteral("convert"), QStringLiteral("-f"), recipe.format,
                           QStringLiteral("-O"), QStringLiteral("raw")}
            + extraArguments + QStringList{recipe.image, output};
    };
    QString failure;
    if (!runExpected(qemuImg(convertArguments(expectedOutput)), workspace, &failure)) {
        *why = QStringLiteral("qemu-img itself failed:\n") + failure;
        return false;
    }
    if (!runExpected(diskscopeImg(convertArguments(actualOutput)), workspace, &failure)) {
        *why = QStringLiteral("diskscope-img failed where qemu-img succeeded:\n") + failure;
        return false;
    }
    const QDir dir(workspace);
    if (!testsupport::filesHaveSameContent(dir.filePath(expectedOutput), dir.filePath(actualOutput),
                                           &failure)) {
        *why = QStringLiteral("convert -O raw of %1 differs: %2").arg(recipe.image, failure);
        return false;
    }
    return true;
}

bool infoJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why)
{
    return jsonAgrees(workspace,
                      QStringList{QStringLiteral("info"), QStringLiteral("--output=json")} + arguments,
                      JsonShape::Object,
                      [](const QJsonValue& expected, const QJsonValue& actual) {
                          return testsupport::diffInfo(expected.toObject(), actual.toObject());
                      },
                      why);
}

bool infoChainJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why)
{
    return jsonAgrees(workspace,
                      QStringList{QStringLiteral("info"), QStringLiteral("--output=json"),
                                  QStringLiteral("--backing-chain")}
                          + arguments,
                      JsonShape::Array,
                      [](const QJsonValue& expected, const QJsonValue& actual) {
                          return testsupport::diffInfoChain(expected.toArray(), actual.toArray());
                      },
                      why);
}

bool mapJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why)
{
    return jsonAgrees(workspace,
                      QStringList{QStringLiteral("map"), QStringLiteral("--output=json")} + arguments,
                      JsonShape::Array,
                      [](const QJsonValue& expected, const QJsonValue& actual) {
                          return testsupport::diffMap(expected.toArray(), actual.toArray());
                      },
                      why);
}

bool qemuVirtualSize(const QString& workspace, const ImageRecipe& recipe, qint64* size,
                     QString* why)
{
    ProcessResult result;
    QString failure;
    const QStringList arguments{QStringLiteral("info"), QStringLiteral("--output=json"),
                                QStringLiteral("-f"), recipe.format, recipe.image};
    if (!runExpected(qemuImg(arguments), workspace, &failure, &result)) {
        *why = failure;
        return false;
    }
    QJsonObject info;
    if (!testsupport::parseJsonObject(result.standardOutput, &info, &failure)) {
        *why = failure;
        return false;
    }
    *size = info.value(QStringLiteral("virtual-size")).toInteger(-1);
    if (*size < 0) {
        *why = QStringLiteral("qemu-img info has no virtual-size:\n") + result.describe();
        return false;
    }
    return true;
}

bool mapRangesAgree(const QString& workspace, const ImageRecipe& recipe, QString* why)
{
    qint64 size = 0;
    if (!qemuVirtualSize(workspace, recipe, &size, why))
        return false;
    const QStringList image{QStringLiteral("-f"), recipe.format, recipe.image};
    auto range = [](qint64 start, qint64 length) {
        QStringList arguments{QStringLiteral("--start-offset=%1").arg(start)};
        if (length >= 0)
            arguments << QStringLiteral("--max-length=%1").arg(length);
        return arguments;
    };
    const QList<QStringList> ranges{
        {},                                        // whole image
        range(12345, 3 * 65536 + 17),              // unaligned start and length
        range(size / 2 + 1, -1),                   // unaligned start to the end
        range(std::max<qint64>(size - 100, 0), 1000), // clipped at the end of the image
        range(4096, 0),                            // empty range
        range(size, -1),                           // starts at the end: empty
    };
    QStringList failures;
    for (const QStringList& extra : ranges) {
        QString failure;
        if (!mapJsonAgrees(workspace, extra + image, &failure))
            failures << failure;
    }
    if (failures.isEmpty())
        return true;
    *why = QStringLiteral("%1 of %2 map ranges disagree:\n\n").arg(failures.size()).arg(ranges.size())
        + failures.join(QStringLiteral("\n\n"));
    return false;
}

bool outputsAgree(const QString& workspace, const QStringList& arguments, QString* why)
{
    ProcessResult fromQemu = testsupport::run(qemuImg(arguments), workspace);
    ProcessResult fromDiskscope = testsupport::run(diskscopeImg(arguments), workspace);
    const auto report = [&](const QString& what) {
        return what + QStringLiteral("\n--- qemu-img:\n") + fromQemu.describe()
            + QStringLiteral("\n--- diskscope-img:\n") + fromDiskscope.describe();
    };
    if (!fromQemu.started || fromQemu.timedOut || fromQemu.crashed) {
        *why = report(QStringLiteral("qemu-img did not run to completion"));
        return false;
    }
    if (!fromDiskscope.exitedWith(fromQemu.exitCode)) {
        *why = report(QStringLiteral("exit codes differ"));
        return false;
    }
    if (arguments.contains(QStringLiteral("-p"))
        && fromQemu.standardOutput.contains(kFinalProgress)
        && !fromDiskscope.standardOutput.contains(kFinalProgress)) {
        *why = report(QStringLiteral("diskscope-img -p did not report 100 %"));
        return false;
    }
    if (withoutProgress(fromQemu.standardOutput) != withoutProgress(fromDiskscope.standardOutput)) {
        *why = report(QStringLiteral("standard output differs (progress lines aside)"));
        return false;
    }
    // Error messages carry the program name and may word the cause differently; there both
    // only have to say something. Otherwise stderr must match too (normally it is empty).
    const bool failed = fromQemu.exitCode > 1;
    if (failed ? fromDiskscope.standardError.isEmpty()
               : fromQemu.standardError != fromDiskscope.standardError) {
        *why = report(failed ? QStringLiteral("diskscope-img failed without a message")
                             : QStringLiteral("standard error differs"));
        return false;
    }
    return true;
}

}  // namespace diskscope::interop
