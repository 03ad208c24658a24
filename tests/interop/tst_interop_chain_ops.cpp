// SPDX-License-Identifier: GPL-2.0-or-later
// rebase and commit against qemu-img 7.2. Each row builds the same chain twice (by qemu-img and
// qemu-io, or by diskscope-img create and io), in "ours" and "theirs": a <- b <- c (c larger
// than the others), a separate image n with other content and a small raw file r. diskscope-img
// runs the operation in "ours", qemu-img the same one in "theirs". Afterwards, for every image:
// `qemu-img check` finds no errors and no leaks in ours, `qemu-img compare` finds the guest
// content (through each image's own chain) equal to qemu-img's, and the header's backing name,
// backing format and virtual size equal qemu-img's. Exit codes and stdout must match too.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// qcow2 creation options per image, so one row can mix cluster sizes along the chain.
struct OptionSet {
    const char* name;
    const char* a;
    const char* b;
    const char* c;
    const char* n;
};

const OptionSet kOptionSets[] = {
    {"64k", "cluster_size=64k", "cluster_size=64k", "cluster_size=64k", "cluster_size=64k"},
    {"512", "cluster_size=512", "cluster_size=512", "cluster_size=512", "cluster_size=512"},
    {"2M", "cluster_size=2M", "cluster_size=2M", "cluster_size=2M", "cluster_size=2M"},
    {"v2", "compat=0.10", "compat=0.10", "compat=0.10", "compat=0.10"},
    {"refcount1", "refcount_bits=1,cluster_size=4k", "refcount_bits=1,cluster_size=4k",
     "refcount_bits=64,cluster_size=4k", "refcount_bits=8"},
    {"extl2", "extended_l2=on", "extended_l2=on,cluster_size=32k", "extended_l2=on", "extended_l2=on"},
    {"lazy", "lazy_refcounts=on", "lazy_refcounts=on,cluster_size=16k", "lazy_refcounts=on,cluster_size=8k",
     "lazy_refcounts=on"},
    {"mixed", "cluster_size=2M", "cluster_size=512,compat=0.10", "extended_l2=on,cluster_size=128k", "cluster_size=4k"},
};

// Operations, run in the chain's directory with the same arguments for both tools, and the
// images they may change (the others must stay byte for byte as they were).
struct Operation {
    const char* name;
    QStringList arguments;
    QStringList changes;
};

QList<Operation> operations()
{
    return {
        {"rebase -u", {"rebase", "-u", "-b", "n.qcow2", "-F", "qcow2", "c.qcow2"}, {"c.qcow2"}},
        {"rebase -u standalone", {"rebase", "-u", "-b", "", "c.qcow2"}, {"c.qcow2"}},
        {"rebase onto other content", {"rebase", "-b", "n.qcow2", "-F", "qcow2", "c.qcow2"}, {"c.qcow2"}},
        {"rebase standalone", {"rebase", "-b", "", "c.qcow2"}, {"c.qcow2"}},
        {"rebase past the middle layer", {"rebase", "-b", "a.qcow2", "-F", "qcow2", "c.qcow2"}, {"c.qcow2"}},
        {"rebase onto a short raw file", {"rebase", "-p", "-b", "r.raw", "-F", "raw", "c.qcow2"}, {"c.qcow2"}},
        {"rebase the middle layer", {"rebase", "-q", "-b", "n.qcow2", "-F", "qcow2", "b.qcow2"}, {"b.qcow2"}},
        {"commit", {"commit", "c.qcow2"}, {"c.qcow2", "b.qcow2"}},
        {"commit -d", {"commit", "-d", "c.qcow2"}, {"c.qcow2", "b.qcow2"}},
        {"commit -b deeper base", {"commit", "-b", "a.qcow2", "c.qcow2"}, {"c.qcow2", "a.qcow2"}},
        {"commit the middle layer", {"commit", "-q", "b.qcow2"}, {"b.qcow2", "a.qcow2"}},
    };
}

// qemu-io commands per image: partial clusters, zero writes, data past the backing file's end.
const QStringList kWritesA = {"write -P 0x11 0 3M", "write -P 0x12 5M 1M", "write -c -P 0x13 6M 2M"};
const QStringList kWritesB = {"write -P 0x22 512k 1M", "write -z 2M 256k", "write -P 0x23 5000000 4097"};
// c takes an internal snapshot halfway (commit empties the active disk only).
const QStringList kWritesC = {"write -P 0x33 1M 1M", "write -c -P 0x35 8M 2M", "write -P 0x34 3000000 100123"};
const QStringList kWritesCAfterSnapshot = {"write -z 5184k 64k", "write -P 0x36 9M 64k", "write -P 0x37 7340031 2",
                                           "write -P 0x38 1500k 4k"};
const QStringList kWritesN = {"write -P 0x55 256k 2M", "write -P 0x11 5M 512k", "write -z 7M 64k"};

bool copyDirectory(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    for (const QString& name : QDir(from).entryList(QDir::Files)) {
        QFile::remove(to + "/" + name);
        if (!QFile::copy(from + "/" + name, to + "/" + name))
            return false;
    }
    return true;
}

QJsonObject infoJson(const QString& workspace, const QString& image)
{
    ProcessResult info = run(qemuImg({"info", "-U", "--output=json", image}), workspace);
    return QJsonDocument::fromJson(info.standardOutput).object();
}

// What qemu-img info says about a header: backing name and format, and the virtual size.
QString headerFacts(const QJsonObject& info)
{
    return QString("backing-filename=%1 backing-filename-format=%2 virtual-size=%3")
        .arg(info.contains("backing-filename") ? info.value("backing-filename").toString() : "(none)",
             info.contains("backing-filename-format") ? info.value("backing-filename-format").toString() : "(none)")
        .arg(info.value("virtual-size").toInteger());
}

QByteArray directoryDigest(const QString& dir)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& name : QDir(dir).entryList(QDir::Files)) {
        hash.addData(name.toUtf8());
        hash.addData(fileSha256(dir + "/" + name));
    }
    return hash.result().toHex();
}

QByteArray withoutProgram(QByteArray text)
{
    return text.replace("diskscope-img", "PROGRAM").replace("qemu-img", "PROGRAM");
}

}  // namespace

class TestInteropChainOps : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sameAsQemu_data()
    {
        QTest::addColumn<int>("optionSet");
        QTest::addColumn<bool>("madeByDiskscope");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("changes");
        for (int set = 0; set < int(std::size(kOptionSets)); ++set) {
            for (bool ours : {false, true}) {
                // Chains made by diskscope-img: the mixed chain, which changes its write path most.
                if (ours && set != 7)
                    continue;
                for (const Operation& op : operations()) {
                    // Operations that add little beyond the others: on two option sets only.
                    const bool everywhere = op.arguments.contains("-b") && op.arguments.contains("c.qcow2") &&
                                            !(op.arguments.contains("-u") && op.arguments.contains(""));
                    const bool allSets = set == 0 || set == 7;
                    if (!everywhere && !allSets && op.arguments.first() == "rebase")
                        continue;
                    if (!allSets && op.arguments.contains("b.qcow2"))
                        continue;
                    QTest::addRow("%s, made by %s: %s", kOptionSets[set].name, ours ? "diskscope-img" : "qemu-img", op.name)
                        << set << ours << op.arguments << op.changes;
                }
            }
        }
    }

    void sameAsQemu()
    {
        QFETCH(int, optionSet);
        QFETCH(bool, madeByDiskscope);
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, changes);
        QString why;
        const QString inputs = chainTemplate(optionSet, madeByDiskscope, &why);
        QVERIFY2(!inputs.isEmpty(), qPrintable(why));
        const QString ours = m_dir.filePath("ours"), theirs = m_dir.filePath("theirs");
        QDir(ours).removeRecursively();
        QDir(theirs).removeRecursively();
        QVERIFY(copyDirectory(inputs, ours) && copyDirectory(inputs, theirs));

        ProcessResult mine = run(diskscopeImg(arguments), ours);
        ProcessResult qemu = run(qemuImg(arguments), theirs);
        QVERIFY2(qemu.exitedWith(0), qPrintable(qemu.describe()));
        QVERIFY2(mine.exitedWith(0), qPrintable(mine.describe()));
        if (arguments.contains("-p")) {  // the number of progress records is each tool's own
            QVERIFY2(mine.standardOutput.endsWith("    (100.00/100%)\r\n"), mine.standardOutput.constData());
        } else {
            QCOMPARE(mine.standardOutput, qemu.standardOutput);
        }
        verifySameImages(ours, theirs, changes);
        for (const QString& image : QDir(inputs).entryList(QDir::Files))
            if (!changes.contains(image))
                QVERIFY2(fileSha256(ours + "/" + image) == fileSha256(inputs + "/" + image), qPrintable(image + " changed"));
    }

    // Failures: same exit code as qemu-img, the same message where Diskscope words it the
    // same, and nothing changed in Diskscope's images (the guest view at least, where qemu-img
    // itself changes allocation before failing).
    void refusals_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("sameMessage");
        QTest::addRow("rebase without -F") << QStringList{"rebase", "-b", "n.qcow2", "c.qcow2"} << true;
        QTest::addRow("rebase -u without -F") << QStringList{"rebase", "-u", "-b", "n.qcow2", "c.qcow2"} << true;
        QTest::addRow("rebase onto a missing file")
            << QStringList{"rebase", "-b", "missing.qcow2", "-F", "qcow2", "c.qcow2"} << false;
        QTest::addRow("rebase -F unknown") << QStringList{"rebase", "-b", "n.qcow2", "-F", "foo", "c.qcow2"} << true;
        QTest::addRow("rebase a raw image") << QStringList{"rebase", "-u", "-b", "", "-f", "raw", "r.raw"} << false;
        QTest::addRow("rebase onto itself") << QStringList{"rebase", "-b", "c.qcow2", "-F", "qcow2", "c.qcow2"} << false;
        QTest::addRow("rebase a missing image") << QStringList{"rebase", "-u", "-b", "", "missing.qcow2"} << false;
        QTest::addRow("rebase -u with a name over 1023 bytes")
            << QStringList{"rebase", "-u", "-b", QString(1100, 'x'), "-F", "raw", "c.qcow2"} << false;
        QTest::addRow("rebase without -b") << QStringList{"rebase", "c.qcow2"} << true;
        QTest::addRow("commit without backing file") << QStringList{"commit", "n.qcow2"} << true;
        QTest::addRow("commit a raw image") << QStringList{"commit", "-f", "raw", "r.raw"} << true;
        QTest::addRow("commit -b not in the chain") << QStringList{"commit", "-b", "n.qcow2", "c.qcow2"} << true;
        QTest::addRow("commit -b the image itself") << QStringList{"commit", "-b", "c.qcow2", "c.qcow2"} << true;
        QTest::addRow("commit -b relative to the working directory")
            << QStringList{"commit", "-b", "./sub/a.qcow2", "c.qcow2"} << true;
    }

    void refusals()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, sameMessage);
        QString why;
        const QString inputs = chainTemplate(0, false, &why);
        QVERIFY2(!inputs.isEmpty(), qPrintable(why));
        const QString ours = m_dir.filePath("ours"), theirs = m_dir.filePath("theirs");
        QDir(ours).removeRecursively();
        QDir(theirs).removeRecursively();
        QVERIFY(copyDirectory(inputs, ours) && copyDirectory(inputs, theirs));
        const QByteArray before = directoryDigest(ours);
        ProcessResult mine = run(diskscopeImg(arguments), ours);
        ProcessResult qemu = run(qemuImg(arguments), theirs);
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
        QVERIFY2(mine.exitedWith(1), qPrintable(mine.describe()));
        QVERIFY(mine.standardError.startsWith("diskscope-img: "));
        if (sameMessage)
            QCOMPARE(withoutProgram(mine.standardError), withoutProgram(qemu.standardError));
        QCOMPARE(directoryDigest(ours), before);
        verifySameImages(ours, theirs, {"c.qcow2"});
    }

    // A name that does not fit in cluster 0 (512-byte clusters hold the header, the format
    // extension and about 370 bytes of name) or is over 1023 bytes: refused by both, the image
    // unchanged. The names are "././.../b.raw", so the ones that fit open.
    void backingNameLimits()
    {
        QString why;
        const QString dir = m_dir.filePath("names");
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        for (const char* image : {"ours.qcow2", "theirs.qcow2"})
            QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=512", image, "1M"}), dir, &why),
                     qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "raw", "b.raw", "1M"}), dir, &why), qPrintable(why));
        for (int length : {301, 401, 1023, 1025}) {
            const QString name = QString("./").repeated((length - 5) / 2) + "b.raw";
            QCOMPARE(name.size(), length);
            const QByteArray before = fileSha256(dir + "/ours.qcow2");
            ProcessResult mine = run(diskscopeImg({"rebase", "-u", "-b", name, "-F", "raw", "ours.qcow2"}), dir);
            ProcessResult qemu = run(qemuImg({"rebase", "-u", "-b", name, "-F", "raw", "theirs.qcow2"}), dir);
            QVERIFY2(mine.exitCode == qemu.exitCode, qPrintable(mine.describe() + "\n" + qemu.describe()));
            if (qemu.exitCode != 0)
                QCOMPARE(fileSha256(dir + "/ours.qcow2"), before);
            QCOMPARE(headerFacts(infoJson(dir, "ours.qcow2")), headerFacts(infoJson(dir, "theirs.qcow2")));
            ProcessResult checked = run(qemuImg({"check", "ours.qcow2"}), dir);
            QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        }
    }

private:
    // The inputs of a row, built once per option set and maker; empty (and *why) on failure.
    QString chainTemplate(int optionSet, bool madeByDiskscope, QString* why)
    {
        const QString dir = m_dir.filePath(QString("inputs-%1-%2").arg(optionSet).arg(madeByDiskscope ? "ds" : "qemu"));
        if (m_built.contains(dir))
            return dir;
        QDir().mkpath(dir);
        const OptionSet& o = kOptionSets[optionSet];
        auto create = [&](QStringList args) {
            return madeByDiskscope ? diskscopeImg(QStringList{"create", "-q"} + args) : qemuImg(QStringList{"create", "-q"} + args);
        };
        auto io = [&](const QString& image, const QStringList& commands) {
            if (!madeByDiskscope)
                return qemuIo(image, "qcow2", commands);
            QStringList args{"io", "-q"};
            for (const QString& c : commands)
                args << "-c" << c;
            return diskscopeImg(args << image);
        };
        const QList<Command> steps = {
            create({"-f", "qcow2", "-o", o.a, "a.qcow2", "8M"}),
            io("a.qcow2", kWritesA),
            create({"-f", "qcow2", "-o", o.b, "-b", "a.qcow2", "-F", "qcow2", "b.qcow2"}),
            io("b.qcow2", kWritesB),
            create({"-f", "qcow2", "-o", o.c, "-b", "b.qcow2", "-F", "qcow2", "c.qcow2", "10M"}),
            io("c.qcow2", kWritesC),
            madeByDiskscope ? diskscopeImg({"snapshot", "-c", "half", "c.qcow2"}) : qemuImg({"snapshot", "-c", "half", "c.qcow2"}),
            io("c.qcow2", kWritesCAfterSnapshot),
            create({"-f", "qcow2", "-o", o.n, "n.qcow2", "8M"}),
            io("n.qcow2", kWritesN),
            qemuImg({"create", "-q", "-f", "raw", "r.raw", "4M"}),
            qemuIo("r.raw", "raw", {"write -P 0x77 1M 1M"}),
        };
        for (const Command& step : steps)
            if (!runExpected(step, dir, why))
                return {};
        m_built << dir;
        return dir;
    }

    void verifySameImages(const QString& ours, const QString& theirs, const QStringList& images)
    {
        for (const QString& image : images) {
            ProcessResult checked = run(qemuImg({"check", image}), ours);
            QVERIFY2(checked.exitedWith(0), qPrintable(image + "\n" + checked.describe()));
            ProcessResult compared = run(qemuImg({"compare", ours + "/" + image, theirs + "/" + image}), ours);
            QVERIFY2(compared.exitedWith(0), qPrintable(image + "\n" + compared.describe()));
            QCOMPARE(headerFacts(infoJson(ours, image)), headerFacts(infoJson(theirs, image)));
        }
    }

    QTemporaryDir m_dir;
    QStringList m_built;
};

QTEST_GUILESS_MAIN(TestInteropChainOps)
#include "tst_interop_chain_ops.moc"
