// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: diskscope-img and qemu-img 7.2 run on the same images (made by qemu-img and
// qemu-io in a temporary directory) must print the same text and exit the same way.
#include <QtTest>

#include <csignal>

namespace {

struct Run {
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// qemu-io and qemu-img get a timeout: 7.2 can hang on odd images (errata.md).
Run runTool(const QString& program, const QStringList& arguments, const QString& directory, int timeoutMs = 60000)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("TZ", "UTC");  // snapshot dates print in local time
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run run;
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

}  // namespace

class TestCliVsQemu : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sameOutput_data();
    void sameOutput();
    void strictCompareCountsEndOfImage();
    void convertMatchesQemu_data();
    void convertMatchesQemu();
    void convertEmptyImageAllocation();
    void convertProgress();
    void convertCancelledByInterrupt();

private:
    // Runs qemu-img or qemu-io and fails the test unless it succeeds.
    void prepare(const QString& program, const QStringList& arguments);
    QTemporaryDir m_dir;
};

void TestCliVsQemu::prepare(const QString& program, const QStringList& arguments)
{
    const Run run = runTool(program, arguments, m_dir.path());
    if (!run.finished || run.crashed || run.exitCode != 0)
        QFAIL(qPrintable(program + " " + arguments.join(' ') + " failed: " + QString::fromLocal8Bit(run.err)));
}

void TestCliVsQemu::initTestCase()
{
    // Some chains here name "../" backing files, which qemu-img follows and diskscope-img follows
    // only with consent (tst_interop_chains checks the default).
    qputenv("DISKSCOPE_ALLOW_EXTERNAL_BACKING", "1");
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath("d/sub"));
    const QString img = QStringLiteral(QEMU_IMG);
    const QString io = QStringLiteral(QEMU_IO);
    // v3 with data, a zero cluster, a snapshot and two bitmaps (one disabled).
    prepare(img, {"create", "-q", "-f", "qcow2", "v3.qcow2", "64M"});
    prepare(io, {"-c", "write -P 1 0 64k", "-c", "write -z 1M 64k", "v3.qcow2"});
    prepare(img, {"snapshot", "-c", "snap1", "v3.qcow2"});
    prepare(img, {"bitmap", "--add", "v3.qcow2", "bm0"});
    prepare(img, {"bitmap", "--add", "-g", "128k", "v3.qcow2", "bm1"});
    prepare(img, {"bitmap", "--disable", "v3.qcow2", "bm1"});
    prepare(img, {"create", "-q", "-f", "qcow2", "-o", "compat=0.10", "v2.qcow2", "1G"});
    prepare(io, {"-c", "write -P 9 512k 64k", "v2.qcow2"});
    prepare(img, {"create", "-q", "-f", "qcow2", "-o",
                  "data_file=df.raw,data_file_raw=on,compression_type=zstd,extended_l2=on,lazy_refcounts=on,"
                  "cluster_size=128k",
                  "ext.qcow2", "16M"});
    prepare(io, {"-c", "write -P 3 1M 200k", "ext.qcow2"});
    // A backing chain named through a relative path with "..".
    prepare(img, {"create", "-q", "-f", "qcow2", "d/base.qcow2", "64M"});
    prepare(io, {"-c", "write -P 2 64k 64k", "d/base.qcow2"});
    prepare(img, {"create", "-q", "-f", "qcow2", "-b", "../base.qcow2", "-F", "qcow2", "d/sub/ov.qcow2"});
    // mb <- mt: data in both layers, a zero cluster and compressed clusters in the top.
    prepare(img, {"create", "-q", "-f", "qcow2", "mb.qcow2", "4M"});
    prepare(io, {"-c", "write -P 1 0 512k", "-c", "write -P 2 1M 64k", "mb.qcow2"});
    prepare(img, {"create", "-q", "-f", "qcow2", "-b", "mb.qcow2", "-F", "qcow2", "mt.qcow2"});
    prepare(io, {"-c", "write -P 3 2M 64k", "-c", "write -z 3M 64k", "-c", "write -c -P 4 3584k 128k", "mt.qcow2"});
    // Dirty: lazy refcounts and a writer killed before it could close the image.
    prepare(img, {"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "-b", "mb.qcow2", "-F", "qcow2",
                  "dirty.qcow2"});
    prepare(img, {"snapshot", "-c", "a very long snapshot name here", "dirty.qcow2"});
    const Run killed = runTool(io, {"-c", "write 0 64k", "-c", "sigraise 9", "dirty.qcow2"}, m_dir.path());
    QVERIFY(killed.crashed);
    // Raw images: an odd size (rounded up to 512), and 4 MiB ones for compare.
    prepare(img, {"create", "-q", "-f", "raw", "r.img", "5000"});
    prepare(img, {"create", "-q", "-f", "raw", "a.raw", "4M"});
    prepare(img, {"create", "-q", "-f", "raw", "b.raw", "8M"});
    prepare(io, {"-f", "raw", "-c", "write -P 5 3000000 10", "b.raw"});
    prepare(img, {"create", "-q", "-f", "raw", "c.raw", "8M"});
    prepare(img, {"create", "-q", "-f", "raw", "big.raw", "8M"});
    prepare(io, {"-f", "raw", "-c", "write -P 7 6M 1k", "big.raw"});
}

void TestCliVsQemu::sameOutput_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QStringList images{"v3.qcow2", "v2.qcow2", "ext.qcow2", "d/sub/ov.qcow2", "mt.qcow2", "dirty.qcow2", "r.img"};
    for (const QString& image : images) {
        for (const QString& output : {QStringLiteral("human"), QStringLiteral("json")}) {
            QTest::addRow("info %s %s", qPrintable(output), qPrintable(image))
                << QStringList{"info", "--output=" + output, image};
            QTest::addRow("map %s %s", qPrintable(output), qPrintable(image))
                << QStringList{"map", "--output", output, image};
        }
    }
    QTest::newRow("info chain human") << QStringList{"info", "--backing-chain", "d/sub/ov.qcow2"};
    QTest::newRow("info chain json") << QStringList{"info", "--backing-chain", "--output=json", "d/sub/ov.qcow2"};
    QTest::newRow("info dirty chain json") << QStringList{"info", "--backing-chain", "--output=json", "dirty.qcow2"};
    QTest::newRow("info -f raw on qcow2") << QStringList{"info", "-f", "raw", "--output=json", "v3.qcow2"};
    QTest::newRow("map range json") << QStringList{"map", "--output=json", "--start-offset=1000", "--max-length=1M",
                                                   "mt.qcow2"};
    QTest::newRow("map range human") << QStringList{"map", "--start-offset", "512", "--max-length=3M", "mt.qcow2"};
    QTest::newRow("map empty range") << QStringList{"map", "--output=json", "--start-offset=4M", "mt.qcow2"};
    QTest::newRow("map past the end") << QStringList{"map", "--output=json", "--start-offset=5M", "mt.qcow2"};
    QTest::newRow("map zero length") << QStringList{"map", "--output=json", "--max-length=0", "mt.qcow2"};
    QTest::newRow("map hex start") << QStringList{"map", "--start-offset", "0x1k", "a.raw"};
    QTest::newRow("map -f raw") << QStringList{"map", "-f", "raw", "--output=json", "v2.qcow2"};
    QTest::newRow("compare same") << QStringList{"compare", "a.raw", "a.raw"};
    QTest::newRow("compare content") << QStringList{"compare", "a.raw", "b.raw"};
    QTest::newRow("compare content reversed") << QStringList{"compare", "b.raw", "a.raw"};
    QTest::newRow("compare size only") << QStringList{"compare", "a.raw", "c.raw"};
    QTest::newRow("compare size, tail differs") << QStringList{"compare", "a.raw", "big.raw"};
    QTest::newRow("compare size, tail differs reversed") << QStringList{"compare", "big.raw", "a.raw"};
    QTest::newRow("compare strict size") << QStringList{"compare", "-s", "a.raw", "c.raw"};
    QTest::newRow("compare strict content") << QStringList{"compare", "-s", "a.raw", "b.raw"};
    QTest::newRow("compare chain vs base") << QStringList{"compare", "mt.qcow2", "mb.qcow2"};
    QTest::newRow("compare formats") << QStringList{"compare", "-f", "raw", "-F", "qcow2", "a.raw", "mt.qcow2"};
    QTest::newRow("compare quiet") << QStringList{"compare", "-q", "a.raw", "b.raw"};
    QTest::newRow("compare strict same") << QStringList{"compare", "-s", "v3.qcow2", "v3.qcow2"};
    QTest::newRow("compare overlay vs base") << QStringList{"compare", "d/sub/ov.qcow2", "d/base.qcow2"};
    QTest::newRow("compare strict overlay vs base") << QStringList{"compare", "-s", "d/sub/ov.qcow2", "d/base.qcow2"};
    QTest::newRow("compare missing") << QStringList{"compare", "a.raw", "missing.raw"};
}

void TestCliVsQemu::sameOutput()
{
    QFETCH(QStringList, arguments);
    const Run qemu = runTool(QStringLiteral(QEMU_IMG), arguments, m_dir.path());
    const Run ours = runTool(QStringLiteral(DISKSCOPE_IMG), arguments, m_dir.path());
    QVERIFY(qemu.finished && ours.finished);
    QCOMPARE(ours.crashed, false);
    QCOMPARE(ours.exitCode, qemu.exitCode);
    QCOMPARE(ours.out, qemu.out);
    // Error texts: same lines apart from the program name, except open errors, where
    // qemu-img says "Could not open 'F': ..." and we say "F: ...".
    if (qemu.err.contains("Could not open"))
        QVERIFY2(ours.err.startsWith("diskscope-img: missing.raw: "), ours.err.constData());
    else
        QCOMPARE(QString::fromLocal8Bit(ours.err).replace("diskscope-img:", "qemu-img:"),
                 QString::fromLocal8Bit(qemu.err));
}

void TestCliVsQemu::strictCompareCountsEndOfImage()
{
    // qemu-img's strict mode compares whole block-status words, end-of-image flag included:
    // mb.qcow2's unallocated tail runs to the end of the image while mt.qcow2's stops at its
    // own data, so qemu-img reports 1114112 although allocation differs only at 2 MiB.
    const QStringList arguments{"compare", "-s", "mb.qcow2", "mt.qcow2"};
    const Run qemu = runTool(QStringLiteral(QEMU_IMG), arguments, m_dir.path());
    const Run ours = runTool(QStringLiteral(DISKSCOPE_IMG), arguments, m_dir.path());
    QCOMPARE(qemu.out, QByteArray("Strict mode: Offset 1114112 block status mismatch!\n"));
    QCOMPARE(ours.exitCode, qemu.exitCode);
    QCOMPARE(ours.out, qemu.out);
}

void TestCliVsQemu::convertMatchesQemu_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("chain with compressed clusters") << "mt.qcow2" << QStringList{};
    QTest::newRow("v3 with snapshot") << "v3.qcow2" << QStringList{};
    QTest::newRow("v2") << "v2.qcow2" << QStringList{"-f", "qcow2"};
    QTest::newRow("data file") << "ext.qcow2" << QStringList{};
    QTest::newRow("overlay through ..") << "d/sub/ov.qcow2" << QStringList{"-O", "raw"};
    QTest::newRow("no sparse detection") << "mt.qcow2" << QStringList{"-S", "0"};
    QTest::newRow("64k sparse runs") << "mb.qcow2" << QStringList{"-S", "64k"};
}

void TestCliVsQemu::convertMatchesQemu()
{
    QFETCH(QString, source);
    QFETCH(QStringList, options);
    const QString qemuTarget = "q-" + QString::number(qHash(source + options.join(' '))) + ".raw";
    const QString ourTarget = "o-" + QString::number(qHash(source + options.join(' '))) + ".raw";
    const Run qemu = runTool(QStringLiteral(QEMU_IMG), QStringList{"convert"} + options + QStringList{source, qemuTarget},
                             m_dir.path());
    const Run ours = runTool(QStringLiteral(DISKSCOPE_IMG),
                             QStringList{"convert"} + options + QStringList{source, ourTarget}, m_dir.path());
    QCOMPARE(qemu.exitCode, 0);
    QCOMPARE(ours.exitCode, 0);
    QCOMPARE(ours.out, QByteArray());
    QCOMPARE(ours.err, QByteArray());
    QFile qemuFile(m_dir.filePath(qemuTarget));
    QFile ourFile(m_dir.filePath(ourTarget));
    QVERIFY(qemuFile.open(QIODevice::ReadOnly) && ourFile.open(QIODevice::ReadOnly));
    QCOMPARE(ourFile.size(), qemuFile.size());
    QVERIFY(ourFile.readAll() == qemuFile.readAll());
    // And qemu-img itself sees the two as identical guest disks.
    const Run check = runTool(QStringLiteral(QEMU_IMG), {"compare", "-f", "raw", "-F", "raw", qemuTarget, ourTarget},
                              m_dir.path());
    QCOMPARE(check.out, QByteArray("Images are identical.\n"));
}

void TestCliVsQemu::convertEmptyImageAllocation()
{
    // qemu-img creates raw targets with their first 4 KiB written, so map and disk size
    // of a converted empty image show 4 KiB of data.
    QVERIFY(runTool(QStringLiteral(QEMU_IMG), {"convert", "r.img", "q-empty.raw"}, m_dir.path()).exitCode == 0);
    QVERIFY(runTool(QStringLiteral(DISKSCOPE_IMG), {"convert", "r.img", "o-empty.raw"}, m_dir.path()).exitCode == 0);
    const Run qemuMap = runTool(QStringLiteral(QEMU_IMG), {"map", "--output=json", "q-empty.raw"}, m_dir.path());
    const Run ourMap = runTool(QStringLiteral(QEMU_IMG), {"map", "--output=json", "o-empty.raw"}, m_dir.path());
    QVERIFY(qemuMap.out.contains("\"data\": true"));
    QCOMPARE(ourMap.out, qemuMap.out);
}

void TestCliVsQemu::convertProgress()
{
    const Run run = runTool(QStringLiteral(DISKSCOPE_IMG), {"convert", "-p", "mt.qcow2", "p.raw"}, m_dir.path());
    QCOMPARE(run.exitCode, 0);
    static const QRegularExpression progressLines(R"(^(    \(\d{1,3}\.\d\d/100%\)\r)+\n$)");
    QVERIFY2(progressLines.match(QString::fromLatin1(run.out)).hasMatch(), run.out.constData());
    QVERIFY(run.out.startsWith("    (0.00/100%)\r"));
    QVERIFY(run.out.endsWith("    (100.00/100%)\r\n"));
    // -q silences -p, as in qemu-img.
    const Run quiet = runTool(QStringLiteral(DISKSCOPE_IMG), {"convert", "-p", "-q", "mt.qcow2", "p.raw"},
                              m_dir.path());
    QCOMPARE(quiet.exitCode, 0);
    QCOMPARE(quiet.out, QByteArray());
    // compare -p: the verdict comes before the line is ended.
    const Run compare = runTool(QStringLiteral(DISKSCOPE_IMG), {"compare", "-p", "a.raw", "a.raw"}, m_dir.path());
    QCOMPARE(compare.exitCode, 0);
    QVERIFY(compare.out.startsWith("    (0.00/100%)\r"));
    QVERIFY2(compare.out.endsWith("    (100.00/100%)\rImages are identical.\n\n"), compare.out.constData());
}

void TestCliVsQemu::convertCancelledByInterrupt()
{
    // A 16 GiB sparse source converted with -S 0 writes every byte: seconds of work, so
    // the interrupt lands mid-copy. The engine stops within a second and removes the target.
    QDir cancelDir(m_dir.filePath("cancel"));
    QVERIFY(cancelDir.mkpath("."));
    QFile source(cancelDir.filePath("sparse.raw"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    QVERIFY(source.resize(qint64(16) << 30));
    source.close();

    QProcess process;
    process.setWorkingDirectory(cancelDir.path());
    process.start(QStringLiteral(DISKSCOPE_IMG), {"convert", "-S", "0", "sparse.raw", "target.raw"});
    QVERIFY(process.waitForStarted());
    QTest::qWait(400);
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(5000));
    // Like qemu-img, the process ends by the signal, after cleaning up.
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    QCOMPARE(cancelDir.entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"sparse.raw"});
}

QTEST_GUILESS_MAIN(TestCliVsQemu)
#include "tst_cli_vs_qemu.moc"
