// SPDX-License-Identifier: GPL-2.0-or-later
// check printers and arguments on hand-built reports, compared with qemu-img 7.2's output for the
// same counts (captured from `qemu-img check` on images with a leak, a corruption and a repair).
#include <QtTest>

#include "cmd_check.h"

using namespace diskscope;
using namespace diskscope::cli;

namespace {

// The counts of a 64 MiB image with 5 allocated clusters (2 compressed) and 1 leaked + 1 corrupt.
CheckReport leakAndCorruption()
{
    CheckReport r;
    r.filename = "b.qcow2";
    r.format = "qcow2";
    r.imageEndOffset = 589824;
    r.compressedClusters = 2;
    r.totalClusters = 1024;
    r.corruptions = 1;
    r.leaks = 1;
    r.allocatedClusters = 5;
    r.fragmentedClusters = 3;
    return r;
}

ParseResult<CheckArgs> parse(QStringList arguments)
{
    arguments.prepend("check");
    std::vector<QByteArray> storage;
    std::vector<char*> argv;
    for (const QString& a : arguments)
        storage.push_back(a.toUtf8());
    for (QByteArray& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    return parseCheckArgs(static_cast<int>(storage.size()), argv.data());
}

}  // namespace

class TestCliCheckPrinter : public QObject {
    Q_OBJECT

private slots:
    void jsonKeysInQemuOrderOnlyWhenNonZero()
    {
        QCOMPARE(QString::fromStdString(formatCheckJson(leakAndCorruption())),
                 QStringLiteral("{\n"
                                "    \"image-end-offset\": 589824,\n"
                                "    \"compressed-clusters\": 2,\n"
                                "    \"total-clusters\": 1024,\n"
                                "    \"corruptions\": 1,\n"
                                "    \"check-errors\": 0,\n"
                                "    \"leaks\": 1,\n"
                                "    \"allocated-clusters\": 5,\n"
                                "    \"filename\": \"b.qcow2\",\n"
                                "    \"format\": \"qcow2\",\n"
                                "    \"fragmented-clusters\": 3\n"
                                "}\n"));
        CheckReport empty;
        empty.filename = "e.qcow2";
        empty.format = "qcow2";
        QCOMPARE(QString::fromStdString(formatCheckJson(empty)),
                 QStringLiteral("{\n    \"check-errors\": 0,\n    \"filename\": \"e.qcow2\",\n"
                                "    \"format\": \"qcow2\"\n}\n"));
        CheckReport fixed = leakAndCorruption();
        fixed.corruptions = 0;
        fixed.leaks = 0;
        fixed.leaksFixed = 1;
        QVERIFY(formatCheckJson(fixed).find("\"check-errors\": 0,\n    \"leaks-fixed\": 1,\n") != std::string::npos);
    }

    void humanReport()
    {
        QCOMPARE(QString::fromStdString(formatCheckHuman(leakAndCorruption())),
                 QStringLiteral("\n1 errors were found on the image.\n"
                                "Data may be corrupted, or further writes to the image may corrupt it.\n"
                                "\n1 leaked clusters were found on the image.\n"
                                "This means waste of disk space, but no harm to data.\n"
                                "5/1024 = 0.49% allocated, 60.00% fragmented, 40.00% compressed clusters\n"
                                "Image end offset: 589824\n"));
        CheckReport clean = leakAndCorruption();
        clean.corruptions = clean.leaks = 0;
        QCOMPARE(QString::fromStdString(formatCheckHuman(clean)),
                 QStringLiteral("No errors were found on the image.\n"
                                "5/1024 = 0.49% allocated, 60.00% fragmented, 40.00% compressed clusters\n"
                                "Image end offset: 589824\n"));
        // No allocated clusters: no percentage line (and no division by zero).
        CheckReport bare;
        bare.totalClusters = 1024;
        bare.imageEndOffset = 196608;
        QCOMPARE(QString::fromStdString(formatCheckHuman(bare)),
                 QStringLiteral("No errors were found on the image.\nImage end offset: 196608\n"));
    }

    void repairSummary()
    {
        CheckReport r;
        r.leaksFixed = 1;
        r.corruptionsFixed = 2;
        QCOMPARE(QString::fromStdString(formatRepairSummary(r)),
                 QStringLiteral("The following inconsistencies were found and repaired:\n\n"
                                "    1 leaked clusters\n    2 corruptions\n\n"
                                "Double checking the fixed image now...\n"));
    }

    void exitStatus()
    {
        CheckReport r;
        QCOMPARE(checkExitStatus(r), 0);
        r.leaks = 1;
        QCOMPARE(checkExitStatus(r), 3);
        r.corruptions = 1;
        QCOMPARE(checkExitStatus(r), 2);
        r.checkErrors = 1;
        QCOMPARE(checkExitStatus(r), 1);
    }

    void arguments()
    {
        auto ok = parse({"-r", "leaks", "--output=json", "-q", "-f", "qcow2", "x.qcow2"});
        QCOMPARE(int(ok.action), int(ParseResult<CheckArgs>::Action::Run));
        QCOMPARE(int(ok.args.repair), int(CheckRepair::Leaks));
        QCOMPARE(int(ok.args.output), int(OutputFormat::Json));
        QVERIFY(ok.args.quiet);
        QCOMPARE(QString::fromStdString(ok.args.path), QStringLiteral("x.qcow2"));
        QCOMPARE(int(parse({"--repair=all", "x"}).args.repair), int(CheckRepair::All));
        QVERIFY(parse({"-U", "x"}).args.forceShare);

        auto bad = parse({"-r", "foo", "x"});
        QCOMPARE(int(bad.action), int(ParseResult<CheckArgs>::Action::Fail));
        QCOMPARE(QString::fromStdString(bad.error),
                 QStringLiteral("Unknown option value for -r (expecting 'leaks' or 'all'): foo"));
        QVERIFY(bad.suggestHelp);
        QCOMPARE(QString::fromStdString(parse({"--output=xml", "x"}).error),
                 QStringLiteral("--output must be used with human or json as argument."));
        QCOMPARE(int(parse({}).action), int(ParseResult<CheckArgs>::Action::Fail));
        QCOMPARE(int(parse({"-h"}).action), int(ParseResult<CheckArgs>::Action::ShowHelp));
    }
};

QTEST_GUILESS_MAIN(TestCliCheckPrinter)
#include "tst_cli_check_printer.moc"
