// SPDX-License-Identifier: GPL-2.0-or-later
// The bench command's arguments: qemu-img bench's defaults, spellings and error texts, its two
// output lines, and whole runs of diskscope-img bench next to qemu-img bench on a small image.
#include <QFileInfo>
#include <QtTest>

#include "cmd_bench.h"
#include "command_table.h"

using namespace diskscope;
using namespace diskscope::cli;

namespace {

// getopt permutes argv, so each parse gets fresh, writable copies of the words.
class Argv {
public:
    explicit Argv(const QStringList& words)
    {
        for (const QString& word : words)
            m_storage.push_back(word.toStdString());
        for (std::string& word : m_storage)
            m_pointers.push_back(word.data());
        m_pointers.push_back(nullptr);
    }
    int argc() const { return static_cast<int>(m_storage.size()); }
    char** argv() { return m_pointers.data(); }

private:
    std::vector<std::string> m_storage;
    std::vector<char*> m_pointers;
};

ParseResult<BenchArgs> parse(const QStringList& words)
{
    Argv argv(words);
    return parseBenchArgs(argv.argc(), argv.argv());
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runProgram(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        qFatal("%s did not finish", qPrintable(program));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// "Run completed in 0.012 seconds." differs from run to run; everything else must not.
QByteArray withoutTime(QByteArray out)
{
    static const QRegularExpression time(QStringLiteral("Run completed in [0-9.]+ seconds"));
    return QString::fromUtf8(out).replace(time, QStringLiteral("Run completed in T seconds")).toUtf8();
}

}  // namespace

class TestCliBench : public QObject {
    Q_OBJECT
private slots:
    void defaults();
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void headerLines();
    void completedLine();
    void listedInCommandTable();
    void runsLikeQemuImg_data();
    void runsLikeQemuImg();
    void refusedModes_data();
    void refusedModes();
    void writeRunLeavesCleanImage();
};

void TestCliBench::defaults()
{
    const auto parsed = parse({"bench", "a.qcow2"});
    QCOMPARE(parsed.action, ParseResult<BenchArgs>::Action::Run);
    const BenchArgs& a = parsed.args;
    QCOMPARE(a.path, std::string("a.qcow2"));
    QVERIFY(!a.format);
    QCOMPARE(a.count, 75000u);
    QCOMPARE(a.depth, 64u);
    QCOMPARE(a.offset, 0ull);
    QCOMPARE(a.bufferSize, 4096u);
    QCOMPARE(a.step(), 4096u);
    QCOMPARE(a.pattern, uint8_t{0});
    QCOMPARE(a.flushInterval, 0u);
    QVERIFY(a.drainOnFlush);
    QVERIFY(!a.write);
    QVERIFY(!a.nativeAio);
    QCOMPARE(a.cache, BenchCache::Writeback);
    QVERIFY(!a.forceShare);
}

void TestCliBench::accepted_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<uint>("count");
    QTest::addColumn<uint>("depth");
    QTest::addColumn<qulonglong>("offset");
    QTest::addColumn<uint>("bufferSize");
    QTest::addColumn<uint>("step");
    QTest::addColumn<int>("pattern");
    QTest::addColumn<bool>("write");
    QTest::addColumn<int>("cache");
    QTest::newRow("-c 0x10 (strtoul base 0)") << QStringList{"bench", "-c", "0x10", "a"} << 16u << 64u << 0ull << 4096u
                                              << 4096u << 0 << false << int(BenchCache::Writeback);
    QTest::newRow("-c 010 is octal") << QStringList{"bench", "-c", "010", "a"} << 8u << 64u << 0ull << 4096u << 4096u
                                     << 0 << false << int(BenchCache::Writeback);
    QTest::newRow("-c +5") << QStringList{"bench", "-c", "+5", "a"} << 5u << 64u << 0ull << 4096u << 4096u << 0
                           << false << int(BenchCache::Writeback);
    QTest::newRow("-c 0") << QStringList{"bench", "-c", "0", "a"} << 0u << 64u << 0ull << 4096u << 4096u << 0 << false
                          << int(BenchCache::Writeback);
    QTest::newRow("-d 1") << QStringList{"bench", "-d", "1", "a"} << 75000u << 1u << 0ull << 4096u << 4096u << 0
                          << false << int(BenchCache::Writeback);
    QTest::newRow("-s 1M sets the step too") << QStringList{"bench", "-s", "1M", "-c", "2048", "a"} << 2048u << 64u
                                             << 0ull << 1048576u << 1048576u << 0 << false
                                             << int(BenchCache::Writeback);
    QTest::newRow("-S strided") << QStringList{"bench", "-w", "-S", "1052672", "a"} << 75000u << 64u << 0ull << 4096u
                                << 1052672u << 0 << true << int(BenchCache::Writeback);
    QTest::newRow("-S 0 means the buffer size") << QStringList{"bench", "-S", "0", "-s", "8k", "a"} << 75000u << 64u
                                                << 0ull << 8192u << 8192u << 0 << false
                                                << int(BenchCache::Writeback);
    QTest::newRow("-s 1.5k") << QStringList{"bench", "-s", "1.5k", "a"} << 75000u << 64u << 0ull << 1536u << 1536u
                             << 0 << false << int(BenchCache::Writeback);
    QTest::newRow("-o 1.5k unaligned") << QStringList{"bench", "-o", "1.5k", "a"} << 75000u << 64u << 1536ull << 4096u
                                       << 4096u << 0 << false << int(BenchCache::Writeback);
    QTest::newRow("--pattern=0xa5") << QStringList{"bench", "-w", "--pattern=0xa5", "a"} << 75000u << 64u << 0ull
                                    << 4096u << 4096u << 0xa5 << true << int(BenchCache::Writeback);
    QTest::newRow("--pattern 255") << QStringList{"bench", "--pattern", "255", "a"} << 75000u << 64u << 0ull << 4096u
                                   << 4096u << 255 << false << int(BenchCache::Writeback);
    QTest::newRow("-t unsafe") << QStringList{"bench", "-w", "-t", "unsafe", "a"} << 75000u << 64u << 0ull << 4096u
                               << 4096u << 0 << true << int(BenchCache::Unsafe);
    QTest::newRow("-t writethrough") << QStringList{"bench", "-twritethrough", "a"} << 75000u << 64u << 0ull << 4096u
                                     << 4096u << 0 << false << int(BenchCache::Writethrough);
    QTest::newRow("-t off is none") << QStringList{"bench", "-t", "off", "a"} << 75000u << 64u << 0ull << 4096u
                                    << 4096u << 0 << false << int(BenchCache::None);
    QTest::newRow("-t directsync") << QStringList{"bench", "-t", "directsync", "a"} << 75000u << 64u << 0ull << 4096u
                                   << 4096u << 0 << false << int(BenchCache::DirectSync);
    QTest::newRow("options after the file") << QStringList{"bench", "a", "-w", "-c", "7"} << 7u << 64u << 0ull
                                            << 4096u << 4096u << 0 << true << int(BenchCache::Writeback);
}

void TestCliBench::accepted()
{
    QFETCH(QStringList, words);
    const auto parsed = parse(words);
    QCOMPARE(parsed.action, ParseResult<BenchArgs>::Action::Run);
    QCOMPARE(parsed.args.path, std::string("a"));
    QTEST(uint(parsed.args.count), "count");
    QTEST(uint(parsed.args.depth), "depth");
    QTEST(qulonglong(parsed.args.offset), "offset");
    QTEST(uint(parsed.args.bufferSize), "bufferSize");
    QTEST(uint(parsed.args.step()), "step");
    QTEST(int(parsed.args.pattern), "pattern");
    QTEST(parsed.args.write, "write");
    QTEST(int(parsed.args.cache), "cache");
}

void TestCliBench::rejected_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("suggestHelp");
    const QString sizeHint = " specified. You may use k, M, G, T, P or E suffixes for\n"
                             "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";
    QTest::newRow("-c x") << QStringList{"bench", "-c", "x", "a"} << "Invalid request count specified" << false;
    QTest::newRow("-c 1k") << QStringList{"bench", "-c", "1k", "a"} << "Invalid request count specified" << false;
    QTest::newRow("-c -1") << QStringList{"bench", "-c", "-1", "a"} << "Invalid request count specified" << false;
    QTest::newRow("-c INT_MAX+1") << QStringList{"bench", "-c", "2147483648", "a"} << "Invalid request count specified"
                                  << false;
    QTest::newRow("-d x") << QStringList{"bench", "-d", "x", "a"} << "Invalid queue depth specified" << false;
    // qemu-img 7.2 accepts -d 0 and then hangs; refused here.
    QTest::newRow("-d 0") << QStringList{"bench", "-d", "0", "a"} << "Invalid queue depth specified" << false;
    QTest::newRow("-s x") << QStringList{"bench", "-s", "x", "a"} << "Invalid buffer size" + sizeHint << false;
    QTest::newRow("-s 2G") << QStringList{"bench", "-s", "2G", "a"}
                           << "Invalid buffer size specified. Must be between 0 and 2147483647." << false;
    QTest::newRow("-S -1") << QStringList{"bench", "-S", "-1", "a"} << "Invalid step_size" + sizeHint << false;
    QTest::newRow("-S 3G") << QStringList{"bench", "-S", "3G", "a"}
                           << "Invalid step_size specified. Must be between 0 and 2147483647." << false;
    QTest::newRow("-o x") << QStringList{"bench", "-o", "x", "a"} << "Invalid offset" + sizeHint << false;
    QTest::newRow("-o 9E") << QStringList{"bench", "-o", "9E", "a"}
                           << "Invalid offset specified. Must be between 0 and 9223372036854775807." << false;
    QTest::newRow("--pattern=256") << QStringList{"bench", "--pattern=256", "a"} << "Invalid pattern byte specified"
                                   << false;
    QTest::newRow("--pattern=x") << QStringList{"bench", "--pattern=x", "a"} << "Invalid pattern byte specified"
                                 << false;
    QTest::newRow("-t foo") << QStringList{"bench", "-t", "foo", "a"} << "Invalid cache mode" << false;
    QTest::newRow("-i foo") << QStringList{"bench", "-i", "foo", "a"} << "Invalid aio option: foo" << false;
    QTest::newRow("--flush-interval=x") << QStringList{"bench", "-w", "--flush-interval=x", "a"}
                                        << "Invalid flush interval specified" << false;
    QTest::newRow("--flush-interval on reads") << QStringList{"bench", "--flush-interval=100", "a"}
                                               << "--flush-interval is only available in write tests" << false;
    QTest::newRow("--flush-interval < depth") << QStringList{"bench", "-w", "--flush-interval=10", "a"}
                                              << "Flush interval can't be smaller than depth" << false;
    QTest::newRow("no file") << QStringList{"bench"} << "Expecting one image file name" << true;
    QTest::newRow("two files") << QStringList{"bench", "a", "b"} << "Expecting one image file name" << true;
    QTest::newRow("missing argument") << QStringList{"bench", "-c"} << "missing argument for option '-c'" << true;
    QTest::newRow("unknown option") << QStringList{"bench", "-Z", "a"} << "unrecognized option '-Z'" << true;
    QTest::newRow("--image-opts") << QStringList{"bench", "--image-opts", "a"}
                                  << "unrecognized option '--image-opts'" << true;
}

void TestCliBench::rejected()
{
    QFETCH(QStringList, words);
    const auto parsed = parse(words);
    QCOMPARE(parsed.action, ParseResult<BenchArgs>::Action::Fail);
    QTEST(QString::fromStdString(parsed.error), "error");
    QTEST(parsed.suggestHelp, "suggestHelp");
}

void TestCliBench::headerLines()
{
    BenchArgs args = parse({"bench", "a"}).args;
    QCOMPARE(formatBenchHeader(args), std::string("Sending 75000 read requests, 4096 bytes each, 64 in parallel "
                                                  "(starting at offset 0, step size 4096)\n"));
    args = parse({"bench", "-w", "-d", "4", "--flush-interval=10", "-c", "20", "-o", "1M", "-S", "1052672", "a"}).args;
    QCOMPARE(formatBenchHeader(args), std::string("Sending 20 write requests, 4096 bytes each, 4 in parallel "
                                                  "(starting at offset 1048576, step size 1052672)\n"
                                                  "Sending flush every 10 requests\n"));
}

void TestCliBench::completedLine()
{
    QCOMPARE(formatBenchCompleted(1.0716), std::string("Run completed in 1.072 seconds.\n"));
    QCOMPARE(formatBenchCompleted(0), std::string("Run completed in 0.000 seconds.\n"));
    QCOMPARE(formatBenchCompleted(123.4), std::string("Run completed in 123.400 seconds.\n"));
}

void TestCliBench::listedInCommandTable()
{
    const Command* bench = findCommand("bench");
    QVERIFY(bench);
    QVERIFY(bench->handler == &runBench);
    Argv argv({"bench", "--help"});
    QCOMPARE(parseBenchArgs(argv.argc(), argv.argv()).action, ParseResult<BenchArgs>::Action::ShowHelp);
}

// Both programs on the same small image: identical stdout (apart from the time), exit status,
// and for failures the same message after the program name.
void TestCliBench::runsLikeQemuImg_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("reads") << QStringList{"-c", "100"};
    QTest::newRow("writes") << QStringList{"-w", "-c", "100", "--pattern=7"};
    QTest::newRow("wrapping at the end") << QStringList{"-o", "63M", "-c", "300"};
    QTest::newRow("strided writes") << QStringList{"-w", "-c", "64", "-S", "1052672"};
    QTest::newRow("unaligned") << QStringList{"-w", "-c", "10", "-o", "1000", "-s", "1000"};
    QTest::newRow("flush interval") << QStringList{"-w", "-c", "20", "-d", "4", "--flush-interval=10"};
    QTest::newRow("past the end") << QStringList{"-o", "64M", "-c", "1"};
    QTest::newRow("no requests") << QStringList{"-c", "0"};
    QTest::newRow("-t unsafe") << QStringList{"-w", "-c", "10", "-t", "unsafe"};
    QTest::newRow("-q") << QStringList{"-q", "-c", "5"};
}

void TestCliBench::runsLikeQemuImg()
{
    const QString qemuImg = QStringLiteral(QEMU_IMG);
    QVERIFY2(QFileInfo(qemuImg).isExecutable(), "qemu-img is required (Debian qemu-utils)");
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString mine = dir.filePath("mine.qcow2"), theirs = dir.filePath("theirs.qcow2");
    for (const QString& image : {mine, theirs})
        QCOMPARE(runProgram(qemuImg, {"create", "-q", "-f", "qcow2", image, "64M"}).exitCode, 0);
    Run ours = runProgram(QStringLiteral(DISKSCOPE_IMG), QStringList{"bench"} + options + QStringList{mine});
    Run qemu = runProgram(qemuImg, QStringList{"bench"} + options + QStringList{theirs});
    QCOMPARE(ours.exitCode, qemu.exitCode);
    QCOMPARE(withoutTime(ours.out).replace(mine.toUtf8(), "F"), withoutTime(qemu.out).replace(theirs.toUtf8(), "F"));
    QCOMPARE(ours.err.replace("diskscope-img: ", ""), qemu.err.replace("qemu-img: ", ""));
    if (ours.exitCode == 0) {
        const Run same = runProgram(qemuImg, {"compare", "-q", "-f", "qcow2", "-F", "qcow2", mine, theirs});
        QCOMPARE(same.exitCode, 0);
    }
}

void TestCliBench::refusedModes_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    QTest::newRow("-t none") << QStringList{"-t", "none"} << "cache mode 'none' needs O_DIRECT";
    QTest::newRow("-t directsync") << QStringList{"-w", "-t", "directsync"} << "cache mode 'directsync' needs O_DIRECT";
    QTest::newRow("-n") << QStringList{"-n"}
                        << "aio=native was specified, but it requires cache.direct=on, which was not specified.";
    QTest::newRow("-i native") << QStringList{"-i", "native"} << "aio=native was specified";
    QTest::newRow("-w -U") << QStringList{"-w", "-U"} << "force-share";
    QTest::newRow("-f vmdk") << QStringList{"-f", "vmdk"} << "Unknown driver 'vmdk'";
}

void TestCliBench::refusedModes()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString image = dir.filePath("a.raw");
    QFile file(image);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(1 << 20));
    file.close();
    const Run run = runProgram(QStringLiteral(DISKSCOPE_IMG), QStringList{"bench", "-c", "1"} + options + QStringList{image});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

// A write run whose requests allocate clusters in every way the benchmark does (sequential,
// strided, partial clusters, wrapping) leaves an image qemu-img check finds clean.
void TestCliBench::writeRunLeavesCleanImage()
{
    const QString qemuImg = QStringLiteral(QEMU_IMG);
    QVERIFY2(QFileInfo(qemuImg).isExecutable(), "qemu-img is required (Debian qemu-utils)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString image = dir.filePath("a.qcow2");
    QCOMPARE(runProgram(qemuImg, {"create", "-q", "-f", "qcow2", image, "64M"}).exitCode, 0);
    for (const QStringList& options : {QStringList{"-c", "3000", "-s", "3000"}, QStringList{"-c", "500", "-S", "1052672"},
                                       QStringList{"-c", "40", "-s", "1M", "-o", "300"}}) {
        const Run run = runProgram(QStringLiteral(DISKSCOPE_IMG), QStringList{"bench", "-w", "--pattern=0x5a"} + options +
                                                                      QStringList{image});
        QCOMPARE(run.exitCode, 0);
        const Run check = runProgram(qemuImg, {"check", "-f", "qcow2", image});
        QVERIFY2(check.exitCode == 0, check.out.constData());
    }
}

QTEST_GUILESS_MAIN(TestCliBench)
#include "tst_cli_bench.moc"
