// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Resize and Image ▸ Check and Repair driven through the main window on images
// qemu-img made: grow and shrink qcow2 and raw (checked with qemu-img info, check and compare
// against qemu-img's own resize of a copy), sizes that keep Resize disabled with the reason,
// the explicit choice a shrink into data needs and a declined confirmation that changes
// nothing; check of a clean image, of one with a leaked cluster, repair of the leak, cancel.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include "dialogs/CheckRepairDialog.h"
#include "dialogs/DialogKit.h"
#include "dialogs/ResizeDialog.h"
#include "dialogs/SizeEntry.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "qemu_tools.h"
#include "widgets/CheckReportView.h"
#include "widgets/CommandField.h"

using namespace diskscope;
using namespace diskscope::ui;
namespace ts = diskscope::testsupport;

namespace {
constexpr int timeoutMs = 30000;
constexpr uint64_t MiB = 1024 * 1024;

QJsonObject qemuInfo(const QString& path)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"info", "-U", "--output=json", path}));
    return QJsonDocument::fromJson(result.standardOutput).object();
}

uint64_t qemuVirtualSize(const QString& path)
{
    return uint64_t(qemuInfo(path)["virtual-size"].toInteger());
}

// qemu-img check's exit code (0 clean, 2 corruptions, 3 leaks only) and its JSON report.
int qemuCheck(const QString& path, QJsonObject* report = nullptr)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"check", "--output=json", path}));
    if (report)
        *report = QJsonDocument::fromJson(result.standardOutput).object();
    return result.started && !result.crashed && !result.timedOut ? result.exitCode : -1;
}

// The end of qemu-img map's last "data": true extent.
uint64_t qemuLastData(const QString& path)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"map", "-U", "--output=json", path}));
    uint64_t last = 0;
    for (const QJsonValue& value : QJsonDocument::fromJson(result.standardOutput).array()) {
        const QJsonObject e = value.toObject();
        if (e["data"].toBool())
            last = uint64_t(e["start"].toInteger() + e["length"].toInteger());
    }
    return last;
}

// qemu-img map's extents as "start+length:flags" lines (host offsets differ between writers).
QString mapWithoutOffsets(const QString& path)
{
    ts::ProcessResult result = ts::run(ts::qemuImg({"map", "-U", "--output=json", path}));
    QStringList lines;
    for (const QJsonValue& value : QJsonDocument::fromJson(result.standardOutput).array()) {
        const QJsonObject e = value.toObject();
        QStringList flags;
        for (const char* flag : {"present", "zero", "data"})
            if (e[flag].toBool())
                flags << flag;
        lines << QString("%1+%2:%3").arg(e["start"].toInteger()).arg(e["length"].toInteger()).arg(flags.join(','));
    }
    return lines.join('\n');
}

bool qemuSame(const QString& a, const QString& b, bool strict = true)
{
    QStringList args{"compare", "-U"};
    if (strict)
        args << "-s";
    ts::ProcessResult result = ts::run(ts::qemuImg(args << a << b));
    if (!result.exitedWith(0))
        qWarning("%s", qPrintable(result.describe()));
    return result.exitedWith(0);
}

bool copyFile(const QString& from, const QString& to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Sets the 16-bit refcount of host cluster `cluster` (-1: a cluster appended to the file).
bool setRefcount(const QString& path, qint64 wanted, uint16_t value);

// Raises the refcount of an unused cluster from 0 to 1: a leaked cluster,
// as a crash between a refcount update and the write that uses it leaves one.
bool leakOneCluster(const QString& path)
{
    return setRefcount(path, -1, 1);
}

bool setRefcount(const QString& path, qint64 wanted, uint16_t value)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const QByteArray header = file.read(104);
    const auto be = [&](int offset, int bytes) {
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v = (v << 8) | uint8_t(header[offset + i]);
        return v;
    };
    const uint64_t clusterBits = be(20, 4);
    const uint64_t refcountTable = be(48, 8);
    if (be(96, 4) != 4)  // 16-bit refcounts (qemu-img's default)
        return false;
    file.seek(qint64(refcountTable));
    const QByteArray entry = file.read(8);
    uint64_t block = 0;
    for (char c : entry)
        block = (block << 8) | uint8_t(c);
    block &= ~((uint64_t{1} << 9) - 1);
    // qemu-img check looks at the clusters inside the file only: append one and leak it.
    const uint64_t clusterSize = uint64_t{1} << clusterBits;
    const uint64_t cluster = wanted >= 0 ? uint64_t(wanted) : (uint64_t(file.size()) + clusterSize - 1) >> clusterBits;
    if (!block || cluster >= clusterSize / 2)
        return false;
    if (wanted < 0 && !file.resize(qint64((cluster + 1) << clusterBits)))
        return false;
    file.seek(qint64(block + cluster * 2));
    const char bytes[2] = {char(value >> 8), char(value & 0xff)};
    return file.write(bytes, 2) == 2;
}

void screenshot(QWidget* widget, const char* name)
{
    const QString out = qEnvironmentVariable("DISKSCOPE_SCREENSHOT_DIR");
    if (out.isEmpty())
        return;
    QApplication::processEvents();
    if (!widget->grab().save(out + "/" + name))
        qWarning("could not save %s", name);
}

}  // namespace

class TestResizeCheckDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_questions.clear();
        m_answer = true;
        Confirmation::setResponder([this](const DestructiveQuestion& q) {
            m_questions << q;
            return m_answer;
        });
    }
    void cleanup() { Confirmation::setResponder({}); }

    void growQcow2WithPreallocation();
    void growRaw();
    void shrinkQcow2BelowData();
    void shrinkRawAboveData();
    void invalidSizesKeepResizeDisabled();
    void actionsFollowTheSelection();
    void checkCleanImage();
    void checkAndRepairLeaks();
    void repairAllFixesCorruption();
    void cancelCheck();

private:
    // Opens `path` in `window`, selects it and opens the dialog of `action`.
    template <typename Dialog>
    Dialog* openDialog(MainWindow& window, const QString& path, const char* action);
    bool settle(MainWindow& window);

    QList<DestructiveQuestion> m_questions;
    bool m_answer = true;
};

bool TestResizeCheckDialogs::settle(MainWindow& window)
{
    if (!QTest::qWaitFor([&] { return window.jobRunner()->runningJobs().isEmpty(); }, timeoutMs))
        return false;
    return QTest::qWaitFor([&] { return window.pendingLoads() == 0; }, timeoutMs);
}

template <typename Dialog>
Dialog* TestResizeCheckDialogs::openDialog(MainWindow& window, const QString& path, const char* action)
{
    window.openFile(path);
    if (!settle(window))
        return nullptr;
    window.imageList()->setCurrentIndex(window.imageModel()->index(0, 0));
    auto* trigger = window.findChild<QAction*>(action);
    if (!trigger || !trigger->isEnabled())
        return nullptr;
    trigger->trigger();
    return window.findChild<Dialog*>();
}

void TestResizeCheckDialogs::growQcow2WithPreallocation()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("vm.qcow2");
    const QString original = dir.filePath("original.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x11 0 1M", "write -P 0x22 20M 64k"}), {}, &why),
             qPrintable(why));
    QVERIFY(copyFile(path, original));

    MainWindow window;
    window.show();
    auto* dialog = openDialog<ResizeDialog>(window, path, "actionResize");
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitFor([&] { return dialog->lastDataKnown(); }, timeoutMs));
    QCOMPARE(dialog->lastDataEnd().value_or(0), qemuLastData(path));
    QCOMPARE(dialog->lastDataEnd().value_or(0), 20 * MiB + 64 * 1024);
    QVERIFY(dialog->lastDataLabel()->text().contains("20.1 MiB"));
    QVERIFY(!dialog->resizeButton()->isEnabled());  // unchanged size
    dialog->sizeEntry()->setText("128", 2);  // MiB
    dialog->preallocationBox()->setCurrentIndex(1);  // metadata
    QVERIFY(dialog->preallocationBox()->isEnabled());
    QVERIFY(dialog->resizeButton()->isEnabled());
    QVERIFY(dialog->problem().isEmpty());
    QVERIFY(!dialog->warningLabel()->isVisible());
    QCOMPARE(dialog->commandLine(), QString("diskscope-img resize --preallocation=metadata %1 134217728").arg(path));
    screenshot(dialog, "resize.png");
    dialog->resizeButton()->click();
    QVERIFY(m_questions.isEmpty());  // growing loses nothing: no question
    QVERIFY(settle(window));
    QCOMPARE(qemuVirtualSize(path), 128 * MiB);
    QCOMPARE(qemuCheck(path), 0);
    QVERIFY(qemuSame(original, path, false));  // the grown area reads as zeros
    // The image was read again.
    window.imageList()->setCurrentIndex(window.imageModel()->index(0, 0));
    QCOMPARE(window.imageModel()->layerInfo(window.imageList()->currentIndex())->virtualSize, 128 * MiB);
    // Metadata preallocation maps the new area as qemu-img's own resize of a copy does.
    QVERIFY2(ts::runExpected(ts::qemuImg({"resize", "-q", "--preallocation=metadata", original, "128M"}), {}, &why),
             qPrintable(why));
    QCOMPARE(mapWithoutOffsets(path), mapWithoutOffsets(original));
    QVERIFY(mapWithoutOffsets(path).contains(QString("%1+%1:present,zero,data").arg(64 * MiB)));
}

void TestResizeCheckDialogs::growRaw()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("disk.raw");
    const QString original = dir.filePath("original.raw");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "raw", path, "16M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "raw", {"write -P 0x33 4M 1M"}), {}, &why), qPrintable(why));
    QVERIFY(copyFile(path, original));

    MainWindow window;
    window.show();
    auto* dialog = openDialog<ResizeDialog>(window, path, "actionResize");
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitFor([&] { return dialog->lastDataKnown(); }, timeoutMs));
    QCOMPARE(dialog->lastDataEnd().value_or(0), qemuLastData(path));
    dialog->sizeEntry()->setText("40", 2);
    QVERIFY(dialog->resizeButton()->isEnabled());
    QCOMPARE(dialog->commandLine(), QString("diskscope-img resize %1 41943040").arg(path));
    dialog->resizeButton()->click();
    QVERIFY(settle(window));
    QCOMPARE(qemuVirtualSize(path), 40 * MiB);
    QCOMPARE(uint64_t(QFileInfo(path).size()), 40 * MiB);
    QVERIFY(qemuSame(original, path, false));
}

void TestResizeCheckDialogs::shrinkQcow2BelowData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("vm.qcow2");
    const QString reference = dir.filePath("reference.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x11 0 1M", "write -P 0x44 40M 1M"}), {}, &why),
             qPrintable(why));
    // What qemu-img makes of the same shrink, to compare the kept range with.
    QVERIFY(copyFile(path, reference));
    QVERIFY2(ts::runExpected(ts::qemuImg({"resize", "-q", "--shrink", reference, "32M"}), {}, &why), qPrintable(why));
    const QByteArray before = ts::fileSha256(path);

    MainWindow window;
    window.show();
    auto* dialog = openDialog<ResizeDialog>(window, path, "actionResize");
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitFor([&] { return dialog->lastDataKnown(); }, timeoutMs));
    QCOMPARE(dialog->lastDataEnd().value_or(0), 41 * MiB);
    QCOMPARE(dialog->lastDataEnd().value_or(0), qemuLastData(path));
    dialog->sizeEntry()->setText("32", 2);
    // Below the data: the warning says how much, and Shrink waits for the explicit choice.
    QVERIFY(dialog->warningLabel()->isVisible());
    QVERIFY2(dialog->warningLabel()->text().contains("9 MiB"), qPrintable(dialog->warningLabel()->text()));
    QVERIFY(dialog->discardBox()->isVisible());
    QVERIFY(!dialog->discardBox()->isChecked());
    QVERIFY(!dialog->resizeButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->isVisible());
    QVERIFY(dialog->reasonLabel()->text().contains("Discard the data beyond the new end"));
    QVERIFY(!dialog->preallocationBox()->isEnabled());
    QCOMPARE(dialog->commandLine(), QString("diskscope-img resize --shrink %1 33554432").arg(path));
    screenshot(dialog, "resize-shrink.png");
    dialog->resizeButton()->click();  // disabled: nothing happens
    QVERIFY(m_questions.isEmpty());
    dialog->discardBox()->setChecked(true);
    QVERIFY(dialog->resizeButton()->isEnabled());
    QVERIFY(!dialog->reasonLabel()->isVisible());

    // Declined: nothing runs, nothing changes, the dialog stays.
    m_answer = false;
    dialog->resizeButton()->click();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.back().question.contains("vm.qcow2"));
    QVERIFY(m_questions.back().detail.contains("9 MiB"));
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->job());
    QVERIFY(window.jobRunner()->runningJobs().isEmpty());
    QCOMPARE(ts::fileSha256(path), before);

    m_answer = true;
    dialog->resizeButton()->click();
    QCOMPARE(m_questions.size(), 2);
    QVERIFY(settle(window));
    QCOMPARE(qemuVirtualSize(path), 32 * MiB);
    QCOMPARE(qemuCheck(path), 0);
    QVERIFY(qemuSame(reference, path));
}

void TestResizeCheckDialogs::shrinkRawAboveData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("disk.raw");
    const QString reference = dir.filePath("reference.raw");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "raw", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "raw", {"write -P 0x55 1M 2M"}), {}, &why), qPrintable(why));
    QVERIFY(copyFile(path, reference));
    QVERIFY2(ts::runExpected(ts::qemuImg({"resize", "-q", "-f", "raw", "--shrink", reference, "16M"}), {}, &why),
             qPrintable(why));

    MainWindow window;
    window.show();
    auto* dialog = openDialog<ResizeDialog>(window, path, "actionResize");
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitFor([&] { return dialog->lastDataKnown(); }, timeoutMs));
    QCOMPARE(dialog->lastDataEnd().value_or(0), qemuLastData(path));
    QCOMPARE(dialog->lastDataEnd().value_or(0), 3 * MiB);
    dialog->sizeEntry()->setText("16", 2);
    // Above the data: a warning, but no extra choice.
    QVERIFY(dialog->warningLabel()->isVisible());
    QVERIFY(!dialog->discardBox()->isVisible());
    QVERIFY(dialog->resizeButton()->isEnabled());
    dialog->resizeButton()->click();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.back().question.contains("disk.raw"));
    QVERIFY(settle(window));
    QCOMPARE(qemuVirtualSize(path), 16 * MiB);
    QVERIFY(qemuSame(reference, path, false));  // the copy is not sparse: compare contents only
}

void TestResizeCheckDialogs::invalidSizesKeepResizeDisabled()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("vm.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    const QByteArray before = ts::fileSha256(path);
    MainWindow window;
    window.show();
    auto* dialog = openDialog<ResizeDialog>(window, path, "actionResize");
    QVERIFY(dialog);
    const auto refused = [&](const QString& number, int unit, const QString& reasonPart) {
        dialog->sizeEntry()->setText(number, unit);
        const QString reason = dialog->reasonLabel()->text();
        if (dialog->resizeButton()->isEnabled() || !dialog->reasonLabel()->isVisible() || !reason.contains(reasonPart)) {
            qWarning("%s %d: reason “%s”", qPrintable(number), unit, qPrintable(reason));
            return false;
        }
        return true;
    };
    QVERIFY(refused("", 2, "Enter a size"));
    QVERIFY(refused("abc", 2, "not a number"));
    QVERIFY(refused("1000", 0, "512-byte sectors"));
    QVERIFY(refused("64", 2, "current size"));
    QVERIFY(refused("99999999", 4, "8 EiB"));
    dialog->sizeEntry()->setText("65", 2);
    QVERIFY(dialog->resizeButton()->isEnabled());
    QVERIFY(!dialog->reasonLabel()->isVisible());
    dialog->reject();
    QCOMPARE(ts::fileSha256(path), before);
}

void TestResizeCheckDialogs::actionsFollowTheSelection()
{
    QTemporaryDir dir;
    const QString base = dir.filePath("base.qcow2");
    const QString top = dir.filePath("top.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", base, "16M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top}), {}, &why),
             qPrintable(why));
    MainWindow window;
    window.show();
    auto* resize = window.findChild<QAction*>("actionResize");
    auto* checkRepair = window.findChild<QAction*>("actionCheckRepair");
    QVERIFY(resize && checkRepair);
    QVERIFY(!resize->isEnabled() && !checkRepair->isEnabled());
    QVERIFY(resize->statusTip().contains("Select"));
    QCOMPARE(resize->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(checkRepair->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    QVERIFY(window.imageList()->actions().contains(resize));
    QVERIFY(window.imageList()->actions().contains(checkRepair));
    window.openFile(top);
    QVERIFY(settle(window));
    const QModelIndex topIndex = window.imageModel()->index(0, 0);
    window.imageList()->setCurrentIndex(topIndex);
    QVERIFY(resize->isEnabled() && checkRepair->isEnabled());
    // The backing layer: check yes, resize no, with the reason in the status tip.
    window.imageList()->setCurrentIndex(window.imageModel()->index(0, 0, topIndex));
    QCOMPARE(window.imageModel()->layerPath(window.imageList()->currentIndex()), base);
    QVERIFY(checkRepair->isEnabled());
    QVERIFY(!resize->isEnabled());
    QVERIFY2(resize->statusTip().contains("backing file"), qPrintable(resize->statusTip()));
}

void TestResizeCheckDialogs::checkCleanImage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("clean.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x11 0 3M", "write -c -P 0x22 8M 64k"}), {}, &why),
             qPrintable(why));
    MainWindow window;
    window.show();
    auto* dialog = openDialog<CheckRepairDialog>(window, path, "actionCheckRepair");
    QVERIFY(dialog);
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QJsonObject qemu;
    QCOMPARE(qemuCheck(path, &qemu), 0);
    QCOMPARE(dialog->report()->leaks, uint64_t{0});
    QCOMPARE(dialog->report()->corruptions, uint64_t{0});
    QCOMPARE(qint64(dialog->report()->allocatedClusters), qemu["allocated-clusters"].toInteger());
    QCOMPARE(qint64(dialog->report()->compressedClusters), qemu["compressed-clusters"].toInteger());
    QCOMPARE(qint64(dialog->report()->imageEndOffset), qemu["image-end-offset"].toInteger());
    QVERIFY(dialog->reportView()->summaryLabel()->text().contains("No errors"));
    QVERIFY(dialog->reportView()->countsLabel()->text().contains("Image end offset"));
    QVERIFY(!dialog->repairLeaksButton()->isEnabled());
    QVERIFY(!dialog->repairAllButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("Nothing to repair"));
    QVERIFY(!dialog->progressBar()->isVisible());
    QCOMPARE(dialog->commandLine(), QString("diskscope-img check -U %1").arg(path));
    QVERIFY(!dialog->repair(CheckRepair::All));  // nothing to repair: not even asked
    QVERIFY(m_questions.isEmpty());
}

void TestResizeCheckDialogs::checkAndRepairLeaks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("leaky.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x11 0 2M"}), {}, &why), qPrintable(why));
    QVERIFY(leakOneCluster(path));
    QJsonObject qemu;
    QCOMPARE(qemuCheck(path, &qemu), 3);  // leaks only
    QCOMPARE(qemu["leaks"].toInt(), 1);
    const QByteArray before = ts::fileSha256(path);

    MainWindow window;
    window.show();
    auto* dialog = openDialog<CheckRepairDialog>(window, path, "actionCheckRepair");
    QVERIFY(dialog);
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QCOMPARE(dialog->report()->leaks, uint64_t{1});
    QCOMPARE(dialog->report()->corruptions, uint64_t{0});
    QVERIFY(dialog->repairLeaksButton()->isEnabled());
    QVERIFY(dialog->repairAllButton()->isEnabled());
    QVERIFY(!dialog->reasonLabel()->isVisible());
    QTreeWidget* findings = dialog->reportView()->findingsTree();
    QCOMPARE(findings->topLevelItemCount(), 1);
    QVERIFY(findings->topLevelItem(0)->text(2).startsWith("Leaked cluster"));
    screenshot(dialog, "check-report.png");

    // Declined: nothing written.
    m_answer = false;
    QVERIFY(!dialog->repair(CheckRepair::Leaks));
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.back().question.contains("leaky.qcow2"));
    QVERIFY(m_questions.back().detail.contains("write lock"));
    QCOMPARE(ts::fileSha256(path), before);

    m_answer = true;
    dialog->repairLeaksButton()->click();
    QCOMPARE(m_questions.size(), 2);
    QVERIFY(dialog->job());
    QCOMPARE(dialog->commandLine(), QString("diskscope-img check -r leaks %1").arg(path));
    // The repair, then a new check, then the image read again.
    QVERIFY(QTest::qWaitFor([&] { return dialog->job() && dialog->job()->kind() == Job::Kind::Check
                                         && !dialog->job()->isRunning(); },
                            timeoutMs));
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QCOMPARE(dialog->report()->leaks, uint64_t{0});
    QVERIFY(dialog->repairLabel()->isVisible());
    QVERIFY2(dialog->repairLabel()->text().contains("1 leaked cluster"), qPrintable(dialog->repairLabel()->text()));
    QVERIFY(dialog->reportView()->summaryLabel()->text().contains("No errors"));
    QVERIFY(!dialog->repairLeaksButton()->isEnabled());
    QCOMPARE(qemuCheck(path), 0);
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"read -P 0x11 0 2M"}), {}, &why), qPrintable(why));
}

void TestResizeCheckDialogs::repairAllFixesCorruption()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"write -P 0x66 0 1M"}), {}, &why), qPrintable(why));
    QVERIFY(setRefcount(path, 0, 0));  // the header's cluster: referenced, refcount 0
    QCOMPARE(qemuCheck(path), 2);      // corruptions

    MainWindow window;
    window.show();
    auto* dialog = openDialog<CheckRepairDialog>(window, path, "actionCheckRepair");
    QVERIFY(dialog);
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QVERIFY(dialog->report()->corruptions > 0);
    QCOMPARE(dialog->report()->leaks, uint64_t{0});
    // Only Repair All can help, and the reason line says why Repair Leaks is off.
    QVERIFY(!dialog->repairLeaksButton()->isEnabled());
    QVERIFY(dialog->repairAllButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("no leaked clusters"));
    dialog->repairAllButton()->click();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.back().question.contains("broken.qcow2"));
    QCOMPARE(dialog->commandLine(), QString("diskscope-img check -r all %1").arg(path));
    QVERIFY(QTest::qWaitFor([&] { return dialog->job() && dialog->job()->kind() == Job::Kind::Check
                                         && !dialog->job()->isRunning(); },
                            timeoutMs));
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QCOMPARE(dialog->report()->corruptions, uint64_t{0});
    QCOMPARE(dialog->report()->leaks, uint64_t{0});
    QCOMPARE(qemuCheck(path), 0);
    QVERIFY2(ts::runExpected(ts::qemuIo(path, "qcow2", {"read -P 0x66 0 1M"}), {}, &why), qPrintable(why));
}

void TestResizeCheckDialogs::cancelCheck()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("vm.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "64M"}), {}, &why), qPrintable(why));
    MainWindow window;
    window.show();
    window.openFile(path);
    QVERIFY(settle(window));
    window.imageList()->setCurrentIndex(window.imageModel()->index(0, 0));
    // Deterministic: the check waits in the queue behind a blocker and is cancelled there.
    QThreadPool* pool = window.jobRunner()->pool();
    pool->setMaxThreadCount(1);
    QSemaphore release;
    pool->start([&release] { release.acquire(); });
    window.findChild<QAction*>("actionCheckRepair")->trigger();
    auto* dialog = window.findChild<CheckRepairDialog*>();
    QVERIFY(dialog);
    Job* job = dialog->job();
    QVERIFY(job && job->isRunning());
    QVERIFY(dialog->cancelButton()->isVisible());
    QVERIFY(dialog->progressBar()->isVisible());
    QVERIFY(!dialog->repairAllButton()->isEnabled());
    dialog->cancelButton()->click();
    release.release();
    QVERIFY(QTest::qWaitFor([&] { return !job->isRunning(); }, timeoutMs));
    QCOMPARE(job->state(), Job::State::Cancelled);
    QVERIFY(!dialog->report());
    QVERIFY(dialog->reportView()->summaryLabel()->text().contains("cancelled"));
    QVERIFY(!dialog->cancelButton()->isVisible());
    QVERIFY(!dialog->repairLeaksButton()->isEnabled());
    // Checking again works.
    pool->setMaxThreadCount(2);
    QVERIFY(dialog->reportView()->checkButton()->isEnabled());
    dialog->reportView()->checkButton()->click();
    QVERIFY(settle(window));
    QVERIFY(dialog->report());
    QCOMPARE(dialog->report()->leaks, uint64_t{0});
}

QTEST_MAIN(TestResizeCheckDialogs)
#include "tst_resize_check_dialogs.moc"
