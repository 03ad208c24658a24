// SPDX-License-Identifier: GPL-2.0-or-later
// Internal snapshots against qemu-img snapshot: each row runs the same script (io writes and
// snapshot create/apply/delete) with Diskscope on one image and qemu-img/qemu-io on a twin.
// After every step Diskscope's image must pass `qemu-img check` (no errors, no leaks) and
// compare identical to the twin; at the end both list the same snapshots (ids, names, sizes).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// "io:<qemu-io command>", "create:<name>", "apply:<name>", "delete:<name>", "resize:<size>".
const QStringList kScript = {
    "io:write -P 1 0 1M",       "io:write -c -P 9 2M 2M", "create:first",
    "io:write -P 2 4k 4k",      "io:write -z 64k 64k",     "io:discard 512k 64k",
    "io:write -P 3 2M 1k",      "create:second",           "io:write -P 4 3M 100k",
    "apply:first",              "io:write -P 5 100k 10k",  "delete:second",
    "create:third",             "apply:1",                 "delete:third",
    "io:write -P 6 6M 64k",
};

}  // namespace

class TestInteropSnapshot : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sameAsQemu_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("script");
        for (const char* options : {"cluster_size=64k", "cluster_size=512", "cluster_size=2M", "compat=0.10",
                                    "extended_l2=on", "refcount_bits=8", "refcount_bits=64", "compression_type=zstd",
                                    "lazy_refcounts=on"})
            QTest::addRow("%s", options) << QString(options) << kScript;
        QTest::addRow("resize between snapshots (v3)")
            << "cluster_size=4k"
            << QStringList{"io:write -P 1 0 1M", "create:small", "resize:64M", "io:write -P 2 60M 1M", "create:big",
                           "apply:small", "io:write -P 3 4k 4k", "apply:big", "delete:small"};
    }

    void sameAsQemu()
    {
        QFETCH(QString, options);
        QFETCH(QStringList, script);
        const QString ours = QString("ours%1.qcow2").arg(m_row), theirs = QString("theirs%1.qcow2").arg(m_row);
        ++m_row;
        QString why;
        for (const QString& image : {ours, theirs})
            QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", options, image, "8M"}), m_dir.path(), &why),
                     qPrintable(why));
        for (const QString& step : script) {
            const QString kind = step.section(':', 0, 0), arg = step.section(':', 1);
            ProcessResult mine;
            if (kind == "io") {
                mine = run(diskscopeImg({"io", "-q", "-c", arg, ours}), m_dir.path());
                QVERIFY2(runExpected(qemuIo(theirs, "qcow2", {arg}), m_dir.path(), &why), qPrintable(why));
            } else if (kind == "resize") {
                mine = run(diskscopeImg({"resize", ours, arg}), m_dir.path());
                QVERIFY2(runExpected(qemuImg({"resize", theirs, arg}), m_dir.path(), &why), qPrintable(why));
            } else {
                const QString flag = kind == "create" ? "-c" : kind == "apply" ? "-a" : "-d";
                mine = run(diskscopeImg({"snapshot", flag, arg, ours}), m_dir.path());
                QVERIFY2(runExpected(qemuImg({"snapshot", flag, arg, theirs}), m_dir.path(), &why), qPrintable(why));
            }
            QVERIFY2(mine.exitedWith(0), qPrintable(step + "\n" + mine.describe()));
            ProcessResult checked = run(qemuImg({"check", ours}), m_dir.path());
            QVERIFY2(checked.exitedWith(0), qPrintable("after " + step + "\n" + checked.describe()));
            ProcessResult compared = run(qemuImg({"compare", ours, theirs}), m_dir.path());
            QVERIFY2(compared.exitedWith(0), qPrintable("after " + step + "\n" + compared.describe()));
        }
        QCOMPARE(snapshotList(ours), snapshotList(theirs));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("prepare");
        QTest::addColumn<QStringList>("snapshotArgs");
        const QStringList plain = {"write -P 1 0 128k"};
        QTest::addRow("1-bit refcounts cannot count a second reference") << "refcount_bits=1" << plain << QStringList{"-c", "s"};
        // 32 compressed clusters share one host cluster: a 4-bit refcount cannot take one more.
        // qemu-img fails too, but leaves leaked clusters; Diskscope changes nothing.
        QTest::addRow("4-bit refcounts of packed compressed clusters")
            << "refcount_bits=4" << QStringList{"write -c -P 9 2M 2M"} << QStringList{"-c", "s"};
        QTest::addRow("external data file") << "data_file=refused.data" << plain << QStringList{"-c", "s"};
        QTest::addRow("apply a missing snapshot") << "" << plain << QStringList{"-a", "nosuch"};
        QTest::addRow("delete a missing snapshot") << "" << plain << QStringList{"-d", "nosuch"};
    }

    void refusals()
    {
        QFETCH(QString, options);
        QFETCH(QStringList, prepare);
        QFETCH(QStringList, snapshotArgs);
        QString why;
        for (const char* image : {"refused-ours.qcow2", "refused-theirs.qcow2"}) {
            QFile::remove(m_dir.filePath(image));
            QStringList create = {"create", "-q", "-f", "qcow2"};
            if (!options.isEmpty())
                create << "-o" << QString(options).replace("refused", image);
            QVERIFY2(runExpected(qemuImg(create << image << "8M"), m_dir.path(), &why), qPrintable(why));
            QVERIFY2(runExpected(qemuIo(image, "qcow2", prepare), m_dir.path(), &why), qPrintable(why));
        }
        const QByteArray before = fileSha256(m_dir.filePath("refused-ours.qcow2"));
        ProcessResult mine = run(diskscopeImg(QStringList{"snapshot"} + snapshotArgs + QStringList{"refused-ours.qcow2"}), m_dir.path());
        ProcessResult qemu = run(qemuImg(QStringList{"snapshot"} + snapshotArgs + QStringList{"refused-theirs.qcow2"}), m_dir.path());
        QVERIFY2(qemu.exitedWith(1), qPrintable(qemu.describe()));
        QVERIFY2(mine.exitedWith(1), qPrintable(mine.describe()));
        QVERIFY(!mine.standardError.isEmpty());
        QCOMPARE(fileSha256(m_dir.filePath("refused-ours.qcow2")), before);  // nothing changed
        ProcessResult checked = run(qemuImg({"check", "refused-ours.qcow2"}), m_dir.path());
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
    }

private:
    // ids, names and disk sizes (dates differ between the two tools' runs).
    QStringList snapshotList(const QString& image)
    {
        ProcessResult info = run(qemuImg({"info", "--output=json", image}), m_dir.path());
        const QJsonArray snapshots = QJsonDocument::fromJson(info.standardOutput).object().value("snapshots").toArray();
        QStringList out;
        for (const auto& s : snapshots) {
            QJsonObject o = s.toObject();
            out << o.value("id").toString() + "/" + o.value("name").toString() + "/" +
                       QString::number(o.value("vm-state-size").toInteger()) + "/" + QString::number(o.value("icount").toInteger(-1));
        }
        return out;
    }

    QTemporaryDir m_dir;
    int m_row = 0;
};

QTEST_GUILESS_MAIN(TestInteropSnapshot)
#include "tst_interop_snapshot.moc"
