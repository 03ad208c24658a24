// SPDX-License-Identifier: GPL-2.0-or-later
// Crash consistency of the qcow2 write path. The image lives in a recording host file that
// keeps what a disk would: writes become durable only at fdatasync, and between two syncs
// the kernel may persist any subset of them in any order. For every interval between syncs
// the test rebuilds states a crash could leave (the last synced state plus random subsets of
// the interval's writes) and requires `qemu-img check` to find no corruption (leaks are
// allowed). After each explicit flush, the synced state must also hold the guest content
// written so far.
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <map>
#include <optional>

#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "diskscope/ops/commit.h"
#include "diskscope/ops/amend.h"
#include "diskscope/ops/rebase.h"
#include "format/qcow2/qcow2_image.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

namespace {

// An in-memory HostFile that records the writes of each interval between flushes.
class RecordingFile final : public HostFile {
public:
    struct Write {
        uint64_t offset;
        std::vector<uint8_t> bytes;
    };
    struct Interval {
        std::vector<uint8_t> durableBefore;  // the file as synced when the interval began
        std::vector<Write> writes;           // what was written during it, in order
    };

    RecordingFile(std::string name, std::vector<uint8_t> content)
        : m_name(std::move(name)), m_visible(content), m_durable(std::move(content))
    {
    }

    const std::string& path() const override { return m_name; }
    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override
    {
        if (offset >= m_visible.size())
            return size_t{0};
        size_t n = std::min<uint64_t>(out.size(), m_visible.size() - offset);
        std::memcpy(out.data(), m_visible.data() + offset, n);
        return n;
    }
    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override
    {
        apply(m_visible, offset, in);
        m_pending.push_back({offset, std::vector<uint8_t>(in.begin(), in.end())});
        return okStatus();
    }
    Result<uint64_t> size() override { return uint64_t{m_visible.size()}; }
    Status resize(uint64_t newSize) override
    {
        m_visible.resize(newSize);
        return okStatus();
    }
    Status flush() override
    {
        m_intervals.push_back({m_durable, std::move(m_pending)});
        m_pending.clear();
        m_durable = m_visible;
        return okStatus();
    }
    Result<uint64_t> allocatedBytes() override { return uint64_t{m_visible.size()}; }
    Result<HostExtent> extentAt(uint64_t offset) override
    {
        if (offset >= m_visible.size())
            return HostExtent{0, false};
        return HostExtent{m_visible.size() - offset, true};
    }
    Result<FileIdentity> identity() override { return FileIdentity{0, 42}; }

    static void apply(std::vector<uint8_t>& image, uint64_t offset, std::span<const uint8_t> bytes)
    {
        if (offset + bytes.size() > image.size())
            image.resize(offset + bytes.size());
        std::memcpy(image.data() + offset, bytes.data(), bytes.size());
    }

    // Every interval, the unflushed tail included.
    std::vector<Interval> intervals() const
    {
        auto all = m_intervals;
        all.push_back({m_durable, m_pending});
        return all;
    }
    size_t syncCount() const { return m_intervals.size(); }
    const std::vector<uint8_t>& durable() const { return m_durable; }

private:
    std::string m_name;
    std::vector<uint8_t> m_visible;
    std::vector<uint8_t> m_durable;
    std::vector<Write> m_pending;
    std::vector<Interval> m_intervals;
};

// True when every "ERROR" line of qemu-img check is about a COPIED flag.
bool onlyCopiedFlagFindings(const QByteArray& standardError)
{
    bool any = false;
    for (const QByteArray& line : standardError.split('\n')) {
        if (!line.startsWith("ERROR"))
            continue;
        if (!line.startsWith("ERROR OFLAG_COPIED"))
            return false;
        any = true;
    }
    return any;
}

// "s<n>", built without operator+ on a literal (gcc 12 warns falsely on that with -O3).
std::string snapshotName(int n)
{
    std::string name(1, 's');
    name += std::to_string(n);
    return name;
}

// One step of a workload, applied to the image and to the expected guest content.
struct Step {
    enum Kind { Write, Zero, Discard, Compressed, Flush, SnapshotCreate, SnapshotApply, SnapshotDelete } kind;
    uint64_t offset = 0;
    uint64_t length = 0;
    uint8_t pattern = 0;
};

}  // namespace

Q_DECLARE_METATYPE(QList<Step>)

class TestCrashConsistency : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyCrashPointLeavesOnlyLeaks_data()
    {
        QTest::addColumn<QStringList>("createArgs");
        QTest::addColumn<QList<Step>>("steps");
        const QList<Step> general = {
            {Step::Write, 0, 70000, 0x11},       {Step::Write, 200000, 5000, 0x22}, {Step::Flush},
            {Step::Zero, 65536, 65536, 0},        {Step::Write, 1 << 20, 300000, 0x33}, {Step::Discard, 0, 65536, 0},
            {Step::Flush},                         {Step::Compressed, 4 << 20, 65536, 0x44},
            {Step::Write, (4 << 20) + 100, 10, 0x55}, {Step::Write, 3 << 20, 1 << 20, 0x66}, {Step::Flush},
            {Step::Discard, 3 << 20, 1 << 20, 0}, {Step::Write, 5 << 20, 4096, 0x77},
        };
        QTest::addRow("64 KiB clusters") << QStringList{"-o", "cluster_size=64k"} << general;
        // Snapshots: create copies the L1 and raises refcounts, apply switches the active L1,
        // delete drops the table entry and then the references. `pattern` picks the snapshot.
        QTest::addRow("snapshots")
            << QStringList{"-o", "cluster_size=4k"}
            << QList<Step>{{Step::Write, 0, 200000, 0x11}, {Step::Compressed, 1 << 20, 4096, 0x12}, {Step::Flush},
                           {Step::SnapshotCreate, 0, 0, 1}, {Step::Write, 4096, 8192, 0x13}, {Step::Flush},
                           {Step::SnapshotCreate, 0, 0, 2}, {Step::Write, 100000, 4096, 0x14}, {Step::SnapshotApply, 0, 0, 1},
                           {Step::Write, 8192, 4096, 0x15}, {Step::SnapshotDelete, 0, 0, 2}, {Step::Flush},
                           {Step::SnapshotDelete, 0, 0, 1}, {Step::Write, 0, 4096, 0x16}};
        QTest::addRow("4 KiB clusters, 1-bit refcounts") << QStringList{"-o", "cluster_size=4k,refcount_bits=1"} << general;
        QTest::addRow("extended L2") << QStringList{"-o", "extended_l2=on,cluster_size=32k"} << general;
        QTest::addRow("v2") << QStringList{"-o", "compat=0.10"} << general;
        // 512-byte clusters: refcount blocks are created and the refcount table grows.
        QTest::addRow("refcount table growth")
            << QStringList{"-o", "cluster_size=512"}
            << QList<Step>{{Step::Write, 0, 3 << 20, 0x11}, {Step::Flush}, {Step::Write, 5 << 20, 6 << 20, 0x22},
                           {Step::Flush}, {Step::Discard, 0, 1 << 20, 0}, {Step::Write, 12 << 20, 1 << 20, 0x33}};
    }

    void everyCrashPointLeavesOnlyLeaks()
    {
        QFETCH(QStringList, createArgs);
        QFETCH(QList<Step>, steps);
        const uint64_t size = 16 << 20;
        const QString base = m_dir.filePath("base.qcow2");
        QFile::remove(base);
        QString why;
        QVERIFY2(runExpected(qemuImg(QStringList{"create", "-q", "-f", "qcow2"} + createArgs + QStringList{base, QString::number(size)}),
                             m_dir.path(), &why),
                 qPrintable(why));
        QFile in(base);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray initial = in.readAll();
        auto recording = std::make_unique<RecordingFile>(
            "image.qcow2", std::vector<uint8_t>(initial.begin(), initial.end()));
        RecordingFile* file = recording.get();
        auto opened = openImageForWriting(std::move(recording), "qcow2", nullptr);
        QVERIFY2(opened.ok(), opened.ok() ? "" : describe(opened.error()).c_str());
        Image& image = **opened;

        std::vector<uint8_t> expected(size, 0);
        std::map<int, std::vector<uint8_t>> snapshots;  // guest content per snapshot
        // Guest content the durable state must show after each explicit flush.
        std::vector<std::pair<size_t, std::vector<uint8_t>>> flushedStates;
        for (const Step& step : steps) {
            Status s;
            switch (step.kind) {
            case Step::Write:
            case Step::Compressed: {
                std::vector<uint8_t> data(step.length, step.pattern);
                s = step.kind == Step::Write ? image.write(step.offset, data) : image.writeCompressed(step.offset, data);
                std::memset(expected.data() + step.offset, step.pattern, step.length);
                break;
            }
            case Step::Zero:
                s = image.writeZeroes(step.offset, step.length, false);
                std::memset(expected.data() + step.offset, 0, step.length);
                break;
            case Step::Discard:  // whole clusters only in these workloads
                s = image.discard(step.offset, step.length);
                std::memset(expected.data() + step.offset, 0, step.length);
                break;
            case Step::Flush:
                s = image.flush();
                flushedStates.push_back({file->syncCount(), expected});
                break;
            case Step::SnapshotCreate:
                s = image.createSnapshot(snapshotName(step.pattern));
                snapshots[step.pattern] = expected;
                flushedStates.push_back({file->syncCount(), expected});  // snapshot ops end synced
                break;
            case Step::SnapshotApply:
                s = image.applySnapshot(snapshotName(step.pattern));
                expected = snapshots[step.pattern];
                flushedStates.push_back({file->syncCount(), expected});
                break;
            case Step::SnapshotDelete:
                s = image.deleteSnapshot(snapshotName(step.pattern));
                flushedStates.push_back({file->syncCount(), expected});
                break;
            }
            QVERIFY2(s.ok(), s.ok() ? "" : describe(s.error()).c_str());
        }
        QVERIFY(image.close().ok());

        // Crash states: for every interval, the synced state plus subsets of its writes.
        const auto intervals = file->intervals();
        // A snapshot operation changes refcounts and COPIED flags, which no write order can put
        // on disk together; qemu-img check counts the passing mismatch as a corruption (a crash
        // inside QEMU's own snapshot code leaves the same). It is harmless: before the snapshot
        // table switch the extra reference does not exist yet, and after it the flags are
        // already right. Such workloads may show COPIED findings, and nothing else.
        const bool hasSnapshotSteps = std::any_of(steps.begin(), steps.end(), [](const Step& s) {
            return s.kind == Step::SnapshotCreate || s.kind == Step::SnapshotApply || s.kind == Step::SnapshotDelete;
        });
        QVERIFY2(intervals.size() >= 4, "the workload should sync several times");
        QRandomGenerator rng(1234);
        int states = 0;
        // Long workloads sync hundreds of times: check an evenly spread sample of 48 intervals.
        const size_t stride = std::max<size_t>(1, intervals.size() / 48);
        for (size_t i = 0; i < intervals.size(); i += stride) {
            const auto& interval = intervals[i];
            for (int variant = 0; variant < 4; ++variant) {
                std::vector<uint8_t> state = interval.durableBefore;
                for (const auto& w : interval.writes) {
                    bool landed = variant == 3 || (variant > 0 && rng.bounded(2) == 1);
                    if (landed)
                        RecordingFile::apply(state, w.offset, w.bytes);
                }
                if (variant == 0 && i > 0 && stride == 1)
                    continue;  // identical to the previous interval's variant 3
                const QString crashed = m_dir.filePath("crashed.qcow2");
                QFile out(crashed);
                QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
                out.write(reinterpret_cast<const char*>(state.data()), static_cast<qint64>(state.size()));
                out.close();
                ProcessResult check = run(qemuImg({"check", "--output=json", crashed}), m_dir.path());
                bool clean = check.exitedWith(0) || check.exitedWith(3);  // 3: leaks only
                if (!clean && hasSnapshotSteps && check.exitedWith(2))
                    clean = onlyCopiedFlagFindings(check.standardError);
                QVERIFY2(clean,
                         qPrintable(QString("crash in interval %1 of %2 (variant %3):\n%4")
                                        .arg(i).arg(intervals.size()).arg(variant).arg(check.describe())));
                ++states;
            }
        }
        qInfo("%d crash states checked over %zu sync intervals", states, intervals.size());

        // Data flushed before a crash reads back.
        for (const auto& [syncs, content] : flushedStates) {
            const auto& durable = intervals.at(syncs).durableBefore;
            const QString flushed = m_dir.filePath("flushed.qcow2");
            QFile out(flushed);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(reinterpret_cast<const char*>(durable.data()), static_cast<qint64>(durable.size()));
            out.close();
            const QString guest = m_dir.filePath("guest.raw");
            QVERIFY2(runExpected(qemuImg({"convert", "-f", "qcow2", "-O", "raw", flushed, guest}), m_dir.path(), &why), qPrintable(why));
            QFile g(guest);
            QVERIFY(g.open(QIODevice::ReadOnly));
            const QByteArray got = g.readAll();
            QCOMPARE(static_cast<size_t>(got.size()), content.size());
            QVERIFY2(std::memcmp(got.constData(), content.data(), content.size()) == 0,
                     "data flushed before the crash point does not read back");
        }
    }

    // Safe rebase, commit and the emptying that follows a commit, with the written image in a
    // recording file and the other layers on disk. At every crash point `qemu-img check` finds
    // no corruption, and: a rebased image shows the same guest content whichever backing file
    // its header names; a commit base shows, sector by sector, its old or its new content; an
    // image being emptied shows the same guest content (its base already holds it).
    void chainOperationsLeaveOnlyLeaks_data()
    {
        QTest::addColumn<QString>("options");
        QTest::newRow("64 KiB clusters") << "cluster_size=64k";
        QTest::newRow("4 KiB clusters, v2") << "cluster_size=4k,compat=0.10";
        QTest::newRow("extended L2") << "extended_l2=on,cluster_size=32k";
    }

    void chainOperationsLeaveOnlyLeaks()
    {
        QFETCH(QString, options);
        const QString dir = m_dir.filePath("chainops");
        QDir(dir).removeRecursively();
        QVERIFY(QDir().mkpath(dir));
        QString why;
        const QList<Command> steps = {
            qemuImg({"create", "-q", "-f", "qcow2", "-o", options, "a.qcow2", "4M"}),
            qemuIo("a.qcow2", "qcow2", {"write -P 0x11 0 3M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-o", options, "-b", "a.qcow2", "-F", "qcow2", "c.qcow2"}),
            qemuIo("c.qcow2", "qcow2", {"write -P 0x33 1M 1M", "write -P 0x34 2500000 70000", "write -z 3M 64k"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-o", options, "n.qcow2", "4M"}),
            qemuIo("n.qcow2", "qcow2", {"write -P 0x55 256k 2M"}),
        };
        for (const Command& step : steps)
            QVERIFY2(runExpected(step, dir, &why), qPrintable(why));
        const QByteArray overlayView = guestContent(dir, "c.qcow2");
        const QByteArray baseBefore = guestContent(dir, "a.qcow2");

        // Rebase c from a onto n.
        {
            RecordingFile* file = nullptr;
            auto chain = chainWithRecordedTop(dir, "c.qcow2", "a.qcow2", &file);
            QVERIFY(chain);
            auto newBacking = Chain::open((dir + "/n.qcow2").toStdString(), OpenOptions{});
            QVERIFY(newBacking.ok());
            NullProgress progress;
            Status copied = copyRebaseDifferences(**chain, newBacking->get(), progress, {});
            QVERIFY2(copied.ok(), copied.ok() ? "" : describe(copied.error()).c_str());
            Status switched = (*chain)->top().setBackingReference(BackingReference{"n.qcow2", std::string("qcow2")});
            QVERIFY2(switched.ok(), switched.ok() ? "" : describe(switched.error()).c_str());
            QVERIFY((*chain)->top().close().ok());
            forEachCrashState(*file, dir, [&](const QString& crashed) {
                return guestContent(dir, crashed) == overlayView ? QString() : QString("the guest view changed");
            });
        }

        // Commit c into a (a recorded, c untouched), then empty c (recorded, a committed on disk).
        QByteArray committedBase;
        {
            RecordingFile* file = nullptr;
            auto chain = chainWithRecordedTop(dir, "c.qcow2", "a.qcow2", &file, /*recordBase=*/true);
            QVERIFY(chain);
            NullProgress progress;
            Status committed = commitLayers(**chain, 1, false, progress, {});
            QVERIFY2(committed.ok(), committed.ok() ? "" : describe(committed.error()).c_str());
            forEachCrashState(*file, dir, [&](const QString& crashed) -> QString {
                const QByteArray got = guestContent(dir, crashed);
                if (got.size() != baseBefore.size())
                    return "the base changed size";
                for (qsizetype at = 0; at < got.size(); at += 512) {
                    const QByteArray sector = got.mid(at, 512);
                    if (sector != baseBefore.mid(at, 512) && sector != overlayView.mid(at, 512))
                        return QString("sector at %1 is neither old nor new").arg(at);
                }
                return {};
            });
            committedBase = QByteArray(reinterpret_cast<const char*>(file->durable().data()), qsizetype(file->durable().size()));
        }
        QFile base(dir + "/a.qcow2");
        QVERIFY(base.open(QIODevice::WriteOnly | QIODevice::Truncate));
        base.write(committedBase);
        base.close();
        QCOMPARE(guestContent(dir, "a.qcow2"), overlayView);
        {
            RecordingFile* file = nullptr;
            auto chain = chainWithRecordedTop(dir, "c.qcow2", "a.qcow2", &file);
            QVERIFY(chain);
            Status emptied = (*chain)->top().makeEmpty();
            QVERIFY2(emptied.ok(), emptied.ok() ? "" : describe(emptied.error()).c_str());
            QVERIFY((*chain)->top().close().ok());
            forEachCrashState(*file, dir, [&](const QString& crashed) {
                return guestContent(dir, crashed) == overlayView ? QString() : QString("the guest view changed");
            });
            const auto& durable = file->durable();
            writeState(dir + "/emptied.qcow2", durable);
            ProcessResult map = run(qemuImg({"map", "--output=json", "emptied.qcow2"}), dir);
            QVERIFY2(!map.standardOutput.contains("\"depth\": 0"), map.standardOutput.constData());
        }
    }

    // Amend (refcount width rebuilt, compat downgrade with zero clusters expanded, lazy
    // refcounts) and preallocating resizes, the image in a recording file: at every crash point
    // `qemu-img check` finds no corruption and the guest content is the old one (amend) or, below
    // the old size, unchanged (resize).
    void amendAndPreallocatingResizeLeaveOnlyLeaks_data()
    {
        QTest::addColumn<QString>("operation");
        for (const char* op : {"amend refcount_bits=64", "amend refcount_bits=1 (no snapshot)", "amend compat=0.10",
                               "amend lazy_refcounts=on", "resize preallocation=metadata", "resize preallocation=full",
                               "resize preallocation=falloc"})
            QTest::newRow(op) << QString(op);
    }

    void amendAndPreallocatingResizeLeaveOnlyLeaks()
    {
        QFETCH(QString, operation);
        const QString dir = m_dir.filePath("amend");
        QDir(dir).removeRecursively();
        QVERIFY(QDir().mkpath(dir));
        QString why;
        QList<Command> steps = {
            qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "a.qcow2", "8M"}),
            qemuIo("a.qcow2", "qcow2", {"write -P 0x11 0 1M", "write -z 256k 64k"}),
        };
        // Compressed clusters share host clusters (refcounts above 1): not with 1-bit refcounts.
        if (!operation.contains("no snapshot"))
            steps << qemuIo("a.qcow2", "qcow2", {"write -c -P 0x12 2M 16k"});
        if (!operation.contains("no snapshot"))
            steps << qemuImg({"snapshot", "-c", "s1", "a.qcow2"}) << qemuIo("a.qcow2", "qcow2", {"write -P 0x13 512k 256k"});
        for (const Command& step : steps)
            QVERIFY2(runExpected(step, dir, &why), qPrintable(why));
        const QByteArray view = guestContent(dir, "a.qcow2");

        QFile in(dir + "/a.qcow2");
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        auto recording = std::make_unique<RecordingFile>((dir + "/a.qcow2").toStdString(),
                                                         std::vector<uint8_t>(bytes.begin(), bytes.end()));
        RecordingFile* file = recording.get();
        auto opened = openImageForWriting(std::move(recording), "qcow2", nullptr);
        QVERIFY2(opened.ok(), opened.ok() ? "" : describe(opened.error()).c_str());
        Image& image = **opened;
        Status s;
        const bool resize = operation.startsWith("resize");
        if (resize) {
            const Preallocation mode = operation.endsWith("metadata") ? Preallocation::Metadata
                                       : operation.endsWith("full")   ? Preallocation::Full
                                                                      : Preallocation::Falloc;
            s = image.resize(12 << 20, mode);
        } else {
            AmendOptions options;
            if (operation.contains("refcount_bits=64"))
                options.refcountBits = 64;
            else if (operation.contains("refcount_bits=1"))
                options.refcountBits = 1;
            else if (operation.contains("compat"))
                options.compat = "0.10";
            else
                options.lazyRefcounts = true;
            NullProgress progress;
            s = dynamic_cast<qcow2::Qcow2Image&>(image).amend(options, progress, {});
        }
        QVERIFY2(s.ok(), s.ok() ? "" : describe(s.error()).c_str());
        QVERIFY(image.close().ok());
        forEachCrashState(*file, dir, [&](const QString& crashed) -> QString {
            const QByteArray got = guestContent(dir, crashed);
            if (!resize)
                return got == view ? QString() : QString("the guest content changed");
            if (got.size() != view.size() && got.size() != (12 << 20))
                return QString("size %1 is neither the old nor the new one").arg(got.size());
            if (got.left(view.size()) != view)
                return QString("the content below the old size changed");
            if (got.mid(view.size()).count('\0') != got.size() - view.size())
                return QString("the grown area does not read as zeros");
            return {};
        });
    }

    // A cancel in the middle of a safe rebase leaves the image on its old backing file with the
    // same guest view; in the middle of a commit, the image untouched and the base consistent.
    void cancelledChainOperations()
    {
        const QString dir = m_dir.filePath("cancel");
        QDir(dir).removeRecursively();
        QVERIFY(QDir().mkpath(dir));
        QString why;
        const QList<Command> steps = {
            qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "a.qcow2", "16M"}),
            qemuIo("a.qcow2", "qcow2", {"write -P 0x11 0 12M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", "-b", "a.qcow2", "-F", "qcow2", "c.qcow2"}),
            qemuIo("c.qcow2", "qcow2", {"write -P 0x33 1M 8M"}),
            qemuImg({"create", "-q", "-f", "qcow2", "n.qcow2", "16M"}),
        };
        for (const Command& step : steps)
            QVERIFY2(runExpected(step, dir, &why), qPrintable(why));
        const QByteArray view = guestContent(dir, "c.qcow2");

        // Asks to stop once the operation has got past its first chunk.
        struct StopAfterFirstChunk final : ProgressSink {
            std::stop_source* source = nullptr;
            void progress(uint64_t done, uint64_t) override
            {
                if (done > 0)
                    source->request_stop();
            }
        };
        std::stop_source rebaseStop;
        StopAfterFirstChunk rebaseProgress;
        rebaseProgress.source = &rebaseStop;
        RebaseOptions rebaseOptions;
        rebaseOptions.path = (dir + "/c.qcow2").toStdString();
        rebaseOptions.backing = "n.qcow2";
        rebaseOptions.backingFormat = "qcow2";
        Status rebased = rebase(rebaseOptions, rebaseProgress, rebaseStop.get_token());
        QVERIFY(!rebased.ok());
        QCOMPARE(int(rebased.error().code), int(ErrorCode::Cancelled));
        ProcessResult info = run(qemuImg({"info", "c.qcow2"}), dir);
        QVERIFY2(info.standardOutput.contains("backing file: a.qcow2\n"), info.standardOutput.constData());
        ProcessResult checked = run(qemuImg({"check", "c.qcow2"}), dir);
        QVERIFY2(checked.exitedWith(0), qPrintable(checked.describe()));
        QVERIFY(guestContent(dir, "c.qcow2") == view);

        const QByteArray topBefore = fileSha256(dir + "/c.qcow2");
        std::stop_source commitStop;
        StopAfterFirstChunk commitProgress;
        commitProgress.source = &commitStop;
        CommitOptions commitOptions;
        commitOptions.path = (dir + "/c.qcow2").toStdString();
        Status committed = commit(commitOptions, commitProgress, commitStop.get_token());
        QVERIFY(!committed.ok());
        QCOMPARE(int(committed.error().code), int(ErrorCode::Cancelled));
        QCOMPARE(fileSha256(dir + "/c.qcow2"), topBefore);
        for (const char* image : {"a.qcow2", "c.qcow2"}) {
            ProcessResult check = run(qemuImg({"check", image}), dir);
            QVERIFY2(check.exitedWith(0), qPrintable(check.describe()));
        }
        QVERIFY(guestContent(dir, "c.qcow2") == view);
    }

private:
    // TOP (recorded, writable) on BASE (on disk, read-only), or BASE recorded and writable
    // under TOP read-only when `recordBase`. *FILE receives the recording file.
    std::optional<std::unique_ptr<Chain>> chainWithRecordedTop(const QString& dir, const QString& top, const QString& base,
                                                               RecordingFile** file, bool recordBase = false)
    {
        auto openRecorded = [&](const QString& name) -> std::unique_ptr<Image> {
            QFile in(dir + "/" + name);
            if (!in.open(QIODevice::ReadOnly))
                return nullptr;
            const QByteArray bytes = in.readAll();
            auto recording = std::make_unique<RecordingFile>((dir + "/" + name).toStdString(),
                                                             std::vector<uint8_t>(bytes.begin(), bytes.end()));
            *file = recording.get();
            auto image = openImageForWriting(std::move(recording), "qcow2", nullptr);
            return image.ok() ? std::move(image).value() : nullptr;
        };
        auto openOnDisk = [&](const QString& name) -> std::unique_ptr<Image> {
            auto host = openPosixFile((dir + "/" + name).toStdString(), HostOpenMode::ReadOnly);
            if (!host.ok())
                return nullptr;
            auto image = openImage(std::move(host).value(), "qcow2", nullptr);
            return image.ok() ? std::move(image).value() : nullptr;
        };
        auto topImage = recordBase ? openOnDisk(top) : openRecorded(top);
        auto baseImage = recordBase ? openRecorded(base) : openOnDisk(base);
        if (!topImage || !baseImage)
            return std::nullopt;
        std::vector<std::pair<std::unique_ptr<Image>, std::string>> layers;
        layers.emplace_back(std::move(topImage), top.toStdString());
        layers.emplace_back(std::move(baseImage), base.toStdString());
        return Chain::fromImages(std::move(layers));
    }

    static void writeState(const QString& path, const std::vector<uint8_t>& state)
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(reinterpret_cast<const char*>(state.data()), static_cast<qint64>(state.size()));
    }

    // Guest bytes of IMAGE (with its backing chain), through qemu-img.
    QByteArray guestContent(const QString& dir, const QString& image)
    {
        QString why;
        const QString raw = dir + "/guest.raw";
        QFile::remove(raw);
        if (!runExpected(qemuImg({"convert", "-O", "raw", image, raw}), dir, &why))
            return why.toUtf8();
        QFile in(raw);
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray("unreadable");
    }

    // Every interval of FILE's history, synced state plus subsets of its writes, written to
    // DIR/crashed.qcow2: qemu-img check must find no corruption (leaks allowed) and VERIFY (the
    // state's name) must return an empty string.
    template <class Verify>
    void forEachCrashState(const RecordingFile& file, const QString& dir, Verify verify)
    {
        QRandomGenerator rng(99);
        const auto intervals = file.intervals();
        qInfo("%zu sync intervals", intervals.size());
        for (size_t i = 0; i < intervals.size(); ++i) {
            for (int variant = 0; variant < 3; ++variant) {
                std::vector<uint8_t> state = intervals[i].durableBefore;
                for (const auto& w : intervals[i].writes)
                    if (variant == 2 || (variant == 1 && rng.bounded(2) == 1))
                        RecordingFile::apply(state, w.offset, w.bytes);
                writeState(dir + "/crashed.qcow2", state);
                ProcessResult check = run(qemuImg({"check", "crashed.qcow2"}), dir);
                QVERIFY2(check.exitedWith(0) || check.exitedWith(3),
                         qPrintable(QString("interval %1 of %2, variant %3:\n%4").arg(i).arg(intervals.size()).arg(variant).arg(check.describe())));
                const QString problem = verify(QString("crashed.qcow2"));
                QVERIFY2(problem.isEmpty(), qPrintable(QString("interval %1 of %2, variant %3: %4")
                                                           .arg(i).arg(intervals.size()).arg(variant).arg(problem)));
            }
        }
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCrashConsistency)
#include "tst_crash_consistency.moc"
