// SPDX-License-Identifier: GPL-2.0-or-later
// The New Disk wizard: every page validates as you type; nothing is written before Create Disk.
#include "dialogs/NewDiskWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "dialogs/DialogKit.h"
#include "dialogs/FormatProbe.h"
#include "dialogs/Qcow2OptionRules.h"
#include "dialogs/SizeEntry.h"
#include "dialogs/ValidatedPage.h"
#include "jobs/JobRunner.h"
#include "util/CommandLine.h"
#include "util/SizeFormat.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {
namespace {


}  // namespace

NewDiskWizard::NewDiskWizard(JobRunner* runner, QWidget* parent) : QWizard(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("newDiskWizard"));
    setWindowTitle(tr("New Disk Image"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("Create Disk"));
    setPage(FormatPage, buildFormatPage());
    setPage(LocationPage, buildLocationPage());
    setPage(SizePage, buildSizePage());
    setPage(OptionsPage, buildOptionsPage());
    setPage(BackingPage, buildBackingPage());
    setPage(SummaryPage, buildSummaryPage());
    setStartId(FormatPage);
    setDirectory(QDir::homePath());
    resize(760, 540);
}

ValidatedPage* NewDiskWizard::validatedPage(PageId id) const
{
    return qobject_cast<ValidatedPage*>(page(id));
}

bool NewDiskWizard::isQcow2() const
{
    return m_qcow2->isChecked();
}

void NewDiskWizard::setDirectory(const QString& directory)
{
    m_directory->setText(QDir::toNativeSeparators(directory));
}

ValidatedPage* NewDiskWizard::buildFormatPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("formatPage"));
    page->setTitle(tr("Disk Format"));
    page->setSubTitle(tr("Choose how the disk is stored on the host."));
    auto* layout = new QVBoxLayout(page);
    m_qcow2 = new QRadioButton(tr("&qcow2 — QEMU copy-on-write"), page);
    m_qcow2->setObjectName(QStringLiteral("formatQcow2"));
    m_qcow2->setChecked(true);
    layout->addWidget(m_qcow2);
    layout->addWidget(hintLabel(tr("Grows as the guest writes; supports snapshots, backing files and compression."), page));
    layout->addSpacing(8);
    m_raw = new QRadioButton(tr("&raw — a plain byte-for-byte disk"), page);
    m_raw->setObjectName(QStringLiteral("formatRaw"));
    layout->addWidget(m_raw);
    layout->addWidget(hintLabel(tr("Fastest and readable by every tool; sparse where the file system allows it."), page));
    page->addReasonLine();
    page->setNext([this] { return int(LocationPage); });
    return page;
}

ValidatedPage* NewDiskWizard::buildLocationPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("locationPage"));
    page->setTitle(tr("Name and Location"));
    page->setSubTitle(tr("The file name ends in the format's usual extension."));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(QStringLiteral("disk.qcow2"), page);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    auto* nameLabel = new QLabel(tr("&Name:"), page);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, m_name);
    m_directory = new QLineEdit(page);
    m_directory->setObjectName(QStringLiteral("directoryEdit"));
    auto* browse = new QPushButton(tr("&Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, tr("Folder for the New Disk"), m_directory->text());
        if (!chosen.isEmpty())
            setDirectory(chosen);
    });
    auto* directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directory, 1);
    directoryRow->addWidget(browse);
    auto* directoryLabel = new QLabel(tr("&Folder:"), page);
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, directoryRow);
    layout->addLayout(form);
    page->addReasonLine();
    page->setReasonCheck([this] { return locationProblem(); });
    page->setLeaveCheck([this] { return confirmOverwrite(); });
    page->setOnEnter([this] { followFormatExtension(); });
    page->setNext([this] { return int(SizePage); });
    connect(m_name, &QLineEdit::textChanged, page, &ValidatedPage::revalidate);
    connect(m_directory, &QLineEdit::textChanged, page, &ValidatedPage::revalidate);
    return page;
}

void NewDiskWizard::followFormatExtension()
{
    const QString wanted = isQcow2() ? QStringLiteral(".qcow2") : QStringLiteral(".img");
    QString name = m_name->text().trimmed();
    for (const QString& known : {QStringLiteral(".qcow2"), QStringLiteral(".img"), QStringLiteral(".raw")}) {
        if (name.endsWith(known, Qt::CaseInsensitive)) {
            name.chop(known.size());
            break;
        }
    }
    if (name.isEmpty())
        name = QStringLiteral("disk");
    m_name->setText(name + wanted);
}

QString NewDiskWizard::locationProblem() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Enter a file name.");
    if (name.contains(QLatin1Char('/')) || name == QLatin1String(".") || name == QLatin1String(".."))
        return tr("The name cannot contain “/”; choose the folder below.");
    const QFileInfo directory(QDir::fromNativeSeparators(m_directory->text().trimmed()));
    if (m_directory->text().trimmed().isEmpty() || !directory.isDir())
        return tr("The folder does not exist.");
    if (!directory.isWritable())
        return tr("The folder is not writable.");
    if (QFileInfo(targetPath()).isDir())
        return tr("A folder of that name exists there.");
    return {};
}

bool NewDiskWizard::confirmOverwrite()
{
    const QString path = targetPath();
    if (!QFileInfo::exists(path))
        return true;
    return Confirmation::ask(this, {tr("Replace File?"),
                                    tr("Replace “%1”?").arg(QFileInfo(path).fileName()),
                                    tr("A file of that name already exists in %1. Creating the disk replaces it; "
                                       "its content is lost.")
                                        .arg(QFileInfo(path).absolutePath()),
                                    tr("Replace")});
}

QString NewDiskWizard::targetPath() const
{
    return QDir(QDir::fromNativeSeparators(m_directory->text().trimmed())).absoluteFilePath(m_name->text().trimmed());
}

ValidatedPage* NewDiskWizard::buildSizePage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("sizePage"));
    page->setTitle(tr("Disk Size"));
    page->setSubTitle(tr("The size the guest sees. A new disk takes almost no host space until written."));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_size = new SizeEntry(page);
    m_size->setText(QStringLiteral("20"), 3);
    auto* label = new QLabel(tr("&Virtual size:"), page);
    label->setBuddy(m_size->numberEdit());
    form->addRow(label, m_size);
    layout->addLayout(form);
    layout->addWidget(hintLabel(tr("Sizes are rounded up to whole 512-byte sectors, as qemu-img does."), page));
    page->addReasonLine();
    page->setReasonCheck([this] {
        const QString problem = m_size->problem();
        if (!problem.isEmpty())
            return problem;
        if (*m_size->bytes() == 0)
            return tr("The size must be larger than zero.");
        return QString();
    });
    page->setNext([this] { return int(isQcow2() ? OptionsPage : SummaryPage); });
    connect(m_size, &SizeEntry::changed, page, &ValidatedPage::revalidate);
    return page;
}

ValidatedPage* NewDiskWizard::buildOptionsPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("optionsPage"));
    page->setTitle(tr("qcow2 Options"));
    page->setSubTitle(tr("The defaults suit most disks. Choices that qemu-img would refuse together are greyed out."));
    auto* form = new QFormLayout;
    form->setVerticalSpacing(4);
    const auto addRow = [&](const QString& text, QWidget* field, const QString& explanation) {
        auto* label = new QLabel(text, page);
        label->setBuddy(field);
        auto* column = new QVBoxLayout;
        column->setSpacing(1);
        column->addWidget(field);
        column->addWidget(hintLabel(explanation, page));
        form->addRow(label, column);
    };

    m_clusterSize = new QComboBox(page);
    m_clusterSize->setObjectName(QStringLiteral("clusterSizeBox"));
    for (uint64_t size = 512; size <= 2 * 1024 * 1024; size *= 2)
        m_clusterSize->addItem(SizeFormat::human(size), QVariant::fromValue<qulonglong>(size));
    m_clusterSize->setCurrentIndex(m_clusterSize->findData(QVariant::fromValue<qulonglong>(65536)));
    addRow(tr("C&luster size:"), m_clusterSize, tr("The allocation unit: larger clusters mean less metadata, smaller ones less waste."));

    m_compat = new QComboBox(page);
    m_compat->setObjectName(QStringLiteral("compatBox"));
    m_compat->addItem(tr("1.1 (QEMU 1.1 and later)"), QStringLiteral("1.1"));
    m_compat->addItem(tr("0.10 (very old QEMU)"), QStringLiteral("0.10"));
    addRow(tr("Co&mpatibility:"), m_compat, tr("0.10 only for very old readers: it lacks the features below."));

    m_refcountBits = new QComboBox(page);
    m_refcountBits->setObjectName(QStringLiteral("refcountBitsBox"));
    for (int bits : {1, 2, 4, 8, 16, 32, 64})
        m_refcountBits->addItem(QString::number(bits), bits);
    m_refcountBits->setCurrentIndex(4);
    addRow(tr("&Refcount width:"), m_refcountBits, tr("Bits per cluster reference count; 16 unless many snapshots share clusters."));

    m_lazyRefcounts = new QCheckBox(tr("La&zy refcounts"), page);
    m_lazyRefcounts->setObjectName(QStringLiteral("lazyRefcountsBox"));
    addRow(QString(), m_lazyRefcounts, tr("Faster writes; after a crash the next writer must repair the counts."));

    m_extendedL2 = new QCheckBox(tr("E&xtended L2 entries"), page);
    m_extendedL2->setObjectName(QStringLiteral("extendedL2Box"));
    addRow(QString(), m_extendedL2, tr("32 subclusters per cluster: less copying over a backing file (16 KiB clusters or more)."));

    m_compression = new QComboBox(page);
    m_compression->setObjectName(QStringLiteral("compressionBox"));
    m_compression->addItem(QStringLiteral("zlib"), QStringLiteral("zlib"));
    m_compression->addItem(QStringLiteral("zstd"), QStringLiteral("zstd"));
    addRow(tr("Com&pression type:"), m_compression, tr("Used by compressed writes; zstd is faster but needs QEMU 5.1 or later."));

    m_preallocation = new QComboBox(page);
    m_preallocation->setObjectName(QStringLiteral("preallocationBox"));
    m_preallocation->addItem(tr("off"), QStringLiteral("off"));
    m_preallocation->addItem(tr("metadata"), QStringLiteral("metadata"));
    m_preallocation->addItem(tr("falloc"), QStringLiteral("falloc"));
    m_preallocation->addItem(tr("full"), QStringLiteral("full"));
    addRow(tr("Pre&allocation:"), m_preallocation, tr("Reserve tables (metadata) or host space (falloc, full) now instead of on first write."));

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    page->addReasonLine();
    page->setReasonCheck([this] {
        Qcow2Choice choice;
        choice.compat11 = m_compat->currentData().toString() == QLatin1String("1.1");
        choice.clusterSize = m_clusterSize->currentData().toULongLong();
        choice.refcountBits = m_refcountBits->currentData().toULongLong();
        choice.lazyRefcounts = m_lazyRefcounts->isChecked();
        choice.extendedL2 = m_extendedL2->isChecked();
        choice.zstd = m_compression->currentData().toString() == QLatin1String("zstd");
        choice.preallocation = m_preallocation->currentData().toString();
        return Qcow2OptionRules::whyRefused(choice);
    });
    page->setNext([this] { return int(BackingPage); });
    for (QComboBox* box : {m_clusterSize, m_compat, m_refcountBits, m_compression, m_preallocation})
        connect(box, &QComboBox::currentIndexChanged, this, [this, page] {
            updateOptionAvailability();
            page->revalidate();
        });
    for (QCheckBox* box : {m_lazyRefcounts, m_extendedL2})
        connect(box, &QCheckBox::toggled, this, [this, page] {
            updateOptionAvailability();
            page->revalidate();
        });
    updateOptionAvailability();
    return page;
}

// Greys out every choice that would make the current combination one qemu-img refuses, so
// only valid combinations can be picked (gui-peers §5.2).
void NewDiskWizard::updateOptionAvailability()
{
    Qcow2Choice current;
    current.compat11 = m_compat->currentData().toString() == QLatin1String("1.1");
    current.clusterSize = m_clusterSize->currentData().toULongLong();
    current.refcountBits = m_refcountBits->currentData().toULongLong();
    current.lazyRefcounts = m_lazyRefcounts->isChecked();
    current.extendedL2 = m_extendedL2->isChecked();
    current.zstd = m_compression->currentData().toString() == QLatin1String("zstd");
    current.preallocation = m_preallocation->currentData().toString();

    for (int i = 0; i < m_compat->count(); ++i) {
        Qcow2Choice c = current;
        c.compat11 = m_compat->itemData(i).toString() == QLatin1String("1.1");
        setComboItemEnabled(m_compat, i, Qcow2OptionRules::accepts(c));
    }
    for (int i = 0; i < m_clusterSize->count(); ++i) {
        Qcow2Choice c = current;
        c.clusterSize = m_clusterSize->itemData(i).toULongLong();
        setComboItemEnabled(m_clusterSize, i, Qcow2OptionRules::accepts(c));
    }
    for (int i = 0; i < m_refcountBits->count(); ++i) {
        Qcow2Choice c = current;
        c.refcountBits = m_refcountBits->itemData(i).toULongLong();
        setComboItemEnabled(m_refcountBits, i, Qcow2OptionRules::accepts(c));
    }
    for (int i = 0; i < m_compression->count(); ++i) {
        Qcow2Choice c = current;
        c.zstd = m_compression->itemData(i).toString() == QLatin1String("zstd");
        setComboItemEnabled(m_compression, i, Qcow2OptionRules::accepts(c));
    }
    Qcow2Choice lazy = current;
    lazy.lazyRefcounts = !current.lazyRefcounts;
    m_lazyRefcounts->setEnabled(current.lazyRefcounts || Qcow2OptionRules::accepts(lazy));
    Qcow2Choice extended = current;
    extended.extendedL2 = !current.extendedL2;
    m_extendedL2->setEnabled(current.extendedL2 || Qcow2OptionRules::accepts(extended));
}

ValidatedPage* NewDiskWizard::buildBackingPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("backingPage"));
    page->setTitle(tr("Backing File"));
    page->setSubTitle(tr("Optional: the new disk starts as a copy-on-write overlay of another image, which is never written."));
    auto* layout = new QVBoxLayout(page);
    m_useBacking = new QCheckBox(tr("&Use a backing file"), page);
    m_useBacking->setObjectName(QStringLiteral("useBackingBox"));
    layout->addWidget(m_useBacking);
    auto* row = new QHBoxLayout;
    m_backing = new QLineEdit(page);
    m_backing->setObjectName(QStringLiteral("backingEdit"));
    m_backing->setAccessibleName(tr("Backing file"));
    auto* browse = new QPushButton(tr("Br&owse…"), page);
    connect(browse, &QPushButton::clicked, this, &NewDiskWizard::chooseBackingFile);
    row->addWidget(m_backing, 1);
    row->addWidget(browse);
    layout->addLayout(row);
    m_backingFacts = new QLabel(page);
    m_backingFacts->setObjectName(QStringLiteral("backingFacts"));
    m_backingFacts->setTextFormat(Qt::PlainText);
    m_backingFacts->setWordWrap(true);
    layout->addWidget(m_backingFacts);
    m_inheritSize = new QCheckBox(tr("Take the &virtual size from the backing file"), page);
    m_inheritSize->setObjectName(QStringLiteral("inheritSizeBox"));
    m_inheritSize->setChecked(true);
    layout->addWidget(m_inheritSize);
    layout->addWidget(hintLabel(tr("The format is detected and recorded in the new disk, so it is never guessed again."), page));
    page->addReasonLine();
    const auto enable = [this, browse] {
        const bool on = m_useBacking->isChecked();
        m_backing->setEnabled(on);
        browse->setEnabled(on);
        m_inheritSize->setEnabled(on);
        m_backingFacts->setVisible(on);
    };
    enable();
    connect(m_useBacking, &QCheckBox::toggled, this, [this, page, enable] {
        enable();
        page->revalidate();
    });
    m_backingProbe = new FormatProbe(this);
    connect(m_backingProbe, &FormatProbe::finished, this, &NewDiskWizard::backingDetected);
    connect(m_backing, &QLineEdit::textChanged, this, &NewDiskWizard::detectBacking);
    connect(m_inheritSize, &QCheckBox::toggled, page, &ValidatedPage::revalidate);
    page->setReasonCheck([this] {
        if (!m_useBacking->isChecked())
            return QString();
        if (m_backing->text().trimmed().isEmpty())
            return tr("Choose the backing file.");
        if (!m_backingError.isEmpty())
            return m_backingError;
        if (m_backingFormat.isEmpty())
            return tr("Reading the backing file…");
        if (QFileInfo(m_backing->text().trimmed()).absoluteFilePath() == targetPath())
            return tr("A disk cannot be its own backing file.");
        if (m_preallocation->currentData().toString() != QLatin1String("off") && !m_extendedL2->isChecked())
            return tr("A backing file with preallocation needs extended L2 entries: go back and turn them on, or "
                      "preallocation off.");
        return QString();
    });
    page->setNext([this] { return int(SummaryPage); });
    return page;
}

void NewDiskWizard::chooseBackingFile()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("Backing File"), m_directory->text(),
                                                        tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"));
    if (!chosen.isEmpty())
        m_backing->setText(chosen);
}

// The backing file's format and size are read on a worker; the page waits for the answer.
void NewDiskWizard::detectBacking()
{
    m_backingFormat.clear();
    m_backingError.clear();
    m_backingSize = 0;
    m_backingFacts->clear();
    const QString text = m_backing->text().trimmed();
    m_backingProbe->probe(text.isEmpty() ? QString() : QFileInfo(text).absoluteFilePath());
    validatedPage(BackingPage)->revalidate();
}

void NewDiskWizard::backingDetected()
{
    m_backingFormat = m_backingProbe->format();
    m_backingSize = m_backingProbe->virtualSize();
    m_backingError = m_backingProbe->error().isEmpty()
                         ? QString()
                         : tr("The backing file cannot be read: %1").arg(m_backingProbe->error());
    if (!m_backingFormat.isEmpty())
        m_backingFacts->setText(tr("Format: %1 · virtual size %2 (%3)")
                                    .arg(m_backingFormat, SizeFormat::human(m_backingSize), SizeFormat::exact(m_backingSize)));
    validatedPage(BackingPage)->revalidate();
}

QString NewDiskWizard::backingNameToStore() const
{
    // Relative when the backing file lies under the new disk's folder, so the pair can move
    // together; absolute otherwise (a name leading outside needs consent when opened).
    const QString backing = QFileInfo(m_backing->text().trimmed()).absoluteFilePath();
    const QString relative = QFileInfo(targetPath()).absoluteDir().relativeFilePath(backing);
    return relative.startsWith(QLatin1String("..")) ? backing : relative;
}

ValidatedPage* NewDiskWizard::buildSummaryPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("summaryPage"));
    page->setTitle(tr("Summary"));
    page->setSubTitle(tr("Nothing has been written yet. Create Disk writes the file below."));
    auto* layout = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("summaryText"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Equivalent command:"), page));
    m_command = new CommandField(page);
    m_command->setObjectName(QStringLiteral("summaryCommand"));
    layout->addWidget(m_command);
    page->addReasonLine();
    page->setOnEnter([this] { refreshSummary(); });
    page->setNext([] { return -1; });
    return page;
}

void NewDiskWizard::refreshSummary()
{
    const CreateOptions options = createOptions();
    QStringList lines;
    lines << tr("File: %1").arg(targetPath());
    lines << tr("Format: %1").arg(QString::fromStdString(options.format));
    if (options.size)
        lines << tr("Virtual size: %1 (%2)").arg(SizeFormat::human(*options.size), SizeFormat::exact(*options.size));
    else
        lines << tr("Virtual size: that of the backing file, %1").arg(SizeFormat::human(m_backingSize));
    if (options.backingFile)
        lines << tr("Backing file: %1 (%2)").arg(QString::fromStdString(*options.backingFile), m_backingFormat);
    if (isQcow2()) {
        lines << tr("Cluster size: %1 · compatibility %2 · refcount width %3 bits")
                     .arg(SizeFormat::human(*options.clusterSize), QString::fromStdString(*options.compat))
                     .arg(*options.refcountBits);
        lines << tr("Lazy refcounts: %1 · extended L2: %2 · compression: %3 · preallocation: %4")
                     .arg(*options.lazyRefcounts ? tr("on") : tr("off"), *options.extendedL2 ? tr("on") : tr("off"),
                          QString::fromStdString(*options.compressionType), QString::fromStdString(*options.preallocation));
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_command->setCommand(commandLine());
}

CreateOptions NewDiskWizard::createOptions() const
{
    CreateOptions options;
    options.path = JobRunner::engineName(targetPath());
    options.format = isQcow2() ? "qcow2" : "raw";
    const bool backing = isQcow2() && m_useBacking->isChecked();
    if (!(backing && m_inheritSize->isChecked()))
        options.size = m_size->bytes();
    if (backing) {
        options.backingFile = JobRunner::engineName(backingNameToStore());
        options.backingFormat = m_backingFormat.toStdString();
    }
    if (isQcow2()) {
        options.clusterSize = m_clusterSize->currentData().toULongLong();
        options.compat = m_compat->currentData().toString().toStdString();
        options.refcountBits = m_refcountBits->currentData().toULongLong();
        options.lazyRefcounts = m_lazyRefcounts->isChecked();
        options.extendedL2 = m_extendedL2->isChecked();
        options.compressionType = m_compression->currentData().toString().toStdString();
        options.preallocation = m_preallocation->currentData().toString().toStdString();
    }
    return options;
}

QStringList NewDiskWizard::commandArguments() const
{
    const CreateOptions options = createOptions();
    QStringList arguments{QStringLiteral("create"), QStringLiteral("-f"), QString::fromStdString(options.format)};
    if (options.backingFile) {
        arguments << QStringLiteral("-b") << backingNameToStore() << QStringLiteral("-F") << m_backingFormat;
    }
    if (isQcow2()) {
        QStringList o;
        o << QStringLiteral("cluster_size=%1").arg(*options.clusterSize);
        o << QStringLiteral("compat=%1").arg(QString::fromStdString(*options.compat));
        o << QStringLiteral("refcount_bits=%1").arg(*options.refcountBits);
        o << QStringLiteral("lazy_refcounts=%1").arg(*options.lazyRefcounts ? "on" : "off");
        o << QStringLiteral("extended_l2=%1").arg(*options.extendedL2 ? "on" : "off");
        o << QStringLiteral("compression_type=%1").arg(QString::fromStdString(*options.compressionType));
        o << QStringLiteral("preallocation=%1").arg(QString::fromStdString(*options.preallocation));
        arguments << QStringLiteral("-o") << o.join(QLatin1Char(','));
    }
    arguments << targetPath();
    if (options.size)
        arguments << QString::number(*options.size);
    return arguments;
}

QString NewDiskWizard::commandLine() const
{
    return CommandLine::diskscopeImg(commandArguments());
}

void NewDiskWizard::accept()
{
    const QString path = targetPath();
    const CreateOptions options = createOptions();
    m_job = m_runner->run({Job::Kind::Create, tr("Create %1").arg(QFileInfo(path).fileName()), commandLine(), path, path,
                           true},
                          [options](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                              channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Creating the image"));
                              Status status = diskscope::create(options, progress, stop);
                              if (!status.ok()) {
                                  channel.setOutcome(JobRunner::failure(status.error(), stop));
                                  return;
                              }
                              channel.setOutcome(JobChannel::Outcome::success(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Created the image.")));
                          });
    emit creationStarted(m_job, path);
    QWizard::accept();
}

}  // namespace diskscope::ui
