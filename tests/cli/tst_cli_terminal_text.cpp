// SPDX-License-Identifier: GPL-2.0-or-later
// Names stored in images reach the terminal escaped: an image cannot move the cursor, clear
// the screen or retitle the window through diskscope-img's human output or error messages.
// (qemu-img 7.2 prints backing, data file and snapshot names raw, control bytes included.)
#include <QTemporaryDir>
#include <QtTest>

#include "qemu_tools.h"
#include "terminal_text.h"

using namespace diskscope::cli;
using namespace diskscope::testsupport;

namespace {

// No byte that a terminal treats as a control (C0 but newline, DEL, 8-bit C1).
bool terminalInert(const QByteArray& text)
{
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if ((b < 0x20 && b != '\n') || b == 0x7f || b == 0x9b)
            return false;
    }
    return true;
}

}  // namespace

class TestCliTerminalText : public QObject {
    Q_OBJECT

private slots:
    void escapes_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("plain") << QByteArray("base.qcow2") << QByteArray("base.qcow2");
        QTest::newRow("utf-8 kept") << QByteArray("b\xc3\xa4se \xe9\x95\x9c\xe5\x83\x8f") << QByteArray("b\xc3\xa4se \xe9\x95\x9c\xe5\x83\x8f");
        QTest::newRow("newline and tab kept") << QByteArray("a\nb\tc") << QByteArray("a\nb\tc");
        QTest::newRow("escape sequence") << QByteArray("b\x1b[2J") << QByteArray("b\\x1b[2J");
        QTest::newRow("bell, cr, del") << QByteArray("a\x07\r\x7f") << QByteArray("a\\x07\\x0d\\x7f");
        QTest::newRow("C1 CSI as UTF-8") << QByteArray("a\xc2\x9b" "31m") << QByteArray("a\\u009b31m");
        QTest::newRow("raw 8-bit CSI") << QByteArray("a\x9b" "31m") << QByteArray("a\\x9b31m");
        QTest::newRow("bidi override") << QByteArray("a\xe2\x80\xae" "b") << QByteArray("a\\u202eb");
        QTest::newRow("truncated utf-8") << QByteArray("a\xe9\x95") << QByteArray("a\\xe9\\x95");
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
    }

    void escapes()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        QCOMPARE(QByteArray::fromStdString(terminalSafe(in.toStdString())), out);
    }

    // End to end: a backing name, a data file name and a snapshot name with control bytes.
    void imageStringsAreEscaped()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString why;
        const QString hostile = QString::fromLatin1("b\x1b[2J\x1b]0;owned\x07x");
        // The snapshot first: qemu-img snapshot opens the backing file, which does not exist.
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "a.qcow2", "1M"}), dir.path(), &why), qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"snapshot", "-c", QString::fromLatin1("s\x1b[31mred\nline"), "a.qcow2"}), dir.path(), &why),
                 qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"rebase", "-u", "-F", "raw", "-b", hostile, "a.qcow2"}), dir.path(), &why),
                 qPrintable(why));
        QVERIFY2(runExpected(qemuImg({"create", "-q", "-f", "qcow2", "-o", QString::fromLatin1("data_file=d\x1b[1Af"), "d.qcow2", "1M"}),
                             dir.path(), &why),
                 qPrintable(why));

        const QList<QStringList> commands = {
            {"info", "a.qcow2"},
            {"info", "--backing-chain", "a.qcow2"},  // fails opening the backing file: the error names it
            {"snapshot", "-l", "a.qcow2"},
            {"info", "d.qcow2"},
            {"map", "a.qcow2"},
            {"check", "a.qcow2"},
        };
        for (const QStringList& arguments : commands) {
            const ProcessResult r = run(diskscopeImg(arguments), dir.path());
            QVERIFY2(r.started && !r.crashed, qPrintable(r.describe()));
            QVERIFY2(terminalInert(r.standardOutput), qPrintable(r.describe()));
            QVERIFY2(terminalInert(r.standardError), qPrintable(r.describe()));
        }
        const ProcessResult info = run(diskscopeImg({"info", "a.qcow2"}), dir.path());
        QVERIFY2(info.standardOutput.contains("backing file: b\\x1b[2J\\x1b]0;owned\\x07x"), qPrintable(info.describe()));
        const ProcessResult list = run(diskscopeImg({"snapshot", "-l", "a.qcow2"}), dir.path());
        QVERIFY2(list.standardOutput.contains("s\\x1b[31mred"), qPrintable(list.describe()));
        const ProcessResult data = run(diskscopeImg({"info", "d.qcow2"}), dir.path());
        QVERIFY2(data.standardOutput.contains("data file: d\\x1b[1Af"), qPrintable(data.describe()));
        // JSON escapes on its own (\u001B, as qemu-img), untouched by the terminal filter.
        const ProcessResult json = run(diskscopeImg({"info", "--output=json", "a.qcow2"}), dir.path());
        QVERIFY2(json.standardOutput.contains("b\\u001B[2J"), qPrintable(json.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCliTerminalText)
#include "tst_cli_terminal_text.moc"
