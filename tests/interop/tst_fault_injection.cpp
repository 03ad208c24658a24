// SPDX-License-Identifier: GPL-2.0-or-later
// Fault injection: every engine write operation runs over a host file that fails one named
// fault point (L2 update, refcount block, refcount table growth, L1 growth, header, snapshot
// table, data write, flush...) at its first, middle or last occurrence, with EIO or ENOSPC.
// After each injected failure: the operation returned an error, `qemu-img check` finds no
// corruption (leaks are allowed), every sector reads as it was before the operation or as the
// operation leaves it (so everything flushed before reads back), and after a failed flush the
// open image refuses every later write and flush. The points an operation reaches are
// counted by a fault-free run first, so each case is known to fire. Occurrences: first and last
// with EIO and ENOSPC, the middle one with EIO.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <functional>
#include <map>

#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "diskscope/ops/amend.h"
#include "diskscope/ops/commit.h"
#include "diskscope/ops/rebase.h"
#include "diskscope/progress.h"
#include "fault_file.h"
#include "guest_checks.h"
#include "format/qcow2/qcow2_image.h"
#include "ops/convert/copy_pipeline.h"
#include "qemu_tools.h"

using namespace diskscope;
using namespace diskscope::testsupport;

namespace {

constexpr uint64_t kMiB = 1 << 20;

QString describeStatus(const Status& s) { return s.ok() ? QString() : QString::fromStdString(describe(s.error())); }

Result<std::unique_ptr<Image>> openFaulty(const QString& path, const std::shared_ptr<FaultPlan>& plan)
{
    DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path.toStdString(), HostOpenMode::ReadWrite));
    return openImageForWriting(makeFaultInjectingFile(std::move(file), plan), "qcow2", nullptr);
}

// What the operation did to the image that stayed open, for the latched-flush check.
struct Outcome {
    Status status;
    Image* open = nullptr;  // the written image, still open (may be null)
};

// One operation under test: files made once by `prepare` in a template directory, copied for
// every case; `run` performs it with the faulty file on `subject` (the file checked after).
struct Operation {
    QString name;
    QString subject;
    std::function<bool(const QString& dir, QString* why)> prepare;
    // Runs the operation; `keep` holds whatever must stay open until the latched check is done.
    std::function<Status(const QString& dir, const std::shared_ptr<FaultPlan>& plan, std::shared_ptr<void>& keep,
                         Image*& written)>
        run;
};

bool shell(const QString& dir, const QList<Command>& commands, QString* why)
{
    for (const Command& c : commands) {
        if (!runExpected(c, dir, why))
            return false;
    }
    return true;
}

// An operation on one image opened through the faulty file.
Operation onImage(QString name, QList<Command> setup, std::function<Status(Image&)> op)
{
    Operation o;
    o.name = std::move(name);
    o.subject = "a.qcow2";
    o.prepare = [setup](const QString& dir, QString* why) { return shell(dir, setup, why); };
    o.run = [op](const QString& dir, const std::shared_ptr<FaultPlan>& plan, std::shared_ptr<void>& keep,
                 Image*& written) -> Status {
        auto image = openFaulty(dir + "/a.qcow2", plan);
        if (!image.ok())
            return image.error();
        std::shared_ptr<Image> shared(std::move(*image));
        keep = shared;
        written = shared.get();
        DS_TRY(op(*shared));
        return shared->flush();
    };
    return o;
}

Command create(const QString& name, const QString& options, const QString& size)
{
    return qemuImg({"create", "-q", "-f", "qcow2", "-o", options, name, size});
}

Command io(const QString& image, const QStringList& commands) { return qemuIo(image, "qcow2", commands); }

Status amendWith(Image& image, AmendOptions options)
{
    auto* qcow2 = dynamic_cast<qcow2::Qcow2Image*>(&image);
    if (!qcow2)
        return makeError(ErrorCode::InvalidArgument, "not qcow2");
    NullProgress progress;
    return qcow2->amend(options, progress, {});
}

std::vector<uint8_t> pattern(uint64_t bytes, uint8_t seed)
{
    std::vector<uint8_t> data(bytes);
    for (uint64_t i = 0; i < bytes; ++i)
        data[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 9));
    return data;
}

QList<Operation> operations()
{
    QList<Operation> ops;
    const QString small = "cluster_size=4k";
    const QList<Command> data = {create("a.qcow2", small, "16M"),
                                 io("a.qcow2", {"write -P 0x11 0 1M", "write -P 0x12 3M 256k", "write -z 1M 64k"})};
    ops << onImage("write (COW, new L2 table)", data, [](Image& image) {
        return image.write(kMiB + kMiB / 2 + 100, pattern(kMiB, 0x33));
    });
    ops << onImage("zero write", data, [](Image& image) { return image.writeZeroes(256 * 1024 + 512, 512 * 1024, true); });
    ops << onImage("discard", data, [](Image& image) { return image.discard(0, 512 * 1024); });
    ops << onImage("compressed write", data, [](Image& image) -> Status {
        for (uint64_t c = 0; c < 4; ++c)
            DS_TRY(image.writeCompressed(8 * kMiB + c * 4096, std::vector<uint8_t>(4096, static_cast<uint8_t>(0x40 + c))));
        return okStatus();
    });
    // 512-byte clusters with 64-bit refcounts: one refcount table cluster covers 2 MiB of file.
    ops << onImage("write (refcount table growth, 512-byte clusters)",
                   {create("a.qcow2", "cluster_size=512,refcount_bits=64", "8M"), io("a.qcow2", {"write -P 0x11 0 1M"})},
                   [](Image& image) { return image.write(kMiB + kMiB / 2, pattern(kMiB + kMiB / 2, 0x21)); });
    ops << onImage("snapshot create", data, [](Image& image) { return image.createSnapshot("s1"); });
    const QList<Command> withSnapshot = {create("a.qcow2", small, "16M"),
                                         io("a.qcow2", {"write -P 0x11 0 1M", "write -c -P 0x13 2M 8k"}),
                                         qemuImg({"snapshot", "-c", "s1", "a.qcow2"}),
                                         io("a.qcow2", {"write -P 0x22 64k 128k", "write -P 0x23 4M 64k"})};
    ops << onImage("snapshot delete", withSnapshot, [](Image& image) { return image.deleteSnapshot("s1"); });
    ops << onImage("snapshot apply", withSnapshot, [](Image& image) { return image.applySnapshot("s1"); });
    // 512-byte clusters: one L1 cluster maps 2 MiB, so growing to 16 MiB moves the L1 table.
    ops << onImage("resize grow (L1 growth)",
                   {create("a.qcow2", "cluster_size=512", "2M"), io("a.qcow2", {"write -P 0x11 0 1M", "write -z 1M 64k"})},
                   [](Image& image) { return image.resize(16 * kMiB, Preallocation::Off); });
    ops << onImage("resize grow, preallocation=metadata", data,
                   [](Image& image) { return image.resize(24 * kMiB, Preallocation::Metadata); });
    ops << onImage("resize shrink", withSnapshot, [](Image& image) { return image.resize(kMiB / 2, Preallocation::Off); });
    ops << onImage("amend compat=0.10 (zero clusters expanded)", data, [](Image& image) {
        AmendOptions o;
        o.compat = "0.10";
        return amendWith(image, o);
    });
    ops << onImage("amend refcount_bits=64", withSnapshot, [](Image& image) {
        AmendOptions o;
        o.refcountBits = 64;
        return amendWith(image, o);
    });
    ops << onImage("amend lazy_refcounts=on", data, [](Image& image) {
        AmendOptions o;
        o.lazyRefcounts = true;
        return amendWith(image, o);
    });

    // commit: the base is the faulty file, opened for writing through the chain.
    Operation commitOp;
    commitOp.name = "commit";
    commitOp.subject = "base.qcow2";
    commitOp.prepare = [small](const QString& dir, QString* why) {
        return shell(dir,
                     {create("base.qcow2", small, "32M"), io("base.qcow2", {"write -P 0x11 0 2M"}),
                      qemuImg({"create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "base.qcow2", "-o", small,
                               "top.qcow2"}),
                      io("top.qcow2", {"write -P 0x22 512k 1M", "write -P 0x23 5M 300k", "write -z 0 64k"})},
                     why);
    };
    commitOp.run = [](const QString& dir, const std::shared_ptr<FaultPlan>& plan, std::shared_ptr<void>& keep,
                      Image*& written) -> Status {
        OpenOptions open;
        open.format = "qcow2";
        open.writable = true;
        open.writableBacking = [](const BackingCandidate&) { return true; };
        open.openHostFile = [plan](const std::string& path, HostOpenMode mode) -> Result<std::unique_ptr<HostFile>> {
            DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path, mode));
            if (QString::fromStdString(path).endsWith("base.qcow2"))
                return makeFaultInjectingFile(std::move(file), plan);
            return file;
        };
        auto chain = Chain::open((dir + "/top.qcow2").toStdString(), open);
        if (!chain.ok())
            return chain.error();
        std::shared_ptr<Chain> shared(std::move(*chain));
        keep = shared;
        written = &shared->layer(1);
        NullProgress progress;
        return commitLayers(*shared, 1, false, progress, {});
    };
    ops << commitOp;

    // rebase (safe): the overlay is the faulty file; its guest view must never change.
    Operation rebaseOp;
    rebaseOp.name = "rebase";
    rebaseOp.subject = "top.qcow2";
    rebaseOp.prepare = [small](const QString& dir, QString* why) {
        return shell(dir,
                     {create("old.qcow2", small, "16M"), io("old.qcow2", {"write -P 0x11 0 3M"}),
                      create("new.qcow2", small, "16M"), io("new.qcow2", {"write -P 0x44 1M 3M"}),
                      qemuImg({"create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "old.qcow2", "-o", small,
                               "top.qcow2"}),
                      io("top.qcow2", {"write -P 0x22 512k 64k"})},
                     why);
    };
    rebaseOp.run = [](const QString& dir, const std::shared_ptr<FaultPlan>& plan, std::shared_ptr<void>& keep,
                      Image*& written) -> Status {
        OpenOptions open;
        open.format = "qcow2";
        open.writable = true;
        open.openHostFile = [plan](const std::string& path, HostOpenMode mode) -> Result<std::unique_ptr<HostFile>> {
            DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path, mode));
            if (QString::fromStdString(path).endsWith("top.qcow2"))
                return makeFaultInjectingFile(std::move(file), plan);
            return file;
        };
        auto chain = Chain::open((dir + "/top.qcow2").toStdString(), open);
        if (!chain.ok())
            return chain.error();
        OpenOptions readOnly;
        readOnly.format = "qcow2";
        auto newBacking = Chain::open((dir + "/new.qcow2").toStdString(), readOnly);
        if (!newBacking.ok())
            return newBacking.error();
        auto both = std::make_shared<std::pair<std::unique_ptr<Chain>, std::unique_ptr<Chain>>>(std::move(*chain),
                                                                                                  std::move(*newBacking));
        keep = both;
        Image& top = both->first->top();
        written = &top;
        NullProgress progress;
        DS_TRY(copyRebaseDifferences(*both->first, both->second.get(), progress, {}));
        DS_TRY(top.setBackingReference(BackingReference{"new.qcow2", std::string("qcow2")}));
        return top.flush();
    };
    ops << rebaseOp;

    // convert -n: the sources are copied into an existing qcow2 image, the faulty file, holding
    // older data; its guest view goes from the old bytes to the source's, sector by sector. A
    // new target is never at risk: it stays under a temporary name that a failure removes
    // (tst_full_disk and tst_kill_consistency check that).
    const QList<Command> convertFiles = {
        create("src.qcow2", small, "16M"),
        io("src.qcow2", {"write -P 0x51 0 1M", "write -z 1M 512k", "write -c -P 0x52 2M 64k", "write -P 0x53 5M 300k"}),
        create("dst.qcow2", small, "16M"),
        io("dst.qcow2", {"write -P 0x61 512k 1M", "write -P 0x62 5M 8k", "write -P 0x63 9M 64k"})};
    auto convertInto = [convertFiles](QString name, bool compress) {
        Operation o;
        o.name = std::move(name);
        o.subject = "dst.qcow2";
        o.prepare = [convertFiles](const QString& dir, QString* why) { return shell(dir, convertFiles, why); };
        o.run = [compress](const QString& dir, const std::shared_ptr<FaultPlan>& plan, std::shared_ptr<void>& keep,
                           Image*& written) -> Status {
            OpenOptions sourceOpen;
            sourceOpen.format = "qcow2";
            auto source = Chain::open((dir + "/src.qcow2").toStdString(), sourceOpen);
            if (!source.ok())
                return source.error();
            OpenOptions targetOpen;
            targetOpen.format = "qcow2";
            targetOpen.writable = true;
            targetOpen.openHostFile = [plan](const std::string& path, HostOpenMode mode) -> Result<std::unique_ptr<HostFile>> {
                DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path, mode));
                return makeFaultInjectingFile(std::move(file), plan);
            };
            auto target = Chain::open((dir + "/dst.qcow2").toStdString(), targetOpen);
            if (!target.ok())
                return target.error();
            std::vector<std::unique_ptr<Chain>> sources;
            sources.push_back(std::move(*source));
            auto held = std::make_shared<std::pair<convert_detail::SourceSpace, std::unique_ptr<Chain>>>(
                convert_detail::SourceSpace(std::move(sources), false), std::move(*target));
            keep = held;
            Image& image = held->second->top();
            written = &image;
            // convert's plan for an existing 4 KiB-cluster target: zeros must be written.
            convert_detail::CopyPlan copy;
            copy.cluster = 4096;
            copy.granule = compress ? 4096 : 512;
            copy.targetReadsZero = false;
            copy.compress = compress;
            copy.compressionThreads = 1;
            NullProgress progress;
            DS_TRY(convert_detail::copyAll(held->first, image, copy, progress, {}));
            return image.flush();
        };
        return o;
    };
    ops << convertInto("convert -n into an existing image", false);
    ops << convertInto("convert -n -c into an existing image", true);
    return ops;
}

bool copyDirectory(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    for (const QString& name : QDir(from).entryList(QDir::Files)) {
        QFile::remove(to + "/" + name);
        if (!QFile::copy(from + "/" + name, to + "/" + name))
            return false;
    }
    return true;
}

}  // namespace

class TestFaultInjection : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyFaultPointFailsCleanly_data()
    {
        QTest::addColumn<int>("index");
        const QList<Operation> ops = operations();
        for (int i = 0; i < ops.size(); ++i)
            QTest::newRow(qPrintable(ops[i].name)) << i;
    }

    void everyFaultPointFailsCleanly()
    {
        QFETCH(int, index);
        const Operation op = operations()[index];
        const QString base = m_dir.filePath(QString("op%1").arg(index));
        const QString templ = base + "/template";
        QDir().mkpath(templ);
        QString why;
        QVERIFY2(op.prepare(templ, &why), qPrintable(why));
        QByteArray before, after;
        QVERIFY2(guestBytes(templ, op.subject, "qcow2", &before, &why), qPrintable(why));

        // A fault-free run counts the occurrences of every point and gives the result.
        const QString dry = base + "/dry";
        QVERIFY(copyDirectory(templ, dry));
        auto counting = std::make_shared<FaultPlan>();
        {
            std::shared_ptr<void> keep;
            Image* written = nullptr;
            Status s = op.run(dry, counting, keep, written);
            QVERIFY2(s.ok(), qPrintable(describeStatus(s)));
            QVERIFY(written);
            s = written->close();
            QVERIFY2(s.ok(), qPrintable(describeStatus(s)));
        }
        QVERIFY2(guestBytes(dry, op.subject, "qcow2", &after, &why), qPrintable(why));
        QVERIFY2(qemuCheckNoCorruption(dry, op.subject, &why), qPrintable(why));

        QString reached;
        for (size_t p = 0; p < kFaultPointCount; ++p) {
            const uint64_t seen = counting->seen[p];
            if (seen == 0)
                continue;
            reached += QString(" %1=%2").arg(faultPointName(static_cast<FaultPoint>(p))).arg(seen);
            std::vector<uint64_t> occurrences = {1};
            if (seen > 2)
                occurrences.push_back((seen + 1) / 2);
            if (seen > 1)
                occurrences.push_back(seen);
            for (uint64_t at : occurrences) {
                for (int error : {EIO, ENOSPC}) {
                    // The middle occurrence with EIO only, to keep the run short.
                    if (error == ENOSPC && at != 1 && at != seen)
                        continue;
                    const QString label = QString("%1 #%2/%3 %4").arg(faultPointName(static_cast<FaultPoint>(p))).arg(at)
                                              .arg(seen).arg(error == EIO ? "EIO" : "ENOSPC");
                    auto plan = std::make_shared<FaultPlan>();
                    plan->point = static_cast<FaultPoint>(p);
                    plan->failAt = at;
                    plan->error = error;
                    runCase(op, templ, base + "/case", plan, before, after, label);
                    if (QTest::currentTestFailed())
                        return;
                    ++s_injected[static_cast<FaultPoint>(p)];
                }
            }
        }
        qInfo("%s: reached%s", qPrintable(op.name), qPrintable(reached));
    }

    void cleanupTestCase()
    {
        uint64_t total = 0;
        for (const auto& [point, count] : s_injected) {
            qInfo("faults injected at %s: %llu", faultPointName(point), static_cast<unsigned long long>(count));
            total += count;
        }
        qInfo("faults injected in all: %llu (%d left only the COPIED-flag window of a snapshot operation)",
              static_cast<unsigned long long>(total), s_copiedWindows);
    }

private:
    void runCase(const Operation& op, const QString& templ, const QString& dir, const std::shared_ptr<FaultPlan>& plan,
                 const QByteArray& before, const QByteArray& after, const QString& label)
    {
        QDir(dir).removeRecursively();
        QVERIFY(copyDirectory(templ, dir));
        {
            std::shared_ptr<void> keep;
            Image* written = nullptr;
            Status s = op.run(dir, plan, keep, written);
            QVERIFY2(plan->fired(), qPrintable(label + ": the fault point was not reached"));
            QVERIFY2(!s.ok(), qPrintable(label + ": the operation reported success after an injected failure"));
            const Error& e = s.error();
            QVERIFY2(!e.message.empty(), qPrintable(label));
            if (plan->point == FaultPoint::Flush && written) {
                // A failed flush is latched: the same open image accepts no write nor flush.
                const std::vector<uint8_t> sector(512, 0x5a);
                QVERIFY2(!written->write(0, sector).ok(), qPrintable(label + ": a write after a failed flush succeeded"));
                QVERIFY2(!written->flush().ok(), qPrintable(label + ": a flush after a failed flush succeeded"));
            }
            // Closing may fail too (it flushes); what is on disk is judged below.
        }
        QString why;
        // A snapshot operation stopped between its refcount change and its COPIED-flag update
        // leaves flags that disagree with refcounts in the harmless direction
        // (docs/architecture.md, "Snapshots and COPIED"), as a crash there would: allowed for
        // snapshot operations only, counted, and `check -r all` must then fix everything.
        bool copiedOnly = false;
        QVERIFY2(qemuCheckNoCorruption(dir, op.subject, &why, op.name.startsWith("snapshot"), &copiedOnly),
                 qPrintable(label + "\n" + why));
        if (copiedOnly) {
            ++s_copiedWindows;
            QFile::copy(dir + "/" + op.subject, dir + "/repaired.qcow2");
            QVERIFY2(runExpected(qemuImg({"check", "-q", "-r", "all", "repaired.qcow2"}), dir, &why), qPrintable(label + "\n" + why));
            QVERIFY2(qemuCheckNoCorruption(dir, "repaired.qcow2", &why), qPrintable(label + "\n" + why));
        }
        QByteArray got;
        QVERIFY2(guestBytes(dir, op.subject, "qcow2", &got, &why), qPrintable(label + "\n" + why));
        const QString mismatch = sectorsOldOrNew(got, before, after);
        QVERIFY2(mismatch.isEmpty(), qPrintable(label + ": " + mismatch));
    }

    QTemporaryDir m_dir;
    static inline std::map<FaultPoint, uint64_t> s_injected;
    static inline int s_copiedWindows = 0;
};

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "tst_fault_injection.moc"
