// SPDX-License-Identifier: GPL-2.0-or-later
// Proves the interop harness can fail: JSON diffs, byte comparison, timeouts and missing tools
// are detected, so a passing interop suite means agreement rather than a blind comparison.
#include "json_compare.h"
#include "qemu_tools.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace diskscope::testsupport;

namespace {

QJsonObject object(const char* json) { return QJsonDocument::fromJson(json).object(); }
QJsonArray array(const char* json) { return QJsonDocument::fromJson(json).array(); }

// Shaped like qemu-img 7.2's info output for a v3 image with a snapshot and a bitmap.
const char* const kInfo = R"({
    "snapshots": [{"icount": 0, "vm-clock-nsec": 0, "name": "s", "date-sec": 1700000000,
                   "date-nsec": 123000, "vm-clock-sec": 0, "id": "1", "vm-state-size": 0}],
    "virtual-size": 8388608, "filename": "image.qcow2", "cluster-size": 65536,
    "format": "qcow2", "actual-size": 200704,
    "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "compression-type": "zlib",
        "lazy-refcounts": false, "bitmaps": [{"flags": ["auto"], "name": "b", "granularity": 65536}],
        "refcount-bits": 16, "corrupt": false, "extended-l2": false}},
    "dirty-flag": false})";

}  // namespace

class TstInteropHarness : public QObject {
    Q_OBJECT

private slots:
    void identicalInfoHasNoDifferences()
    {
        QCOMPARE(diffInfo(object(kInfo), object(kInfo)), QStringList());
    }

    void infoKeyOrderIsIrrelevantAndUnlistedKeysAreIgnored()
    {
        QJsonObject reordered;
        const QJsonObject original = object(kInfo);
        for (auto it = original.end(); it != original.begin();) {
            --it;
            reordered.insert(it.key(), it.value());
        }
        reordered.insert(QStringLiteral("some-future-key"), 42);
        QCOMPARE(diffInfo(original, reordered), QStringList());
    }

    void infoDifferencesAreFound_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectedLine");
        QTest::newRow("top-level") << "actual-size" << QJsonValue(4096)
                                   << "actual-size: expected 200704, got 4096";
        QTest::newRow("missing on one side") << "dirty-flag" << QJsonValue(QJsonValue::Undefined)
                                             << "dirty-flag: expected false, got absent";
        QTest::newRow("extra listed key") << "backing-filename" << QJsonValue(QStringLiteral("b"))
                                          << "backing-filename: expected absent, got \"b\"";
        QTest::newRow("snapshot field") << "snapshots/0/date-nsec" << QJsonValue(124000)
                                        << "snapshots[0].date-nsec: expected 123000, got 124000";
        QTest::newRow("format-specific field")
            << "format-specific/data/refcount-bits" << QJsonValue(8)
            << "format-specific.data.refcount-bits: expected 16, got 8";
        QTest::newRow("bitmap flags")
            << "format-specific/data/bitmaps/0/flags" << QJsonValue(QJsonArray{"in-use", "auto"})
            << "format-specific.data.bitmaps[0].flags: expected [\"auto\"], got [\"in-use\",\"auto\"]";
    }
    void infoDifferencesAreFound()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectedLine);
        const QJsonObject expected = object(kInfo);
        const QJsonObject actual = withValueAt(expected, path.split(QLatin1Char('/')), value);
        QCOMPARE(diffInfo(expected, actual), QStringList{expectedLine});
    }

    void snapshotCountDifferenceIsFound()
    {
        const QJsonObject expected = object(kInfo);
        QJsonObject actual = expected;
        actual.remove(QStringLiteral("snapshots"));
        QCOMPARE(diffInfo(expected, actual).size(), 1);
    }

    void chainLayersAreComparedOneByOne()
    {
        const QJsonArray expected{object(kInfo), object(kInfo)};
        QJsonArray shorter{object(kInfo)};
        QCOMPARE(diffInfoChain(expected, expected), QStringList());
        QCOMPARE(diffInfoChain(expected, shorter), QStringList{"chain: expected 2 entries, got 1"});
        QJsonObject changed = object(kInfo);
        changed.insert(QStringLiteral("format"), QStringLiteral("raw"));
        QCOMPARE(diffInfoChain(expected, QJsonArray{object(kInfo), changed}),
                 QStringList{"chain[1].format: expected \"qcow2\", got \"raw\""});
    }

    void mapDifferencesAreFound()
    {
        const QJsonArray expected = array(R"([
            {"start": 0, "length": 65536, "depth": 0, "present": true, "zero": false, "data": true, "offset": 327680},
            {"start": 65536, "length": 1000, "depth": 0, "present": false, "zero": true, "data": false}])");
        QCOMPARE(diffMap(expected, expected), QStringList());
        // A "compressed" key (newer qemu-img) is not compared.
        QJsonArray withCompressed = expected;
        QJsonObject first = withCompressed[0].toObject();
        first.insert(QStringLiteral("compressed"), false);
        withCompressed[0] = first;
        QCOMPARE(diffMap(expected, withCompressed), QStringList());

        QJsonArray wrongOffset = expected;
        QJsonObject second = wrongOffset[1].toObject();
        second.insert(QStringLiteral("offset"), 393216);
        wrongOffset[1] = second;
        QCOMPARE(diffMap(expected, wrongOffset), QStringList{"map[1].offset: expected absent, got 393216"});
        QCOMPARE(diffMap(expected, QJsonArray{expected[0]}).size(), 1);
    }

    void invalidJsonIsReported()
    {
        QJsonObject out;
        QString why;
        QVERIFY(!parseJsonObject("not implemented yet\n", &out, &why));
        QVERIFY(!why.isEmpty());
        QJsonArray list;
        QVERIFY(!parseJsonArray("{}", &list, &why));
    }

    void byteComparisonFindsTheFirstDifference()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString a = dir.filePath(QStringLiteral("a"));
        const QString b = dir.filePath(QStringLiteral("b"));
        QByteArray content(3 * 1024 * 1024, '\0');
        QVERIFY(writeBytes(a, content));
        QVERIFY(writeBytes(b, content));
        QString why;
        QVERIFY2(filesHaveSameContent(a, b, &why), qPrintable(why));
        QCOMPARE(fileSha256(a), fileSha256(b));

        content[2 * 1024 * 1024 + 5] = 1;
        QVERIFY(writeBytes(b, content));
        QVERIFY(!filesHaveSameContent(a, b, &why));
        QVERIFY2(why.contains(QStringLiteral("offset 2097157")), qPrintable(why));
        QVERIFY(fileSha256(a) != fileSha256(b));

        QVERIFY(writeBytes(b, content.left(1000)));
        QVERIFY(!filesHaveSameContent(a, b, &why));
    }

    void processOutcomesAreReported()
    {
        const ProcessResult ok = run(Command{QStringLiteral("sh"), {"-c", "echo out; echo err >&2"}});
        QVERIFY2(ok.exitedWith(0), qPrintable(ok.describe()));
        QCOMPARE(ok.standardOutput, QByteArray("out\n"));
        QCOMPARE(ok.standardError, QByteArray("err\n"));

        const ProcessResult failing = run(Command{QStringLiteral("sh"), {"-c", "exit 3"}});
        QVERIFY(failing.exitedWith(3));
        QString why;
        QVERIFY(!runExpected(Command{QStringLiteral("sh"), {"-c", "exit 3"}}, {}, &why));
        QVERIFY2(why.contains(QStringLiteral("exited with code 3")), qPrintable(why));

        const ProcessResult missing = run(Command{QStringLiteral("/nonexistent/qemu-img"), {}});
        QVERIFY(!missing.started);
        QVERIFY(!missing.exitedWith(0));

        const ProcessResult slow = run(Command{QStringLiteral("sleep"), {"30"}}, {}, 300);
        QVERIFY(slow.timedOut);
        QVERIFY(!slow.exitedWith(0));

        QVERIFY(runExpected(Command{QStringLiteral("sh"), {"-c", "kill -9 $$"},
                                    ExitExpectation::KilledBySignal},
                            {}, &why));
        QVERIFY(!runExpected(Command{QStringLiteral("true"), {}, ExitExpectation::KilledBySignal},
                             {}, &why));
    }

    // The suites need the real tools: a missing qemu-img or qemu-io is a failure, never a skip.
    void qemuToolsAreInstalled()
    {
        for (const QString& tool : {qemuImgPath(), qemuIoPath()}) {
            const ProcessResult version = run(Command{tool, {QStringLiteral("--version")}});
            QVERIFY2(version.exitedWith(0), qPrintable(version.describe()));
        }
        const ProcessResult version = run(Command{qemuImgPath(), {QStringLiteral("--version")}});
        QVERIFY2(version.standardOutput.startsWith("qemu-img version 7.2."),
                 "the interop expectations were measured on qemu-img 7.2");
    }

    void recipesSubstituteTheWorkspaceAndStopAtTheFirstFailure()
    {
        QString why;
        auto workspace = makeWorkspace(&why);
        QVERIFY2(workspace, qPrintable(why));
        const ImageRecipe good{QStringLiteral("sub/out"), QStringLiteral("raw"),
                               {Command{QStringLiteral("mkdir"), {QStringLiteral("sub")}},
                                Command{QStringLiteral("sh"),
                                        {"-c", "printf %s \"$1\" > sub/out", "sh", "@WS@"}}}};
        QVERIFY2(buildRecipe(good, workspace->path(), &why), qPrintable(why));
        QFile out(QDir(workspace->path()).filePath(QStringLiteral("sub/out")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(out.readAll()), workspace->path());
        QCOMPARE(QFileInfo(QDir(workspace->path()).filePath(QString::fromLatin1(kRandomPatternFile))).size(),
                 kRandomPatternSize);

        const ImageRecipe bad{QStringLiteral("never"), QStringLiteral("raw"),
                              {Command{QStringLiteral("false"), {}},
                               Command{QStringLiteral("touch"), {QStringLiteral("never")}}}};
        QVERIFY(!buildRecipe(bad, workspace->path(), &why));
        QVERIFY(!QFileInfo::exists(QDir(workspace->path()).filePath(QStringLiteral("never"))));
    }

private:
    static bool writeBytes(const QString& path, const QByteArray& bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
    }

    // Returns ROOT with the value at PATH (object keys, or array indices) replaced; an undefined
    // VALUE removes the key.
    static QJsonObject withValueAt(QJsonObject root, const QStringList& path, const QJsonValue& value)
    {
        return withValueAt(QJsonValue(root), path, value).toObject();
    }
    static QJsonValue withValueAt(const QJsonValue& node, QStringList path, const QJsonValue& value)
    {
        if (path.isEmpty())
            return value;
        const QString head = path.takeFirst();
        if (node.isArray()) {
            QJsonArray list = node.toArray();
            const int index = head.toInt();
            list[index] = withValueAt(list.at(index), path, value);
            return list;
        }
        QJsonObject map = node.toObject();
        const QJsonValue replaced = withValueAt(map.value(head), path, value);
        if (replaced.isUndefined())
            map.remove(head);
        else
            map.insert(head, replaced);
        return map;
    }
};

QTEST_GUILESS_MAIN(TstInteropHarness)
#include "tst_interop_harness.moc"
