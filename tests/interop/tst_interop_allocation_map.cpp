// SPDX-License-Identifier: GPL-2.0-or-later
// The guest allocation map against `qemu-img map --output=json` on images qemu-img and
// qemu-io made: chains of two and three layers, internal snapshots, compressed clusters,
// zero clusters (plain and preallocated), extended L2 subclusters and a sparse raw file.
// Every cell's state must be the one qemu-img's extents imply, and every data cluster's host
// offset the one qemu-img reports.
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <set>

#include "diskscope/allocation_map.h"
#include "diskscope/host_layout.h"
#include "json_compare.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

namespace {

struct Extent {
    uint64_t start = 0, length = 0;
    int depth = 0;
    bool present = false, zero = false, data = false;
    std::optional<uint64_t> offset;
};

// What one qemu-img extent says about a part of a cell, in the map's terms.
ClusterState partState(const Extent& e, bool raw)
{
    if (raw)
        return e.data ? ClusterState::Data : ClusterState::Unallocated;
    if (!e.present)
        return ClusterState::Unallocated;
    if (e.depth > 0)
        return backingState(unsigned(e.depth));
    if (e.data)
        return e.offset ? ClusterState::Data : ClusterState::Compressed;  // compressed: no offset
    return ClusterState::Zero;
}

// The cell's expected state from the parts of it qemu-img reports (the rule the map uses:
// this image's own parts mix; otherwise the shallowest layer that answers wins).
ClusterState expectedState(const std::vector<ClusterState>& parts, bool raw)
{
    if (raw)
        return std::count(parts.begin(), parts.end(), ClusterState::Data) ? ClusterState::Data : ClusterState::Unallocated;
    bool own = false;
    for (ClusterState s : parts)
        own |= backingLayerOf(s) == 0 && s != ClusterState::Unallocated;
    if (own) {
        for (ClusterState s : parts)
            if (s != parts.front())
                return ClusterState::Mixed;
        return parts.front();
    }
    unsigned best = 0;
    for (ClusterState s : parts)
        if (unsigned layer = backingLayerOf(s); layer && (!best || layer < best))
            best = layer;
    return best ? backingState(best) : ClusterState::Unallocated;
}

ClusterState normalised(ClusterState s)
{
    return s == ClusterState::ZeroAllocated ? ClusterState::Zero : s;
}

}  // namespace

class TestInteropAllocationMap : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    void build(const QList<Command>& steps)
    {
        for (const Command& step : steps) {
            QString why;
            QVERIFY2(runExpected(step, m_dir.path(), &why), qPrintable(why));
        }
    }

    // Compares the map of `image` with qemu-img map, cell by cell.
    void compareWithQemu(const QString& image, const char* format, const std::set<ClusterState>& mustSee)
    {
        const QString path = m_dir.filePath(image);
        ProcessResult result = run(qemuImg({"map", "--output=json", "-f", format, path}));
        QVERIFY2(result.exitedWith(0), qPrintable(result.describe()));
        QJsonArray array;
        QString why;
        QVERIFY2(parseJsonArray(result.standardOutput, &array, &why), qPrintable(why));
        std::vector<Extent> extents;
        for (const QJsonValue& v : array) {
            QJsonObject o = v.toObject();
            Extent e;
            e.start = uint64_t(o["start"].toDouble());
            e.length = uint64_t(o["length"].toDouble());
            e.depth = o["depth"].toInt();
            e.present = o["present"].toBool();
            e.zero = o["zero"].toBool();
            e.data = o["data"].toBool();
            if (o.contains("offset"))
                e.offset = uint64_t(o["offset"].toDouble());
            extents.push_back(e);
        }

        AllocationMapOptions options;
        options.format = std::string(format);
        auto opened = AllocationMap::open(path.toStdString(), options);
        QVERIFY2(opened.ok(), opened.ok() ? "" : describe(opened.error()).c_str());
        std::unique_ptr<AllocationMap> map = std::move(opened).value();
        NullProgress quiet;
        Status s = map->refine(quiet, {});
        QVERIFY2(s.ok(), s.ok() ? "" : describe(s.error()).c_str());
        const AllocationMapGeometry& g = map->geometry();
        const bool raw = std::string(format) == "raw";

        std::set<ClusterState> seen;
        size_t next = 0;
        int offsetsChecked = 0;
        for (uint64_t cell = 0; cell < g.cellCount; ++cell) {
            const uint64_t from = cell << g.cellBits;
            const uint64_t to = std::min(g.virtualSize, from + g.cellBytes());
            while (next < extents.size() && extents[next].start + extents[next].length <= from)
                ++next;
            std::vector<ClusterState> parts;
            const Extent* whole = nullptr;
            for (size_t i = next; i < extents.size() && extents[i].start < to; ++i) {
                if (extents[i].length == 0)
                    continue;
                parts.push_back(partState(extents[i], raw));
                if (extents[i].start <= from && extents[i].start + extents[i].length >= to)
                    whole = &extents[i];
            }
            QVERIFY2(!parts.empty(), qPrintable(QStringLiteral("no qemu-img extent covers cell %1").arg(cell)));
            const ClusterState expected = expectedState(parts, raw);
            const ClusterState actual = map->stateAt(cell);
            seen.insert(normalised(actual));
            if (normalised(actual) != normalised(expected))
                QFAIL(qPrintable(QStringLiteral("%1 cell %2 (guest 0x%3): map says %4, qemu-img map implies %5")
                                     .arg(image).arg(cell).arg(from, 0, 16)
                                     .arg(QString::fromStdString(clusterStateName(actual)),
                                          QString::fromStdString(clusterStateName(expected)))));
            // Host offsets of this image's data clusters match qemu-img's.
            if (!raw && whole && whole->depth == 0 && whole->offset && (actual == ClusterState::Data ||
                                                                         actual == ClusterState::ZeroAllocated)) {
                auto detail = map->detail(cell);
                QVERIFY(detail.ok());
                QCOMPARE(detail->hostOffset.value_or(~0ull), *whole->offset + (from - whole->start));
                ++offsetsChecked;
            }
        }
        for (ClusterState want : mustSee)
            QVERIFY2(seen.count(want), qPrintable(QStringLiteral("%1: no cell is %2")
                                                      .arg(image, QString::fromStdString(clusterStateName(want)))));
        if (!raw && seen.count(ClusterState::Data))
            QVERIFY(offsetsChecked > 0);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void threeLayerChainWithSnapshotsCompressedAndZero()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "base.qcow2", "1G"}),
            qemuIo("base.qcow2", "qcow2", {"write -P 1 0 4M", "write -P 2 600M 3M", "write -z 900M 1M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "mid.qcow2"}),
            qemuIo("mid.qcow2", "qcow2", {"write -P 3 1M 1M", "write -P 4 700M 2M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2", "1200M"}),
            qemuIo("top.qcow2", "qcow2", {"write -P 5 3M 512k", "write -z 601M 1M", "write -c -P 6 800M 256k",
                                          "write -P 7 1100M 64k"}),
            qemuImg({"snapshot", "-c", "one", "top.qcow2"}),
            // Preallocated zero clusters: data first, then zeroed without unmapping.
            qemuIo("top.qcow2", "qcow2", {"write -P 8 1000M 256k", "write -z 1000M 128k", "write -P 9 30M 100k"}),
        });
        compareWithQemu("base.qcow2", "qcow2", {ClusterState::Data, ClusterState::Zero, ClusterState::Unallocated});
        compareWithQemu("mid.qcow2", "qcow2", {ClusterState::Data, backingState(1)});
        compareWithQemu("top.qcow2", "qcow2",
                        {ClusterState::Data, ClusterState::Zero, ClusterState::Compressed, backingState(1),
                         backingState(2), ClusterState::Unallocated});
    }

    void extendedL2WithBacking()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "xbase.qcow2", "64M"}),
            qemuIo("xbase.qcow2", "qcow2", {"write -P 1 0 1M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-o", "extended_l2=on,cluster_size=128k", "-b", "xbase.qcow2",
                     "-F", "qcow2", "xtop.qcow2"}),
            qemuIo("xtop.qcow2", "qcow2", {"write -P 2 8k 4k", "write -P 3 2M 256k", "write -z 4M 20k", "write -P 4 6M 5k"}),
        });
        compareWithQemu("xtop.qcow2", "qcow2", {ClusterState::Mixed, ClusterState::Data, backingState(1)});
    }

    void smallClustersAndZstd()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4096,compression_type=zstd", "small.qcow2", "40M"}),
            qemuIo("small.qcow2", "qcow2", {"write -P 1 0 100k", "write -c -P 2 1M 64k", "write -z 2M 8k"}),
        });
        compareWithQemu("small.qcow2", "qcow2", {ClusterState::Data, ClusterState::Compressed, ClusterState::Zero});
    }

    // The host layout against facts qemu-img states: header fields, map offsets, check's leaks.
    void hostLayout()
    {
        build({
            qemuImg({"create", "-q", "-f", "qcow2", "host.qcow2", "512M"}),
            qemuIo("host.qcow2", "qcow2", {"write -P 1 0 2M", "write -c -P 2 100M 1M", "write -P 3 300M 64k"}),
            qemuImg({"snapshot", "-c", "s1", "host.qcow2"}),
            // Overwriting after the snapshot copies: the old clusters are the snapshot's alone.
            qemuIo("host.qcow2", "qcow2", {"write -P 4 0 1M"}),
            qemuImg({"bitmap", "--add", "host.qcow2", "b0"}),
            qemuIo("host.qcow2", "qcow2", {"write -P 5 400M 128k"}),
        });
        const QString path = m_dir.filePath("host.qcow2");
        // Leak a cluster written after the snapshot (only the active table reaches it): clear its
        // L2 entry, found through the guest map.
        {
            auto map = AllocationMap::open(path.toStdString(), {});
            QVERIFY(map.ok());
            auto d = (*map)->detail((400ull << 20) >> (*map)->geometry().cellBits);
            QVERIFY(d.ok() && d->l2TableOffset && d->hostOffset);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(qint64(d->l2TableOffset + d->l2Index * 8)));
            QCOMPARE(f.write(QByteArray(8, '\0')), qint64(8));
        }
        ProcessResult check = run(qemuImg({"check", "--output=json", path}));
        QJsonObject checkJson;
        QString why;
        QVERIFY2(parseJsonObject(check.standardOutput, &checkJson, &why), qPrintable(why + check.describe()));
        QCOMPARE(checkJson.value("leaks").toInt(), 1);

        NullProgress quiet;
        auto layout = readHostLayout(path.toStdString(), quiet, {});
        QVERIFY2(layout.ok(), layout.ok() ? "" : describe(layout.error()).c_str());
        const uint32_t bits = layout->clusterBits;
        QCOMPARE(bits, 16u);
        QCOMPARE(layout->leaks, 1ull);
        QCOMPARE(layout->corruptions, 0ull);
        auto kindAt = [&](uint64_t offset) { return layout->clusters.at(offset >> bits); };
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray header = f.read(72);
        auto be64 = [&](int at) {
            uint64_t v = 0;
            for (int i = 0; i < 8; ++i)
                v = v << 8 | uint8_t(header[at + i]);
            return v;
        };
        QCOMPARE(kindAt(0), HostClusterKind::Header);
        QCOMPARE(kindAt(be64(40)), HostClusterKind::L1Table);
        QCOMPARE(kindAt(be64(48)), HostClusterKind::RefcountTable);
        QCOMPARE(kindAt(be64(64)), HostClusterKind::SnapshotTable);
        // Every data cluster qemu-img map names is data in the layout.
        ProcessResult mapped = run(qemuImg({"map", "--output=json", path}));
        QJsonArray extents;
        QVERIFY(parseJsonArray(mapped.standardOutput, &extents, &why));
        int dataClusters = 0;
        for (const QJsonValue& v : extents) {
            QJsonObject e = v.toObject();
            if (!e.value("data").toBool() || !e.contains("offset"))
                continue;
            const uint64_t offset = uint64_t(e.value("offset").toDouble());
            for (uint64_t at = 0; at < uint64_t(e.value("length").toDouble()); at += 65536, ++dataClusters)
                QCOMPARE(kindAt(offset + at), HostClusterKind::Data);
        }
        QVERIFY(dataClusters > 0);
        std::map<HostClusterKind, int> counts;
        for (HostClusterKind k : layout->clusters)
            ++counts[k];
        QCOMPARE(counts[HostClusterKind::Data], dataClusters);
        QCOMPARE(counts[HostClusterKind::Leaked], 1);
        QCOMPARE(counts[HostClusterKind::SnapshotData], 16);  // the 1 MiB overwritten after s1
        QVERIFY(counts[HostClusterKind::CompressedData] > 0);
        QVERIFY(counts[HostClusterKind::L2Table] > 0);
        QVERIFY(counts[HostClusterKind::RefcountBlock] > 0);
        QVERIFY(counts[HostClusterKind::Bitmap] > 0);
        QCOMPARE(counts[HostClusterKind::Conflict], 0);
        // A raw file has no layout to show.
        build({qemuImg({"create", "-q", "-f", "raw", "plain.raw", "1M"})});
        auto raw = readHostLayout(m_dir.filePath("plain.raw").toStdString(), quiet, {});
        QVERIFY(!raw.ok());
        QCOMPARE(raw.error().code, ErrorCode::Unsupported);
    }

    void sparseRaw()
    {
        build({
            qemuImg({"create", "-q", "-f", "raw", "disk.raw", "200M"}),
            qemuIo("disk.raw", "raw", {"write -P 1 0 1M", "write -P 2 100M 192k", "write -P 3 199M 1M"}),
        });
        compareWithQemu("disk.raw", "raw", {ClusterState::Data, ClusterState::Unallocated});
    }
};

QTEST_GUILESS_MAIN(TestInteropAllocationMap)
#include "tst_interop_allocation_map.moc"
