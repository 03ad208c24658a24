// SPDX-License-Identifier: GPL-2.0-or-later
// ImageListModel and SnapshotTableModel: the Qt model contract (QAbstractItemModelTester) and their data.
#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include "models/ImageListModel.h"
#include "models/SnapshotTableModel.h"

using diskscope::ImageInfo;
using diskscope::SnapshotInfo;
using diskscope::ui::ImageListModel;
using diskscope::ui::SnapshotTableModel;

namespace {

ImageInfo qcow2Info(uint64_t virtualSize)
{
    ImageInfo info;
    info.filename = "disk.qcow2";
    info.format = "qcow2";
    info.virtualSize = virtualSize;
    info.clusterSize = 65536;
    return info;
}

SnapshotInfo snapshot(const char* id, const char* name, uint64_t vmState, uint32_t date, uint64_t clockNs)
{
    SnapshotInfo s;
    s.id = id;
    s.name = name;
    s.vmStateSize = vmState;
    s.dateSeconds = date;
    s.vmClockNanoseconds = clockNs;
    return s;
}

}  // namespace

class TestUiModels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void imageListContract()
    {
        ImageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        QCOMPARE(model.addImage(QStringLiteral("/images/a.qcow2")), 0);
        QCOMPARE(model.addImage(QStringLiteral("/images/b.img")), 1);
        QCOMPARE(model.addImage(QStringLiteral("/images/c.qcow2")), 2);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(model.rowCount(), 3);

        // Opening an open image again re-reads it: same row, no new row.
        QCOMPARE(model.addImage(QStringLiteral("/images/b.img")), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.count(), 3);

        model.setInfo(QStringLiteral("/images/a.qcow2"), {qcow2Info(10ull << 30)});
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
        model.setFailed(QStringLiteral("/images/c.qcow2"), QStringLiteral("qcow2 header: bad magic"));
        // Results for images no longer listed are dropped, not applied to another row.
        model.setInfo(QStringLiteral("/images/gone.qcow2"), {qcow2Info(1)});
        QCOMPARE(changed.count(), 3);

        model.removeImage(QStringLiteral("/images/b.img"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("/images/c.qcow2")), 1);
        model.removeImage(QStringLiteral("/images/not-open"));
        QCOMPARE(model.rowCount(), 2);
        model.removeImage(QStringLiteral("/images/a.qcow2"));
        model.removeImage(QStringLiteral("/images/c.qcow2"));
        QCOMPARE(model.rowCount(), 0);
    }

    // A chain as a tree: children appear when the chain is read, are replaced on refresh, and a
    // backing file that did not open is a row of its own.
    void chainTreeContract()
    {
        ImageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString top = QStringLiteral("/vm/top.qcow2");
        model.addImage(top);
        model.addImage(QStringLiteral("/vm/other.img"));
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);

        diskscope::ChainDescription chain;
        chain.layers = {qcow2Info(1 << 30), qcow2Info(1 << 30), qcow2Info(1 << 30)};
        chain.layers[0].filename = "/vm/top.qcow2";
        chain.layers[0].backingFilename = "mid.qcow2";
        chain.layers[0].backingFilenameFormat = "qcow2";
        chain.layers[1].filename = "/vm/mid.qcow2";
        chain.layers[1].backingFilename = "/abs/base.qcow2";
        chain.layers[1].backingFilenameFormat = "qcow2";
        chain.layers[2].filename = "/abs/base.qcow2";
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setChain(top, chain);
        const QModelIndex parent = model.index(0, 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(0).value<QModelIndex>(), parent);
        QCOMPARE(model.rowCount(parent), 2);
        const QModelIndex mid = model.index(0, 0, parent);
        const QModelIndex base = model.index(1, 0, parent);
        QCOMPARE(mid.parent(), parent);
        QCOMPARE(mid.data().toString(), QStringLiteral("mid.qcow2"));
        QCOMPARE(base.data(ImageListModel::PathRole).toString(), QStringLiteral("/abs/base.qcow2"));
        QCOMPARE(model.layerOf(base), 2);
        QCOMPARE(base.data(ImageListModel::SummaryRole).toString(), QStringLiteral("qcow2 · 1 GiB · layer 2"));
        QCOMPARE(parent.data(ImageListModel::SummaryRole).toString(), QStringLiteral("qcow2 · 1 GiB · 3 layers"));
        QCOMPARE(model.rowCount(mid), 0);
        // The absolute name is mid's finding: shown on mid's row and on the chain's top row.
        QCOMPARE(mid.data(ImageListModel::SeverityRole).toInt(), int(diskscope::HealthSeverity::Warning));
        QCOMPARE(base.data(ImageListModel::SeverityRole).toInt(), -1);
        QCOMPARE(parent.data(ImageListModel::SeverityRole).toInt(), int(diskscope::HealthSeverity::Warning));

        // A check of layer 2 feeds its findings.
        diskscope::CheckReport report;
        report.leaks = 4;
        model.setCheckReport(top, 2, report);
        QVERIFY(model.checkReport(base) != nullptr);
        QVERIFY(model.checkReport(mid) == nullptr);
        QCOMPARE(model.findings(base).size(), size_t(1));
        QCOMPARE(model.findings(base)[0].issue, diskscope::HealthIssue::Leaks);

        // Refresh: the rows go, then a shorter, broken chain comes back.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.addImage(top);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(parent), 0);
        diskscope::ChainDescription broken;
        broken.layers = {chain.layers[0]};
        broken.layers[0].fullBackingFilename = "/vm/mid.qcow2";
        broken.brokenBacking = diskscope::makeError(diskscope::ErrorCode::NotFound, "No such file", "/vm/mid.qcow2");
        model.setChain(top, broken);
        QCOMPARE(model.rowCount(parent), 1);
        const QModelIndex missing = model.index(0, 0, parent);
        QCOMPARE(model.layerOf(missing), ImageListModel::BrokenLayer);
        QCOMPARE(missing.data(ImageListModel::SummaryRole).toString(), QStringLiteral("Backing file missing"));
        QCOMPARE(missing.data(ImageListModel::PathRole).toString(), QStringLiteral("/vm/mid.qcow2"));
        QVERIFY(model.layerInfo(missing) == nullptr);
        QCOMPARE(missing.data(ImageListModel::SeverityRole).toInt(), int(diskscope::HealthSeverity::Error));
        QCOMPARE(model.findings(missing).at(0).issue, diskscope::HealthIssue::BackingMissing);

        // Failing and removing take the children along.
        model.setFailed(top, QStringLiteral("gone"));
        QCOMPARE(model.rowCount(parent), 0);
        model.setChain(top, chain);
        model.removeImage(top);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("other.img"));
    }

    // Names from images cannot carry markup or control characters into the list.
    void untrustedNamesAreEscaped()
    {
        ImageListModel model;
        const QString path = QStringLiteral("/vm/evil\n<b>x.qcow2");
        model.addImage(path);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("evil\\n<b>x.qcow2"));
        const QString tip = model.index(0, 0).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("&lt;b&gt;")), qPrintable(tip));
    }

    void imageListData()
    {
        ImageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addImage(QStringLiteral("/images/vm/disk.qcow2"));
        const QModelIndex row = model.index(0, 0);
        QCOMPARE(row.data(Qt::DisplayRole).toString(), QStringLiteral("disk.qcow2"));
        QCOMPARE(row.data(ImageListModel::PathRole).toString(), QStringLiteral("/images/vm/disk.qcow2"));
        QCOMPARE(row.data(Qt::ToolTipRole).toString(), QStringLiteral("/images/vm/disk.qcow2"));
        QCOMPARE(row.data(ImageListModel::StateRole).toInt(), int(ImageListModel::State::Loading));
        QVERIFY(model.infoAt(0) == nullptr);

        model.setInfo(QStringLiteral("/images/vm/disk.qcow2"), {qcow2Info(10ull << 30)});
        QCOMPARE(row.data(ImageListModel::StateRole).toInt(), int(ImageListModel::State::Ready));
        QCOMPARE(row.data(ImageListModel::SummaryRole).toString(), QStringLiteral("qcow2 · 10 GiB"));
        QVERIFY(model.infoAt(0) != nullptr);
        QCOMPARE(model.infoAt(0)->virtualSize, 10ull << 30);

        model.setFailed(QStringLiteral("/images/vm/disk.qcow2"), QStringLiteral("truncated header"));
        QCOMPARE(model.stateAt(0), ImageListModel::State::Failed);
        QVERIFY(model.infoAt(0) == nullptr);
        QCOMPARE(model.errorAt(0), QStringLiteral("truncated header"));
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("truncated header")));

        // Out-of-range rows answer safely.
        QVERIFY(model.infoAt(5) == nullptr);
        QVERIFY(model.pathAt(-1).isEmpty());
        QVERIFY(!model.index(3, 0).data().isValid());
    }

    void snapshotContract()
    {
        SnapshotTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(SnapshotTableModel::ColumnCount));
        model.setSnapshots({snapshot("1", "fresh-install", 0, 1714567507, 0),
                            snapshot("2", "before-upgrade", 3ull << 29, 1714570000, 3723456000000ull)});
        QCOMPARE(model.rowCount(), 2);
        model.setSnapshots({snapshot("7", "only", 0, 0, 0)});
        QCOMPARE(model.rowCount(), 1);
        model.setSnapshots({});
        QCOMPARE(model.rowCount(), 0);
    }

    void snapshotData()
    {
        SnapshotTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshots({snapshot("2", "before-upgrade", 3ull << 29, 1714570000, 3723456000000ull)});
        auto cell = [&model](int column, int role = Qt::DisplayRole) { return model.index(0, column).data(role); };
        QCOMPARE(cell(SnapshotTableModel::IdColumn).toString(), QStringLiteral("2"));
        QCOMPARE(cell(SnapshotTableModel::NameColumn).toString(), QStringLiteral("before-upgrade"));
        QCOMPARE(cell(SnapshotTableModel::VmStateSizeColumn).toString(), QStringLiteral("1.5 GiB"));
        QCOMPARE(cell(SnapshotTableModel::VmStateSizeColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("1,610,612,736 bytes"));
        QCOMPARE(cell(SnapshotTableModel::VmStateSizeColumn, SnapshotTableModel::SortRole).toULongLong(), 3ull << 29);
        QCOMPARE(cell(SnapshotTableModel::VmClockColumn).toString(), QStringLiteral("0001:02:03.456"));
        QCOMPARE(cell(SnapshotTableModel::DateColumn).toString(),
                 QDateTime::fromSecsSinceEpoch(1714570000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(model.headerData(SnapshotTableModel::IdColumn, Qt::Horizontal).toString(), QStringLiteral("ID"));
        QCOMPARE(model.headerData(SnapshotTableModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Name"));
        QCOMPARE(model.headerData(SnapshotTableModel::VmStateSizeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("VM state size"));
        QCOMPARE(model.headerData(SnapshotTableModel::DateColumn, Qt::Horizontal).toString(), QStringLiteral("Date"));
        QCOMPARE(model.headerData(SnapshotTableModel::VmClockColumn, Qt::Horizontal).toString(),
                 QStringLiteral("VM clock"));
    }
};

QTEST_GUILESS_MAIN(TestUiModels)
#include "tst_ui_models.moc"
