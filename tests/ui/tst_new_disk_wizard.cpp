// SPDX-License-Identifier: GPL-2.0-or-later
// The New Disk wizard driven page by page (fields filled, Next, Create Disk), and the disks it
// makes read back through the engine and through the real qemu-img (info and check).
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "diskscope/ops/info.h"
#include "dialogs/DialogKit.h"
#include "dialogs/NewDiskWizard.h"
#include "dialogs/Qcow2OptionRules.h"
#include "dialogs/SizeEntry.h"
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
    // qemu-img leaves out the counts that are zero, except check-errors.
    return report["corruptions"].toInt() == 0 && report["leaks"].toInt() == 0 && report.contains("check-errors")
           && report["check-errors"].toInt() == 0;
}

bool itemEnabled(QComboBox* box, const QVariant& data)
{
    auto* model = qobject_cast<QStandardItemModel*>(box->model());
    return model && model->item(box->findData(data))->isEnabled();
}

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

}  // namespace

class TestNewDiskWizard : public QObject {
    Q_OBJECT

private slots:
    // The main window saves its state: keep it out of the user's settings.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_asked.clear();
        Confirmation::setResponder([this](const DestructiveQuestion& q) {
            m_asked << q.question;
            return m_answer;
        });
    }
    void cleanup() { Confirmation::setResponder({}); }

    void rules();
    void sizeEntry();
    void rawDisk();
    void qcow2Disks_data();
    void qcow2Disks();
    void invalidCombinationsGreyedOut();
    void backingFile();
    void overwriteAsks();
    void mainWindowOpensTheNewDisk();
    void screenshots();

private:
    // Walks Format → Location → Size for `wizard`.
    void fillFirstPages(NewDiskWizard& wizard, bool qcow2, const QString& name, const QString& size, int unit);
    void finishAndWait(NewDiskWizard& wizard);

    QTemporaryDir m_dir;
    QStringList m_asked;
    bool m_answer = true;
};

void TestNewDiskWizard::rules()
{
    Qcow2Choice choice;
    QVERIFY(Qcow2OptionRules::accepts(choice));
    choice.compat11 = false;
    QVERIFY(Qcow2OptionRules::accepts(choice));
    for (auto change : std::initializer_list<std::function<void(Qcow2Choice&)>>{
             [](Qcow2Choice& c) { c.extendedL2 = true; }, [](Qcow2Choice& c) { c.refcountBits = 8; },
             [](Qcow2Choice& c) { c.refcountBits = 64; }, [](Qcow2Choice& c) { c.lazyRefcounts = true; },
             [](Qcow2Choice& c) { c.zstd = true; }}) {
        Qcow2Choice v2;
        v2.compat11 = false;
        change(v2);
        QVERIFY(!Qcow2OptionRules::accepts(v2));
    }
    Qcow2Choice small;
    small.extendedL2 = true;
    small.clusterSize = 8192;
    QVERIFY(!Qcow2OptionRules::accepts(small));
    small.clusterSize = 16384;
    QVERIFY(Qcow2OptionRules::accepts(small));
    Qcow2Choice backing;
    backing.backingFile = true;
    backing.preallocation = "metadata";
    QVERIFY(!Qcow2OptionRules::accepts(backing));
    backing.extendedL2 = true;
    QVERIFY(Qcow2OptionRules::accepts(backing));
}

void TestNewDiskWizard::sizeEntry()
{
    SizeEntry entry;
    entry.setText("1.5", 2);
    QCOMPARE(entry.bytes().value(), uint64_t(1536) * 1024);
    QVERIFY(entry.exactLabel()->text().contains(QLocale().toString(qulonglong(1572864))));
    entry.setText("abc", 3);
    QVERIFY(!entry.bytes());
    QVERIFY(entry.problem().contains("not a number"));
    entry.setText("1.5", 0);
    QVERIFY(!entry.problem().isEmpty());
    entry.setText("9000000", 4);  // 9 million TiB is past 8 EiB
    QVERIFY(entry.problem().contains("8 EiB"));
    entry.setBytes(uint64_t(3) << 30);
    QCOMPARE(entry.numberEdit()->text(), QString("3"));
    QCOMPARE(entry.unitBox()->currentIndex(), 3);
}

void TestNewDiskWizard::fillFirstPages(NewDiskWizard& wizard, bool qcow2, const QString& name, const QString& size,
                                       int unit)
{
    wizard.setDirectory(m_dir.path());
    wizard.show();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::FormatPage));
    child<QRadioButton>(&wizard, qcow2 ? "formatQcow2" : "formatRaw")->setChecked(true);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::LocationPage));
    // The extension follows the format.
    QVERIFY(child<QLineEdit>(&wizard, "nameEdit")->text().endsWith(qcow2 ? ".qcow2" : ".img"));
    child<QLineEdit>(&wizard, "nameEdit")->setText(name);
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SizePage));
    SizeEntry* entry = wizard.findChild<SizeEntry*>();
    entry->setText(size, unit);
}

void TestNewDiskWizard::finishAndWait(NewDiskWizard& wizard)
{
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
    wizard.button(QWizard::FinishButton)->click();
    QVERIFY(wizard.job());
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.job()->isRunning(), timeoutMs);
    QVERIFY2(wizard.job()->state() == Job::State::Succeeded, qPrintable(wizard.job()->message()));
}

void TestNewDiskWizard::rawDisk()
{
    JobRunner runner;
    NewDiskWizard wizard(&runner);
    fillFirstPages(wizard, false, "plain.img", "3", 2);
    wizard.next();
    // raw skips the qcow2 pages.
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SummaryPage));
    const QString path = m_dir.filePath("plain.img");
    QCOMPARE(child<CommandField>(&wizard, "summaryCommand")->command(),
             QString("diskscope-img create -f raw %1 3145728").arg(path));
    finishAndWait(wizard);
    const QJsonObject facts = qemuInfo(path);
    QCOMPARE(facts["format"].toString(), QString("raw"));
    QCOMPARE(facts["virtual-size"].toInteger(), qint64(3) << 20);
    InfoOptions options;
    options.path = path.toStdString();
    auto engine = info(options);
    QVERIFY(engine.ok());
    QCOMPARE(engine->front().virtualSize, uint64_t(3) << 20);
}

void TestNewDiskWizard::qcow2Disks_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("compat");
    QTest::addColumn<int>("refcountBits");
    QTest::addColumn<bool>("lazy");
    QTest::addColumn<bool>("extendedL2");
    QTest::addColumn<QString>("compression");
    QTest::addColumn<QString>("preallocation");
    QTest::newRow("defaults") << "65536" << "1.1" << 16 << false << false << "zlib" << "off";
    QTest::newRow("v2 small clusters") << "4096" << "0.10" << 16 << false << false << "zlib" << "metadata";
    QTest::newRow("v3 everything") << "131072" << "1.1" << 64 << true << true << "zstd" << "falloc";
    QTest::newRow("1-bit refcounts full") << "2097152" << "1.1" << 1 << false << false << "zlib" << "full";
}

void TestNewDiskWizard::qcow2Disks()
{
    QFETCH(QString, cluster);
    QFETCH(QString, compat);
    QFETCH(int, refcountBits);
    QFETCH(bool, lazy);
    QFETCH(bool, extendedL2);
    QFETCH(QString, compression);
    QFETCH(QString, preallocation);
    JobRunner runner;
    NewDiskWizard wizard(&runner);
    const QString name = QString("disk-%1.qcow2").arg(QTest::currentDataTag()).replace(' ', '-');
    fillFirstPages(wizard, true, name, "5", 2);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::OptionsPage));
    auto* compatBox = child<QComboBox>(&wizard, "compatBox");
    compatBox->setCurrentIndex(compatBox->findData(compat));
    auto* clusterBox = child<QComboBox>(&wizard, "clusterSizeBox");
    clusterBox->setCurrentIndex(clusterBox->findData(QVariant::fromValue<qulonglong>(cluster.toULongLong())));
    auto* refcountBox = child<QComboBox>(&wizard, "refcountBitsBox");
    refcountBox->setCurrentIndex(refcountBox->findData(refcountBits));
    child<QCheckBox>(&wizard, "lazyRefcountsBox")->setChecked(lazy);
    child<QCheckBox>(&wizard, "extendedL2Box")->setChecked(extendedL2);
    auto* compressionBox = child<QComboBox>(&wizard, "compressionBox");
    compressionBox->setCurrentIndex(compressionBox->findData(compression));
    auto* preallocationBox = child<QComboBox>(&wizard, "preallocationBox");
    preallocationBox->setCurrentIndex(preallocationBox->findData(preallocation));
    QVERIFY2(wizard.button(QWizard::NextButton)->isEnabled(),
             qPrintable(wizard.validatedPage(NewDiskWizard::OptionsPage)->reasonLabel()->text()));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::BackingPage));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SummaryPage));
    const QString command = child<CommandField>(&wizard, "summaryCommand")->command();
    QVERIFY2(command.contains(QString("cluster_size=%1,compat=%2,refcount_bits=%3").arg(cluster, compat).arg(refcountBits)),
             qPrintable(command));
    finishAndWait(wizard);

    const QString path = m_dir.filePath(name);
    const QJsonObject facts = qemuInfo(path);
    QCOMPARE(facts["format"].toString(), QString("qcow2"));
    QCOMPARE(facts["virtual-size"].toInteger(), qint64(5) << 20);
    QCOMPARE(facts["cluster-size"].toInteger(), cluster.toLongLong());
    const QJsonObject data = facts["format-specific"].toObject()["data"].toObject();
    QCOMPARE(data["compat"].toString(), compat);
    QCOMPARE(data["refcount-bits"].toInt(), refcountBits);
    if (compat == "1.1") {
        QCOMPARE(data["lazy-refcounts"].toBool(), lazy);
        QCOMPARE(data["extended-l2"].toBool(), extendedL2);
        QCOMPARE(data["compression-type"].toString(), compression);
    }
    if (preallocation == "full" || preallocation == "falloc")
        QVERIFY(QFileInfo(path).size() >= (qint64(5) << 20));
    QVERIFY(qemuCheckClean(path));

    // The equivalent command makes the same disk: run it and compare qemu-img's view.
    const QString again = m_dir.filePath("again-" + name);
    QStringList arguments = QProcess::splitCommand(command).mid(1);
    arguments.replace(arguments.indexOf(path), again);
    QString why;
    QVERIFY2(ts::runExpected(ts::diskscopeImg(arguments), {}, &why), qPrintable(why));
    QJsonObject twin = qemuInfo(again);
    QCOMPARE(twin["format-specific"].toObject(), facts["format-specific"].toObject());
    QCOMPARE(twin["virtual-size"], facts["virtual-size"]);
}

void TestNewDiskWizard::invalidCombinationsGreyedOut()
{
    JobRunner runner;
    NewDiskWizard wizard(&runner);
    fillFirstPages(wizard, true, "sizes.qcow2", "", 3);
    auto* sizePage = wizard.validatedPage(NewDiskWizard::SizePage);
    // Invalid sizes keep Next disabled with the reason shown.
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(sizePage->reasonLabel()->isVisible());
    QCOMPARE(sizePage->reasonLabel()->text(), QString("Enter a size."));
    SizeEntry* entry = wizard.findChild<SizeEntry*>();
    entry->setText("12x", 3);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(sizePage->reasonLabel()->text().contains("not a number"));
    entry->setText("0", 3);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(sizePage->reasonLabel()->text().contains("larger than zero"));
    entry->setText("2", 3);
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(!sizePage->reasonLabel()->isVisible());
    wizard.next();

    auto* compat = child<QComboBox>(&wizard, "compatBox");
    auto* cluster = child<QComboBox>(&wizard, "clusterSizeBox");
    auto* refcount = child<QComboBox>(&wizard, "refcountBitsBox");
    auto* compression = child<QComboBox>(&wizard, "compressionBox");
    auto* extended = child<QCheckBox>(&wizard, "extendedL2Box");
    auto* lazy = child<QCheckBox>(&wizard, "lazyRefcountsBox");
    // With compat 0.10, nothing that needs 1.1 can be picked.
    compat->setCurrentIndex(compat->findData("0.10"));
    QVERIFY(!itemEnabled(refcount, 8));
    QVERIFY(itemEnabled(refcount, 16));
    QVERIFY(!itemEnabled(compression, "zstd"));
    QVERIFY(!extended->isEnabled());
    QVERIFY(!lazy->isEnabled());
    compat->setCurrentIndex(compat->findData("1.1"));
    // Extended L2 with small clusters is not offered, and the other way round.
    cluster->setCurrentIndex(cluster->findData(QVariant::fromValue<qulonglong>(8192)));
    QVERIFY(!extended->isEnabled());
    cluster->setCurrentIndex(cluster->findData(QVariant::fromValue<qulonglong>(65536)));
    extended->setChecked(true);
    QVERIFY(!itemEnabled(cluster, QVariant::fromValue<qulonglong>(8192)));
    QVERIFY(itemEnabled(cluster, QVariant::fromValue<qulonglong>(16384)));
    QVERIFY(!itemEnabled(compat, "0.10"));
    // A combination forced past the greyed entries still keeps Next disabled, with the reason.
    cluster->setCurrentIndex(cluster->findData(QVariant::fromValue<qulonglong>(4096)));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(wizard.validatedPage(NewDiskWizard::OptionsPage)->reasonLabel()->text().contains("16 KiB"));
    // qemu-img refuses that combination too.
    QVERIFY(!ts::run(ts::qemuImg({"create", "-f", "qcow2", "-o", "cluster_size=4096,extended_l2=on",
                                  m_dir.filePath("refused.qcow2"), "1M"}))
                 .exitedWith(0));
}

void TestNewDiskWizard::backingFile()
{
    const QString base = m_dir.filePath("base.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", base, "7M"}), {}, &why), qPrintable(why));
    QVERIFY2(ts::runExpected(ts::qemuIo(base, "qcow2", {"write -P 0x5a 0 64k"}), {}, &why), qPrintable(why));

    JobRunner runner;
    NewDiskWizard wizard(&runner);
    fillFirstPages(wizard, true, "overlay.qcow2", "1", 3);
    wizard.next();
    auto* preallocation = child<QComboBox>(&wizard, "preallocationBox");
    preallocation->setCurrentIndex(preallocation->findData("metadata"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::BackingPage));
    auto* page = wizard.validatedPage(NewDiskWizard::BackingPage);
    child<QCheckBox>(&wizard, "useBackingBox")->setChecked(true);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    child<QLineEdit>(&wizard, "backingEdit")->setText(base);
    // The format is detected on a worker; then preallocation without extended L2 is refused.
    QTRY_VERIFY_WITH_TIMEOUT(page->reasonLabel()->text().contains("extended L2"), timeoutMs);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(child<QLabel>(&wizard, "backingFacts")->text().contains("qcow2"));
    wizard.back();
    preallocation->setCurrentIndex(preallocation->findData("off"));
    wizard.next();
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SummaryPage));
    const QString command = child<CommandField>(&wizard, "summaryCommand")->command();
    QVERIFY2(command.contains("-b base.qcow2 -F qcow2"), qPrintable(command));
    finishAndWait(wizard);

    const QString overlay = m_dir.filePath("overlay.qcow2");
    const QJsonObject facts = qemuInfo(overlay);
    QCOMPARE(facts["virtual-size"].toInteger(), qint64(7) << 20);  // inherited
    QCOMPARE(facts["backing-filename"].toString(), QString("base.qcow2"));
    QCOMPARE(facts["backing-filename-format"].toString(), QString("qcow2"));
    QVERIFY(qemuCheckClean(overlay));
    ts::ProcessResult read;
    QVERIFY(ts::runExpected(ts::qemuIo(overlay, "qcow2", {"read -P 0x5a 0 64k"}), {}, &why, &read));
    QVERIFY2(!read.standardOutput.contains("Pattern verification failed"), read.standardOutput.constData());
}

void TestNewDiskWizard::overwriteAsks()
{
    const QString path = m_dir.filePath("taken.img");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me");
    }
    JobRunner runner;
    NewDiskWizard wizard(&runner);
    wizard.setDirectory(m_dir.path());
    wizard.show();
    child<QRadioButton>(&wizard, "formatRaw")->setChecked(true);
    wizard.next();
    child<QLineEdit>(&wizard, "nameEdit")->setText("taken.img");
    m_answer = false;
    wizard.next();
    QCOMPARE(m_asked.size(), 1);
    QVERIFY(m_asked.front().contains("taken.img"));
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::LocationPage));
    m_answer = true;
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SizePage));
    wizard.findChild<SizeEntry*>()->setText("64", 1);
    wizard.next();
    finishAndWait(wizard);
    QCOMPARE(QFileInfo(path).size(), qint64(65536));
    QCOMPARE(qemuInfo(path)["virtual-size"].toInteger(), qint64(65536));
}

void TestNewDiskWizard::mainWindowOpensTheNewDisk()
{
    MainWindow window;
    window.show();
    QAction* action = window.findChild<QAction*>("actionNewDisk");
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::New));
    action->trigger();
    auto* wizard = window.findChild<NewDiskWizard*>();
    QVERIFY(wizard);
    wizard->setDirectory(m_dir.path());
    wizard->next();
    child<QLineEdit>(wizard, "nameEdit")->setText("opened.qcow2");
    wizard->next();
    wizard->findChild<SizeEntry*>()->setText("16", 2);
    wizard->next();
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(NewDiskWizard::SummaryPage));
    wizard->button(QWizard::FinishButton)->click();
    const QString path = m_dir.filePath("opened.qcow2");
    QTRY_VERIFY_WITH_TIMEOUT(window.imageModel()->rowCount() == 1, timeoutMs);
    QCOMPARE(window.imageModel()->pathAt(0), path);
    QTRY_VERIFY_WITH_TIMEOUT(window.imageModel()->stateAt(0) == ImageListModel::State::Ready, timeoutMs);
    QVERIFY(qemuCheckClean(path));
}

// With DISKSCOPE_SCREENSHOT_DIR set (scripts/screenshot-dialogs.sh, under Xvfb), saves every
// page of a qcow2 wizard over a backing file as new-disk-N-PAGE.png; otherwise it only walks
// the pages, which must all be reachable with these inputs.
void TestNewDiskWizard::screenshots()
{
    const QString out = qEnvironmentVariable("DISKSCOPE_SCREENSHOT_DIR");
    const QString base = m_dir.filePath("debian-12-base.qcow2");
    QString why;
    QVERIFY2(ts::runExpected(ts::qemuImg({"create", "-q", "-f", "qcow2", base, "20G"}), {}, &why), qPrintable(why));
    JobRunner runner;
    NewDiskWizard wizard(&runner);
    wizard.setDirectory(m_dir.path());
    wizard.show();
    int shot = 0;
    const auto snap = [&](const char* name) {
        QApplication::processEvents();
        if (!out.isEmpty())
            QVERIFY(wizard.grab().save(QString("%1/new-disk-%2-%3.png").arg(out).arg(++shot).arg(name)));
    };
    snap("format");
    wizard.next();
    child<QLineEdit>(&wizard, "nameEdit")->setText("web-server.qcow2");
    snap("location");
    wizard.next();
    wizard.findChild<SizeEntry*>()->setText("20.5x", 3);
    snap("size-invalid");
    wizard.findChild<SizeEntry*>()->setText("20", 3);
    snap("size");
    wizard.next();
    child<QCheckBox>(&wizard, "extendedL2Box")->setChecked(true);
    auto* preallocation = child<QComboBox>(&wizard, "preallocationBox");
    preallocation->setCurrentIndex(preallocation->findData("metadata"));
    snap("qcow2-options");
    wizard.next();
    child<QCheckBox>(&wizard, "useBackingBox")->setChecked(true);
    child<QLineEdit>(&wizard, "backingEdit")->setText(base);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(&wizard, "backingFacts")->text().contains("qcow2"), timeoutMs);
    snap("backing");
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewDiskWizard::SummaryPage));
    snap("summary");
}

QTEST_MAIN(TestNewDiskWizard)
#include "tst_new_disk_wizard.moc"
