// SPDX-License-Identifier: GPL-2.0-or-later
// The io command's qemu-io syntax: command parsing (accepted and refused spellings) and the
// hex dump of read -v, compared with qemu-io 7.2's output.
#include <QtTest>

#include "cmd_io.h"

using namespace diskscope::cli;

class TestCliIo : public QObject {
    Q_OBJECT

private slots:
    void parsesCommands_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::addColumn<quint64>("offset");
        QTest::addColumn<quint64>("length");
        using K = IoCommand::Kind;
        QTest::addRow("write with pattern and suffixes") << "write -P 0x11 1M 64k" << true << int(K::Write) << quint64(1 << 20) << quint64(65536);
        QTest::addRow("zero write with unmap") << "write -z -u 0 4k" << true << int(K::Write) << quint64(0) << quint64(4096);
        QTest::addRow("compressed write") << "write -c 64k 64k" << true << int(K::Write) << quint64(65536) << quint64(65536);
        QTest::addRow("read with check and dump") << "read -P 7 -v 512 512" << true << int(K::Read) << quint64(512) << quint64(512);
        QTest::addRow("discard") << "discard 0 2M" << true << int(K::Discard) << quint64(0) << quint64(2 << 20);
        QTest::addRow("flush") << "flush" << true << int(K::Flush) << quint64(0) << quint64(0);
        QTest::addRow("unknown command") << "frob 0 1" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("missing length") << "write 0" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("pattern above a byte") << "write -P 256 0 1" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("-u without -z") << "write -u 0 1" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("-z with -P") << "write -z -P 1 0 1" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("flush with arguments") << "flush 0" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("bad size") << "read 0 1kb" << false << 0 << quint64(0) << quint64(0);
        QTest::addRow("-v on write") << "write -v 0 1" << false << 0 << quint64(0) << quint64(0);
    }
    void parsesCommands()
    {
        QFETCH(QString, line);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QFETCH(quint64, offset);
        QFETCH(quint64, length);
        auto parsed = parseIoCommand(line.toStdString());
        QCOMPARE(parsed.action == ParseResult<IoCommand>::Action::Run, ok);
        if (!ok) {
            QVERIFY(!parsed.error.empty());
            return;
        }
        QCOMPARE(int(parsed.args.kind), kind);
        QCOMPARE(parsed.args.offset, offset);
        QCOMPARE(parsed.args.length, length);
    }

    void hexDumpLikeQemuIo()
    {
        // Captured from qemu-io 7.2: `read -v 3 40` over 10 zero bytes, "AAAAA", zeros.
        std::vector<uint8_t> bytes(40, 0);
        for (int i = 7; i < 12; ++i)
            bytes[i] = 'A';
        const std::string expected =
            "00000003:  00 00 00 00 00 00 00 41 41 41 41 41 00 00 00 00  .......AAAAA....\n"
            "00000013:  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
            "00000023:  00 00 00 00 00 00 00 00  ........\n";
        QCOMPARE(QString::fromStdString(formatHexDump(3, bytes)), QString::fromStdString(expected));
    }
};

QTEST_APPLESS_MAIN(TestCliIo)
#include "tst_cli_io.moc"
