// SPDX-License-Identifier: GPL-2.0-or-later
// Backing file names: qemu-img's resolution against the naming image's directory, and the
// refusal of anything that is not a plain local file name.
#include <QtTest>

#include "chain/backing_name.h"
#include "diskscope/chain.h"

using namespace diskscope;

class TestChainNames : public QObject {
    Q_OBJECT

private slots:
    void resolve_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("backing");
        QTest::addColumn<QString>("resolved");
        QTest::addRow("no directory") << "top.qcow2" << "base.qcow2" << "base.qcow2";
        QTest::addRow("relative, kept unnormalised") << "d/sub/top.qcow2" << "../base.qcow2" << "d/sub/../base.qcow2";
        QTest::addRow("absolute backing") << "d/top.qcow2" << "/srv/base.qcow2" << "/srv/base.qcow2";
        QTest::addRow("absolute image") << "/vm/top.qcow2" << "base.raw" << "/vm/base.raw";
        QTest::addRow("image in root") << "/top.qcow2" << "b" << "/b";
    }
    void resolve()
    {
        QFETCH(QString, image);
        QFETCH(QString, backing);
        QFETCH(QString, resolved);
        QCOMPARE(QString::fromStdString(resolveBackingName(image.toStdString(), backing.toStdString())), resolved);
    }

    void localNames_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("plain") << QByteArray("base.qcow2") << true;
        QTest::addRow("subdirectory") << QByteArray("dir/base.qcow2") << true;
        QTest::addRow("colon after slash") << QByteArray("./a:b.qcow2") << true;
        QTest::addRow("json") << QByteArray("json:{\"driver\":\"raw\"}") << false;
        QTest::addRow("nbd") << QByteArray("nbd://127.0.0.1:1/x") << false;
        QTest::addRow("file protocol") << QByteArray("file:/etc/hostname") << false;
        QTest::addRow("empty") << QByteArray("") << false;
        QTest::addRow("NUL byte") << QByteArray("a\0b", 3) << false;
    }
    void localNames()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, accepted);
        QCOMPARE(checkLocalFileName(name.toStdString(), "backing file").ok(), accepted);
    }
};

QTEST_APPLESS_MAIN(TestChainNames)
#include "tst_chain_names.moc"
