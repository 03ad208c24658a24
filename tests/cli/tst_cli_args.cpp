// SPDX-License-Identifier: GPL-2.0-or-later
// Argument handling: each command's accepted spellings and qemu-img's error texts,
// then the program itself for messages and exit statuses that need no image.
#include <QtTest>

#include "cmd_compare.h"
#include "cmd_convert.h"
#include "cmd_info.h"
#include "cmd_map.h"
#include "cmd_measure.h"
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

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runProgram(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(DISKSCOPE_IMG), arguments);
    if (!process.waitForFinished(30000))
        qFatal("diskscope-img did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

const char* kTryHelp = "Try 'diskscope-img --help' for more information\n";

}  // namespace

class TestCliArgs : public QObject {
    Q_OBJECT
private slots:
    void infoAccepted_data();
    void infoAccepted();
    void mapAccepted_data();
    void mapAccepted();
    void convertAccepted_data();
    void convertAccepted();
    void compareAccepted_data();
    void compareAccepted();
    void rejected_data();
    void rejected();
    void helpOption_data();
    void helpOption();
    void compareMessages_data();
    void compareMessages();
    void commandTable();
    void programUsageErrors_data();
    void programUsageErrors();
    void programHelpAndVersion();
    void commandHelpExitsZero();
    void sizeErrorsFromProgram();
    void openErrorsFromProgram_data();
    void openErrorsFromProgram();
};

void TestCliArgs::infoAccepted_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("chain");
    QTest::addColumn<bool>("share");
    QTest::newRow("plain") << QStringList{"info", "a.img"} << "a.img" << "" << false << false << false;
    QTest::newRow("--output=json") << QStringList{"info", "--output=json", "a"} << "a" << "" << true << false << false;
    QTest::newRow("--output json") << QStringList{"info", "--output", "json", "a"} << "a" << "" << true << false << false;
    QTest::newRow("--output=human") << QStringList{"info", "--output=human", "a"} << "a" << "" << false << false
                                    << false;
    QTest::newRow("options after file") << QStringList{"info", "a", "--output=json", "-U"} << "a" << "" << true
                                        << false << true;
    QTest::newRow("-f raw") << QStringList{"info", "-f", "raw", "a"} << "a" << "raw" << false << false << false;
    QTest::newRow("-fqcow2") << QStringList{"info", "-fqcow2", "a"} << "a" << "qcow2" << false << false << false;
    QTest::newRow("--format=qcow2") << QStringList{"info", "--format=qcow2", "a"} << "a" << "qcow2" << false << false
                                    << false;
    QTest::newRow("--backing-chain --force-share")
        << QStringList{"info", "--backing-chain", "--force-share", "a"} << "a" << "" << false << true << true;
    QTest::newRow("-- before a dash name") << QStringList{"info", "--", "-odd"} << "-odd" << "" << false << false
                                           << false;
}

void TestCliArgs::infoAccepted()
{
    QFETCH(QStringList, words);
    Argv argv(words);
    const auto parsed = parseInfoArgs(argv.argc(), argv.argv());
    QCOMPARE(parsed.action, ParseResult<InfoArgs>::Action::Run);
    QTEST(QString::fromStdString(parsed.args.path), "path");
    QTEST(QString::fromStdString(parsed.args.format.value_or("")), "format");
    QTEST(parsed.args.output == OutputFormat::Json, "json");
    QTEST(parsed.args.backingChain, "chain");
    QTEST(parsed.args.forceShare, "share");
}

void TestCliArgs::mapAccepted_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<qulonglong>("start");
    QTest::addColumn<qlonglong>("maxLength");  // -1: none
    QTest::addColumn<bool>("json");
    QTest::newRow("plain") << QStringList{"map", "a"} << 0ull << -1ll << false;
    QTest::newRow("--start-offset=N") << QStringList{"map", "--start-offset=1000", "a"} << 1000ull << -1ll << false;
    QTest::newRow("--start-offset N") << QStringList{"map", "--start-offset", "1M", "a"} << 1048576ull << -1ll
                                      << false;
    QTest::newRow("--max-length=1.5k") << QStringList{"map", "--max-length=1.5k", "a"} << 0ull << 1536ll << false;
    QTest::newRow("--max-length 0") << QStringList{"map", "--max-length", "0", "a"} << 0ull << 0ll << false;
    QTest::newRow("all") << QStringList{"map", "-f", "qcow2", "--output", "json", "-U", "--start-offset=0x200",
                                        "--max-length=3M", "a"}
                         << 512ull << 3145728ll << true;
}

void TestCliArgs::mapAccepted()
{
    QFETCH(QStringList, words);
    QFETCH(qlonglong, maxLength);
    Argv argv(words);
    const auto parsed = parseMapArgs(argv.argc(), argv.argv());
    QCOMPARE(parsed.action, ParseResult<MapArgs>::Action::Run);
    QCOMPARE(parsed.args.path, std::string("a"));
    QTEST(qulonglong(parsed.args.startOffset), "start");
    QCOMPARE(parsed.args.maxLength.has_value(), maxLength >= 0);
    if (maxLength >= 0)
        QCOMPARE(qlonglong(*parsed.args.maxLength), maxLength);
    QTEST(parsed.args.output == OutputFormat::Json, "json");
}

void TestCliArgs::convertAccepted_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<qulonglong>("minSparse");
    QTest::addColumn<bool>("progress");
    QTest::addColumn<QString>("sourceFormat");
    QTest::newRow("defaults") << QStringList{"convert", "s", "t"} << 4096ull << false << "";
    QTest::newRow("-O raw -p") << QStringList{"convert", "-O", "raw", "-p", "s", "t"} << 4096ull << true << "";
    QTest::newRow("-q wins over -p") << QStringList{"convert", "-p", "-q", "s", "t"} << 4096ull << false << "";
    QTest::newRow("-S 0") << QStringList{"convert", "-S", "0", "s", "t"} << 0ull << false << "";
    QTest::newRow("-S 64k") << QStringList{"convert", "-S64k", "s", "t"} << 65536ull << false << "";
    QTest::newRow("-S 16M is the limit") << QStringList{"convert", "-S", "16M", "s", "t"} << 16777216ull << false
                                         << "";
    QTest::newRow("-f qcow2 -U") << QStringList{"convert", "-f", "qcow2", "-U", "s", "t"} << 4096ull << false
                                 << "qcow2";
}

void TestCliArgs::convertAccepted()
{
    QFETCH(QStringList, words);
    Argv argv(words);
    const auto parsed = parseConvertArgs(argv.argc(), argv.argv());
    QCOMPARE(parsed.action, ParseResult<ConvertArgs>::Action::Run);
    QCOMPARE(parsed.args.sources, std::vector<std::string>{"s"});
    QCOMPARE(parsed.args.target, std::string("t"));
    QCOMPARE(parsed.args.targetFormat, std::string("raw"));
    QTEST(qulonglong(parsed.args.minSparse), "minSparse");
    QTEST(parsed.args.progress, "progress");
    QTEST(QString::fromStdString(parsed.args.sourceFormat.value_or("")), "sourceFormat");
}

void TestCliArgs::compareAccepted_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<bool>("strict");
    QTest::addColumn<bool>("quiet");
    QTest::addColumn<bool>("progress");
    QTest::addColumn<QString>("formats");
    QTest::newRow("plain") << QStringList{"compare", "a", "b"} << false << false << false << "/";
    QTest::newRow("-s -q") << QStringList{"compare", "-s", "-q", "a", "b"} << true << true << false << "/";
    QTest::newRow("-sp grouped") << QStringList{"compare", "-sp", "a", "b"} << true << false << true << "/";
    QTest::newRow("-f -F") << QStringList{"compare", "-f", "raw", "-F", "qcow2", "a", "b"} << false << false << false
                           << "raw/qcow2";
    QTest::newRow("-U --force-share") << QStringList{"compare", "a", "-U", "b", "--force-share"} << false << false
                                      << false << "/";
}

void TestCliArgs::compareAccepted()
{
    QFETCH(QStringList, words);
    Argv argv(words);
    const auto parsed = parseCompareArgs(argv.argc(), argv.argv());
    QCOMPARE(parsed.action, ParseResult<CompareArgs>::Action::Run);
    QCOMPARE(parsed.args.first, std::string("a"));
    QCOMPARE(parsed.args.second, std::string("b"));
    QTEST(parsed.args.strict, "strict");
    QTEST(parsed.args.quiet, "quiet");
    QTEST(parsed.args.progress, "progress");
    QTEST(QString::fromStdString(parsed.args.firstFormat.value_or("") + "/" + parsed.args.secondFormat.value_or("")),
          "formats");
}

void TestCliArgs::rejected_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("suggestHelp");
    const QString sizeHelp = " specified. You may use k, M, G, T, P or E suffixes for\n"
                             "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";
    QTest::newRow("info: no file") << QStringList{"info"} << "Expecting one image file name" << true;
    QTest::newRow("info: two files") << QStringList{"info", "a", "b"} << "Expecting one image file name" << true;
    QTest::newRow("info: unknown long") << QStringList{"info", "--bogus", "a"} << "unrecognized option '--bogus'"
                                        << true;
    QTest::newRow("info: unknown short") << QStringList{"info", "-z", "a"} << "unrecognized option '-z'" << true;
    QTest::newRow("info: -q is not an info option") << QStringList{"info", "-q", "a"} << "unrecognized option '-q'"
                                                    << true;
    QTest::newRow("info: -f without value") << QStringList{"info", "-f"} << "missing argument for option '-f'"
                                            << true;
    QTest::newRow("info: --output without value") << QStringList{"info", "--output"}
                                                  << "missing argument for option '--output'" << true;
    QTest::newRow("info: --output=xml") << QStringList{"info", "--output=xml", "a"}
                                        << "--output must be used with human or json as argument." << false;
    QTest::newRow("map: --output=xml") << QStringList{"map", "--output=xml", "a"}
                                       << "--output must be used with human or json as argument." << false;
    QTest::newRow("map: no file") << QStringList{"map"} << "Expecting one image file name" << true;
    QTest::newRow("map: --start-offset without value") << QStringList{"map", "--start-offset"}
                                                       << "missing argument for option '--start-offset'" << true;
    QTest::newRow("map: fraction start") << QStringList{"map", "--start-offset=1.5", "a"}
                                         << "Invalid start offset" + sizeHelp << false;
    QTest::newRow("map: negative start") << QStringList{"map", "--start-offset=-1", "a"}
                                         << "Invalid start offset" + sizeHelp << false;
    QTest::newRow("map: bad length") << QStringList{"map", "--max-length=1x", "a"} << "Invalid max length" + sizeHelp
                                     << false;
    QTest::newRow("map: start out of range")
        << QStringList{"map", "--start-offset=8E", "a"}
        << "Invalid start offset specified. Must be between 0 and 9223372036854775807." << false;
    QTest::newRow("convert: one file") << QStringList{"convert", "a"} << "Must specify image file name" << false;
    QTest::newRow("convert: no file") << QStringList{"convert"} << "Must specify image file name" << false;
    QTest::newRow("convert: -S bad") << QStringList{"convert", "-S", "1x", "a", "b"}
                                     << "Invalid buffer size for sparse output" + sizeHelp << false;
    const QString sparseLimit = "Invalid buffer size for sparse output specified. Valid sizes are multiples of 512 up "
                                "to 16777216. Select 0 to disable sparse detection (fully allocates output).";
    QTest::newRow("convert: -S not sectors") << QStringList{"convert", "-S", "100", "a", "b"} << sparseLimit << false;
    QTest::newRow("convert: -S too big") << QStringList{"convert", "-S", "32M", "a", "b"} << sparseLimit << false;
    QTest::newRow("convert: -S out of range")
        << QStringList{"convert", "-S", "8E", "a", "b"}
        << "Invalid buffer size for sparse output specified. Must be between 0 and 9223372036854775807." << false;
    QTest::newRow("convert: -m 0") << QStringList{"convert", "-m", "0", "a", "b"}
                                   << "Invalid number of coroutines. Allowed number of coroutines is between 1 and 16"
                                   << false;
    QTest::newRow("convert: -m 17") << QStringList{"convert", "-m", "17", "a", "b"}
                                    << "Invalid number of coroutines. Allowed number of coroutines is between 1 and 16"
                                    << false;
    QTest::newRow("convert: bad cache") << QStringList{"convert", "-t", "bogus", "a", "b"}
                                        << "Invalid cache option: bogus" << false;
    QTest::newRow("convert: bad deflate") << QStringList{"convert", "--deflate=slow", "a", "b"}
                                          << "--deflate must be 'fast' or 'qemu'" << false;
    QTest::newRow("convert: -r named") << QStringList{"convert", "-r", "1M", "a", "b"}
                                       << "convert: -r is not supported by diskscope-img" << false;
    QTest::newRow("convert: unknown") << QStringList{"convert", "--bogus", "a", "b"}
                                      << "unrecognized option '--bogus'" << true;
    QTest::newRow("compare: one file") << QStringList{"compare", "a"} << "Expecting two image file names" << true;
    QTest::newRow("compare: three files") << QStringList{"compare", "a", "b", "c"} << "Expecting two image file names"
                                          << true;
    QTest::newRow("compare: unknown") << QStringList{"compare", "-x", "a", "b"} << "unrecognized option '-x'" << true;
    QTest::newRow("measure: nothing to measure")
        << QStringList{"measure"} << "Either --size N or one filename must be specified." << false;
    QTest::newRow("measure: -l without a file")
        << QStringList{"measure", "-l", "s", "--size", "1M"} << "--image-opts, -f, and -l require a filename argument." << false;
    QTest::newRow("measure: empty -o item")
        << QStringList{"measure", "-o", "cluster_size=4k,", "a"} << "Invalid option list: cluster_size=4k," << false;
    QTest::newRow("measure: unknown") << QStringList{"measure", "-x", "a"} << "unrecognized option '-x'" << true;
}

void TestCliArgs::rejected()
{
    QFETCH(QStringList, words);
    QFETCH(QString, error);
    QFETCH(bool, suggestHelp);
    Argv argv(words);
    std::string actualError;
    bool actualSuggestHelp = false;
    bool failed = false;
    const QString command = words.front();
    auto take = [&](const auto& parsed) {
        failed = parsed.action == std::decay_t<decltype(parsed)>::Action::Fail;
        actualError = parsed.error;
        actualSuggestHelp = parsed.suggestHelp;
    };
    if (command == "info")
        take(parseInfoArgs(argv.argc(), argv.argv()));
    else if (command == "map")
        take(parseMapArgs(argv.argc(), argv.argv()));
    else if (command == "convert")
        take(parseConvertArgs(argv.argc(), argv.argv()));
    else if (command == "measure")
        take(parseMeasureArgs(argv.argc(), argv.argv()));
    else
        take(parseCompareArgs(argv.argc(), argv.argv()));
    QVERIFY(failed);
    QCOMPARE(QString::fromStdString(actualError), error);
    QCOMPARE(actualSuggestHelp, suggestHelp);
}

void TestCliArgs::helpOption_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::newRow("info -h") << QStringList{"info", "-h"};
    QTest::newRow("map --help") << QStringList{"map", "--help"};
    QTest::newRow("convert -h after others") << QStringList{"convert", "-p", "-h"};
    QTest::newRow("compare --help") << QStringList{"compare", "--help"};
    QTest::newRow("measure --help") << QStringList{"measure", "--size", "1M", "--help"};
}

void TestCliArgs::helpOption()
{
    QFETCH(QStringList, words);
    Argv argv(words);
    const QString command = words.front();
    bool help = false;
    if (command == "info")
        help = parseInfoArgs(argv.argc(), argv.argv()).action == ParseResult<InfoArgs>::Action::ShowHelp;
    else if (command == "map")
        help = parseMapArgs(argv.argc(), argv.argv()).action == ParseResult<MapArgs>::Action::ShowHelp;
    else if (command == "convert")
        help = parseConvertArgs(argv.argc(), argv.argv()).action == ParseResult<ConvertArgs>::Action::ShowHelp;
    else if (command == "measure")
        help = parseMeasureArgs(argv.argc(), argv.argv()).action == ParseResult<MeasureArgs>::Action::ShowHelp;
    else
        help = parseCompareArgs(argv.argc(), argv.argv()).action == ParseResult<CompareArgs>::Action::ShowHelp;
    QVERIFY(help);
}

void TestCliArgs::compareMessages_data()
{
    QTest::addColumn<int>("outcome");
    QTest::addColumn<qulonglong>("offset");
    QTest::addColumn<bool>("sizeMismatch");
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("identical") << int(CompareOutcome::Identical) << 0ull << false << false << "Images are identical.\n"
                               << 0;
    QTest::newRow("identical, sizes differ") << int(CompareOutcome::Identical) << 0ull << true << false
                                             << "Warning: Image size mismatch!\nImages are identical.\n" << 0;
    QTest::newRow("content") << int(CompareOutcome::ContentMismatch) << 2999808ull << false << false
                             << "Content mismatch at offset 2999808!\n" << 1;
    QTest::newRow("content in the larger image's tail")
        << int(CompareOutcome::ContentMismatch) << 6291456ull << true << false
        << "Warning: Image size mismatch!\nContent mismatch at offset 6291456!\n" << 1;
    QTest::newRow("strict size") << int(CompareOutcome::StrictSizeMismatch) << 0ull << true << true
                                 << "Strict mode: Image size mismatch!\n" << 1;
    QTest::newRow("strict status") << int(CompareOutcome::StrictStatusMismatch) << 1114112ull << false << true
                                   << "Strict mode: Offset 1114112 block status mismatch!\n" << 1;
}

void TestCliArgs::compareMessages()
{
    QFETCH(int, outcome);
    QFETCH(qulonglong, offset);
    QFETCH(bool, sizeMismatch);
    QFETCH(bool, strict);
    CompareReport report;
    report.outcome = static_cast<CompareOutcome>(outcome);
    report.mismatchOffset = offset;
    report.sizeMismatch = sizeMismatch;
    QTEST(QString::fromStdString(formatCompareReport(report, strict)), "text");
    QTEST(compareExitStatus(report), "exitCode");
}

void TestCliArgs::commandTable()
{
    QStringList names;
    for (const Command& command : diskscope::cli::commandTable()) {
        names << QString::fromLatin1(command.name);
        QVERIFY(command.handler);
        QVERIFY(std::string(command.description).size() > 10);
        QCOMPARE(findCommand(command.name), &command);
    }
    QCOMPARE(names, (QStringList{"amend", "bench", "check", "commit", "compare", "convert", "create", "info", "io",
                                 "map", "measure", "rebase", "resize", "snapshot"}));
    QVERIFY(!findCommand("frob"));
    QCOMPARE(compareFailureExitStatus(CompareStage::Open), 2);
    QCOMPARE(compareFailureExitStatus(CompareStage::BlockStatus), 3);
    QCOMPARE(compareFailureExitStatus(CompareStage::Read), 4);
}

void TestCliArgs::programUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("err");
    QTest::newRow("nothing") << QStringList{} << QByteArray("diskscope-img: Not enough arguments\n") + kTryHelp;
    QTest::newRow("unknown command") << QStringList{"frob"}
                                     << QByteArray("diskscope-img: Command not found: frob\n") + kTryHelp;
    QTest::newRow("unknown program option") << QStringList{"--frob"}
                                            << QByteArray("diskscope-img: unrecognized option '--frob'\n") + kTryHelp;
    QTest::newRow("info without file") << QStringList{"info"}
                                       << QByteArray("diskscope-img: Expecting one image file name\n") + kTryHelp;
    QTest::newRow("bad output") << QStringList{"info", "--output=xml", "x"}
                                << QByteArray("diskscope-img: --output must be used with human or json as argument.\n");
    QTest::newRow("convert -c to raw") << QStringList{"convert", "-c", "-O", "raw", "a", "b"}
                                       << QByteArray("diskscope-img: Compression not supported for this file format\n");
    QTest::newRow("convert -B to raw") << QStringList{"convert", "-B", "x", "-F", "raw", "a", "b"}
                                       << QByteArray("diskscope-img: Backing file not supported for file format 'raw'\n");
    QTest::newRow("convert -B without -F") << QStringList{"convert", "-O", "qcow2", "-B", "x", "a", "b"}
                                           << QByteArray("diskscope-img: Use of backing file requires explicit backing "
                                                         "format\n");
    QTest::newRow("convert --target-is-zero without -n")
        << QStringList{"convert", "--target-is-zero", "a", "b"}
        << QByteArray("diskscope-img: --target-is-zero requires use of -n flag\n");
    QTest::newRow("convert -l with two sources")
        << QStringList{"convert", "-l", "s1", "a", "b", "c"}
        << QByteArray("diskscope-img: No support for concatenating multiple snapshot\n");
    QTest::newRow("convert -o unknown") << QStringList{"convert", "-O", "qcow2", "-o", "foo=1", "a", "b"}
                                        << QByteArray("diskscope-img: Invalid parameter 'foo'\n");
    QTest::newRow("convert -O unknown") << QStringList{"convert", "-O", "qcow3", "a", "b"}
                                        << QByteArray("diskscope-img: Unknown file format 'qcow3'\n");
    QTest::newRow("rebase without -b or -u")
        << QStringList{"rebase", "-F", "qcow2", "x"}
        << QByteArray("diskscope-img: Must specify backing file (-b) or use unsafe mode (-u)\n") + kTryHelp;
    QTest::newRow("rebase with two files") << QStringList{"rebase", "-u", "x", "y"}
                                           << QByteArray("diskscope-img: Expecting one image file name\n") + kTryHelp;
    QTest::newRow("rebase bad cache") << QStringList{"rebase", "-t", "foo", "-u", "x"}
                                      << QByteArray("diskscope-img: Invalid cache option: foo\n");
    QTest::newRow("commit without file") << QStringList{"commit"}
                                         << QByteArray("diskscope-img: Expecting one image file name\n") + kTryHelp;
    QTest::newRow("commit bad rate") << QStringList{"commit", "-r", "-5", "x"}
                                     << QByteArray("diskscope-img: Invalid rate limit specified. You may use k, M, G, T, "
                                                   "P or E suffixes for\ndiskscope-img: kilobytes, megabytes, gigabytes, "
                                                   "terabytes, petabytes and exabytes.\n");
}

void TestCliArgs::programUsageErrors()
{
    QFETCH(QStringList, arguments);
    const Run run = runProgram(arguments);
    QCOMPARE(run.exitCode, 1);
    QTEST(run.err, "err");
    QCOMPARE(run.out, QByteArray());
}

void TestCliArgs::programHelpAndVersion()
{
    const Run help = runProgram({"--help"});
    QCOMPARE(help.exitCode, 0);
    for (const Command& command : diskscope::cli::commandTable()) {
        QVERIFY2(help.out.contains(QByteArray("  ") + command.name), command.name);
        QVERIFY2(help.out.contains(command.description), command.name);
    }
    const Run version = runProgram({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("diskscope-img version "));
    QCOMPARE(runProgram({"-V"}).out, version.out);
}

void TestCliArgs::commandHelpExitsZero()
{
    for (const char* command : {"info", "map", "convert", "compare", "rebase", "commit"}) {
        const Run run = runProgram({command, "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QByteArray("usage: diskscope-img ") + command), command);
        QCOMPARE(run.err, QByteArray());
    }
}

void TestCliArgs::sizeErrorsFromProgram()
{
    // Two error lines, each with the program prefix, as qemu-img prints them.
    const Run run = runProgram({"map", "--start-offset=1.5", "x"});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QByteArray("diskscope-img: Invalid start offset specified. You may use k, M, G, T, P or E "
                                 "suffixes for\ndiskscope-img: kilobytes, megabytes, gigabytes, terabytes, petabytes "
                                 "and exabytes.\n"));
}

void TestCliArgs::openErrorsFromProgram_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("info") << QStringList{"info", "/nonexistent/x.qcow2"} << 1;
    QTest::newRow("map") << QStringList{"map", "/nonexistent/x.qcow2"} << 1;
    QTest::newRow("convert") << QStringList{"convert", "/nonexistent/x.qcow2", "/nonexistent/y.raw"} << 1;
    QTest::newRow("compare first") << QStringList{"compare", "/nonexistent/x.qcow2", "/dev/null"} << 2;
    QTest::newRow("compare second") << QStringList{"compare", "/dev/null", "/nonexistent/x.qcow2"} << 2;
    QTest::newRow("unknown driver") << QStringList{"info", "-f", "vmdk", "/nonexistent/x.qcow2"} << 1;
    QTest::newRow("compare unknown driver") << QStringList{"compare", "-F", "vmdk", "/dev/null", "/dev/null"} << 2;
}

void TestCliArgs::openErrorsFromProgram()
{
    QFETCH(QStringList, arguments);
    const Run run = runProgram(arguments);
    QTEST(run.exitCode, "exitCode");
    // "diskscope-img: FILE: message", naming the file that failed.
    QVERIFY2(run.err.startsWith("diskscope-img: /nonexistent/x.qcow2: ") ||
                 run.err.startsWith("diskscope-img: /dev/null: Unknown driver 'vmdk'"),
             run.err.constData());
    QVERIFY2(run.err.count('\n') == 1, run.err.constData());
}

QTEST_GUILESS_MAIN(TestCliArgs)
#include "tst_cli_args.moc"
