// SPDX-License-Identifier: GPL-2.0-or-later
// MainWindow driven like a person: open images (menu slot, drop), read the details panel,
// get an error naming a bad file, and find recent files and geometry remembered.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QTreeView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <memory>

#include "main_window/MainWindow.h"
#include "main_window/RecentFiles.h"
#include "models/ImageListModel.h"
#include "models/SnapshotTableModel.h"
#include "widgets/ImageDetailsPanel.h"

using diskscope::ui::ImageDetailsPanel;
using diskscope::ui::ImageListModel;
using diskscope::ui::MainWindow;
using diskscope::ui::RecentFiles;
using diskscope::ui::SnapshotTableModel;

namespace {
constexpr int loadTimeoutMs = 20000;

// Runs qemu-img with `args` in `dir`; the test fails with qemu-img's output if it does.
bool qemuImg(const QString& dir, const QStringList& args)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(QEMU_IMG), args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning("qemu-img %s failed: %s", qPrintable(args.join(QLatin1Char(' '))), process.readAll().constData());
        return false;
    }
    return true;
}

// The open-error message boxes currently shown, so a test can read and close them.
QList<QMessageBox*> errorBoxes()
{
    QList<QMessageBox*> boxes;
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        auto* box = qobject_cast<QMessageBox*>(widget);
        if (box && box->objectName() == QLatin1String("openErrorBox") && box->isVisible())
            boxes << box;
    }
    return boxes;
}

void closeErrorBoxes()
{
    for (QMessageBox* box : errorBoxes())
        box->close();
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void startsEmptyWithHint();
    void opensQcow2ThroughOpenFile();
    void rawImageHidesQcow2Fields();
    void showsBackingFileAndSnapshots();
    void version2ImageHidesV3Fields();
    void reopeningKeepsOneRow();
    void missingFileShowsErrorNamingIt();
    void garbageFileShowsErrorNamingIt();
    void droppedFilesAreOpened();
    void dropOfRemoteUrlIsRefused();
    void recentFilesAreRemembered();
    void geometryIsRemembered();
    void eventLoopKeepsRunningWhileLoading();
    void closeImageReturnsToEmptyState();
    void closingWhileLoadingIsSafe();

private:
    // Opens `path` through the menu's slot and waits for the worker. Fails the test with the
    // engine's message if it reports an error instead.
    bool openAndWait(MainWindow& window, const QString& path);

    QTemporaryDir m_dir;
    QString m_qcow2;
    QString m_raw;
    QString m_overlay;
    QString m_v2;
    QString m_garbage;
};

void TestMainWindow::initTestCase()
{
    // Settings and recent files go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Diskscope"));
    QCoreApplication::setApplicationName(QStringLiteral("DiskscopeUiTest"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    const QString dir = m_dir.path();

    m_qcow2 = m_dir.filePath(QStringLiteral("disk.qcow2"));
    QVERIFY(qemuImg(dir, {"create", "-q", "-f", "qcow2", "disk.qcow2", "64M"}));

    // A raw image written by hand: 1 MiB of zeros.
    m_raw = m_dir.filePath(QStringLiteral("plain.img"));
    QFile raw(m_raw);
    QVERIFY(raw.open(QIODevice::WriteOnly));
    QVERIFY(raw.resize(1 << 20));
    raw.close();

    // A relative backing name and one internal snapshot.
    QVERIFY(qemuImg(dir, {"create", "-q", "-f", "qcow2", "base.qcow2", "1G"}));
    QVERIFY(qemuImg(dir, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2"}));
    QVERIFY(qemuImg(dir, {"snapshot", "-c", "before-upgrade", "overlay.qcow2"}));
    // Two bitmaps, one named like markup: shown as two literal lines.
    QVERIFY(qemuImg(dir, {"bitmap", "--add", "overlay.qcow2", "<b>nightly</b>"}));
    QVERIFY(qemuImg(dir, {"bitmap", "--add", "-g", "1M", "overlay.qcow2", "weekly"}));
    QVERIFY(qemuImg(dir, {"create", "-q", "-f", "qcow2", "-o", "compat=0.10", "v2.qcow2", "16M"}));
    m_v2 = m_dir.filePath(QStringLiteral("v2.qcow2"));
    m_overlay = m_dir.filePath(QStringLiteral("overlay.qcow2"));

    // The qcow2 magic followed by version 0xdeadbeef: no engine may take this for an image
    // (random bytes would be a valid raw image, so a raw-looking garbage file is no test).
    m_garbage = m_dir.filePath(QStringLiteral("garbage.qcow2"));
    QFile garbage(m_garbage);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    QByteArray bytes("QFI\xfb\xde\xad\xbe\xef", 8);
    bytes.append(504, '\x5a');
    garbage.write(bytes);
    garbage.close();
}

void TestMainWindow::init()
{
    QSettings().clear();
    // Qt's own complaints are bugs here: a state blob without object names, a bad connect,
    // a layout misuse. (The offscreen plugin's size-hint notice is not one of them.)
    QTest::failOnWarning(QRegularExpression(QStringLiteral("saveState|restoreState|QObject::connect|QLayout|QFormLayout|QPainter")));
}

void TestMainWindow::cleanup()
{
    closeErrorBoxes();
}

bool TestMainWindow::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    QSignalSpy failed(&window, &MainWindow::errorReported);
    window.openFile(path);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, loadTimeoutMs); }();
    if (!failed.isEmpty()) {
        qWarning("opening %s failed: %s", qPrintable(path), qPrintable(failed.first().at(1).toString()));
        return false;
    }
    return opened.count() == 1 && opened.first().at(0).toString() == path;
}

void TestMainWindow::startsEmptyWithHint()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Diskscope"));
    auto* hint = window.findChild<QLabel*>(QStringLiteral("emptyStateHint"));
    QVERIFY(hint);
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->text(), QStringLiteral("Open a disk image (Ctrl+O) or drop one here"));
    QVERIFY(!window.imageList()->isVisible());
    auto* open = window.findChild<QAction*>(QStringLiteral("actionOpen"));
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_O));
    auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
}

void TestMainWindow::opensQcow2ThroughOpenFile()
{
    MainWindow window;
    QAbstractItemModelTester tester(window.imageModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, m_qcow2));

    // The list shows the file and it is selected.
    QCOMPARE(window.imageModel()->rowCount(), 1);
    QVERIFY(window.imageList()->isVisible());
    QCOMPARE(window.imageList()->currentIndex().row(), 0);
    QCOMPARE(window.imageList()->currentIndex().data().toString(), QStringLiteral("disk.qcow2"));

    ImageDetailsPanel* panel = window.detailsPanel();
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->valueLabel(QStringLiteral("format"))->text(), QStringLiteral("qcow2"));
    QCOMPARE(panel->valueLabel(QStringLiteral("virtualSize"))->text(), QStringLiteral("64 MiB"));
    QCOMPARE(panel->valueLabel(QStringLiteral("virtualSize"))->toolTip(), QStringLiteral("67,108,864 bytes"));
    QCOMPARE(panel->valueLabel(QStringLiteral("file"))->text(), m_qcow2);
    QCOMPARE(panel->valueLabel(QStringLiteral("clusterSize"))->text(), QStringLiteral("64 KiB"));
    QVERIFY(panel->valueLabel(QStringLiteral("clusterSize"))->isVisible());
    QCOMPARE(panel->valueLabel(QStringLiteral("compat"))->text(), QStringLiteral("1.1"));
    QCOMPARE(panel->valueLabel(QStringLiteral("refcountBits"))->text(), QStringLiteral("16"));
    QCOMPARE(panel->valueLabel(QStringLiteral("compression"))->text(), QStringLiteral("zlib"));
    QCOMPARE(panel->valueLabel(QStringLiteral("corrupt"))->text(), QStringLiteral("No"));
    // Strings from images are shown as plain text.
    QCOMPARE(panel->valueLabel(QStringLiteral("file"))->textFormat(), Qt::PlainText);
    // Fields that do not apply are hidden: no backing file, no snapshots, no data file.
    QVERIFY(!panel->findChild<QWidget*>(QStringLiteral("backingSection"))->isVisible());
    QVERIFY(!panel->findChild<QWidget*>(QStringLiteral("snapshotSection"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("dataFile"))->isVisible());
    QVERIFY(errorBoxes().isEmpty());
}

void TestMainWindow::rawImageHidesQcow2Fields()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, m_raw));
    ImageDetailsPanel* panel = window.detailsPanel();
    QCOMPARE(panel->valueLabel(QStringLiteral("format"))->text(), QStringLiteral("raw"));
    QCOMPARE(panel->valueLabel(QStringLiteral("virtualSize"))->text(), QStringLiteral("1 MiB"));
    QVERIFY(!panel->valueLabel(QStringLiteral("clusterSize"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("corrupt"))->isVisible());
    QVERIFY(!panel->findChild<QWidget*>(QStringLiteral("qcow2Section"))->isVisible());
    QVERIFY(panel->findChild<QWidget*>(QStringLiteral("imageSection"))->isVisible());
}

void TestMainWindow::showsBackingFileAndSnapshots()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, m_overlay));
    ImageDetailsPanel* panel = window.detailsPanel();
    QVERIFY(panel->findChild<QWidget*>(QStringLiteral("backingSection"))->isVisible());
    QCOMPARE(panel->valueLabel(QStringLiteral("backingFile"))->text(), QStringLiteral("base.qcow2"));
    QCOMPARE(panel->valueLabel(QStringLiteral("backingFormat"))->text(), QStringLiteral("qcow2"));
    QCOMPARE(panel->valueLabel(QStringLiteral("backingPath"))->text(), m_dir.filePath(QStringLiteral("base.qcow2")));
    QCOMPARE(panel->valueLabel(QStringLiteral("virtualSize"))->text(), QStringLiteral("1 GiB"));

    QLabel* bitmaps = panel->valueLabel(QStringLiteral("bitmaps"));
    QCOMPARE(bitmaps->text(), QStringLiteral("<b>nightly</b>, granularity 64 KiB (auto)\nweekly, granularity 1 MiB (auto)"));
    QCOMPARE(bitmaps->textFormat(), Qt::PlainText);
    // Both lines fit: the label got the height it asked for.
    QTRY_VERIFY(bitmaps->height() >= bitmaps->sizeHint().height());
    QVERIFY(bitmaps->sizeHint().height() >= 2 * bitmaps->fontMetrics().height());

    auto* table = panel->findChild<QTableView*>(QStringLiteral("snapshotTable"));
    QVERIFY(table);
    QVERIFY(table->isVisible());
    QAbstractItemModel* snapshots = table->model();
    QCOMPARE(snapshots->rowCount(), 1);
    QCOMPARE(snapshots->index(0, SnapshotTableModel::IdColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(snapshots->index(0, SnapshotTableModel::NameColumn).data().toString(), QStringLiteral("before-upgrade"));
    QCOMPARE(snapshots->index(0, SnapshotTableModel::VmStateSizeColumn).data().toString(), QStringLiteral("0 bytes"));
    QCOMPARE(snapshots->index(0, SnapshotTableModel::VmClockColumn).data().toString(), QStringLiteral("0000:00:00.000"));
}

void TestMainWindow::version2ImageHidesV3Fields()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, m_v2));
    ImageDetailsPanel* panel = window.detailsPanel();
    QCOMPARE(panel->valueLabel(QStringLiteral("compat"))->text(), QStringLiteral("0.10 (version 2)"));
    QVERIFY(panel->valueLabel(QStringLiteral("refcountBits"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("lazyRefcounts"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("extendedL2"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("compression"))->isVisible());
    QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("label_compression"))->isVisible());
    QVERIFY(!panel->valueLabel(QStringLiteral("bitmaps"))->isVisible());
}

void TestMainWindow::reopeningKeepsOneRow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, m_qcow2));
    QVERIFY(openAndWait(window, m_raw));
    QCOMPARE(window.imageModel()->rowCount(), 2);
    QCOMPARE(window.detailsPanel()->valueLabel(QStringLiteral("format"))->text(), QStringLiteral("raw"));
    QVERIFY(openAndWait(window, m_qcow2));
    QCOMPARE(window.imageModel()->rowCount(), 2);
    // Re-opening selects the image again.
    QCOMPARE(window.imageList()->currentIndex().row(), 0);
    QCOMPARE(window.detailsPanel()->valueLabel(QStringLiteral("format"))->text(), QStringLiteral("qcow2"));
}

void TestMainWindow::missingFileShowsErrorNamingIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy failed(&window, &MainWindow::errorReported);
    const QString missing = m_dir.filePath(QStringLiteral("does-not-exist.qcow2"));
    window.openFile(missing);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, loadTimeoutMs);
    QCOMPARE(failed.first().at(0).toString(), missing);
    QTRY_COMPARE(errorBoxes().size(), 1);
    QMessageBox* box = errorBoxes().first();
    QVERIFY(box->text().contains(QStringLiteral("does-not-exist.qcow2")));
    QVERIFY(box->informativeText().contains(missing));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    // The box does not block: the window still answers and lists nothing for the bad file.
    QCOMPARE(window.imageModel()->rowCount(), 0);
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("emptyStateHint"))->isVisible());
    box->close();
    QTRY_VERIFY(errorBoxes().isEmpty());
    QVERIFY(RecentFiles::existing().isEmpty());
}

void TestMainWindow::garbageFileShowsErrorNamingIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    QSignalSpy failed(&window, &MainWindow::errorReported);
    window.openFile(m_garbage);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, loadTimeoutMs);
    QCOMPARE(opened.count(), 0);
    QVERIFY(!failed.first().at(1).toString().isEmpty());
    QCOMPARE(errorBoxes().size(), 1);
    QVERIFY(errorBoxes().first()->text().contains(QStringLiteral("garbage.qcow2")));
    QCOMPARE(window.imageModel()->rowCount(), 0);
}

void TestMainWindow::droppedFilesAreOpened()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    QSignalSpy finished(&window, &MainWindow::loadsFinished);

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_qcow2), QUrl::fromLocalFile(m_raw)});
    const QPoint centre = window.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());

    // Both are listed at once, then read in the background.
    QCOMPARE(window.imageModel()->rowCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1 && window.pendingLoads() == 0, loadTimeoutMs);
    QCOMPARE(opened.count(), 2);
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Opened 2 images"));
    QCOMPARE(window.imageModel()->index(0, 0).data().toString(), QStringLiteral("disk.qcow2"));
    QCOMPARE(window.imageModel()->index(1, 0).data().toString(), QStringLiteral("plain.img"));
}

void TestMainWindow::dropOfRemoteUrlIsRefused()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_qcow2), QUrl(QStringLiteral("https://example.org/disk.qcow2"))});
    QDragEnterEvent enter(window.rect().center(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(!enter.isAccepted());
    QCOMPARE(window.imageModel()->rowCount(), 0);
}

void TestMainWindow::recentFilesAreRemembered()
{
    {
        MainWindow window;
        QVERIFY(openAndWait(window, m_raw));
        QVERIFY(openAndWait(window, m_qcow2));
    }
    QCOMPARE(RecentFiles::existing(), QStringList({m_qcow2, m_raw}));

    // A new window offers them, newest first, and the entry opens the file.
    MainWindow window;
    auto* menu = window.findChild<QMenu*>(QStringLiteral("menuOpenRecent"));
    QVERIFY(menu);
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QStringList offered;
    QAction* first = nullptr;
    for (QAction* action : menu->actions()) {
        if (action->data().isValid()) {
            offered << action->data().toString();
            if (!first)
                first = action;
        }
    }
    QCOMPARE(offered, QStringList({m_qcow2, m_raw}));
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    first->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, loadTimeoutMs);
    QCOMPARE(opened.first().at(0).toString(), m_qcow2);
}

void TestMainWindow::geometryIsRemembered()
{
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(813, 587);
        QTRY_COMPARE(window.size(), QSize(813, 587));
        window.close();
    }
    MainWindow window;
    QCOMPARE(window.size(), QSize(813, 587));
}

void TestMainWindow::eventLoopKeepsRunningWhileLoading()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A 10 ms timer on the GUI thread records the longest gap between ticks while images load.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 longestGap = 0;
    QTimer probe;
    probe.setInterval(10);
    connect(&probe, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        longestGap = std::max(longestGap, now - last);
        last = now;
    });
    clock.start();
    probe.start();
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    window.openFiles({m_qcow2, m_raw, m_overlay});
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 3, loadTimeoutMs);
    probe.stop();
    // Generous: the point is that no load ran on the GUI thread for long.
    QVERIFY2(longestGap < 500, qPrintable(QStringLiteral("longest event loop gap %1 ms").arg(longestGap)));
}

void TestMainWindow::closeImageReturnsToEmptyState()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* close = window.findChild<QAction*>(QStringLiteral("actionCloseImage"));
    QVERIFY(close);
    QVERIFY(!close->isEnabled());
    QVERIFY(openAndWait(window, m_qcow2));
    QVERIFY(openAndWait(window, m_raw));
    QVERIFY(close->isEnabled());
    close->trigger();
    // The raw image (selected) is gone; the qcow2 one is selected and shown.
    QCOMPARE(window.imageModel()->rowCount(), 1);
    QCOMPARE(window.imageList()->currentIndex().data().toString(), QStringLiteral("disk.qcow2"));
    QCOMPARE(window.detailsPanel()->valueLabel(QStringLiteral("format"))->text(), QStringLiteral("qcow2"));
    close->trigger();
    QCOMPARE(window.imageModel()->rowCount(), 0);
    QVERIFY(!close->isEnabled());
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("emptyStateHint"))->isVisible());
}

void TestMainWindow::closingWhileLoadingIsSafe()
{
    // Destroying the window with reads in flight waits for them and drops their results.
    auto window = std::make_unique<MainWindow>();
    window->show();
    window->openFiles({m_qcow2, m_overlay, m_raw, m_garbage});
    QVERIFY(window->pendingLoads() > 0);
    window->close();
    window.reset();
    QTest::qWait(50);
    QVERIFY(errorBoxes().isEmpty());
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
