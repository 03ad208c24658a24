// SPDX-License-Identifier: GPL-2.0-or-later
// The application shell on images qemu-img made: chains as trees, health findings (from info
// and from a check job), jobs with progress and cancellation that leave nothing behind, the
// question before quitting while a job writes, an event loop that never stalls, and the
// command line of the real binary.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QSplitter>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QProgressBar>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QPointer>
#include <QTreeView>
#include <QTreeWidget>
#include <QtEndian>

#include "jobs/JobRunner.h"
#include "qemu_tools.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "models/SnapshotTableModel.h"
#include "widgets/CheckReportView.h"
#include "widgets/CommandField.h"
#include "widgets/HealthView.h"
#include "widgets/ImageDetailsPanel.h"
#include "widgets/JobPanel.h"
#include "widgets/LogPanel.h"

using namespace diskscope::ui;

namespace {
constexpr int timeoutMs = 30000;

// qemu-img / qemu-io in `dir` through the shared test support (timeouts, full report on failure).
bool qemuImg(const QString& dir, const QStringList& args)
{
    QString why;
    if (!diskscope::testsupport::runExpected(diskscope::testsupport::qemuImg(args), dir, &why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

bool qemuIo(const QString& dir, const QString& image, const QString& command)
{
    QString why;
    if (!diskscope::testsupport::runExpected(diskscope::testsupport::qemuIo(image, QStringLiteral("qcow2"), {command}), dir,
                                             &why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

bool patch(const QString& path, qint64 offset, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.seek(offset) && file.write(bytes) == bytes.size();
}

QByteArray readAt(const QString& path, qint64 offset, int size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(size);
}

quint64 be64At(const QString& path, qint64 offset)
{
    const QByteArray bytes = readAt(path, offset, 8);
    return bytes.size() == 8 ? qFromBigEndian<quint64>(bytes.constData()) : 0;
}

// Sets bits in one byte of the header (feature bit fields are big-endian).
bool orByte(const QString& path, qint64 offset, char bits)
{
    QByteArray byte = readAt(path, offset, 1);
    if (byte.size() != 1)
        return false;
    byte[0] = char(byte[0] | bits);
    return patch(path, offset, byte);
}

// Files in `dir` other than the ones listed: what a job left behind.
QStringList leftovers(const QString& dir, const QStringList& expected)
{
    QStringList files = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    for (const QString& name : expected)
        files.removeAll(name);
    return files;
}

}  // namespace

class TestShell : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void chainIsShownAsTree();
    void layerRowShowsLayerDetails();
    void missingBackingFileIsAFinding();
    void backingNameFindings();
    void headerFindings();
    void externalDataFileFinding();
    void compressedImageAndSnapshots();
    void untrustedBackingNameIsEscaped();
    void checkJobFeedsFindingsAndReport();
    void checkFindsDataPastTheEnd();
    void cancelledCheckReportsCancelled();
    void cancelledConvertLeavesNothing();
    void convertProgressAndCommand();
    void closeWhileWritingAsksFirst();
    void eventLoopNeverStalls();
    void commandLineOpensFiles();
    void extraDetailsTabFollowsSelection();
    void shortcutsAndRememberedLayout();
    void darkPaletteIsFollowed();
    void customWidgetsHaveAccessibleNames();

private:
    bool openAndWait(MainWindow& window, const QString& path);
    QStringList findings(MainWindow& window) const
    {
        return window.detailsPanel()->healthView()->findingLines();
    }

    QTemporaryDir m_dir;
    QString m_top, m_mid, m_base, m_orphan, m_noFormat, m_absolute, m_parent, m_flags, m_dataFile;
    QString m_compressed, m_leaky, m_truncated, m_oddName, m_bigRaw;
    QTemporaryDir m_outDir;
};

void TestShell::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Diskscope"));
    QCoreApplication::setApplicationName(QStringLiteral("DiskscopeShellTest"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_outDir.isValid());
    const QString d = m_dir.path();
    auto path = [&](const char* name) { return m_dir.filePath(QLatin1String(name)); };

    // A three-layer chain with relative names.
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "base.qcow2", "64M"}));
    QVERIFY(qemuIo(d, "base.qcow2", "write -P 0x11 0 1M"));
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "mid.qcow2"}));
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2"}));
    m_base = path("base.qcow2");
    m_mid = path("mid.qcow2");
    m_top = path("top.qcow2");

    // A backing file that does not exist.
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-u", "-b", "gone.qcow2", "-F", "qcow2", "orphan.qcow2", "64M"}));
    m_orphan = path("orphan.qcow2");

    // No recorded backing format: qemu-img 7.2 will not write one, so the backing-format
    // extension is renamed to an unknown type (which readers skip).
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "noformat.qcow2"}));
    m_noFormat = path("noformat.qcow2");
    {
        const QByteArray header = readAt(m_noFormat, 0, 4096);
        const int at = header.indexOf(QByteArray::fromHex("e2792aca"), 104);
        QVERIFY(at > 0);
        QVERIFY(patch(m_noFormat, at, QByteArray::fromHex("7e570001")));
    }

    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", m_base, "-F", "qcow2", "absolute.qcow2"}));
    m_absolute = path("absolute.qcow2");
    QVERIFY(QDir(d).mkdir(QStringLiteral("sub")));
    QVERIFY(qemuImg(d + QStringLiteral("/sub"), {"create", "-q", "-f", "qcow2", "-b", "../base.qcow2", "-F", "qcow2", "parent.qcow2"}));
    m_parent = path("sub/parent.qcow2");

    // Header flags: corrupt (incompatible bit 1), an unknown compatible bit 5, an unknown
    // autoclear bit 7, on an image with lazy refcounts.
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "flags.qcow2", "16M"}));
    m_flags = path("flags.qcow2");
    QVERIFY(orByte(m_flags, 79, 0x02));
    QVERIFY(orByte(m_flags, 87, 0x20));
    QVERIFY(orByte(m_flags, 95, char(0x80)));

    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-o", "data_file=datafile.raw,data_file_raw=on", "datafile.qcow2", "16M"}));
    m_dataFile = path("datafile.qcow2");

    // Compressed clusters and two internal snapshots.
    QVERIFY(qemuImg(d, {"convert", "-q", "-c", "-f", "qcow2", "-O", "qcow2", "base.qcow2", "compressed.qcow2"}));
    QVERIFY(qemuImg(d, {"snapshot", "-c", "first", "compressed.qcow2"}));
    QVERIFY(qemuImg(d, {"snapshot", "-c", "second", "compressed.qcow2"}));
    m_compressed = path("compressed.qcow2");

    // One leaked cluster: the first L2 entry is cleared, its data cluster keeps refcount 1.
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "leaky.qcow2", "16M"}));
    QVERIFY(qemuIo(d, "leaky.qcow2", "write -P 0x22 0 128k"));
    m_leaky = path("leaky.qcow2");
    {
        const quint64 l2 = be64At(m_leaky, be64At(m_leaky, 40)) & 0x00fffffffffffe00ull;
        QVERIFY(l2 > 0);
        QVERIFY(patch(m_leaky, qint64(l2), QByteArray(8, '\0')));
    }

    // Truncated by one cluster: the last data cluster lies past the end (errata, issue 2).
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "truncated.qcow2", "16M"}));
    QVERIFY(qemuIo(d, "truncated.qcow2", "write -P 0x33 1M 64k"));
    m_truncated = path("truncated.qcow2");
    QVERIFY(QFile::resize(m_truncated, QFileInfo(m_truncated).size() - 65536));

    // A backing name with a tab and markup in it.
    QVERIFY(QFile::copy(m_base, path("odd\t<i>name.qcow2")));
    QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", "odd\t<i>name.qcow2", "-F", "qcow2", "oddchild.qcow2"}));
    m_oddName = path("oddchild.qcow2");

    // 512 MiB of non-zero data: long enough to cancel a conversion in the middle.
    m_bigRaw = path("big.raw");
    QFile big(m_bigRaw);
    QVERIFY(big.open(QIODevice::WriteOnly));
    QByteArray chunk(1 << 20, '\0');
    for (int i = 0; i < chunk.size(); ++i)
        chunk[i] = char((i * 7 + 1) & 0xff);
    for (int i = 0; i < 512; ++i)
        QCOMPARE(big.write(chunk), qint64(chunk.size()));
    big.close();
}

void TestShell::init()
{
    QSettings().clear();
}

bool TestShell::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    QSignalSpy failed(&window, &MainWindow::errorReported);
    window.openFile(path);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, timeoutMs); }();
    if (!failed.isEmpty()) {
        qWarning("opening %s failed: %s", qPrintable(path), qPrintable(failed.first().at(1).toString()));
        return false;
    }
    return true;
}

void TestShell::chainIsShownAsTree()
{
    MainWindow window;
    QAbstractItemModelTester tester(window.imageModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(openAndWait(window, m_top));
    ImageListModel* model = window.imageModel();
    const QModelIndex top = model->index(0, 0);
    QCOMPARE(model->rowCount(top), 2);
    QCOMPARE(model->index(0, 0, top).data().toString(), QStringLiteral("mid.qcow2"));
    QCOMPARE(model->index(1, 0, top).data().toString(), QStringLiteral("base.qcow2"));
    QCOMPARE(model->index(1, 0, top).data(ImageListModel::PathRole).toString(), m_base);
    QVERIFY(window.imageList()->isExpanded(top));
    QCOMPARE(window.windowTitle(), QStringLiteral("top.qcow2 — Diskscope"));
    QVERIFY(findings(window).isEmpty());
    // Opened read-only without locks, and it says so.
    QCOMPARE(window.detailsPanel()->valueLabel(QStringLiteral("access"))->text(), QStringLiteral("Read-only, without locks (like -U)"));
    QCOMPARE(window.logPanel()->commands().last(),
             QStringLiteral("diskscope-img info -U --backing-chain ") + m_top);
    // Refresh (F5) reads the chain again: rows go and come back.
    QSignalSpy opened(&window, &MainWindow::imageOpened);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, timeoutMs);
    QCOMPARE(model->rowCount(model->index(0, 0)), 2);
}

void TestShell::layerRowShowsLayerDetails()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_top));
    QSignalSpy moved(&window, &MainWindow::currentLayerChanged);
    ImageListModel* model = window.imageModel();
    window.imageList()->setCurrentIndex(model->index(1, 0, model->index(0, 0)));
    QCOMPARE(window.currentLayerPath(), m_base);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.first().at(0).toString(), m_base);
    QCOMPARE(window.detailsPanel()->findChild<QLabel*>(QStringLiteral("detailsTitle"))->text(), QStringLiteral("base.qcow2"));
    QVERIFY(window.detailsPanel()->findChild<QLabel*>(QStringLiteral("detailsSubtitle"))->text().startsWith(
        QStringLiteral("Backing layer 2 of top.qcow2")));
    QCOMPARE(window.detailsPanel()->valueLabel(QStringLiteral("virtualSize"))->toolTip(), QStringLiteral("67,108,864 bytes"));
}

void TestShell::missingBackingFileIsAFinding()
{
    MainWindow window;
    QAbstractItemModelTester tester(window.imageModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(openAndWait(window, m_orphan));
    ImageListModel* model = window.imageModel();
    const QModelIndex top = model->index(0, 0);
    QCOMPARE(model->rowCount(top), 1);
    const QModelIndex missing = model->index(0, 0, top);
    QCOMPARE(missing.data(ImageListModel::SummaryRole).toString(), QStringLiteral("Backing file missing"));
    QCOMPARE(missing.data(ImageListModel::PathRole).toString(), m_dir.filePath(QStringLiteral("gone.qcow2")));
    QCOMPARE(findings(window), QStringList{QStringLiteral("error: Backing file missing")});
    window.imageList()->setCurrentIndex(missing);
    QVERIFY(window.currentLayerPath().isEmpty());
    QCOMPARE(findings(window), QStringList{QStringLiteral("error: Backing file missing")});
}

void TestShell::backingNameFindings()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_noFormat));
    QCOMPARE(findings(window), QStringList{QStringLiteral("warning: Backing file format not recorded")});
    QCOMPARE(window.imageModel()->rowCount(window.imageModel()->index(0, 0)), 1);  // probed, and opened
    QVERIFY(openAndWait(window, m_absolute));
    QCOMPARE(findings(window), QStringList{QStringLiteral("warning: Absolute backing file name")});
    // A ".." name that really leads outside the image's directory is not followed without consent.
    QVERIFY(openAndWait(window, m_parent));
    QCOMPARE(findings(window), (QStringList{QStringLiteral("warning: Backing file name leaves the image's directory"),
                                            QStringLiteral("warning: Backing file outside the image's directory not opened")}));
}

void TestShell::headerFindings()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_flags));
    const QStringList lines = findings(window);
    QVERIFY2(lines.size() == 4, qPrintable(lines.join(QLatin1Char('\n'))));
    // Errors first.
    QCOMPARE(lines[0], QStringLiteral("error: Marked corrupt"));
    QVERIFY(lines.contains(QStringLiteral("info: Lazy refcounts")));
    QVERIFY(lines.contains(QStringLiteral("info: Unknown compatible feature bits: 5")));
    QVERIFY(lines.contains(QStringLiteral("info: Unknown autoclear feature bits: 7")));
    QCOMPARE(window.imageModel()->index(0, 0).data(ImageListModel::SeverityRole).toInt(), int(diskscope::HealthSeverity::Error));
    // Severity is not told by the icon alone.
    const auto rows = window.detailsPanel()->healthView()->findChildren<QWidget*>(QStringLiteral("healthFinding"));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0]->accessibleName(), QStringLiteral("Error: Marked corrupt"));
}

void TestShell::externalDataFileFinding()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_dataFile));
    QCOMPARE(findings(window), QStringList{QStringLiteral("info: External data file")});
    QVERIFY(window.detailsPanel()->valueLabel(QStringLiteral("dataFile"))->text().startsWith(QStringLiteral("datafile.raw")));
}

void TestShell::compressedImageAndSnapshots()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_compressed));
    QVERIFY(findings(window).isEmpty());
    SnapshotTableModel* snapshots = window.detailsPanel()->snapshotModel();
    QCOMPARE(snapshots->rowCount(), 2);
    QCOMPARE(snapshots->index(1, SnapshotTableModel::NameColumn).data().toString(), QStringLiteral("second"));
    Job* job = window.checkCurrent();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), timeoutMs);
    QCOMPARE(job->state(), Job::State::Succeeded);
    QVERIFY(job->checkReport()->compressedClusters > 0);
    QCOMPARE(job->checkReport()->corruptions, 0u);
    QCOMPARE(findings(window), QStringList{});
    QVERIFY(window.checkReportView()->summaryLabel()->text().startsWith(QStringLiteral("No errors were found")));
}

void TestShell::untrustedBackingNameIsEscaped()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_oddName));
    QLabel* stored = window.detailsPanel()->valueLabel(QStringLiteral("backingFile"));
    QCOMPARE(stored->text(), QStringLiteral("odd\\t<i>name.qcow2"));
    QCOMPARE(stored->textFormat(), Qt::PlainText);
    ImageListModel* model = window.imageModel();
    QCOMPARE(model->index(0, 0, model->index(0, 0)).data().toString(), QStringLiteral("odd\\t<i>name.qcow2"));
    // The command line quotes it so a paste reads the same file.
    window.imageList()->setCurrentIndex(model->index(0, 0, model->index(0, 0)));
    const QString command = window.detailsPanel()->commandField()->command();
    QVERIFY2(command.startsWith(QStringLiteral("diskscope-img info -U --backing-chain $'/"))
                 && command.endsWith(QStringLiteral("/odd\\x09<i>name.qcow2'")),
             qPrintable(command));
}

void TestShell::checkJobFeedsFindingsAndReport()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_leaky));
    QVERIFY(findings(window).isEmpty());
    QSignalSpy finished(window.jobRunner(), &JobRunner::jobFinished);
    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_K));
    QCOMPARE(window.jobRunner()->jobs().size(), 1);
    Job* job = window.jobRunner()->jobs().front();
    QCOMPARE(job->commandLine(), QStringLiteral("diskscope-img check -U ") + m_leaky);
    QVERIFY(!job->writes());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeoutMs);
    QCOMPARE(job->state(), Job::State::Succeeded);
    QCOMPARE(job->checkReport()->leaks, 1u);
    QCOMPARE(findings(window), QStringList{QStringLiteral("warning: Leaked clusters: 1")});
    QTreeWidget* tree = window.checkReportView()->findingsTree();
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Leak"));
    // The job row shows the finished state and the command; the log the exit status qemu-img gives.
    JobRow* row = window.jobPanel()->rowFor(job);
    QVERIFY(row);
    QCOMPARE(row->progressBar()->value(), row->progressBar()->maximum());
    QVERIFY(!row->cancelButton()->isVisible());
    QVERIFY2(window.logPanel()->text().contains(QStringLiteral("1 leaked cluster (exit status 3)")),
             qPrintable(window.logPanel()->text()));
    QCOMPARE(window.logPanel()->commands().last(), job->commandLine());
}

void TestShell::checkFindsDataPastTheEnd()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_truncated));
    Job* job = window.checkCurrent();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), timeoutMs);
    QCOMPARE(findings(window), QStringList{QStringLiteral("error: 1 reference past the end of the file")});
    QCOMPARE(window.imageModel()->index(0, 0).data(ImageListModel::SeverityRole).toInt(), int(diskscope::HealthSeverity::Error));
}

void TestShell::cancelledCheckReportsCancelled()
{
    // Deterministic: the job waits in the queue behind a blocker, is cancelled there, and the
    // engine then starts with its stop token already set.
    JobRunner runner;
    runner.pool()->setMaxThreadCount(1);
    QSemaphore release;
    runner.pool()->start([&release] { release.acquire(); });
    Job* job = runner.startCheck(m_compressed);
    QSignalSpy canceled(job->watcher(), &QFutureWatcher<void>::canceled);
    job->cancel();
    QVERIFY(job->cancelRequested());
    release.release();
    QSignalSpy finished(job, &Job::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeoutMs);
    QCOMPARE(job->state(), Job::State::Cancelled);
    QVERIFY(!job->checkReport());
    QVERIFY(job->watcher()->future().isCanceled());
    QCOMPARE(canceled.count(), 1);
}

void TestShell::cancelledConvertLeavesNothing()
{
    const QString dir = m_outDir.path();
    const QString target = m_outDir.filePath(QStringLiteral("cancelled.raw"));
    JobRunner runner;
    Job* job = runner.startConvertToRaw(m_bigRaw, target);
    QVERIFY(job->writes());
    // Cancel in the middle: at the future's first progress report (a few milliseconds in; the
    // job panel's 10 Hz poll could come after a fast machine has copied everything).
    connect(job->watcher(), &QFutureWatcher<void>::progressValueChanged, job, [job](int value) {
        if (value > 0)
            job->cancel();
    });
    QSignalSpy finished(job, &Job::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeoutMs);
    QCOMPARE(job->state(), Job::State::Cancelled);
    QVERIFY2(job->done() < job->total(), "the conversion ended before it could be cancelled");
    QCOMPARE(leftovers(dir, {}), QStringList{});
}

void TestShell::convertProgressAndCommand()
{
    const QString target = m_outDir.filePath(QStringLiteral("copy.raw"));
    MainWindow window;
    window.show();
    Job* job = window.convertToRaw(m_bigRaw, target);
    QCOMPARE(job->commandLine(), QStringLiteral("diskscope-img convert -U -O raw %1 %2").arg(m_bigRaw, target));
    QList<quint64> seen;
    connect(job, &Job::progressChanged, job, [job, &seen] { seen << job->done(); });
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), timeoutMs);
    QCOMPARE(job->state(), Job::State::Succeeded);
    // 64-bit counts on our own channel: exact totals, never going back.
    QCOMPARE(job->total(), quint64(512) << 20);
    QCOMPARE(job->done(), job->total());
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i] >= seen[i - 1]);
    QCOMPARE(QFileInfo(target).size(), qint64(512) << 20);
    QVERIFY(JobPanel::progressText(*job).contains(QStringLiteral("Wrote 512 MiB")));
    QVERIFY(window.logPanel()->text().contains(QStringLiteral("(exit status 0)")));
    QFile::remove(target);
}

void TestShell::closeWhileWritingAsksFirst()
{
    const QString target = m_outDir.filePath(QStringLiteral("unfinished.raw"));
    auto* window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<MainWindow> alive(window);
    window->show();
    QStringList questions;
    bool answer = false;
    window->setCloseConfirmation([&](const QString& question, const QString&) {
        questions << question;
        return answer;
    });
    Job* job = window->convertToRaw(m_bigRaw, target);
    // "Keep Working": nothing happens.
    QVERIFY(!window->close());
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions[0].contains(QStringLiteral("unfinished.raw")));
    QVERIFY(window->isVisible());
    QVERIFY(job->isRunning() && !job->cancelRequested());
    // "Cancel Job and Quit": the job stops, then the window closes, and no file is left.
    answer = true;
    window->close();
    QCOMPARE(questions.size(), 2);
    QVERIFY(job->cancelRequested());
    QTRY_VERIFY_WITH_TIMEOUT(alive.isNull(), timeoutMs);
    QCOMPARE(leftovers(m_outDir.path(), {}), QStringList{});
}

void TestShell::eventLoopNeverStalls()
{
    // A 5 ms timer pings the event loop during a conversion; the largest gap proves that
    // nothing blocks it (the benchmark in bench/ records the real figure for 2 GiB).
    const QString target = m_outDir.filePath(QStringLiteral("ping.raw"));
    MainWindow window;
    window.show();
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QTimer ping;
    ping.setTimerType(Qt::PreciseTimer);
    connect(&ping, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    clock.start();
    ping.start(5);
    Job* job = window.convertToRaw(m_bigRaw, target);
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), timeoutMs);
    ping.stop();
    QCOMPARE(job->state(), Job::State::Succeeded);
    qInfo("largest event-loop gap during a 512 MiB conversion: %lld ms", worst);
    QVERIFY2(worst < 500, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(worst)));
    QFile::remove(target);
}

void TestShell::commandLineOpensFiles()
{
    // The real binary: `diskscope FILE...` opens them (the hidden screenshot option makes it
    // save a picture and quit once they are read, with a check of the selected one).
    const QString picture = m_outDir.filePath(QStringLiteral("shot.png"));
    QTemporaryDir config;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(DISKSCOPE_GUI),
                  {QStringLiteral("--screenshot"), picture, QStringLiteral("--screenshot-check"), m_base, m_leaky});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(QFileInfo(picture).size() > 10000);
    // Both files were opened: they are now the recent files.
    QSettings recent(config.path() + QStringLiteral("/Diskscope/Diskscope.conf"), QSettings::IniFormat);
    const QStringList files = recent.value(QStringLiteral("recentFiles")).toStringList();
    QVERIFY2(files.contains(m_base) && files.contains(m_leaky), qPrintable(files.join(QLatin1Char(' '))));
    QFile::remove(picture);
}

void TestShell::extraDetailsTabFollowsSelection()
{
    // The hook other views use: a page added to the details tabs and told what is selected.
    MainWindow window;
    window.show();
    auto* page = new QLabel(QStringLiteral("map"));
    const int tab = window.addDetailsTab(page, QStringLiteral("Guest Map"));
    QCOMPARE(window.detailsTabs()->widget(tab), page);
    QSignalSpy moved(&window, &MainWindow::currentLayerChanged);
    QVERIFY(openAndWait(window, m_top));
    QCOMPARE(moved.last().at(0).toString(), m_top);
}

void TestShell::shortcutsAndRememberedLayout()
{
    {
        MainWindow window;
        window.show();
        auto shortcut = [&window](const char* name) {
            auto* action = window.findChild<QAction*>(QLatin1String(name));
            return action ? action->shortcut() : QKeySequence();
        };
        QCOMPARE(shortcut("actionOpen"), QKeySequence(QKeySequence::Open));
        QCOMPARE(shortcut("actionCloseImage"), QKeySequence(QKeySequence::Close));
        QCOMPARE(shortcut("actionQuit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
        QCOMPARE(shortcut("actionRefresh"), QKeySequence(Qt::Key_F5));
        QCOMPARE(shortcut("actionCheck"), QKeySequence(Qt::CTRL | Qt::Key_K));
        QCOMPARE(shortcut("actionCopyCommand"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        // Layout to remember: the log hidden, the Check Report tab, a moved splitter.
        window.findChild<QDockWidget*>(QStringLiteral("logDock"))->hide();
        window.detailsTabs()->setCurrentIndex(1);
        QVERIFY(openAndWait(window, m_top));
        auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
        splitter->setSizes({333, 600});
        QVERIFY(window.close());
    }
    MainWindow again;
    again.show();
    QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("logDock"))->isVisible());
    QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("jobsDock"))->isVisible());
    QCOMPARE(again.detailsTabs()->currentIndex(), 1);
    QVERIFY(openAndWait(again, m_top));
    QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes().value(0), 333);
}

void TestShell::darkPaletteIsFollowed()
{
    // No hard-coded colours: the details read as the palette's base, text in its text colour.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    const QPalette original = QApplication::palette();
    QApplication::setPalette(dark);
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_leaky));
        QWidget* panel = window.detailsPanel();
        QCOMPARE(panel->palette().color(panel->backgroundRole()), QColor(0x1e, 0x1e, 0x1e));
        const QImage picture = panel->grab().toImage();
        QCOMPARE(picture.pixelColor(2, 2), QColor(0x1e, 0x1e, 0x1e));
        QLabel* value = window.detailsPanel()->valueLabel(QStringLiteral("format"));
        QVERIFY(value->palette().color(value->foregroundRole()).lightness() > 200);
    }
    QApplication::setPalette(original);
}

void TestShell::customWidgetsHaveAccessibleNames()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_leaky));
    Job* job = window.checkCurrent();
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), timeoutMs);
    // Every widget class of ours (not Qt's own, which name themselves) carries a name a screen
    // reader can say.
    int checked = 0;
    for (QWidget* widget : window.findChildren<QWidget*>()) {
        const QString type = QString::fromLatin1(widget->metaObject()->className());
        if (!type.startsWith(QLatin1String("diskscope::ui::")))
            continue;
        ++checked;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(type + QLatin1Char(' ') + widget->objectName()));
    }
    QVERIFY(checked >= 8);
    // The tree's rows read with their state.
    const QModelIndex top = window.imageModel()->index(0, 0);
    QCOMPARE(top.data(Qt::AccessibleTextRole).toString(), QStringLiteral("leaky.qcow2, qcow2 · 16 MiB, has warnings"));
}

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
