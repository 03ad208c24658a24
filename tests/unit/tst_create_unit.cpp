// SPDX-License-Identifier: GPL-2.0-or-later
// create in memory: the `-o` option parser and its messages, the Formatting line, the qcow2
// header encoder (round trip with the decoder, qemu-img's extension order), and images laid
// out by the engine read back by the engine's own decoder.
#include <QtTest>

#include "diskscope/host_file.h"
#include "diskscope/ops/create.h"
#include "format/qcow2/qcow2_create.h"
#include "format/qcow2/qcow2_header.h"
#include "format/qcow2/qcow2_header_writer.h"
#include "util/big_endian.h"

using namespace diskscope;

namespace {

QString errorMessage(const Status& s) { return s.ok() ? QString() : QString::fromStdString(s.error().message); }

CreateOptions qcow2Options(const char* text)
{
    CreateOptions o;
    o.format = "qcow2";
    o.path = "x.qcow2";
    Status s = parseCreateOptionString(text, o);
    if (!s.ok())
        qWarning("unexpected parse failure: %s", s.error().message.c_str());
    return o;
}

Result<qcow2::Header> decode(const std::vector<uint8_t>& bytes)
{
    // readHeader checks the tables against the file size: give it room for them.
    std::vector<uint8_t> file = bytes;
    file.resize(std::max<size_t>(file.size(), 64u << 20), 0);
    auto memory = makeMemoryFile("h.qcow2", file);
    return qcow2::readHeader(*memory, file.size());
}

qcow2::Header sampleHeader()
{
    qcow2::Header h;
    h.version = 3;
    h.headerLength = 112;
    h.clusterBits = 16;
    h.size = 5ull << 30;
    h.l1Size = 10;
    h.l1TableOffset = 0x30000;
    h.refcountTableOffset = 0x10000;
    h.refcountTableClusters = 1;
    h.refcountOrder = 3;
    h.incompatibleFeatures = qcow2::kIncompatDataFile | qcow2::kIncompatCompression;
    h.compatibleFeatures = qcow2::kCompatLazyRefcounts;
    h.autoclearFeatures = qcow2::kAutoclearDataFileRaw;
    h.compressionType = qcow2::CompressionType::Zstd;
    h.backingFile.reset();
    h.dataFile = "data.raw";
    h.featureNames = qcow2::qemuFeatureNameTable();
    h.unknownExtensions.push_back({0x12345678, {1, 2, 3, 4, 5}});
    return h;
}

}  // namespace

class TestCreateUnit : public QObject {
    Q_OBJECT

private slots:
    void parsesEveryQcow2Option()
    {
        CreateOptions o = qcow2Options(
            "compat=v2,cluster_size=4k,refcount_bits=0x10,lazy_refcounts=yes,extended_l2=n,"
            "compression_type=zstd,preallocation=metadata,data_file=a,,b,data_file_raw=true,"
            "backing_file=base.qcow2,backing_fmt=qcow2,size=1.5M");
        QCOMPARE(*o.compat, std::string("v2"));
        QCOMPARE(*o.clusterSize, uint64_t{4096});
        QCOMPARE(*o.refcountBits, uint64_t{16});
        QCOMPARE(*o.lazyRefcounts, true);
        QCOMPARE(*o.extendedL2, false);
        QCOMPARE(*o.compressionType, std::string("zstd"));
        QCOMPARE(*o.preallocation, std::string("metadata"));
        QCOMPARE(*o.dataFile, std::string("a,b"));  // ",," is a literal comma
        QCOMPARE(*o.dataFileRaw, true);
        QCOMPARE(*o.backingFile, std::string("base.qcow2"));
        QCOMPARE(*o.backingFormat, std::string("qcow2"));
        QCOMPARE(*o.size, uint64_t{1572864});
        QVERIFY(o.sizeFromOption);
        QCOMPARE(o.spelling.at("lazy_refcounts"), std::string("yes"));
    }

    void laterValuesWin()
    {
        CreateOptions o = qcow2Options("cluster_size=4k,cluster_size=8k");
        QCOMPARE(*o.clusterSize, uint64_t{8192});
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString sizeHelp = "expects a non-negative number below 2^64\n"
                                 "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                                 "and exabytes, respectively.";
        QTest::addRow("unknown") << "qcow2" << "foo=1" << "Invalid parameter 'foo'";
        QTest::addRow("qcow2 option on raw") << "raw" << "cluster_size=4k" << "Invalid parameter 'cluster_size'";
        QTest::addRow("bad size") << "qcow2" << "size=abc" << "Parameter 'size' " + sizeHelp;
        QTest::addRow("fraction without suffix") << "qcow2" << "size=1.5" << "Parameter 'size' " + sizeHelp;
        QTest::addRow("bad cluster size") << "qcow2" << "cluster_size=x" << "Parameter 'cluster_size' " + sizeHelp;
        QTest::addRow("bool 1") << "qcow2" << "lazy_refcounts=1" << "Parameter 'lazy_refcounts' expects 'on' or 'off'";
        QTest::addRow("bool word") << "qcow2" << "extended_l2=maybe" << "Parameter 'extended_l2' expects 'on' or 'off'";
        QTest::addRow("refcount text") << "qcow2" << "refcount_bits=abc" << "Parameter 'refcount_bits' expects a number";
        QTest::addRow("refcount negative") << "qcow2" << "refcount_bits=-16" << "Parameter 'refcount_bits' expects a number";
    }
    void refusals()
    {
        QFETCH(QString, format);
        QFETCH(QString, text);
        QFETCH(QString, message);
        CreateOptions o;
        o.format = format.toStdString();
        Status s = parseCreateOptionString(text.toStdString(), o);
        QVERIFY(!s.ok());
        QCOMPARE(errorMessage(s), message);
    }

    void helpIsRecognised()
    {
        QVERIFY(isCreateOptionHelp("help"));
        QVERIFY(isCreateOptionHelp("cluster_size=4k,?"));
        QVERIFY(!isCreateOptionHelp("data_file=help.raw"));
        const std::string help = createOptionHelp("qcow2");
        QVERIFY(help.find("  cluster_size=<size>    - qcow2 cluster size\n") != std::string::npos);
        QVERIFY(help.rfind("Supported qcow2 options:\n", 0) == 0);
        QCOMPARE(QString::fromStdString(createOptionHelp("raw")),
                 QString("Supported raw options:\n  size=<size>            - Virtual disk size\n\n"
                         "The protocol level may support further options.\n"
                         "Specify the target filename to include those options.\n"));
    }

    void formattingLine_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("line");
        QTest::addRow("qcow2 defaults") << "qcow2" << ""
            << "Formatting 'x.img', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=1000 lazy_refcounts=off refcount_bits=16";
        QTest::addRow("spellings echoed") << "qcow2"
            << "compat=1.1,cluster_size=4k,lazy_refcounts=yes,refcount_bits=8,extended_l2=true,compression_type=zstd,preallocation=off"
            << "Formatting 'x.img', fmt=qcow2 cluster_size=4096 extended_l2=true preallocation=off compression_type=zstd size=1000 compat=1.1 lazy_refcounts=yes refcount_bits=8";
        QTest::addRow("backing and data file") << "qcow2"
            << "backing_file=b,,c,backing_fmt=raw,data_file=d.raw,data_file_raw=off"
            << "Formatting 'x.img', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=1000 backing_file=b,,c backing_fmt=raw data_file=d.raw data_file_raw=off lazy_refcounts=off refcount_bits=16";
        QTest::addRow("raw") << "raw" << "" << "Formatting 'x.img', fmt=raw size=1000";
        QTest::addRow("raw falloc") << "raw" << "preallocation=falloc"
            << "Formatting 'x.img', fmt=raw size=1000 preallocation=falloc";
    }
    void formattingLine()
    {
        QFETCH(QString, format);
        QFETCH(QString, text);
        QFETCH(QString, line);
        CreateOptions o;
        o.format = format.toStdString();
        o.path = "x.img";
        QVERIFY(parseCreateOptionString(text.toStdString(), o).ok());
        o.size = 1000;  // echoed as given, before rounding to 512
        QCOMPARE(QString::fromStdString(createFormattingLine(o)), line);
    }

    void headerRoundTrip()
    {
        qcow2::Header h = sampleHeader();
        auto bytes = qcow2::encodeHeader(h);
        QVERIFY(bytes.ok());
        QCOMPARE(bytes->size(), size_t{65536});
        auto back = decode(*bytes);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QCOMPARE(back->version, h.version);
        QCOMPARE(back->headerLength, h.headerLength);
        QCOMPARE(back->size, h.size);
        QCOMPARE(back->l1Size, h.l1Size);
        QCOMPARE(back->l1TableOffset, h.l1TableOffset);
        QCOMPARE(back->refcountTableOffset, h.refcountTableOffset);
        QCOMPARE(back->refcountOrder, h.refcountOrder);
        QCOMPARE(back->incompatibleFeatures, h.incompatibleFeatures);
        QCOMPARE(back->compatibleFeatures, h.compatibleFeatures);
        QCOMPARE(back->autoclearFeatures, h.autoclearFeatures);
        QVERIFY(back->compressionType == qcow2::CompressionType::Zstd);
        QCOMPARE(*back->dataFile, std::string("data.raw"));
        QCOMPARE(back->featureNames.size(), size_t{8});
        QCOMPARE(back->featureNames[7].name, std::string("raw external data"));
        QCOMPARE(back->unknownExtensions.size(), size_t{1});
        QCOMPARE(back->unknownExtensions[0].type, 0x12345678u);
        QVERIFY(back->unknownExtensions[0].data == (std::vector<uint8_t>{1, 2, 3, 4, 5}));
        // And the bytes of a decoded header encode to the same bytes.
        auto again = qcow2::encodeHeader(*back);
        QVERIFY(again.ok());
        QVERIFY(*again == *bytes);
    }

    void unknownHeaderFieldsSurvive()
    {
        qcow2::Header h = sampleHeader();
        h.headerLength = 128;
        h.unknownHeaderFields = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0xaa};
        auto bytes = qcow2::encodeHeader(h);
        QVERIFY(bytes.ok());
        QCOMPARE(loadBe32(bytes->data() + 128), qcow2::kExtDataFile);  // extensions after them
        auto back = decode(*bytes);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QCOMPARE(back->headerLength, 128u);
        QVERIFY(back->unknownHeaderFields == h.unknownHeaderFields);
        auto again = qcow2::encodeHeader(*back);
        QVERIFY(again.ok() && *again == *bytes);
    }

    void extensionOrderAndBackingName()
    {
        // qemu-img's order: backing format, data file, feature table, end, backing name.
        qcow2::Header h = sampleHeader();
        h.autoclearFeatures = 0;
        h.unknownExtensions.clear();
        h.backingFile = "base.qcow2";
        h.backingFormat = "qcow2";
        auto bytes = qcow2::encodeHeader(h);
        QVERIFY(bytes.ok());
        const uint8_t* p = bytes->data();
        QCOMPARE(loadBe32(p + 112), qcow2::kExtBackingFormat);
        QCOMPARE(loadBe32(p + 116), 5u);
        QCOMPARE(loadBe32(p + 128), qcow2::kExtDataFile);
        QCOMPARE(loadBe32(p + 144), qcow2::kExtFeatureNames);
        QCOMPARE(loadBe32(p + 148), 384u);
        const uint64_t end = 144 + 8 + 384;
        QCOMPARE(loadBe32(p + end), qcow2::kExtEnd);
        QCOMPARE(loadBe64(p + 8), end + 8);  // backing name right after the end marker
        QCOMPARE(loadBe32(p + 16), 10u);
        QCOMPARE(std::string(reinterpret_cast<const char*>(p + end + 8), 10), std::string("base.qcow2"));
    }

    void version2HasNoV3Fields()
    {
        qcow2::Header h;
        h.version = 2;
        h.clusterBits = 16;
        h.size = 1 << 20;
        h.incompatibleFeatures = 0;
        h.backingFile = "b";
        h.backingFormat = "raw";
        auto bytes = qcow2::encodeHeader(h);
        QVERIFY(bytes.ok());
        QCOMPARE(loadBe32(bytes->data() + 72), qcow2::kExtBackingFormat);  // extensions at 72
        QCOMPARE(loadBe64(bytes->data() + 8), uint64_t{96});
    }

    void encoderRefusesWhatQemuRefuses()
    {
        qcow2::Header h = sampleHeader();
        h.backingFile = std::string(1024, 'a');
        QVERIFY(!qcow2::encodeHeader(h).ok());
        h.backingFile = std::string(1023, 'a');
        QVERIFY(qcow2::encodeHeader(h).ok());
        h.backingFormat = std::string(16, 'f');
        QVERIFY(!qcow2::encodeHeader(h).ok());
        qcow2::Header small = sampleHeader();
        small.clusterBits = 9;  // 512 bytes cannot hold the feature table and a long name
        small.backingFile = std::string(100, 'b');
        QVERIFY(!qcow2::encodeHeader(small).ok());
    }

    void layoutReadsBack_data()
    {
        QTest::addColumn<int>("clusterBits");
        QTest::addColumn<int>("refcountOrder");
        QTest::addColumn<quint64>("size");
        QTest::addColumn<bool>("metadata");
        QTest::addRow("64k 1M") << 16 << 4 << quint64(1 << 20) << false;
        QTest::addRow("512 1G 64-bit refcounts") << 9 << 6 << quint64(1ull << 30) << false;
        QTest::addRow("4k metadata") << 12 << 4 << quint64(20 << 20) << true;
        QTest::addRow("512 metadata 1-bit refcounts") << 9 << 0 << quint64(3 << 20) << true;
    }
    void layoutReadsBack()
    {
        QFETCH(int, clusterBits);
        QFETCH(int, refcountOrder);
        QFETCH(quint64, size);
        QFETCH(bool, metadata);
        auto file = makeMemoryFile("new.qcow2", {});
        qcow2::CreateSpec spec;
        spec.size = size;
        spec.clusterBits = static_cast<uint32_t>(clusterBits);
        spec.refcountOrder = static_cast<uint32_t>(refcountOrder);
        spec.preallocation = metadata ? Preallocation::Metadata : Preallocation::Off;
        NullProgress progress;
        Status s = qcow2::writeQcow2Image(*file, nullptr, spec, progress, {});
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        auto fileSize = file->size();
        QVERIFY(fileSize.ok());
        auto h = qcow2::readHeader(*file, *fileSize);
        QVERIFY2(h.ok(), h.ok() ? "" : h.error().message.c_str());
        QCOMPARE(h->size, size);
        QCOMPARE(h->clusterBits, uint32_t(clusterBits));
        QCOMPARE(h->refcountOrder, uint32_t(refcountOrder));
        QCOMPARE(uint64_t{h->l1Size}, qcow2::l1EntriesNeeded(*h, size));
        // The header, refcount table and first refcount block sit in clusters 0-2.
        QCOMPARE(h->refcountTableOffset, uint64_t{1} << clusterBits);
        if (metadata) {
            // Every L1 entry points at an L2 table and the file covers the last data cluster.
            std::vector<uint8_t> l1(h->l1Size * 8);
            QVERIFY(file->readAt(h->l1TableOffset, l1).ok());
            for (uint32_t i = 0; i < h->l1Size; ++i)
                QVERIFY(loadBe64(&l1[i * 8]) & qcow2::kCopied);
            QVERIFY(*fileSize >= size);
        }
    }

    void cancelledLayoutStops()
    {
        auto file = makeMemoryFile("new.qcow2", {});
        qcow2::CreateSpec spec;
        spec.size = 4ull << 30;
        spec.clusterBits = 16;
        spec.preallocation = Preallocation::Metadata;
        std::stop_source stop;
        stop.request_stop();
        NullProgress progress;
        Status s = qcow2::writeQcow2Image(*file, nullptr, spec, progress, stop.get_token());
        QVERIFY(!s.ok());
        QCOMPARE(int(s.error().code), int(ErrorCode::Cancelled));
    }

    void sizeLimit()
    {
        // 4,194,304 L1 entries of 512 MiB each at 64 KiB clusters.
        QVERIFY(qcow2::sizeFitsL1Limit(2ull << 50, 16, false));
        QVERIFY(!qcow2::sizeFitsL1Limit((2ull << 50) + 512, 16, false));
        QVERIFY(!qcow2::sizeFitsL1Limit(200ull << 40, 9, false));
        QVERIFY(!qcow2::sizeFitsL1Limit(2ull << 50, 16, true));  // extended L2 halves the reach
    }
};

QTEST_GUILESS_MAIN(TestCreateUnit)
#include "tst_create_unit.moc"
