// SPDX-License-Identifier: GPL-2.0-or-later
// Under a Simplified Chinese system locale (set by CTest: LANGUAGE/LANG zh_CN) the embedded
// translation is loaded: the main window's menus, the health findings and the engine's errors
// (worded by EngineText from the engine's codes and values) and `diskscope --help` are in
// Chinese, while names read from images appear unchanged.
#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <cerrno>

#include "jobs/Job.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "qemu_tools.h"
#include "util/EngineText.h"
#include "util/Translations.h"
#include "widgets/HealthView.h"
#include "widgets/ImageDetailsPanel.h"

using namespace diskscope;
using namespace diskscope::ui;

namespace {
constexpr int timeoutMs = 30000;

bool qemuImg(const QString& dir, const QStringList& args)
{
    QString why;
    if (!testsupport::runExpected(testsupport::qemuImg(args), dir, &why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

bool qemuIo(const QString& dir, const QString& image, const QString& command)
{
    QString why;
    if (!testsupport::runExpected(testsupport::qemuIo(image, QStringLiteral("qcow2"), {command}), dir, &why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

QByteArray readAt(const QString& path, qint64 offset, int size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(size);
}

bool patch(const QString& path, qint64 offset, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.seek(offset) && file.write(bytes) == bytes.size();
}

bool hasChinese(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    return text.contains(han);
}

// Title and detail of every finding the health view shows, in order.
struct Shown {
    QStringList titles;
    QStringList details;
};

Shown shownFindings(MainWindow& window)
{
    Shown shown;
    HealthView* view = window.detailsPanel()->healthView();
    for (QWidget* row : view->findChildren<QWidget*>(QStringLiteral("healthFinding"))) {
        shown.titles << row->findChild<QLabel*>(QStringLiteral("healthTitle"))->text();
        shown.details << row->findChild<QLabel*>(QStringLiteral("healthDetail"))->text();
    }
    return shown;
}

}  // namespace

class TranslationTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(installTranslations(*qApp));
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        // Lazy refcounts, left dirty (incompatible bit 0, as after a crash).
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "lazy.qcow2", "16M"}));
        QByteArray incompatible = readAt(m_dir.filePath(QStringLiteral("lazy.qcow2")), 79, 1);
        QCOMPARE(incompatible.size(), 1);
        incompatible[0] = char(incompatible[0] | 0x01);
        QVERIFY(patch(m_dir.filePath(QStringLiteral("lazy.qcow2")), 79, incompatible));
        // A backing file that does not exist.
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-u", "-b", "gone.qcow2", "-F", "qcow2", "orphan.qcow2", "16M"}));
        // No recorded backing format (qemu-img 7.2 always writes one: the extension is renamed
        // to an unknown type, which readers skip) and an absolute backing name.
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "base.qcow2", "16M"}));
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "noformat.qcow2"}));
        const QString noFormat = m_dir.filePath(QStringLiteral("noformat.qcow2"));
        const int at = readAt(noFormat, 0, 4096).indexOf(QByteArray::fromHex("e2792aca"), 104);
        QVERIFY(at > 0);
        QVERIFY(patch(noFormat, at, QByteArray::fromHex("7e570001")));
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "-b", m_dir.filePath(QStringLiteral("base.qcow2")), "-F",
                            "qcow2", "absolute.qcow2"}));
        // One leaked cluster: the first L2 entry is cleared, its data cluster keeps refcount 1.
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "leaky.qcow2", "16M"}));
        QVERIFY(qemuIo(d, "leaky.qcow2", "write -P 0x22 0 64k"));
        const QString leaky = m_dir.filePath(QStringLiteral("leaky.qcow2"));
        const quint64 l1 = qFromBigEndian<quint64>(readAt(leaky, 40, 8).constData());
        const quint64 l2 = qFromBigEndian<quint64>(readAt(leaky, qint64(l1), 8).constData()) & 0x00fffffffffffe00ull;
        QVERIFY(l2 > 0);
        QVERIFY(patch(leaky, qint64(l2), QByteArray(8, '\0')));
        // A qcow2 file cut off inside its header.
        QVERIFY(qemuImg(d, {"create", "-q", "-f", "qcow2", "cut.qcow2", "16M"}));
        QVERIFY(QFile::resize(m_dir.filePath(QStringLiteral("cut.qcow2")), 40));
    }

    void systemLocaleIsChinese()
    {
        QVERIFY2(QLocale::system().uiLanguages().value(0).startsWith(QStringLiteral("zh")),
                 qPrintable(QLocale::system().uiLanguages().join(QLatin1Char(','))));
    }

    void mainWindowMenusAreTranslated()
    {
        MainWindow window;
        QStringList titles;
        for (QAction* action : window.menuBar()->actions())
            titles << action->text();
        QVERIFY2(titles.contains(QStringLiteral("文件(&F)")), qPrintable(titles.join(QLatin1Char('|'))));
        QVERIFY2(titles.contains(QStringLiteral("帮助(&H)")), qPrintable(titles.join(QLatin1Char('|'))));
        QVERIFY(!titles.contains(QStringLiteral("&File")));
    }

    // Every finding and every error code has a Chinese wording (a new code cannot stay English).
    void everyEngineTextIsTranslated()
    {
        for (int i = 0; i <= int(HealthIssue::CheckFailed); ++i) {
            HealthFinding finding;
            finding.issue = HealthIssue(i);
            finding.subject = "base.qcow2";
            finding.count = 3;
            finding.bits = 1u << 4;
            const EngineText::Finding text = EngineText::finding(finding);
            QVERIFY2(hasChinese(text.title) && hasChinese(text.detail), qPrintable(text.title + QLatin1Char('|') + text.detail));
        }
        for (int i = 0; i <= int(ErrorCode::Untrusted); ++i) {
            for (const std::string& path : {std::string("/vm/disk.qcow2"), std::string()}) {
                const QString text = EngineText::error(makeError(ErrorCode(i), "what", path));
                QVERIFY2(hasChinese(text), qPrintable(text));
            }
        }
        for (int err : {ENOENT, EACCES, EIO, ENOSPC, EAGAIN, EROFS, EXDEV})
            QVERIFY2(hasChinese(EngineText::systemError(err)), qPrintable(EngineText::systemError(err)));
    }

    void headerFindingsAreChinese()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_dir.filePath(QStringLiteral("lazy.qcow2"))));
        const Shown shown = shownFindings(window);
        QCOMPARE(shown.titles, (QStringList{QStringLiteral("未正常关闭（脏）"), QStringLiteral("延迟引用计数")}));
        QCOMPARE(shown.details.value(1), QStringLiteral("为提高速度，引用计数延后写入；崩溃之后，必须先修复它们才能再次写入镜像。"));
        QVERIFY(hasChinese(shown.details.value(0)));
    }

    void backingFindingsAreChineseAndQuoteTheName()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_dir.filePath(QStringLiteral("orphan.qcow2"))));
        Shown shown = shownFindings(window);
        QCOMPARE(shown.titles, QStringList{QStringLiteral("后备文件缺失")});
        QCOMPARE(shown.details.value(0), QStringLiteral("“%1”不存在：无法读取客户机磁盘。请将该文件放回原处，"
                                                        "或用 rebase -u 让镜像指向它的新位置。")
                                             .arg(m_dir.filePath(QStringLiteral("gone.qcow2"))));

        QVERIFY(openAndWait(window, m_dir.filePath(QStringLiteral("noformat.qcow2"))));
        shown = shownFindings(window);
        QCOMPARE(shown.titles, QStringList{QStringLiteral("未记录后备文件格式")});
        QVERIFY2(shown.details.value(0).startsWith(QStringLiteral("每次打开链时都要猜测“base.qcow2”的格式")),
                 qPrintable(shown.details.value(0)));

        const QString base = m_dir.filePath(QStringLiteral("base.qcow2"));
        QVERIFY(openAndWait(window, m_dir.filePath(QStringLiteral("absolute.qcow2"))));
        shown = shownFindings(window);
        QCOMPARE(shown.titles, QStringList{QStringLiteral("后备文件名为绝对路径")});
        QCOMPARE(shown.details.value(0),
                 QStringLiteral("“%1”以完整路径存储：将这些文件一起移动或复制到另一台机器后，链就会断开。").arg(base));
    }

    void leaksFoundByACheckAreChinese()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_dir.filePath(QStringLiteral("leaky.qcow2"))));
        QVERIFY(shownFindings(window).titles.isEmpty());
        Job* job = window.checkCurrent();
        QVERIFY(job);
        QSignalSpy finished(job, &Job::finished);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, timeoutMs);
        QCOMPARE(job->message(), QStringLiteral("1 个泄漏的簇"));
        const Shown shown = shownFindings(window);
        QCOMPARE(shown.titles, QStringList{QStringLiteral("泄漏的簇：1")});
        QVERIFY(shown.details.value(0).contains(QStringLiteral("check -r leaks")));
        QVERIFY(hasChinese(shown.details.value(0)));
    }

    // A failed open: the sentence is Chinese, the engine's English stays behind "Show Details".
    void failedOpenIsChinese()
    {
        MainWindow window;
        window.show();
        const QString cut = m_dir.filePath(QStringLiteral("cut.qcow2"));
        QSignalSpy failed(&window, &MainWindow::errorReported);
        window.openFile(cut);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, timeoutMs);
        const QString message = failed.first().at(1).toString();
        QCOMPARE(message, QStringLiteral("cut.qcow2 已损坏或不是有效的镜像。"));
        QMessageBox* box = window.findChild<QMessageBox*>(QStringLiteral("openErrorBox"));
        QVERIFY(box);
        QVERIFY(box->informativeText().startsWith(message));
        QVERIFY2(box->detailedText().startsWith(cut + QStringLiteral(": ")), qPrintable(box->detailedText()));
        QVERIFY(!hasChinese(box->detailedText()));
        QStringList buttons;
        for (QAbstractButton* button : box->buttons())
            buttons << button->text();
        QVERIFY2(buttons.contains(QStringLiteral("关闭")), qPrintable(buttons.join(QLatin1Char('|'))));
        box->close();

        const QString missing = m_dir.filePath(QStringLiteral("missing.qcow2"));
        window.openFile(missing);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, timeoutMs);
        QCOMPARE(failed.at(1).at(1).toString(), QStringLiteral("无法打开 missing.qcow2：没有那个文件或目录"));
    }

    // A failed job: its message in the job panel and the log is Chinese, the detail English.
    void failedJobIsChinese()
    {
        JobRunner runner;
        Job* job = runner.startCheck(m_dir.filePath(QStringLiteral("nothing.qcow2")));
        QSignalSpy finished(job, &Job::finished);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, timeoutMs);
        QCOMPARE(job->state(), Job::State::Failed);
        QCOMPARE(job->message(), QStringLiteral("无法打开 nothing.qcow2：没有那个文件或目录"));
        QVERIFY2(job->detail().endsWith(QStringLiteral("No such file or directory")), qPrintable(job->detail()));
    }

    void commandLineHelpIsChinese()
    {
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("zh_CN"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("zh_CN.UTF-8"));
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(DISKSCOPE_GUI), {QStringLiteral("--help")});
        QVERIFY(gui.waitForFinished(timeoutMs));
        QCOMPARE(gui.exitCode(), 0);
        const QString help = QString::fromUtf8(gui.readAllStandardOutput());
        QVERIFY2(help.contains(QStringLiteral("用法：")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("用于 qcow2 和 raw 镜像的磁盘镜像管理器。")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("显示版本信息。")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("要打开的磁盘镜像。")), qPrintable(help));
        QVERIFY2(!help.contains(QStringLiteral("Displays")), qPrintable(help));
    }

private:
    bool openAndWait(MainWindow& window, const QString& path)
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

    QTemporaryDir m_dir;
};

QTEST_MAIN(TranslationTest)
#include "tst_translation.moc"
