// SPDX-License-Identifier: GPL-2.0-or-later
// The Convert wizard driven page by page (source, target, options, pre-flight, Convert,
// progress, result) on images made by qemu-img, and every result checked through the engine
// and through the real qemu-img: check clean, compare equal to the source and to qemu-img's
// own convert of the same input, info for format, compression and backing file. The source's
// bytes never change, and a stopped conversion leaves nothing behind.
#include <QAbstractButton>
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
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "diskscope/ops/compare.h"
#include "diskscope/ops/info.h"
#include "dialogs/ConvertWizard.h"
#include "dialogs/DialogKit.h"
#include "dialogs/ValidatedPage.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "qemu_tools.h"
#include "widgets/CommandField.h"

using namespace diskscope;
using namespace diskscope::ui;
namespace ts = diskscope::testsupport;

namespace {
constexpr int timeoutMs = 30000;

QJsonObject qemuInfo(const QString& path)
{
    QString why;
    ts::ProcessResult result;
    if (!ts::runExpected(ts::qemuImg({"info", "--output=json", "-U", path}), {}, &why, &result)) {
        qWarning("%s", qPrintable(why));
        return {};
    }
    return QJsonDocument::fromJson(result.standardOutput).object();
}

bool qemuCheckClean(const QString& path)
{
    QString why;
    ts::ProcessResult result;
    if (!ts::runExpected(ts::qemuImg({"check", "--output=json", path}), {}, &why, &result)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    const QJsonObject report = QJsonDocument::fromJson(result.standardOutput).object();
    return report["corruptions"].toInt() == 0 && report["leaks"].toInt() == 0 && report.contains("check-errors")
           && report["check-errors"].toInt() == 0;
}

// qemu-img compare's verdict: 0 identical, 1 different.
int qemuCompare(const QString& a, const QString& b)
{
    const ts::ProcessResult result = ts::run(ts::qemuImg({"compare", "-U", a, b}));
    return result.started && !result.timedOut && !result.crashed ? result.exitCode : -1;
}

// Guest bytes the image itself holds (qemu-img map, depth 0 data).
qint64 ownData(const QString& path)
{
    const ts::ProcessResult result = ts::run(ts::qemuImg({"map", "--output=json", "-U", path}));
    qint64 total = 0;
    for (const QJsonValue& extent : QJsonDocument::fromJson(result.standardOutput).array()) {
        const QJsonObject e = extent.toObject();
        if (e["depth"].toInt() == 0 && e["data"].toBool())
            total += e["length"].toInteger();
    }
    return total;
}

bool runOk(const ts::Command& command)
{
    QString why;
    if (!ts::runExpected(command, {}, &why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

bool itemEnabled(QComboBox* box, const QVariant& data)
{
    auto* model = qobject_cast<QStandardItemModel*>(box->model());
    return model && model->item(box->findData(data))->isEnabled();
}

}  // namespace

class TestConvertWizard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void init()
    {
        m_asked.clear();
        Confirmation::setResponder([this](const DestructiveQuestion& q) {
            m_asked << q.question;
            return m_answer;
        });
        ConvertWizard::setUrlOpener([this](const QUrl& url) {
            m_opened << url;
            return true;
        });
    }
    void cleanup()
    {
        Confirmation::setResponder({});
        ConvertWizard::setUrlOpener({});
    }

    void qcow2ToRaw();
    void rawToCompressedZstd();
    void flattenChain();
    void keepBackingFile();
    void fromSnapshot();
    void invalidInputKeepsNextDisabled();
    void stopLeavesNothing();
    void mainWindowAction();
    void screenshots();

private:
    // Walks Source → Target for `source` with `format` and the file name `name`.
    void fillSourceAndTarget(ConvertWizard& wizard, const QString& source, bool qcow2, const QString& name);
    // Options page → pre-flight → commit → progress → result.
    void convertAndWait(ConvertWizard& wizard);
    QString makeQcow2WithData(const QString& name);

    QTemporaryDir m_dir;
    QStringList m_asked;
    QList<QUrl> m_opened;
    bool m_answer = true;
};

QString TestConvertWizard::makeQcow2WithData(const QString& name)
{
    const QString path = m_dir.filePath(name);
    if (!runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", path, "16M"})))
        return {};
    if (!runOk(ts::qemuIo(path, "qcow2", {"write -P 0x5a 0 1M", "write -P 0x11 3M 64k", "write -z 5M 1M",
                                        "write -P 0xc3 15M 1M"})))
        return {};
    return path;
}

void TestConvertWizard::fillSourceAndTarget(ConvertWizard& wizard, const QString& source, bool qcow2,
                                            const QString& name)
{
    wizard.show();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::SourcePage));
    wizard.setSource(source);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceRead(), timeoutMs);
    QVERIFY2(wizard.button(QWizard::NextButton)->isEnabled(),
             qPrintable(wizard.validatedPage(ConvertWizard::SourcePage)->reasonLabel()->text()));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::TargetPage));
    child<QRadioButton>(&wizard, qcow2 ? "formatQcow2" : "formatRaw")->setChecked(true);
    // The extension follows the format.
    QVERIFY(child<QLineEdit>(&wizard, "targetNameEdit")->text().endsWith(qcow2 ? ".qcow2" : ".img"));
    child<QLineEdit>(&wizard, "targetNameEdit")->setText(name);
    QVERIFY2(wizard.button(QWizard::NextButton)->isEnabled(),
             qPrintable(wizard.validatedPage(ConvertWizard::TargetPage)->reasonLabel()->text()));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::OptionsPage));
}

void TestConvertWizard::convertAndWait(ConvertWizard& wizard)
{
    QVERIFY2(wizard.button(QWizard::NextButton)->isEnabled(),
             qPrintable(wizard.validatedPage(ConvertWizard::OptionsPage)->reasonLabel()->text()));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::PreflightPage));
    // Nothing is written before the commit page.
    QVERIFY(!QFileInfo::exists(wizard.plan().target) || !m_asked.isEmpty());
    QTRY_VERIFY2_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(),
                              qPrintable(wizard.validatedPage(ConvertWizard::PreflightPage)->reasonLabel()->text()),
                              timeoutMs);
    QVERIFY(child<QLabel>(&wizard, "spaceNeededValue")->text().contains("bytes"));
    QVERIFY(child<QLabel>(&wizard, "estimatedTimeValue")->text().startsWith("a"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::CommitPage));
    QCOMPARE(wizard.button(QWizard::CommitButton)->text(), QString("Convert"));
    QCOMPARE(child<CommandField>(&wizard, "summaryCommand")->command(), wizard.commandLine());
    wizard.button(QWizard::CommitButton)->click();
    QVERIFY(wizard.job());
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.job()->isRunning(), timeoutMs);
    QVERIFY2(wizard.job()->state() == Job::State::Succeeded, qPrintable(wizard.job()->message()));
    QCOMPARE(wizard.currentId(), int(ConvertWizard::ResultPage));
    QVERIFY(wizard.result().has_value());
}

void TestConvertWizard::qcow2ToRaw()
{
    const QString source = makeQcow2WithData("vm.qcow2");
    QVERIFY(!source.isEmpty());
    const QByteArray before = ts::fileSha256(source);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    fillSourceAndTarget(wizard, source, false, "vm.img");
    QVERIFY(child<QLabel>(&wizard, "sourceFacts")->text().contains("qcow2"));
    // raw has no qcow2 options.
    QVERIFY(!child<QCheckBox>(&wizard, "compressBox")->isEnabled());
    QVERIFY(!child<QRadioButton>(&wizard, "keepBackingButton")->isEnabled());
    convertAndWait(wizard);
    const QString target = m_dir.filePath("vm.img");
    QCOMPARE(wizard.commandLine(), QString("diskscope-img convert -p -U -f qcow2 -O raw %1 %2").arg(source, target));
    QVERIFY(wizard.result()->verified && wizard.result()->identical);
    QVERIFY(child<QLabel>(&wizard, "verifyText")->text().contains("Verified"));
    QCOMPARE(qemuInfo(target)["format"].toString(), QString("raw"));
    QCOMPARE(QFileInfo(target).size(), qint64(16) << 20);
    QCOMPARE(qemuCompare(source, target), 0);
    // Byte for byte what qemu-img convert writes.
    const QString reference = m_dir.filePath("vm-ref.img");
    QVERIFY(runOk(ts::qemuImg({"convert", "-f", "qcow2", "-O", "raw", source, reference})));
    QString why;
    QVERIFY2(ts::filesHaveSameContent(reference, target, &why), qPrintable(why));
    QCOMPARE(ts::fileSha256(source), before);
    // Show in File Manager opens the folder.
    child<QPushButton>(&wizard, "revealButton")->click();
    QCOMPARE(m_opened.value(0), QUrl::fromLocalFile(m_dir.path()));
}

void TestConvertWizard::rawToCompressedZstd()
{
    const QString source = m_dir.filePath("plain.img");
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "raw", source, "24M"})));
    QVERIFY(runOk(ts::qemuIo(source, "raw", {"write -P 0x41 0 8M", "write -P 0x42 12M 4M"})));
    const QByteArray before = ts::fileSha256(source);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    fillSourceAndTarget(wizard, source, true, "packed.qcow2");
    auto* compress = child<QCheckBox>(&wizard, "compressBox");
    auto* type = child<QComboBox>(&wizard, "compressionTypeBox");
    QVERIFY(!type->isEnabled());
    compress->setChecked(true);
    QVERIFY(type->isEnabled());
    type->setCurrentIndex(type->findData("zstd"));
    // zstd rules out compat 0.10.
    QVERIFY(!itemEnabled(child<QComboBox>(&wizard, "compatBox"), "0.10"));
    convertAndWait(wizard);
    const QString target = m_dir.filePath("packed.qcow2");
    QVERIFY2(wizard.commandLine().contains("-O qcow2 -c -o cluster_size=65536,compat=1.1,compression_type=zstd"),
             qPrintable(wizard.commandLine()));
    QVERIFY(wizard.result()->identical);
    const QJsonObject facts = qemuInfo(target);
    QCOMPARE(facts["format"].toString(), QString("qcow2"));
    QCOMPARE(facts["format-specific"].toObject()["data"].toObject()["compression-type"].toString(), QString("zstd"));
    QVERIFY(qemuCheckClean(target));
    QCOMPARE(qemuCompare(source, target), 0);
    // 12 MiB of data compressed: the file is far smaller (qemu-img's own zstd convert as the bar).
    const QString reference = m_dir.filePath("packed-ref.qcow2");
    QVERIFY(runOk(ts::qemuImg({"convert", "-c", "-O", "qcow2", "-o", "compression_type=zstd", source, reference})));
    QCOMPARE(qemuCompare(reference, target), 0);
    QVERIFY2(QFileInfo(target).size() < (1 << 20), qPrintable(QString::number(QFileInfo(target).size())));
    QVERIFY(QFileInfo(target).size() <= QFileInfo(reference).size() * 2);
    QVERIFY(child<QLabel>(&wizard, "resultText")->text().contains("Saved"));
    QCOMPARE(ts::fileSha256(source), before);
}

void TestConvertWizard::flattenChain()
{
    const QString base = makeQcow2WithData("flat-base.qcow2");
    const QString overlay = m_dir.filePath("flat-top.qcow2");
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "flat-base.qcow2", "-F", "qcow2", overlay})));
    QVERIFY(runOk(ts::qemuIo(overlay, "qcow2", {"write -P 0x77 512k 1M", "write -z 15M 64k"})));
    const QByteArray beforeBase = ts::fileSha256(base), beforeTop = ts::fileSha256(overlay);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    fillSourceAndTarget(wizard, overlay, true, "flat.qcow2");
    // The chain is shown on the source page.
    QVERIFY(child<QLabel>(&wizard, "sourceFacts")->text().contains("flat-base.qcow2"));
    QVERIFY(child<QRadioButton>(&wizard, "flattenButton")->isChecked());
    QVERIFY(child<QRadioButton>(&wizard, "keepBackingButton")->isEnabled());
    convertAndWait(wizard);
    const QString target = m_dir.filePath("flat.qcow2");
    const QJsonObject facts = qemuInfo(target);
    QVERIFY(!facts.contains("backing-filename"));
    QVERIFY(qemuCheckClean(target));
    QCOMPARE(qemuCompare(overlay, target), 0);
    const QString reference = m_dir.filePath("flat-ref.qcow2");
    QVERIFY(runOk(ts::qemuImg({"convert", "-O", "qcow2", overlay, reference})));
    QCOMPARE(qemuCompare(reference, target), 0);
    QCOMPARE(ownData(target), ownData(reference));
    QVERIFY(wizard.result()->identical);
    QCOMPARE(ts::fileSha256(base), beforeBase);
    QCOMPARE(ts::fileSha256(overlay), beforeTop);
}

void TestConvertWizard::keepBackingFile()
{
    const QString base = makeQcow2WithData("keep-base.qcow2");
    const QString overlay = m_dir.filePath("keep-top.qcow2");
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "keep-base.qcow2", "-F", "qcow2", overlay})));
    QVERIFY(runOk(ts::qemuIo(overlay, "qcow2", {"write -P 0x77 512k 1M", "write -P 0x78 10M 128k"})));
    const QByteArray beforeBase = ts::fileSha256(base), beforeTop = ts::fileSha256(overlay);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    fillSourceAndTarget(wizard, overlay, true, "kept.qcow2");
    child<QRadioButton>(&wizard, "keepBackingButton")->setChecked(true);
    QVERIFY(child<QLabel>(&wizard, "keepBackingHint")->text().contains("keep-base.qcow2"));
    convertAndWait(wizard);
    QVERIFY2(wizard.commandLine().contains("-B keep-base.qcow2 -F qcow2"), qPrintable(wizard.commandLine()));
    const QString target = m_dir.filePath("kept.qcow2");
    const QJsonObject facts = qemuInfo(target);
    QCOMPARE(facts["backing-filename"].toString(), QString("keep-base.qcow2"));
    QCOMPARE(facts["backing-filename-format"].toString(), QString("qcow2"));
    QVERIFY(qemuCheckClean(target));
    QCOMPARE(qemuCompare(overlay, target), 0);
    const QString reference = m_dir.filePath("kept-ref.qcow2");
    QVERIFY(runOk(ts::qemuImg({"convert", "-O", "qcow2", "-B", "keep-base.qcow2", "-F", "qcow2", overlay, reference})));
    QCOMPARE(qemuCompare(reference, target), 0);
    // Only the top image's own clusters were copied.
    QCOMPARE(ownData(target), ownData(reference));
    QCOMPARE(ownData(target), ownData(overlay));
    QVERIFY(wizard.result()->identical);
    QCOMPARE(ts::fileSha256(base), beforeBase);
    QCOMPARE(ts::fileSha256(overlay), beforeTop);
}

void TestConvertWizard::fromSnapshot()
{
    const QString source = makeQcow2WithData("snap.qcow2");
    QVERIFY(runOk(ts::qemuImg({"snapshot", "-c", "before", source})));
    QVERIFY(runOk(ts::qemuIo(source, "qcow2", {"write -P 0xee 0 2M"})));
    const QByteArray before = ts::fileSha256(source);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    fillSourceAndTarget(wizard, source, true, "snap-copy.qcow2");
    auto* snapshot = child<QComboBox>(&wizard, "snapshotBox");
    QCOMPARE(snapshot->count(), 2);
    QVERIFY(snapshot->itemText(1).contains("before"));
    // The page says internal snapshots are not carried over (errata, issue 4).
    QVERIFY(child<QLabel>(&wizard, "optionNote")->text().contains("no internal snapshots"));
    snapshot->setCurrentIndex(1);
    QVERIFY(!child<QCheckBox>(&wizard, "verifyBox")->isEnabled());
    convertAndWait(wizard);
    QVERIFY2(wizard.commandLine().contains("-l snapshot.id=1"), qPrintable(wizard.commandLine()));
    const QString target = m_dir.filePath("snap-copy.qcow2");
    const QJsonObject facts = qemuInfo(target);
    QVERIFY(!facts.contains("snapshots"));
    QVERIFY(qemuCheckClean(target));
    const QString reference = m_dir.filePath("snap-ref.qcow2");
    QVERIFY(runOk(ts::qemuImg({"convert", "-l", "snapshot.name=before", "-O", "qcow2", source, reference})));
    QCOMPARE(qemuCompare(reference, target), 0);
    QCOMPARE(qemuCompare(source, target), 1);  // the active state differs
    QCOMPARE(ts::fileSha256(source), before);
}

void TestConvertWizard::invalidInputKeepsNextDisabled()
{
    const QString source = makeQcow2WithData("checked.qcow2");
    JobRunner runner;
    ConvertWizard wizard(&runner);
    wizard.show();
    auto* sourcePage = wizard.validatedPage(ConvertWizard::SourcePage);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(sourcePage->reasonLabel()->isVisible());
    QVERIFY(sourcePage->reasonLabel()->text().contains("Choose the image"));
    wizard.setSource(m_dir.filePath("missing.qcow2"));
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceRead(), timeoutMs);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(sourcePage->reasonLabel()->text().contains("cannot be read"));
    // A chain whose backing file is missing is incomplete.
    const QString orphan = m_dir.filePath("orphan.qcow2");
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", "-u", "-b", "gone.qcow2", "-F", "qcow2", orphan, "1M"})));
    wizard.setSource(orphan);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceRead(), timeoutMs);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY2(sourcePage->reasonLabel()->text().contains("backing chain"), qPrintable(sourcePage->reasonLabel()->text()));
    wizard.setSource(source);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceRead(), timeoutMs);
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(!sourcePage->reasonLabel()->isVisible());
    wizard.next();

    auto* targetPage = wizard.validatedPage(ConvertWizard::TargetPage);
    auto* name = child<QLineEdit>(&wizard, "targetNameEdit");
    name->setText("");
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QCOMPARE(targetPage->reasonLabel()->text(), QString("Enter a file name."));
    name->setText("checked.qcow2");  // the source itself
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(targetPage->reasonLabel()->text().contains("which the source reads"));
    child<QLineEdit>(&wizard, "targetDirectoryEdit")->setText(m_dir.filePath("no-such-folder"));
    QVERIFY(targetPage->reasonLabel()->text().contains("folder does not exist"));
    wizard.setTargetDirectory(m_dir.path());
    // An existing file: Next asks, naming it; "no" stays on the page.
    QFile taken(m_dir.filePath("taken.qcow2"));
    QVERIFY(taken.open(QIODevice::WriteOnly));
    taken.write("keep me");
    taken.close();
    child<QRadioButton>(&wizard, "formatQcow2")->setChecked(true);
    name->setText("taken.qcow2");
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    m_answer = false;
    wizard.next();
    QCOMPARE(m_asked.size(), 1);
    QVERIFY(m_asked.front().contains("taken.qcow2"));
    QCOMPARE(wizard.currentId(), int(ConvertWizard::TargetPage));
    m_answer = true;
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConvertWizard::OptionsPage));
    // Nothing was written by answering yes: the file is replaced only by Convert.
    QCOMPARE(QFileInfo(m_dir.filePath("taken.qcow2")).size(), qint64(7));

    // A combination forced past the greyed entries keeps Next disabled with the reason.
    child<QCheckBox>(&wizard, "compressBox")->setChecked(true);
    auto* compat = child<QComboBox>(&wizard, "compatBox");
    compat->setCurrentIndex(compat->findData("0.10"));
    QVERIFY(!itemEnabled(child<QComboBox>(&wizard, "compressionTypeBox"), "zstd"));
    auto* type = child<QComboBox>(&wizard, "compressionTypeBox");
    type->setCurrentIndex(type->findData("zstd"));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY2(wizard.validatedPage(ConvertWizard::OptionsPage)->reasonLabel()->text().contains("1.1"),
             qPrintable(wizard.validatedPage(ConvertWizard::OptionsPage)->reasonLabel()->text()));
    compat->setCurrentIndex(compat->findData("1.1"));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    // Going back to raw turns the qcow2 options off.
    wizard.back();
    child<QRadioButton>(&wizard, "formatRaw")->setChecked(true);
    QCOMPARE(name->text(), QString("taken.img"));
}

void TestConvertWizard::stopLeavesNothing()
{
    QTemporaryDir dir;
    const QString source = dir.filePath("big.img");
    QString why;
    // Incompressible data, compressed: long enough to be stopped half-way.
    QVERIFY2(ts::writeRandomFile(source, qint64(96) << 20, 7, &why), qPrintable(why));
    const QByteArray before = ts::fileSha256(source);
    JobRunner runner;
    ConvertWizard wizard(&runner);
    wizard.setTargetDirectory(dir.path());
    fillSourceAndTarget(wizard, source, true, "big.qcow2");
    child<QCheckBox>(&wizard, "compressBox")->setChecked(true);
    wizard.next();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), timeoutMs);
    wizard.next();
    wizard.button(QWizard::CommitButton)->click();
    QVERIFY(wizard.job());
    QVERIFY(wizard.job()->isRunning());
    // Closing while it runs asks first; "no" keeps converting.
    m_answer = false;
    wizard.reject();
    QCOMPARE(m_asked.size(), 1);
    QVERIFY(m_asked.front().contains("big.qcow2"));
    QVERIFY(wizard.isVisible());
    child<QPushButton>(&wizard, "stopButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.job()->isRunning(), timeoutMs);
    QCOMPARE(int(wizard.job()->state()), int(Job::State::Cancelled));
    QVERIFY(child<QLabel>(&wizard, "progressText")->text().contains("Stopped"));
    // No target and no temporary file: the folder holds the source alone.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"big.img"});
    QCOMPARE(ts::fileSha256(source), before);
    QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
}

void TestConvertWizard::mainWindowAction()
{
    const QString source = makeQcow2WithData("window.qcow2");
    MainWindow window;
    window.show();
    window.openFile(source);
    QTRY_VERIFY_WITH_TIMEOUT(window.imageModel()->rowCount() == 1
                                 && window.imageModel()->stateAt(0) == ImageListModel::State::Ready,
                             timeoutMs);
    QAction* action = window.findChild<QAction*>("actionConvert");
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    action->trigger();
    auto* wizard = window.findChild<ConvertWizard*>();
    QVERIFY(wizard);
    QCOMPARE(child<QLineEdit>(wizard, "sourceEdit")->text(), source);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->sourceRead(), timeoutMs);
    wizard->next();
    child<QLineEdit>(wizard, "targetNameEdit")->setText("window-copy.qcow2");
    wizard->next();
    convertAndWait(*wizard);
    child<QPushButton>(wizard, "openResultButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.imageModel()->rowCount() == 2, timeoutMs);
    QCOMPARE(window.imageModel()->pathAt(1), m_dir.filePath("window-copy.qcow2"));
    QTRY_VERIFY_WITH_TIMEOUT(window.imageModel()->stateAt(1) == ImageListModel::State::Ready, timeoutMs);
}

// With DISKSCOPE_SCREENSHOT_DIR set (scripts/screenshot-dialogs.sh, under Xvfb), saves every
// page of a chain converted to compressed qcow2 as convert-N-PAGE.png; otherwise it only walks
// the pages, which must all be reachable with these inputs.
void TestConvertWizard::screenshots()
{
    const QString out = qEnvironmentVariable("DISKSCOPE_SCREENSHOT_DIR");
    QTemporaryDir dir;
    const QString base = dir.filePath("debian-12-base.qcow2");
    const QString top = dir.filePath("web-server.qcow2");
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", base, "2G"})));
    QVERIFY(runOk(ts::qemuIo(base, "qcow2", {"write -P 0x5a 0 24M", "write -P 0x33 1G 8M"})));
    QVERIFY(runOk(ts::qemuImg({"create", "-q", "-f", "qcow2", "-b", "debian-12-base.qcow2", "-F", "qcow2", top})));
    QVERIFY(runOk(ts::qemuIo(top, "qcow2", {"write -P 0x77 4M 8M"})));
    QVERIFY(runOk(ts::qemuImg({"snapshot", "-c", "before-upgrade", top})));
    JobRunner runner;
    ConvertWizard wizard(&runner);
    wizard.show();
    int shot = 0;
    const auto snap = [&](const char* name) {
        QApplication::processEvents();
        if (!out.isEmpty())
            QVERIFY(wizard.grab().save(QString("%1/convert-%2-%3.png").arg(out).arg(++shot).arg(name)));
    };
    snap("source-empty");
    wizard.setSource(top);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceRead(), timeoutMs);
    snap("source");
    wizard.next();
    child<QRadioButton>(&wizard, "formatQcow2")->setChecked(true);
    child<QLineEdit>(&wizard, "targetNameEdit")->setText("web-server-compact.qcow2");
    snap("target");
    wizard.next();
    child<QCheckBox>(&wizard, "compressBox")->setChecked(true);
    auto* type = child<QComboBox>(&wizard, "compressionTypeBox");
    type->setCurrentIndex(type->findData("zstd"));
    snap("options");
    wizard.next();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), timeoutMs);
    snap("preflight");
    wizard.next();
    snap("commit");
    if (!out.isEmpty()) {
        // The progress page mid-way needs a conversion that lasts: incompressible data, compressed.
        const QString big = dir.filePath("database.img");
        QString why;
        QVERIFY2(ts::writeRandomFile(big, qint64(1536) << 20, 3, &why), qPrintable(why));
        ConvertWizard running(&runner);
        running.show();
        running.setSource(big);
        QTRY_VERIFY_WITH_TIMEOUT(running.sourceRead(), timeoutMs);
        running.next();
        child<QRadioButton>(&running, "formatQcow2")->setChecked(true);
        running.next();
        child<QCheckBox>(&running, "compressBox")->setChecked(true);
        auto* runningType = child<QComboBox>(&running, "compressionTypeBox");
        runningType->setCurrentIndex(runningType->findData("zstd"));
        running.next();
        QTRY_VERIFY_WITH_TIMEOUT(running.button(QWizard::NextButton)->isEnabled(), timeoutMs);
        running.next();
        running.button(QWizard::CommitButton)->click();
        // Grabbed from the first update that shows a rate and an estimate: the conversion
        // is too quick to wait for from outside.
        bool grabbed = false;
        connect(running.job(), &Job::progressChanged, &running, [&] {
            if (grabbed || !running.job()->isRunning() || running.job()->done() < running.job()->total() / 8
                || !child<QLabel>(&running, "progressText")->text().contains("left"))
                return;
            grabbed = running.grab().save(QString("%1/convert-%2-progress.png").arg(out).arg(shot + 1));
        });
        QTRY_VERIFY_WITH_TIMEOUT(!running.job()->isRunning(), timeoutMs);
        QVERIFY(grabbed);
        ++shot;
    }
    wizard.button(QWizard::CommitButton)->click();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.currentId() == ConvertWizard::ResultPage, timeoutMs);
    snap("result");
}

QTEST_MAIN(TestConvertWizard)
#include "tst_convert_wizard.moc"
