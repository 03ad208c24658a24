// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Snapshots driven through the main window: create (named in its dialog), apply and
// delete (each confirmed with the file's name and what is lost or freed), checked with
// qemu-img snapshot -l, qemu-img check and qemu-io reads.
#include <QAction>
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "dialogs/CreateSnapshotDialog.h"
#include "dialogs/DialogKit.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "qemu_tools.h"
#include "widgets/ImageDetailsPanel.h"

using namespace diskscope;
using namespace diskscope::ui;
namespace ts = diskscope::testsupport;

namespace {
constexpr int timeoutMs = 30000;

QByteArray snapshotList(const QString& path)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"snapshot", "-l", "-U", path}));
    return result.standardOutput;
}

bool qemuIoReads(const QString& path, const QString& command)
{
    QString why;
    ts::ProcessResult result;
    if (!ts::runExpected(ts::qemuIo(path, "qcow2", {command}), {}, &why, &result)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return !result.standardOutput.contains("Pattern verification failed");
}

bool qemuCheckClean(const QString& path)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"check", "--output=json", path}));
    const QJsonObject report = QJsonDocument::fromJson(result.standardOutput).object();
    return result.exitedWith(0) && report.contains("check-errors") && report["leaks"].toInt() == 0
           && report["corruptions"].toInt() == 0;
}

}  // namespace

class TestSnapshotDialogs : public QObject {
    Q_OBJECT
private slots:
    // The main window saves its state: keep it out of the user's settings.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void createApplyDelete();
    void createRefusesDuplicateNames();
};

// Waits for every job of `window` to end, then for the image to be read again.
static bool settle(MainWindow& window)
{
    if (!QTest::qWaitFor([&] { return window.jobRunner()->runningJobs().isEmpty(); }, timeoutMs))
        return false;
    return QTest::qWaitFor([&] { return window.pendingLoads() == 0; }, timeoutMs);
}

void TestSnapshotDialogs::createApplyDelete()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("vm.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "8M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x11 0 1M"}), {}, &why), qPrintable(why));

    QStringList questions;
    QStringList details;
    bool answer = true;
    Confirmation::setResponder([&](const DestructiveQuestion& q) {
        questions << q.question;
        details << q.detail;
        return answer;
    });
    MainWindow window;
    window.show();
    window.openFile(path);
    QVERIFY(settle(window));
    window.imageList()->setCurrentIndex(window.imageModel()->index(0, 0));

    // Create: the dialog proposes a timestamp name; we name it ourselves.
    QAction* create = window.findChild<QAction*>("actionCreateSnapshot");
    QVERIFY(create && create->isEnabled());
    create->trigger();
    auto* dialog = window.findChild<CreateSnapshotDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->name().startsWith("snapshot-"));
    dialog->nameEdit()->setText("before-upgrade");
    if (const QString out = qEnvironmentVariable("DISKSCOPE_SCREENSHOT_DIR"); !out.isEmpty()) {
        QApplication::processEvents();
        QVERIFY(dialog->grab().save(out + "/create-snapshot.png"));
    }
    QVERIFY(dialog->createButton()->isEnabled());
    dialog->createButton()->click();
    QVERIFY(settle(window));
    QVERIFY2(snapshotList(path).contains("before-upgrade"), snapshotList(path).constData());
    QVERIFY(qemuCheckClean(path));

    // Write after the snapshot, then apply it: what was written since is gone.
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x22 0 512k"}), {}, &why), qPrintable(why));
    window.refresh();
    QVERIFY(settle(window));
    QTableView* table = window.detailsPanel()->snapshotView();
    QCOMPARE(table->model()->rowCount(), 1);
    QAction* apply = window.findChild<QAction*>("actionApplySnapshot");
    QVERIFY(!apply->isEnabled());  // nothing selected yet
    table->selectRow(0);
    QVERIFY(apply->isEnabled());
    answer = false;
    apply->trigger();
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.back().contains("vm.qcow2") && questions.back().contains("before-upgrade"));
    QVERIFY(details.back().contains("lost"));
    QVERIFY(window.jobRunner()->runningJobs().isEmpty());  // declined: nothing runs
    QVERIFY(qemuIoReads(path, "read -P 0x22 0 512k"));
    answer = true;
    apply->trigger();
    QVERIFY(settle(window));
    QVERIFY(qemuIoReads(path, "read -P 0x11 0 1M"));
    QVERIFY(qemuCheckClean(path));

    // Delete: the space it frees is measured first and named in the question.
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x33 0 1M"}), {}, &why), qPrintable(why));
    window.refresh();
    QVERIFY(settle(window));
    table->selectRow(0);
    QAction* remove = window.findChild<QAction*>("actionDeleteSnapshot");
    QVERIFY(remove->isEnabled());
    remove->trigger();
    QVERIFY(settle(window));
    QVERIFY(settle(window));
    QCOMPARE(questions.size(), 3);
    QVERIFY(questions.back().contains("Delete snapshot “before-upgrade” from vm.qcow2"));
    // 1 MiB of data clusters only the snapshot still uses, plus its L1/L2 tables.
    QVERIFY2(details.back().contains("MiB"), qPrintable(details.back()));
    QVERIFY(!snapshotList(path).contains("before-upgrade"));
    QVERIFY(qemuCheckClean(path));
    QVERIFY(qemuIoReads(path, "read -P 0x33 0 1M"));
    Confirmation::setResponder({});
}

void TestSnapshotDialogs::createRefusesDuplicateNames()
{
    CreateSnapshotDialog dialog("/tmp/x.qcow2", {"taken"});
    dialog.nameEdit()->setText("taken");
    QVERIFY(!dialog.createButton()->isEnabled());
    QVERIFY(dialog.reasonLabel()->text().contains("already has a snapshot"));
    dialog.nameEdit()->setText("");
    QVERIFY(!dialog.createButton()->isEnabled());
    dialog.nameEdit()->setText("fresh");
    QVERIFY(dialog.createButton()->isEnabled());
    QVERIFY(dialog.reasonLabel()->isHidden());
}

QTEST_MAIN(TestSnapshotDialogs)
#include "tst_snapshot_dialogs.moc"
