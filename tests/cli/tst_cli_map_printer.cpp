// SPDX-License-Identifier: GPL-2.0-or-later
// map printers on hand-built extents: JSON lines and the human table, compared with
// qemu-img 7.2's output for the chain mb.qcow2 <- mt.qcow2 (data/map_chain*, README.md).
#include <QtTest>

#include "map_printer.h"

Q_DECLARE_METATYPE(diskscope::MapEntry)

using namespace diskscope;
using namespace diskscope::cli;

namespace {

std::string golden(const char* name)
{
    QFile file(QStringLiteral(CLI_TEST_DATA "/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", name);
    return file.readAll().toStdString();
}

MapEntry entry(uint64_t start, uint64_t length, unsigned depth, bool present, bool zero, bool data,
               std::optional<uint64_t> offset = std::nullopt, std::string file = {})
{
    MapEntry e;
    e.start = start;
    e.length = length;
    e.depth = depth;
    e.present = present;
    e.zero = zero;
    e.data = data;
    e.hasOffset = offset.has_value();
    e.offset = offset.value_or(0);
    e.filename = e.hasOffset ? std::move(file) : std::string();
    e.compressed = data && !offset;
    return e;
}

// The JSON-merged extents of mt.qcow2 (backing mb.qcow2), as qemu-img map printed them.
std::vector<MapEntry> chainJsonEntries()
{
    return {
        entry(0, 524288, 1, true, false, true, 327680, "mb.qcow2"),
        entry(524288, 524288, 1, false, true, false),
        entry(1048576, 65536, 1, true, false, true, 851968, "mb.qcow2"),
        entry(1114112, 983040, 1, false, true, false),
        entry(2097152, 65536, 0, true, false, true, 327680, "mt.qcow2"),
        entry(2162688, 983040, 1, false, true, false),
        entry(3145728, 65536, 0, true, true, false),
        entry(3211264, 458752, 1, false, true, false),
        entry(3670016, 131072, 0, true, false, true),  // compressed: no offset
        entry(3801088, 393216, 1, false, true, false),
    };
}

// The same chain's first 3 MiB merged with MapStyle::Human: zero and unallocated
// extents folded into one non-data extent between the data ones.
std::vector<MapEntry> chainHumanEntries()
{
    return {
        entry(0, 524288, 1, true, false, true, 327680, "mb.qcow2"),
        entry(524288, 524288, 1, false, true, false),
        entry(1048576, 65536, 1, true, false, true, 851968, "mb.qcow2"),
        entry(1114112, 983040, 1, false, true, false),
        entry(2097152, 65536, 0, true, false, true, 327680, "mt.qcow2"),
        entry(2162688, 983040, 0, false, true, false),
    };
}

}  // namespace

class TestCliMapPrinter : public QObject {
    Q_OBJECT
private slots:
    void jsonEntry_data();
    void jsonEntry();
    void jsonChainMatchesQemu();
    void jsonEmptyRange();
    void humanChainMatchesQemu();
    void humanRow_data();
    void humanRow();
    void humanHeaderOnlyWithoutData();
    void humanSkipsZeroData();
    void humanStopsAtCompressed();
};

void TestCliMapPrinter::jsonEntry_data()
{
    QTest::addColumn<MapEntry>("value");
    QTest::addColumn<QString>("line");
    QTest::newRow("data with offset")
        << entry(0, 524288, 1, true, false, true, 327680, "mb.qcow2")
        << R"({ "start": 0, "length": 524288, "depth": 1, "present": true, "zero": false, "data": true, "offset": 327680})";
    QTest::newRow("unallocated")
        << entry(524288, 524288, 1, false, true, false)
        << R"({ "start": 524288, "length": 524288, "depth": 1, "present": false, "zero": true, "data": false})";
    QTest::newRow("compressed has no offset and no compressed key")
        << entry(3670016, 131072, 0, true, false, true)
        << R"({ "start": 3670016, "length": 131072, "depth": 0, "present": true, "zero": false, "data": true})";
    QTest::newRow("raw hole keeps its offset")
        << entry(4096, 4190208, 0, true, true, false, 4096, "a.raw")
        << R"({ "start": 4096, "length": 4190208, "depth": 0, "present": true, "zero": true, "data": false, "offset": 4096})";
}

void TestCliMapPrinter::jsonEntry()
{
    QFETCH(MapEntry, value);
    QFETCH(QString, line);
    QCOMPARE(QString::fromStdString(formatMapJsonEntry(value)), line);
}

void TestCliMapPrinter::jsonChainMatchesQemu()
{
    QCOMPARE(QByteArray::fromStdString(formatMapJson(chainJsonEntries())),
             QByteArray::fromStdString(golden("map_chain.json")));
}

void TestCliMapPrinter::jsonEmptyRange()
{
    // qemu-img map --output=json --start-offset=4M on a 4 MiB image.
    QCOMPARE(formatMapJson({entry(4194304, 0, 0, false, false, false)}),
             std::string(R"([{ "start": 4194304, "length": 0, "depth": 0, "present": false, "zero": false, "data": false}])"
                         "\n"));
}

void TestCliMapPrinter::humanChainMatchesQemu()
{
    const MapHumanOutput output = formatMapHuman(chainHumanEntries());
    QVERIFY(!output.error);
    QCOMPARE(QByteArray::fromStdString(output.text), QByteArray::fromStdString(golden("map_chain_human.txt")));
}

void TestCliMapPrinter::humanRow_data()
{
    QTest::addColumn<MapEntry>("value");
    QTest::addColumn<QString>("row");
    QTest::newRow("zero start prints 0")
        << entry(0, 0x80000, 1, true, false, true, 0x50000, "base.qcow2")
        << "0               0x80000         0x50000         base.qcow2\n";
    QTest::newRow("zero offset prints 0")
        << entry(0x200, 0xe00, 0, true, false, true, 0x200, "a.raw")
        << "0x200           0xe00           0x200           a.raw\n";
    QTest::newRow("wide values push the file name")
        << entry(0x1000000000000000, 0x1000000000000000, 0, true, false, true, 0, "x")
        << "0x10000000000000000x10000000000000000               x\n";
}

void TestCliMapPrinter::humanRow()
{
    QFETCH(MapEntry, value);
    QFETCH(QString, row);
    QCOMPARE(QString::fromStdString(formatMapHumanRow(value)), row);
}

void TestCliMapPrinter::humanHeaderOnlyWithoutData()
{
    const MapHumanOutput output = formatMapHuman({entry(0, 1 << 20, 0, false, true, false)});
    QCOMPARE(output.text, std::string("Offset          Length          Mapped to       File\n"));
    QVERIFY(!output.error);
}

void TestCliMapPrinter::humanSkipsZeroData()
{
    // Metadata-preallocated images report host holes as "zero": true, "data": true.
    const MapHumanOutput output = formatMapHuman({
        entry(0, 0x10000, 0, true, false, true, 0x50000, "p.qcow2"),
        entry(0x10000, 0x10000, 0, true, true, true, 0x60000, "p.qcow2"),
    });
    QCOMPARE(output.text, mapHumanHeader() + "0               0x10000         0x50000         p.qcow2\n");
}

void TestCliMapPrinter::humanStopsAtCompressed()
{
    // qemu-img map on the whole of mt.qcow2: rows up to the compressed extent, then the error.
    std::vector<MapEntry> entries = chainHumanEntries();
    entries.back().length = 3670016 - 2162688;  // the zero cluster at 3 MiB folds in too
    entries.push_back(entry(3670016, 131072, 0, true, false, true));
    entries.push_back(entry(3801088, 393216, 1, false, true, false));
    const MapHumanOutput output = formatMapHuman(entries);
    QCOMPARE(QByteArray::fromStdString(output.text), QByteArray::fromStdString(golden("map_chain_human.txt")));
    QCOMPARE(output.error.value_or(""), std::string("File contains external, encrypted or compressed clusters."));
}

QTEST_GUILESS_MAIN(TestCliMapPrinter)
#include "tst_cli_map_printer.moc"
