// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Chain ▸ Rebase, Commit and Amend Options driven through the main window on chains
// made by qemu-img, then checked with qemu-img info, check and compare against the same
// operation done by qemu-img on a copy; the command each dialog shows is run too.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "dialogs/AmendDialog.h"
#include "dialogs/CommitDialog.h"
#include "dialogs/DialogKit.h"
#include "dialogs/RebaseDialog.h"
#include "dialogs/SizeEntry.h"
#include "guest_checks.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "diskscope/trust_policy.h"
#include "qemu_tools.h"
#include "util/BackingConsent.h"
#include "widgets/CommandField.h"

using namespace diskscope;
using namespace diskscope::ui;
namespace ts = diskscope::testsupport;

namespace {
constexpr int timeoutMs = 30000;

// Runs qemu-img (or qemu-io) in `dir` and fails the test with the report on a bad exit.
#define RUN_OK(command, dir)                                                                     \
    do {                                                                                         \
        QString why_;                                                                            \
        QVERIFY2(ts::runExpected(command, dir, &why_), qPrintable(why_));                        \
    } while (0)

QJsonObject qemuInfo(const QString& dir, const QString& image)
{
    const ts::ProcessResult result = ts::run(ts::qemuImg({"info", "-U", "--output=json", image}), dir);
    return QJsonDocument::fromJson(result.standardOutput).object();
}

QString checkProblem(const QString& dir, const QString& image)
{
    const ts::ProcessResult result = ts::run(ts::qemuImg({"check", "--output=json", image}), dir);
    const QJsonObject report = QJsonDocument::fromJson(result.standardOutput).object();
    if (result.exitedWith(0) && report.contains("check-errors") && report["leaks"].toInt() == 0
        && report["corruptions"].toInt() == 0)
        return QString();
    return result.describe();
}

// qemu-img compare of two guest views (each with its own chain): empty when identical.
QString compareProblem(const QString& dirA, const QString& a, const QString& dirB, const QString& b)
{
    const ts::ProcessResult result =
        ts::run(ts::qemuImg({"compare", "-U", QDir(dirA).filePath(a), QDir(dirB).filePath(b)}));
    return result.exitedWith(0) ? QString() : result.describe();
}

// Copies every file of `from` into `to`: the same chain under the same (relative) names.
bool copyDir(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    for (const QString& name : QDir(from).entryList(QDir::Files)) {
        if (!QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name)))
            return false;
    }
    return true;
}

// The command a dialog shows, run by the shell with diskscope-img from this build.
QString runShown(const QString& command, const QString& dir)
{
    if (!command.startsWith("diskscope-img "))
        return "not a diskscope-img command: " + command;
    const QString line = "'" + ts::diskscopeImgPath() + "'" + command.mid(int(strlen("diskscope-img")));
    const ts::ProcessResult result = ts::run({"/bin/sh", {"-c", line}}, dir);
    return result.exitedWith(0) ? QString() : result.describe();
}

bool settle(MainWindow& window)
{
    if (!QTest::qWaitFor([&] { return window.jobRunner()->runningJobs().isEmpty(); }, timeoutMs))
        return false;
    return QTest::qWaitFor([&] { return window.pendingLoads() == 0; }, timeoutMs);
}

void screenshot(QWidget* dialog, const QString& name)
{
    if (const QString out = qEnvironmentVariable("DISKSCOPE_SCREENSHOT_DIR"); !out.isEmpty()) {
        QApplication::processEvents();
        const int width = 680;
        dialog->resize(width, dialog->layout()->totalHeightForWidth(width));
        QApplication::processEvents();
        QTest::qWait(50);
        dialog->grab().save(out + "/" + name);
    }
}

bool itemEnabled(QComboBox* box, int index)
{
    auto* model = qobject_cast<QStandardItemModel*>(box->model());
    return model && model->item(index)->isEnabled();
}

}  // namespace

class TestChainDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void rebaseSafe();
    void rebaseUnsafeAbsolute();
    void rebaseStandalone();
    void rebaseRefusesInvalidInput();
    void rebaseCancelKeepsOldBacking();
    void commitIntoBacking();
    void commitIntoDeeperBase();
    void amendDowngrade();
    void amendRefcountsLazySize();
    void amendBackingName();
    void amendDataFile();
    void amendRefusesInvalidInput();
    void actionsFollowTheSelection();
    void externalBackingAfterConsent();
    void dialogsExplainWhatIsMissing();

private:
    // base.qcow2 (0x11 at 0, 2 MiB) <- mid.qcow2 (0x22 at 1 MiB) <- top.qcow2 (0x33 at 3 MiB),
    // and other.qcow2 (0x44 at 4 MiB), all 8 MiB; `dir` keeps them, `reference` a copy.
    void makeChain();
    // Opens top.qcow2 (or `image`) and selects layer `layer`.
    void openAndSelect(const QString& image, int layer);
    template <class Dialog>
    Dialog* trigger(const char* action);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
    QString m_reference;
    QString m_before;  // another untouched copy, for the guest view before
    std::unique_ptr<MainWindow> m_window;
    QStringList m_questions;
    bool m_answer = true;
};

void TestChainDialogs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestChainDialogs::init()
{
    m_questions.clear();
    m_answer = true;
    Confirmation::setResponder([this](const DestructiveQuestion& q) {
        m_questions << q.question + "\n" + q.detail;
        return m_answer;
    });
    makeChain();
}

void TestChainDialogs::cleanup()
{
    m_window.reset();
    Confirmation::setResponder({});
    m_tmp.reset();
}

void TestChainDialogs::makeChain()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_dir = m_tmp->filePath("work");
    m_reference = m_tmp->filePath("reference");
    m_before = m_tmp->filePath("before");
    QVERIFY(QDir().mkpath(m_dir));
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "base.qcow2", "8M"}), m_dir);
    RUN_OK(ts::qemuIo("base.qcow2", "qcow2", {"write -P 0x11 0 2M", "write -P 0x15 6M 512k"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "mid.qcow2"}), m_dir);
    RUN_OK(ts::qemuIo("mid.qcow2", "qcow2", {"write -P 0x22 1M 1M", "write -z 6M 256k"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "-b", "mid.qcow2", "-F", "qcow2",
                        "top.qcow2"}),
           m_dir);
    RUN_OK(ts::qemuIo("top.qcow2", "qcow2", {"write -P 0x33 3M 1M", "write -P 0x34 1536k 64k"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "other.qcow2", "8M"}), m_dir);
    RUN_OK(ts::qemuIo("other.qcow2", "qcow2", {"write -P 0x11 0 1M", "write -P 0x44 4M 1M"}), m_dir);
    QVERIFY(copyDir(m_dir, m_reference));
    QVERIFY(copyDir(m_dir, m_before));
}

void TestChainDialogs::openAndSelect(const QString& image, int layer)
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_window->openFile(QDir(m_dir).filePath(image));
    QVERIFY(settle(*m_window));
    const QModelIndex top = m_window->imageModel()->index(0, 0);
    m_window->imageList()->setCurrentIndex(layer == 0 ? top : m_window->imageModel()->index(layer - 1, 0, top));
    QCOMPARE(m_window->currentLayerPath(), layer == 0 ? QDir(m_dir).filePath(image)
                                                      : m_window->imageModel()->layerPath(m_window->imageList()->currentIndex()));
}

template <class Dialog>
Dialog* TestChainDialogs::trigger(const char* name)
{
    auto* action = m_window->findChild<QAction*>(name);
    if (!action || !action->isEnabled())
        return nullptr;
    action->trigger();
    return m_window->findChild<Dialog*>();
}

// Safe rebase of top.qcow2 from mid.qcow2 onto other.qcow2: the guest view stays, the header
// names other.qcow2, and the result matches qemu-img rebase's guest view on a copy.
void TestChainDialogs::rebaseSafe()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    QVERIFY(dialog->safeButton()->isChecked());
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("Choose the new backing file"));
    dialog->backingEdit()->setText("other.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->probe()->pending(), timeoutMs);
    QVERIFY2(dialog->formatLabel()->text().contains("qcow2"), qPrintable(dialog->formatLabel()->text()));
    QVERIFY(dialog->actionButton()->isEnabled());
    const QString command = dialog->commandField()->command();
    QCOMPARE(command, "diskscope-img rebase -f qcow2 -b other.qcow2 -F qcow2 " + QDir(m_dir).filePath("top.qcow2"));
    screenshot(dialog, "rebase.png");

    // Declined: nothing written, the dialog stays.
    const QByteArray hash = ts::fileSha256(QDir(m_dir).filePath("top.qcow2"));
    m_answer = false;
    dialog->actionButton()->click();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions.back().startsWith("Rebase top.qcow2 onto other.qcow2?"), qPrintable(m_questions.back()));
    QVERIFY(dialog->isVisible());
    QVERIFY(m_window->jobRunner()->runningJobs().isEmpty());
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("top.qcow2")), hash);

    m_answer = true;
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    const QJsonObject info = qemuInfo(m_dir, "top.qcow2");
    QCOMPARE(info["backing-filename"].toString(), QString("other.qcow2"));
    QCOMPARE(info["backing-filename-format"].toString(), QString("qcow2"));
    QVERIFY2(checkProblem(m_dir, "top.qcow2").isEmpty(), qPrintable(checkProblem(m_dir, "top.qcow2")));
    QString problem = compareProblem(m_dir, "top.qcow2", m_before, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    RUN_OK(ts::qemuImg({"rebase", "-b", "other.qcow2", "-F", "qcow2", "top.qcow2"}), m_reference);
    problem = compareProblem(m_dir, "top.qcow2", m_reference, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The chain was read again: the tree shows other.qcow2 under top.qcow2.
    const QModelIndex top = m_window->imageModel()->index(0, 0);
    QCOMPARE(m_window->imageModel()->layerPath(m_window->imageModel()->index(0, 0, top)),
             QDir(m_dir).filePath("other.qcow2"));
    // The shown command does the same on the untouched copy.
    QVERIFY(copyDir(m_before, m_tmp->filePath("shown")));
    QString shown = command;
    shown.replace(m_dir, m_tmp->filePath("shown"));
    problem = runShown(shown, m_tmp->filePath("shown"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = compareProblem(m_dir, "top.qcow2", m_tmp->filePath("shown"), "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Unsafe rebase of mid.qcow2 (a backing layer) onto other.qcow2 by its absolute name: only
// the header changes, as qemu-img rebase -u does.
void TestChainDialogs::rebaseUnsafeAbsolute()
{
    openAndSelect("top.qcow2", 1);
    const QString mid = QDir(m_dir).filePath("mid.qcow2");
    QCOMPARE(m_window->currentLayerPath(), mid);
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    dialog->unsafeButton()->setChecked(true);
    QVERIFY(dialog->safetyNote()->text().contains("guest's disk changes"));
    dialog->absoluteButton()->setChecked(true);
    dialog->backingEdit()->setText(QDir(m_dir).filePath("other.qcow2"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->actionButton()->isEnabled(), timeoutMs);
    QCOMPARE(dialog->storedName(), QDir(m_dir).filePath("other.qcow2"));
    QVERIFY(dialog->commandField()->command().contains(" -u -b " + QDir(m_dir).filePath("other.qcow2")));
    dialog->actionButton()->click();
    QVERIFY(m_questions.back().contains("Unsafe mode"));
    QVERIFY(settle(*m_window));
    const QJsonObject info = qemuInfo(m_dir, "mid.qcow2");
    QCOMPARE(info["backing-filename"].toString(), QDir(m_dir).filePath("other.qcow2"));
    QVERIFY(checkProblem(m_dir, "mid.qcow2").isEmpty());
    RUN_OK(ts::qemuImg({"rebase", "-u", "-b", QDir(m_reference).filePath("other.qcow2"), "-F", "qcow2", "mid.qcow2"}),
           m_reference);
    // Unsafe: mid.qcow2's own clusters stay; the data it read from base.qcow2 now comes from other.qcow2.
    QString problem = compareProblem(m_dir, "top.qcow2", m_reference, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!compareProblem(m_dir, "top.qcow2", m_before, "top.qcow2").isEmpty());
}

// Rebase onto nothing (safe): top.qcow2 becomes standalone with the same guest view.
void TestChainDialogs::rebaseStandalone()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    dialog->noBackingBox()->setChecked(true);
    QVERIFY(!dialog->backingEdit()->isEnabled());
    QVERIFY(dialog->actionButton()->isEnabled());
    QCOMPARE(dialog->commandField()->command(),
             "diskscope-img rebase -f qcow2 -b '' " + QDir(m_dir).filePath("top.qcow2"));
    dialog->actionButton()->click();
    QVERIFY(m_questions.back().startsWith("Make top.qcow2 standalone?"));
    QVERIFY(settle(*m_window));
    const QJsonObject info = qemuInfo(m_dir, "top.qcow2");
    QVERIFY(!info.contains("backing-filename"));
    QVERIFY(checkProblem(m_dir, "top.qcow2").isEmpty());
    RUN_OK(ts::qemuImg({"rebase", "-b", "", "top.qcow2"}), m_reference);
    QString problem = compareProblem(m_dir, "top.qcow2", m_reference, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = compareProblem(m_dir, "top.qcow2", m_before, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestChainDialogs::rebaseRefusesInvalidInput()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    const QByteArray hash = ts::fileSha256(QDir(m_dir).filePath("top.qcow2"));
    dialog->backingEdit()->setText("missing.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->probe()->pending(), timeoutMs);
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY2(dialog->reasonLabel()->text().contains("cannot be read"), qPrintable(dialog->reasonLabel()->text()));
    QVERIFY(dialog->reasonLabel()->isVisible());
    dialog->backingEdit()->setText("top.qcow2");
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("its own backing file"));
    dialog->backingEdit()->setText("mid.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->probe()->pending(), timeoutMs);
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY2(dialog->reasonLabel()->text().contains("already uses"), qPrintable(dialog->reasonLabel()->text()));
    dialog->absoluteButton()->setChecked(true);  // the same file under another name is a change
    QVERIFY(dialog->actionButton()->isEnabled());
    m_answer = false;
    dialog->actionButton()->click();
    QCOMPARE(m_questions.size(), 1);
    dialog->reject();
    QVERIFY(m_window->jobRunner()->jobs().isEmpty());
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("top.qcow2")), hash);
}

// A safe rebase cancelled from the job panel leaves the old backing file and the same guest view.
void TestChainDialogs::rebaseCancelKeepsOldBacking()
{
    // Enough differing data (56 MiB) that the copy is still running when the cancel arrives.
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "big-base.qcow2", "64M"}), m_dir);
    RUN_OK(ts::qemuIo("big-base.qcow2", "qcow2", {"write -P 0x55 0 56M"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "big-base.qcow2", "-F", "qcow2", "big.qcow2"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "big-other.qcow2", "64M"}), m_dir);
    QVERIFY(copyDir(m_dir, m_tmp->filePath("big-before")));
    openAndSelect("big.qcow2", 0);
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    dialog->backingEdit()->setText("big-other.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(dialog->actionButton()->isEnabled(), timeoutMs);
    dialog->actionButton()->click();
    QCOMPARE(m_window->jobRunner()->jobs().size(), 1);
    Job* job = m_window->jobRunner()->jobs().front();
    QCOMPARE(job->kind(), Job::Kind::Rebase);
    QVERIFY(job->countsBytes());
    job->cancel();
    QVERIFY(settle(*m_window));
    QCOMPARE(job->state(), Job::State::Cancelled);
    QCOMPARE(qemuInfo(m_dir, "big.qcow2")["backing-filename"].toString(), QString("big-base.qcow2"));
    QVERIFY2(checkProblem(m_dir, "big.qcow2").isEmpty(), qPrintable(checkProblem(m_dir, "big.qcow2")));
    const QString problem = compareProblem(m_dir, "big.qcow2", m_tmp->filePath("big-before"), "big.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Commit top.qcow2 into mid.qcow2 and empty it, against qemu-img commit on a copy.
void TestChainDialogs::commitIntoBacking()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<CommitDialog>("actionCommit");
    QVERIFY(dialog);
    QCOMPARE(dialog->basePath(), QDir(m_dir).filePath("mid.qcow2"));
    QCOMPARE(dialog->writesLabel()->text(), QDir(m_dir).filePath("mid.qcow2"));
    QVERIFY(dialog->safetyNote()->text().contains("every other image that uses it"));
    QVERIFY(dialog->emptyBox()->isChecked());
    QCOMPARE(dialog->commandField()->command(), "diskscope-img commit -f qcow2 -p " + QDir(m_dir).filePath("top.qcow2"));
    screenshot(dialog, "commit.png");

    const QByteArray hash = ts::fileSha256(QDir(m_dir).filePath("mid.qcow2"));
    m_answer = false;
    dialog->actionButton()->click();
    QVERIFY2(m_questions.back().startsWith("Commit top.qcow2 into mid.qcow2?"), qPrintable(m_questions.back()));
    QVERIFY(m_questions.back().contains(QDir(m_dir).filePath("mid.qcow2")));
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("mid.qcow2")), hash);
    m_answer = true;
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    RUN_OK(ts::qemuImg({"commit", "-q", "top.qcow2"}), m_reference);
    for (const QString& image : QStringList{"top.qcow2", "mid.qcow2"}) {
        QVERIFY2(checkProblem(m_dir, image).isEmpty(), qPrintable(checkProblem(m_dir, image)));
        const QString problem = compareProblem(m_dir, image, m_reference, image);
        QVERIFY2(problem.isEmpty(), qPrintable(image + ": " + problem));
    }
    QString problem = compareProblem(m_dir, "top.qcow2", m_before, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Emptied: top.qcow2 allocates nothing any more.
    const ts::ProcessResult map = ts::run(ts::qemuImg({"map", "-U", "--output=json", "top.qcow2"}), m_dir);
    for (const QJsonValue extent : QJsonDocument::fromJson(map.standardOutput).array())
        QVERIFY(extent.toObject()["depth"].toInt() > 0 || !extent.toObject()["data"].toBool());
}

// Commit top.qcow2 past mid.qcow2 into base.qcow2 (-b): the overlay keeps its data.
void TestChainDialogs::commitIntoDeeperBase()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<CommitDialog>("actionCommit");
    QVERIFY(dialog);
    QCOMPARE(dialog->baseBox()->count(), 2);
    dialog->baseBox()->setCurrentIndex(1);
    const QString base = QDir(m_dir).filePath("base.qcow2");
    QCOMPARE(dialog->writesLabel()->text(), base);
    QVERIFY(!dialog->emptyBox()->isEnabled());
    QVERIFY(!dialog->emptyBox()->isChecked());
    QCOMPARE(dialog->commandField()->command(),
             "diskscope-img commit -f qcow2 -b " + base + " -p " + QDir(m_dir).filePath("top.qcow2"));
    const QByteArray topHash = ts::fileSha256(QDir(m_dir).filePath("top.qcow2"));
    dialog->actionButton()->click();
    QVERIFY(m_questions.back().startsWith("Commit top.qcow2 into base.qcow2?"));
    QVERIFY(settle(*m_window));
    RUN_OK(ts::qemuImg({"commit", "-q", "-b", QDir(m_reference).filePath("base.qcow2"), "top.qcow2"}), m_reference);
    for (const QString& image : QStringList{"top.qcow2", "mid.qcow2", "base.qcow2"}) {
        QVERIFY2(checkProblem(m_dir, image).isEmpty(), qPrintable(checkProblem(m_dir, image)));
        const QString problem = compareProblem(m_dir, image, m_reference, image);
        QVERIFY2(problem.isEmpty(), qPrintable(image + ": " + problem));
    }
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("top.qcow2")), topHash);
}

// compat 1.1 -> 0.10 needs lazy refcounts off first: 0.10 is disabled with the reason until then.
void TestChainDialogs::amendDowngrade()
{
    openAndSelect("base.qcow2", 0);
    auto* dialog = trigger<AmendDialog>("actionAmend");
    QVERIFY(dialog);
    QVERIFY(dialog->lazyBox()->isChecked());
    QCOMPARE(dialog->findChild<QLabel*>("compatBoxNow")->text(), QString("1.1"));
    QCOMPARE(dialog->findChild<QLabel*>("lazyBoxNow")->text(), QString("on"));
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("Change at least one option"));
    QVERIFY(!itemEnabled(dialog->compatBox(), 1));
    QVERIFY2(dialog->compatHint()->text().contains("lazy refcounts off"), qPrintable(dialog->compatHint()->text()));
    dialog->lazyBox()->setChecked(false);
    QVERIFY(itemEnabled(dialog->compatBox(), 1));
    dialog->compatBox()->setCurrentIndex(1);
    QVERIFY(!dialog->lazyBox()->isEnabled());
    QVERIFY(dialog->lazyHint()->text().contains("need compat 1.1"));
    QVERIFY(!itemEnabled(dialog->refcountBox(), dialog->refcountBox()->findText("64 bits")));
    QVERIFY(dialog->actionButton()->isEnabled());
    QCOMPARE(dialog->optionString(), QString("compat=0.10,lazy_refcounts=off"));
    const QByteArray hash = ts::fileSha256(QDir(m_dir).filePath("base.qcow2"));
    m_answer = false;
    dialog->actionButton()->click();
    QVERIFY2(m_questions.back().startsWith("Change the options of base.qcow2?"), qPrintable(m_questions.back()));
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("base.qcow2")), hash);
    m_answer = true;
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    RUN_OK(ts::qemuImg({"amend", "-o", "compat=0.10,lazy_refcounts=off", "base.qcow2"}), m_reference);
    const QJsonObject ours = qemuInfo(m_dir, "base.qcow2")["format-specific"].toObject()["data"].toObject();
    const QJsonObject theirs = qemuInfo(m_reference, "base.qcow2")["format-specific"].toObject()["data"].toObject();
    QCOMPARE(ours["compat"].toString(), QString("0.10"));
    QCOMPARE(ours, theirs);
    QVERIFY2(checkProblem(m_dir, "base.qcow2").isEmpty(), qPrintable(checkProblem(m_dir, "base.qcow2")));
    const QString problem = compareProblem(m_dir, "base.qcow2", m_reference, "base.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Refcount width, lazy refcounts and a larger size together, as qemu-img amend does them.
void TestChainDialogs::amendRefcountsLazySize()
{
    openAndSelect("other.qcow2", 0);
    auto* dialog = trigger<AmendDialog>("actionAmend");
    QVERIFY(dialog);
    dialog->refcountBox()->setCurrentIndex(dialog->refcountBox()->findText("64 bits"));
    dialog->lazyBox()->setChecked(true);
    dialog->sizeEntry()->setBytes(16 * 1024 * 1024);
    QVERIFY(!itemEnabled(dialog->compatBox(), 1));  // 64-bit refcounts and lazy refcounts need 1.1
    QVERIFY(dialog->actionButton()->isEnabled());
    QCOMPARE(dialog->optionString(), QString("lazy_refcounts=on,refcount_bits=64,size=16777216"));
    screenshot(dialog, "amend.png");
    const QString command = dialog->commandField()->command();
    QCOMPARE(command, "diskscope-img amend -f qcow2 -p -o lazy_refcounts=on,refcount_bits=64,size=16777216 "
                          + QDir(m_dir).filePath("other.qcow2"));
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    // The shown command on a copy, and qemu-img amend on another.
    QVERIFY(copyDir(m_before, m_tmp->filePath("shown")));
    QString shown = command;
    shown.replace(m_dir, m_tmp->filePath("shown"));
    QString problem = runShown(shown, m_tmp->filePath("shown"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    RUN_OK(ts::qemuImg({"amend", "-o", "lazy_refcounts=on,refcount_bits=64,size=16M", "other.qcow2"}), m_reference);
    const QJsonObject ours = qemuInfo(m_dir, "other.qcow2");
    const QJsonObject theirs = qemuInfo(m_reference, "other.qcow2");
    QCOMPARE(ours["virtual-size"].toInteger(), qint64(16 * 1024 * 1024));
    QCOMPARE(ours["format-specific"].toObject()["data"].toObject()["refcount-bits"].toInt(), 64);
    QCOMPARE(ours["format-specific"].toObject()["data"].toObject()["lazy-refcounts"].toBool(), true);
    QCOMPARE(ours["format-specific"], theirs["format-specific"]);
    QCOMPARE(qemuInfo(m_tmp->filePath("shown"), "other.qcow2")["format-specific"], theirs["format-specific"]);
    QVERIFY2(checkProblem(m_dir, "other.qcow2").isEmpty(), qPrintable(checkProblem(m_dir, "other.qcow2")));
    problem = compareProblem(m_dir, "other.qcow2", m_reference, "other.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// The backing name and format through amend (errata: as qemu-img rebase -u).
void TestChainDialogs::amendBackingName()
{
    openAndSelect("top.qcow2", 0);
    auto* dialog = trigger<AmendDialog>("actionAmend");
    QVERIFY(dialog);
    QCOMPARE(dialog->backingEdit()->text(), QString("mid.qcow2"));
    QVERIFY(!dialog->dataFileEdit()->isEnabled());
    dialog->backingEdit()->setText("other.qcow2");
    QCOMPARE(dialog->optionString(), QString("backing_file=other.qcow2,backing_fmt=qcow2"));
    QVERIFY(dialog->actionButton()->isEnabled());
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    RUN_OK(ts::qemuImg({"rebase", "-u", "-b", "other.qcow2", "-F", "qcow2", "top.qcow2"}), m_reference);
    const QJsonObject info = qemuInfo(m_dir, "top.qcow2");
    QCOMPARE(info["backing-filename"].toString(), QString("other.qcow2"));
    QCOMPARE(info["backing-filename-format"].toString(), QString("qcow2"));
    QVERIFY(checkProblem(m_dir, "top.qcow2").isEmpty());
    const QString problem = compareProblem(m_dir, "top.qcow2", m_reference, "top.qcow2");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// An external data file renamed (the old name still valid, as qemu-img requires) and
// data_file_raw turned off, against qemu-img amend on a copy.
void TestChainDialogs::amendDataFile()
{
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-o", "data_file=data.raw,data_file_raw=on", "ext.qcow2", "8M"}),
           m_dir);
    RUN_OK(ts::qemuIo("ext.qcow2", "qcow2", {"write -P 0x61 0 1M"}), m_dir);
    QVERIFY(QFile::copy(QDir(m_dir).filePath("data.raw"), QDir(m_dir).filePath("data2.raw")));
    QVERIFY(copyDir(m_dir, m_tmp->filePath("ext-reference")));
    openAndSelect("ext.qcow2", 0);
    auto* dialog = trigger<AmendDialog>("actionAmend");
    QVERIFY(dialog);
    QVERIFY(dialog->dataFileEdit()->isEnabled());
    QCOMPARE(dialog->dataFileEdit()->text(), QString("data.raw"));
    QVERIFY(dialog->dataFileRawBox()->isChecked() && dialog->dataFileRawBox()->isEnabled());
    QVERIFY(!itemEnabled(dialog->compatBox(), 1));  // compat 0.10 has no data files
    QVERIFY(dialog->compatHint()->text().contains("external data file"));
    dialog->dataFileEdit()->setText("");
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY(dialog->reasonLabel()->text().contains("name of the external data file"));
    dialog->dataFileEdit()->setText("data2.raw");
    dialog->dataFileRawBox()->setChecked(false);
    QCOMPARE(dialog->optionString(), QString("data_file=data2.raw,data_file_raw=off"));
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    const QString reference = m_tmp->filePath("ext-reference");
    RUN_OK(ts::qemuImg({"amend", "-o", "data_file=data2.raw,data_file_raw=off", "ext.qcow2"}), reference);
    const QJsonObject ours = qemuInfo(m_dir, "ext.qcow2")["format-specific"].toObject()["data"].toObject();
    QCOMPARE(ours["data-file"].toString(), QString("data2.raw"));
    QCOMPARE(ours["data-file-raw"].toBool(), false);
    QCOMPARE(ours, qemuInfo(reference, "ext.qcow2")["format-specific"].toObject()["data"].toObject());
    QVERIFY2(checkProblem(m_dir, "ext.qcow2").isEmpty(), qPrintable(checkProblem(m_dir, "ext.qcow2")));
    // qemu-img resolves a relative data file name against its working directory: read each
    // guest view from its own folder.
    QByteArray oursBytes, theirsBytes;
    QString why;
    QVERIFY2(ts::guestBytes(m_dir, "ext.qcow2", "qcow2", &oursBytes, &why), qPrintable(why));
    QVERIFY2(ts::guestBytes(reference, "ext.qcow2", "qcow2", &theirsBytes, &why), qPrintable(why));
    QCOMPARE(oursBytes.size(), 8 << 20);
    QVERIFY(oursBytes == theirsBytes);
    QVERIFY(oursBytes.startsWith(QByteArray(1 << 20, 0x61)));
}

void TestChainDialogs::amendRefusesInvalidInput()
{
    openAndSelect("other.qcow2", 0);
    auto* dialog = trigger<AmendDialog>("actionAmend");
    QVERIFY(dialog);
    dialog->sizeEntry()->setText("abc", 2);
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY(!dialog->reasonLabel()->text().isEmpty());
    dialog->sizeEntry()->setBytes(8 * 1024 * 1024 + 100);
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY2(dialog->reasonLabel()->text().contains("512"), qPrintable(dialog->reasonLabel()->text()));
    dialog->sizeEntry()->setBytes(8 * 1024 * 1024);
    QVERIFY(dialog->reasonLabel()->text().contains("Change at least one option"));
    // Shrinking is allowed but the question says what is lost; declining changes nothing.
    dialog->sizeEntry()->setBytes(4 * 1024 * 1024);
    QVERIFY(dialog->actionButton()->isEnabled());
    const QByteArray hash = ts::fileSha256(QDir(m_dir).filePath("other.qcow2"));
    m_answer = false;
    dialog->actionButton()->click();
    QVERIFY2(m_questions.back().contains("Everything beyond 4 MiB is lost"), qPrintable(m_questions.back()));
    QCOMPARE(ts::fileSha256(QDir(m_dir).filePath("other.qcow2")), hash);
    QVERIFY(m_window->jobRunner()->jobs().isEmpty());
}

// Commit needs a backing file and every dialog needs qcow2; the status tip says why not.
void TestChainDialogs::actionsFollowTheSelection()
{
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "raw", "disk.raw", "1M"}), m_dir);
    openAndSelect("other.qcow2", 0);
    auto* commit = m_window->findChild<QAction*>("actionCommit");
    auto* rebase = m_window->findChild<QAction*>("actionRebase");
    auto* amend = m_window->findChild<QAction*>("actionAmend");
    QVERIFY(commit && rebase && amend);
    QVERIFY(!commit->isEnabled());
    QVERIFY(commit->statusTip().contains("other.qcow2 has no backing file"));
    QVERIFY(rebase->isEnabled() && amend->isEnabled());
    QVERIFY(m_window->imageList()->actions().contains(commit));  // the tree's context menu
    m_window->openFile(QDir(m_dir).filePath("disk.raw"));
    QVERIFY(settle(*m_window));
    m_window->imageList()->setCurrentIndex(m_window->imageModel()->indexOf(QDir(m_dir).filePath("disk.raw")));
    QVERIFY(!amend->isEnabled() && !rebase->isEnabled() && !commit->isEnabled());
    QVERIFY(amend->statusTip().contains("raw image"));

    // A backing file that is gone: Rebase opens, but only unsafe mode can repair the name.
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "gone.qcow2", "8M"}), m_dir);
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "gone.qcow2", "-F", "qcow2", "orphan.qcow2"}), m_dir);
    QVERIFY(QFile::remove(QDir(m_dir).filePath("gone.qcow2")));
    m_window->openFile(QDir(m_dir).filePath("orphan.qcow2"));
    QVERIFY(settle(*m_window));
    m_window->imageList()->setCurrentIndex(m_window->imageModel()->indexOf(QDir(m_dir).filePath("orphan.qcow2")));
    auto* dialog = trigger<RebaseDialog>("actionRebase");
    QVERIFY(dialog);
    dialog->backingEdit()->setText("other.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->probe()->pending(), timeoutMs);
    QVERIFY(!dialog->actionButton()->isEnabled());
    QVERIFY2(dialog->reasonLabel()->text().contains("choose unsafe mode"), qPrintable(dialog->reasonLabel()->text()));
    dialog->unsafeButton()->setChecked(true);
    QVERIFY(dialog->actionButton()->isEnabled());
    dialog->actionButton()->click();
    QVERIFY(settle(*m_window));
    QCOMPARE(qemuInfo(m_dir, "orphan.qcow2")["backing-filename"].toString(), QString("other.qcow2"));
    QVERIFY(checkProblem(m_dir, "orphan.qcow2").isEmpty());
}

// Backing files outside the image's folder, followed after the user agreed: a safe rebase and
// a commit read and write them too (the engine's default would refuse them).
void TestChainDialogs::externalBackingAfterConsent()
{
    const QString shared = m_tmp->filePath("shared");
    const QString vm = m_tmp->filePath("vm");
    QVERIFY(QDir().mkpath(shared) && QDir().mkpath(vm));
    RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "base.qcow2", "8M"}), shared);
    RUN_OK(ts::qemuIo("base.qcow2", "qcow2", {"write -P 0x71 0 2M"}), shared);
    for (const QString& name : QStringList{"a.qcow2", "b.qcow2"}) {
        RUN_OK(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "../shared/base.qcow2", "-F", "qcow2", name}), vm);
        RUN_OK(ts::qemuIo(name, "qcow2", {"write -P 0x72 1M 512k"}), vm);
    }
    const QByteArray baseBefore = ts::fileSha256(QDir(shared).filePath("base.qcow2"));
    QByteArray before;
    QString why;
    QVERIFY2(ts::guestBytes(vm, "a.qcow2", "qcow2", &before, &why), qPrintable(why));
    QVERIFY(!externalBackingAllowedByDefault());
    BackingConsent::reset();
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_window->openFile(QDir(vm).filePath("a.qcow2"));
    QVERIFY(settle(*m_window));
    m_window->imageList()->setCurrentIndex(m_window->imageModel()->index(0, 0));
    QVERIFY(m_window->followExternalBacking(0));
    QVERIFY(settle(*m_window));
    QCOMPARE(m_window->imageModel()->chainAt(0)->layers.size(), size_t(2));

    // Safe rebase to standalone reads ../shared/base.qcow2.
    auto* rebase = trigger<RebaseDialog>("actionRebase");
    QVERIFY(rebase);
    rebase->noBackingBox()->setChecked(true);
    rebase->actionButton()->click();
    QVERIFY(settle(*m_window));
    QVERIFY(!qemuInfo(vm, "a.qcow2").contains("backing-filename"));
    QByteArray after;
    QVERIFY2(ts::guestBytes(vm, "a.qcow2", "qcow2", &after, &why), qPrintable(why));
    QVERIFY(after == before);

    // Commit b.qcow2 into ../shared/base.qcow2.
    m_window->openFile(QDir(vm).filePath("b.qcow2"));
    QVERIFY(settle(*m_window));
    m_window->imageList()->setCurrentIndex(m_window->imageModel()->indexOf(QDir(vm).filePath("b.qcow2")));
    QVERIFY(m_window->followExternalBacking(0));
    QVERIFY(settle(*m_window));
    m_window->imageList()->setCurrentIndex(m_window->imageModel()->indexOf(QDir(vm).filePath("b.qcow2")));
    auto* commit = trigger<CommitDialog>("actionCommit");
    QVERIFY(commit);
    commit->actionButton()->click();
    QVERIFY(settle(*m_window));
    QVERIFY(ts::fileSha256(QDir(shared).filePath("base.qcow2")) != baseBefore);
    QVERIFY2(checkProblem(shared, "base.qcow2").isEmpty(), qPrintable(checkProblem(shared, "base.qcow2")));
    QByteArray base;
    QVERIFY2(ts::guestBytes(shared, "base.qcow2", "qcow2", &base, &why), qPrintable(why));
    QVERIFY(base == before);  // b.qcow2 held the same data as a.qcow2
    BackingConsent::reset();
}

// Dialogs opened on what cannot work keep their button disabled and say why.
void TestChainDialogs::dialogsExplainWhatIsMissing()
{
    JobRunner runner;
    ImageInfo standalone;
    standalone.filename = QDir(m_dir).filePath("other.qcow2").toStdString();
    standalone.format = "qcow2";
    standalone.virtualSize = 8 << 20;
    ChainDescription chain;
    chain.layers = {standalone};
    CommitDialog commit(&runner, chain, 0);
    QVERIFY(!commit.actionButton()->isEnabled());
    QVERIFY2(commit.reasonLabel()->text().contains("no backing file to commit into"),
             qPrintable(commit.reasonLabel()->text()));

    // A broken chain: safe mode cannot compare, unsafe mode can still fix the name.
    ImageInfo overlay = standalone;
    overlay.filename = QDir(m_dir).filePath("top.qcow2").toStdString();
    overlay.backingFilename = "moved-away.qcow2";
    overlay.backingFilenameFormat = "qcow2";
    RebaseDialog rebase(&runner, QDir(m_dir).filePath("top.qcow2"), overlay, false);
    rebase.backingEdit()->setText("other.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(!rebase.probe()->pending(), timeoutMs);
    QVERIFY(!rebase.actionButton()->isEnabled());
    QVERIFY(rebase.reasonLabel()->text().contains("choose unsafe mode"));
    rebase.unsafeButton()->setChecked(true);
    QVERIFY(rebase.actionButton()->isEnabled());
    QVERIFY(rebase.reasonLabel()->isHidden());
}

QTEST_MAIN(TestChainDialogs)
#include "tst_chain_dialogs.moc"
