// SPDX-License-Identifier: GPL-2.0-or-later
// lastDataEnd against the end of the last "data": true extent of `qemu-img map --output=json`
// on images qemu-img and qemu-io made: qcow2 with data in several tables, zero clusters past
// the data, compressed clusters, discarded tails, an overlay over a longer backing file,
// metadata preallocation, and sparse raw files.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "diskscope/last_data.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

class TestInteropLastData : public QObject {
    Q_OBJECT
private slots:
    void matchesQemuImgMap_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QList<Command>>("steps");
        const auto io = [](const QString& image, const QString& format, const QStringList& commands) {
            return qemuIo(image, format, commands);
        };
        QTest::newRow("qcow2 empty") << "a.qcow2" << "qcow2"
                                     << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "1G"})};
        QTest::newRow("qcow2 two tables") << "a.qcow2" << "qcow2"
                                          << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "2G"}),
                                                            io("a.qcow2", "qcow2", {"write -P 1 0 64k", "write -P 2 700M 3k"})};
        QTest::newRow("qcow2 zeroes after data")
            << "a.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "256M"}),
                              io("a.qcow2", "qcow2", {"write -P 1 1M 128k", "write -z 100M 1M"})};
        QTest::newRow("qcow2 discarded tail")
            << "a.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "256M"}),
                              io("a.qcow2", "qcow2", {"write -P 1 0 4M", "write -P 2 200M 1M", "discard 200M 1M"})};
        QTest::newRow("qcow2 compressed")
            << "a.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "64M"}),
                              io("a.qcow2", "qcow2", {"write -c -P 7 32M 64k"})};
        QTest::newRow("qcow2 extended l2")
            << "a.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "-o", "extended_l2=on", "a.qcow2", "64M"}),
                              io("a.qcow2", "qcow2", {"write -P 3 10M 6k"})};
        QTest::newRow("qcow2 metadata preallocation")
            << "a.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "-o", "preallocation=metadata", "a.qcow2", "32M"}),
                              io("a.qcow2", "qcow2", {"write -P 3 1M 64k"})};
        QTest::newRow("overlay over longer data")
            << "top.qcow2" << "qcow2"
            << QList<Command>{qemuImg({"create", "-q", "-f", "qcow2", "base.qcow2", "128M"}),
                              io("base.qcow2", "qcow2", {"write -P 1 90M 64k"}),
                              qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "top.qcow2"}),
                              io("top.qcow2", "qcow2", {"write -P 2 0 64k"})};
        QTest::newRow("raw sparse") << "a.raw" << "raw"
                                    << QList<Command>{qemuImg({"create", "-q", "-f", "raw", "a.raw", "64M"}),
                                                      io("a.raw", "raw", {"write -P 1 8M 1M", "write -P 2 20M 4k"})};
        QTest::newRow("raw empty") << "a.raw" << "raw"
                                   << QList<Command>{qemuImg({"create", "-q", "-f", "raw", "a.raw", "64M"})};
        QTest::newRow("raw data at end")
            << "a.raw" << "raw"
            << QList<Command>{qemuImg({"create", "-q", "-f", "raw", "a.raw", "16M"}),
                              io("a.raw", "raw", {"write -P 9 16380k 4k"})};
    }

    void matchesQemuImgMap()
    {
        QFETCH(QString, image);
        QFETCH(QString, format);
        QFETCH(QList<Command>, steps);
        QString why;
        auto workspace = makeWorkspace(&why);
        QVERIFY2(workspace, qPrintable(why));
        QVERIFY2(buildRecipe({image, format, steps}, workspace->path(), &why), qPrintable(why));
        settleFiles(workspace->path());
        const QString path = workspace->filePath(image);

        ProcessResult map = run(qemuImg({"map", "--output=json", "-f", format, path}));
        QVERIFY2(map.exitedWith(0), qPrintable(map.describe()));
        uint64_t expected = 0;
        for (const QJsonValue& extent : QJsonDocument::fromJson(map.standardOutput).array()) {
            const QJsonObject e = extent.toObject();
            if (e["data"].toBool())
                expected = uint64_t(e["start"].toInteger() + e["length"].toInteger());
        }
        LastDataOptions options;
        options.format = format.toStdString();
        auto last = lastDataEnd(path.toStdString(), options);
        QVERIFY2(last.ok(), last.ok() ? "" : describe(last.error()).c_str());
        QCOMPARE(*last, expected);
    }
};

QTEST_APPLESS_MAIN(TestInteropLastData)
#include "tst_interop_last_data.moc"
