// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/AmendDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

#include "dialogs/SizeEntry.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

namespace {

// qcow2 incompatible feature bits that a version 2 header cannot carry (the dirty bit and
// the compression type are dropped or checked separately by the downgrade).
constexpr uint64_t kIncompatCorrupt = 1u << 1;
constexpr uint64_t kIncompatDataFile = 1u << 2;
constexpr uint64_t kIncompatExtendedL2 = 1u << 4;

QString onOff(bool on)
{
    return on ? AmendDialog::tr("on") : AmendDialog::tr("off");
}

QString backingText(const QString& name, const QString& format)
{
    return name.isEmpty() ? AmendDialog::tr("none") : AmendDialog::tr("%1 (%2)").arg(name, format);
}

// One -o value: a comma is doubled, as qemu-img's option parser wants.
QString optionValue(const QString& value)
{
    QString escaped = value;
    return escaped.replace(QLatin1Char(','), QStringLiteral(",,"));
}

}  // namespace

AmendChoice AmendRules::current(const ImageInfo& info)
{
    AmendChoice choice;
    const Qcow2Info qcow2 = info.qcow2.value_or(Qcow2Info{});
    choice.compat = QString::fromStdString(qcow2.compat.empty() ? std::string("1.1") : qcow2.compat);
    choice.lazyRefcounts = qcow2.lazyRefcounts;
    choice.refcountBits = qcow2.refcountBits;
    choice.size = info.virtualSize;
    choice.backingFile = QString::fromStdString(info.backingFilename.value_or(""));
    choice.backingFormat = QString::fromStdString(info.backingFilenameFormat.value_or(""));
    choice.dataFile = QString::fromStdString(qcow2.dataFile.value_or(""));
    choice.dataFileRaw = qcow2.dataFileRaw.value_or(false);
    return choice;
}

QString AmendRules::whyNoDowngrade(const ImageInfo& info, const AmendChoice& choice)
{
    const Qcow2Info qcow2 = info.qcow2.value_or(Qcow2Info{});
    if (qcow2.dataFile || (qcow2.incompatibleFeatures & kIncompatDataFile))
        return AmendDialog::tr("Compat 0.10 cannot use an external data file.");
    if (qcow2.incompatibleFeatures & kIncompatExtendedL2)
        return AmendDialog::tr("Compat 0.10 cannot express the extended L2 entries this image uses.");
    if (qcow2.incompatibleFeatures & kIncompatCorrupt)
        return AmendDialog::tr("The image is marked corrupt: repair it before going back to compat 0.10.");
    if (qcow2.bitmaps)
        return AmendDialog::tr("Compat 0.10 cannot keep the image's persistent bitmaps: remove them first.");
    const uint64_t newSize = choice.size.value_or(info.virtualSize);
    for (const SnapshotInfo& snapshot : info.snapshots) {
        if (snapshot.vmStateSize > UINT32_MAX || snapshot.diskSize != newSize)
            return AmendDialog::tr("Compat 0.10 cannot record the disk size of internal snapshot “%1”.")
                .arg(QString::fromStdString(snapshot.name));
    }
    if (choice.refcountBits != 16)
        return AmendDialog::tr("Compat 0.10 needs 16-bit refcounts: choose 16 bits first.");
    if (choice.lazyRefcounts)
        return AmendDialog::tr("Compat 0.10 cannot postpone refcount updates: turn lazy refcounts off first.");
    return QString();
}

QString AmendRules::whyRefused(const ImageInfo& info, const AmendChoice& choice)
{
    const AmendChoice now = current(info);
    const bool v2 = choice.compat == QLatin1String("0.10");
    if (v2 && now.compat != QLatin1String("0.10")) {
        if (const QString why = whyNoDowngrade(info, choice); !why.isEmpty())
            return why;
    }
    if (v2 && choice.refcountBits != 16)
        return AmendDialog::tr("Refcount widths other than 16 bits need compat 1.1.");
    if (v2 && choice.lazyRefcounts)
        return AmendDialog::tr("Lazy refcounts need compat 1.1.");
    if (!choice.size || *choice.size == 0)
        return AmendDialog::tr("Enter the new virtual size.");
    if (*choice.size % 512)
        return AmendDialog::tr("The size must be a whole number of 512-byte sectors.");
    if (*choice.size != info.virtualSize && !info.snapshots.empty() && v2 && now.compat == QLatin1String("0.10"))
        return AmendDialog::tr("A version 2 image with internal snapshots cannot change its size.");
    if (!choice.backingFile.isEmpty() && choice.backingFormat.isEmpty())
        return AmendDialog::tr("Choose the backing file's format.");
    if (!now.dataFile.isEmpty() && choice.dataFile.trimmed().isEmpty())
        return AmendDialog::tr("Enter the name of the external data file.");
    return QString();
}

AmendDialog::AmendDialog(JobRunner* runner, const QString& imagePath, const ImageInfo& info, QWidget* parent)
    : ChainDialog(runner, imagePath, parent), m_info(info), m_current(AmendRules::current(info))
{
    setObjectName(QStringLiteral("amendDialog"));
    setWindowTitle(tr("Amend %1").arg(m_fileName));
    setSafety(tr("Amend rewrites the options of %1 in place; the guest's data is kept. Everything that would be "
                 "refused is checked before the first write, and each step leaves a consistent image if it is "
                 "interrupted. Stop every virtual machine that uses the image first.")
                  .arg(m_fileName),
              false);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(1, 1);
    auto* newHeader = new QLabel(tr("New value"), this);
    auto* nowHeader = new QLabel(tr("Now"), this);
    QFont bold = newHeader->font();
    bold.setBold(true);
    newHeader->setFont(bold);
    nowHeader->setFont(bold);
    grid->addWidget(newHeader, 0, 1);
    grid->addWidget(nowHeader, 0, 2);
    int row = 1;
    // One option: label, editor, current value, and a hint line under the editor.
    const auto addOption = [&](const QString& label, QWidget* editor, const QString& now, const QString& objectName) {
        auto* name = new QLabel(label, this);
        name->setBuddy(editor);
        editor->setObjectName(objectName);
        auto* current = new QLabel(now, this);
        current->setObjectName(objectName + QStringLiteral("Now"));
        current->setTextFormat(Qt::PlainText);
        grid->addWidget(name, row, 0);
        grid->addWidget(editor, row, 1);
        grid->addWidget(current, row, 2);
        QLabel* line = hintLabel(QString(), this);
        line->setObjectName(objectName + QStringLiteral("Hint"));
        grid->addWidget(line, row + 1, 1, 1, 2);
        grid->setRowMinimumHeight(row + 1, 0);
        row += 2;
        return line;
    };

    m_compat = new QComboBox(this);
    m_compat->addItem(tr("1.1 (version 3)"), QStringLiteral("1.1"));
    m_compat->addItem(tr("0.10 (version 2, for old QEMU)"), QStringLiteral("0.10"));
    m_compat->setCurrentIndex(m_current.compat == QLatin1String("0.10") ? 1 : 0);
    m_compatHint = addOption(tr("&Compatibility:"), m_compat, m_current.compat, QStringLiteral("compatBox"));

    m_lazy = new QCheckBox(tr("Postpone refcount updates"), this);
    m_lazy->setChecked(m_current.lazyRefcounts);
    m_lazyHint = addOption(tr("&Lazy refcounts:"), m_lazy, onOff(m_current.lazyRefcounts), QStringLiteral("lazyBox"));

    m_refcountBits = new QComboBox(this);
    for (uint64_t bits = 1; bits <= 64; bits *= 2)
        m_refcountBits->addItem(bits == 1 ? tr("1 bit") : tr("%1 bits").arg(bits), QVariant::fromValue<qulonglong>(bits));
    m_refcountBits->setCurrentIndex(m_refcountBits->findData(QVariant::fromValue<qulonglong>(m_current.refcountBits)));
    m_refcountHint = addOption(tr("&Refcount width:"), m_refcountBits, tr("%1 bits").arg(m_current.refcountBits),
                               QStringLiteral("refcountBox"));

    m_size = new SizeEntry(this);
    m_size->setBytes(info.virtualSize);
    m_sizeHint = addOption(tr("Virtual &size:"), m_size, SizeFormat::human(info.virtualSize), QStringLiteral("sizeEntry"));

    auto* backing = new QWidget(this);
    auto* backingRow = new QHBoxLayout(backing);
    backingRow->setContentsMargins(0, 0, 0, 0);
    m_backing = new QLineEdit(m_current.backingFile, backing);
    m_backing->setObjectName(QStringLiteral("backingNameEdit"));
    m_backing->setPlaceholderText(tr("none"));
    m_backing->setAccessibleName(tr("Backing file name"));
    m_backingFormat = new QComboBox(backing);
    m_backingFormat->setObjectName(QStringLiteral("backingFormatBox"));
    m_backingFormat->setAccessibleName(tr("Backing file format"));
    m_backingFormat->addItems({QStringLiteral("qcow2"), QStringLiteral("raw")});
    if (!m_current.backingFormat.isEmpty())
        m_backingFormat->setCurrentText(m_current.backingFormat);
    backingRow->addWidget(m_backing, 1);
    backingRow->addWidget(m_backingFormat);
    m_backingHint = addOption(tr("&Backing file:"), backing, backingText(m_current.backingFile, m_current.backingFormat),
                              QStringLiteral("backingOption"));
    m_backing->setObjectName(QStringLiteral("backingNameEdit"));

    auto* dataFile = new QWidget(this);
    auto* dataFileRow = new QHBoxLayout(dataFile);
    dataFileRow->setContentsMargins(0, 0, 0, 0);
    m_dataFile = new QLineEdit(m_current.dataFile, dataFile);
    m_dataFile->setObjectName(QStringLiteral("dataFileEdit"));
    m_dataFile->setPlaceholderText(tr("none"));
    m_dataFile->setAccessibleName(tr("Data file name"));
    m_dataFileRaw = new QCheckBox(tr("Raw"), dataFile);
    m_dataFileRaw->setObjectName(QStringLiteral("dataFileRawBox"));
    m_dataFileRaw->setToolTip(tr("The data file is kept valid as a raw image of the disk (data_file_raw)"));
    m_dataFileRaw->setChecked(m_current.dataFileRaw);
    dataFileRow->addWidget(m_dataFile, 1);
    dataFileRow->addWidget(m_dataFileRaw);
    const QString dataFileNow = m_current.dataFile.isEmpty() ? tr("none")
                                : m_current.dataFileRaw     ? tr("%1 (raw)").arg(m_current.dataFile)
                                                            : m_current.dataFile;
    m_dataFileHint = addOption(tr("&Data file:"), dataFile, dataFileNow, QStringLiteral("dataFileOption"));
    m_dataFile->setObjectName(QStringLiteral("dataFileEdit"));
    content()->addLayout(grid);

    connect(m_compat, &QComboBox::currentIndexChanged, this, &AmendDialog::updateAvailability);
    connect(m_lazy, &QCheckBox::toggled, this, &AmendDialog::updateAvailability);
    connect(m_refcountBits, &QComboBox::currentIndexChanged, this, &AmendDialog::updateAvailability);
    connect(m_size, &SizeEntry::changed, this, &AmendDialog::updateAvailability);
    connect(m_backing, &QLineEdit::textChanged, this, &AmendDialog::updateAvailability);
    connect(m_backingFormat, &QComboBox::currentIndexChanged, this, &AmendDialog::updateAvailability);
    connect(m_dataFile, &QLineEdit::textChanged, this, &AmendDialog::updateAvailability);
    connect(m_dataFileRaw, &QCheckBox::toggled, this, &AmendDialog::updateAvailability);
    finish(tr("Amend Image"));
    updateAvailability();
    fitWidth(660);
}

AmendChoice AmendDialog::choice() const
{
    AmendChoice choice;
    choice.compat = m_compat->currentData().toString();
    choice.lazyRefcounts = m_lazy->isChecked();
    choice.refcountBits = m_refcountBits->currentData().toULongLong();
    choice.size = m_size->bytes();
    choice.backingFile = m_backing->text().trimmed();
    choice.backingFormat = choice.backingFile.isEmpty() ? QString() : m_backingFormat->currentText();
    choice.dataFile = m_dataFile->text().trimmed();
    choice.dataFileRaw = m_dataFileRaw->isChecked();
    return choice;
}

// Each control offers only what goes with the others, and its hint says why a choice is off.
void AmendDialog::updateAvailability()
{
    if (m_updating)
        return;
    m_updating = true;
    const AmendChoice chosen = choice();
    const bool v2 = chosen.compat == QLatin1String("0.10");
    const bool wasV2 = m_current.compat == QLatin1String("0.10");

    AmendChoice downgrade = chosen;
    downgrade.compat = QStringLiteral("0.10");
    const QString noDowngrade = wasV2 ? QString() : AmendRules::whyNoDowngrade(m_info, downgrade);
    setComboItemEnabled(m_compat, 1, noDowngrade.isEmpty(), noDowngrade);
    if (!noDowngrade.isEmpty())
        m_compatHint->setText(noDowngrade);
    else if (v2 && !wasV2)
        m_compatHint->setText(tr("Readable by QEMU before 1.1; zero clusters are rewritten the way version 2 can "
                                 "express them."));
    else
        m_compatHint->setText(tr("1.1 is what QEMU 1.1 and later create; 0.10 only for very old readers."));

    const bool lazyBlocked = v2 && !m_lazy->isChecked();
    m_lazy->setEnabled(!lazyBlocked);
    m_lazyHint->setText(lazyBlocked ? tr("Not available: lazy refcounts need compat 1.1.")
                                    : tr("Faster writes; after a crash the refcounts are repaired on the next open."));

    for (int i = 0; i < m_refcountBits->count(); ++i) {
        const bool allowed = !v2 || m_refcountBits->itemData(i).toULongLong() == 16;
        setComboItemEnabled(m_refcountBits, i, allowed, allowed ? QString() : tr("Compat 0.10 allows only 16 bits."));
    }
    m_refcountHint->setText(v2 ? tr("Only 16 bits with compat 0.10; the other widths need compat 1.1.")
                               : tr("Wider entries allow more snapshots of a cluster; narrower ones save metadata."));

    const bool sizeLocked = wasV2 && v2 && !m_info.snapshots.empty();
    m_size->setEnabled(!sizeLocked);
    if (sizeLocked)
        m_sizeHint->setText(tr("Not available: a version 2 image with internal snapshots cannot change its size."));
    else if (chosen.size && *chosen.size < m_info.virtualSize)
        m_sizeHint->setText(tr("Shrinking discards everything the guest stored beyond %1.")
                                .arg(SizeFormat::human(*chosen.size)));
    else
        m_sizeHint->setText(tr("Growing adds space that reads as zeros; the guest's partitions stay as they are."));

    m_backingFormat->setEnabled(!chosen.backingFile.isEmpty());
    m_backingHint->setText(tr("Only the name in the header changes (like rebase -u): nothing is copied, so the new "
                              "file must hold the same data. Empty: the image forgets its backing file."));

    const bool hasDataFile = !m_current.dataFile.isEmpty();
    m_dataFile->setEnabled(hasDataFile);
    // qemu-img can turn data_file_raw off on an existing image, never on.
    m_dataFileRaw->setEnabled(hasDataFile && m_current.dataFileRaw);
    m_dataFileHint->setText(hasDataFile ? tr("The new name of the existing data file (the file itself is not moved). "
                                             "“Raw” can only be turned off: the data file then stops being a "
                                             "readable raw image.")
                                        : tr("Not available: %1 has no external data file; one is chosen only at "
                                             "creation.")
                                              .arg(m_fileName));
    m_updating = false;
    revalidate();
}

QStringList AmendDialog::changes() const
{
    const AmendChoice chosen = choice();
    QStringList list;
    if (chosen.compat != m_current.compat)
        list << tr("compat %1 → %2").arg(m_current.compat, chosen.compat);
    if (chosen.lazyRefcounts != m_current.lazyRefcounts)
        list << tr("lazy refcounts %1 → %2").arg(onOff(m_current.lazyRefcounts), onOff(chosen.lazyRefcounts));
    if (chosen.refcountBits != m_current.refcountBits)
        list << tr("refcount width %1 → %2 bits").arg(m_current.refcountBits).arg(chosen.refcountBits);
    if (chosen.size && *chosen.size != m_info.virtualSize)
        list << tr("size %1 → %2").arg(SizeFormat::human(m_info.virtualSize), SizeFormat::human(*chosen.size));
    if (chosen.backingFile != m_current.backingFile
        || (!chosen.backingFile.isEmpty() && chosen.backingFormat != m_current.backingFormat))
        list << tr("backing file %1 → %2")
                    .arg(backingText(m_current.backingFile, m_current.backingFormat),
                         backingText(chosen.backingFile, chosen.backingFormat));
    if (!m_current.dataFile.isEmpty() && chosen.dataFile != m_current.dataFile)
        list << tr("data file %1 → %2").arg(m_current.dataFile, chosen.dataFile);
    if (!m_current.dataFile.isEmpty() && chosen.dataFileRaw != m_current.dataFileRaw)
        list << tr("raw data file %1 → %2").arg(onOff(m_current.dataFileRaw), onOff(chosen.dataFileRaw));
    return list;
}

QString AmendDialog::problem() const
{
    if (!writable(m_path))
        return tr("%1 cannot be written: you do not have permission.").arg(m_fileName);
    if (const QString why = m_size->problem(); !why.isEmpty())
        return why;
    if (const QString why = AmendRules::whyRefused(m_info, choice()); !why.isEmpty())
        return why;
    if (changes().isEmpty())
        return tr("Change at least one option.");
    return QString();
}

AmendOptions AmendDialog::amendOptions() const
{
    const AmendChoice chosen = choice();
    AmendOptions options;
    options.path = JobRunner::engineName(m_path);
    options.format = "qcow2";
    if (chosen.compat != m_current.compat)
        options.compat = chosen.compat.toStdString();
    if (chosen.lazyRefcounts != m_current.lazyRefcounts)
        options.lazyRefcounts = chosen.lazyRefcounts;
    if (chosen.refcountBits != m_current.refcountBits)
        options.refcountBits = chosen.refcountBits;
    if (chosen.size && *chosen.size != m_info.virtualSize)
        options.size = *chosen.size;
    if (chosen.backingFile != m_current.backingFile
        || (!chosen.backingFile.isEmpty() && chosen.backingFormat != m_current.backingFormat)) {
        options.backingFile = JobRunner::engineName(chosen.backingFile);
        if (!chosen.backingFile.isEmpty())
            options.backingFormat = chosen.backingFormat.toStdString();
    }
    if (!m_current.dataFile.isEmpty() && chosen.dataFile != m_current.dataFile)
        options.dataFile = JobRunner::engineName(chosen.dataFile);
    if (!m_current.dataFile.isEmpty() && chosen.dataFileRaw != m_current.dataFileRaw)
        options.dataFileRaw = chosen.dataFileRaw;
    return options;
}

QString AmendDialog::optionString() const
{
    const AmendOptions options = amendOptions();
    QStringList parts;
    if (options.compat)
        parts << QStringLiteral("compat=") + QString::fromStdString(*options.compat);
    if (options.lazyRefcounts)
        parts << QStringLiteral("lazy_refcounts=") + (*options.lazyRefcounts ? QStringLiteral("on") : QStringLiteral("off"));
    if (options.refcountBits)
        parts << QStringLiteral("refcount_bits=%1").arg(*options.refcountBits);
    if (options.size)
        parts << QStringLiteral("size=%1").arg(*options.size);
    if (options.backingFile)
        parts << QStringLiteral("backing_file=") + optionValue(m_backing->text().trimmed());
    if (options.backingFormat)
        parts << QStringLiteral("backing_fmt=") + QString::fromStdString(*options.backingFormat);
    if (options.dataFile)
        parts << QStringLiteral("data_file=") + optionValue(m_dataFile->text().trimmed());
    if (options.dataFileRaw)
        parts << QStringLiteral("data_file_raw=") + (*options.dataFileRaw ? QStringLiteral("on") : QStringLiteral("off"));
    return parts.join(QLatin1Char(','));
}

QStringList AmendDialog::commandArguments() const
{
    return {QStringLiteral("amend"), QStringLiteral("-f"), QStringLiteral("qcow2"), QStringLiteral("-p"),
            QStringLiteral("-o"), optionString(), m_path};
}

DestructiveQuestion AmendDialog::question() const
{
    DestructiveQuestion question;
    question.title = tr("Amend Image?");
    question.question = tr("Change the options of %1?").arg(m_fileName);
    question.detail = tr("%1 is rewritten in place: %2.").arg(m_fileName, changes().join(QStringLiteral("; ")));
    const AmendChoice chosen = choice();
    if (chosen.size && *chosen.size < m_info.virtualSize)
        question.detail += QLatin1Char(' ') + tr("Everything beyond %1 is lost.").arg(SizeFormat::human(*chosen.size));
    question.detail += QLatin1Char(' ') + tr("This cannot be undone.");
    question.acceptText = tr("Amend Image");
    return question;
}

Job* AmendDialog::startJob(JobRunner* runner)
{
    const AmendOptions options = amendOptions();
    return runner->run({Job::Kind::Amend, tr("Amend %1").arg(m_fileName), commandLine(), m_path, m_path, false},
                       [options](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                           channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Amending the image's options"));
                           Status done = amend(options, progress, stop);
                           if (!done.ok()) {
                               channel.setOutcome(JobRunner::failure(done.error(), stop));
                               return;
                           }
                           channel.setOutcome(JobChannel::Outcome::success(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Options changed.")));
                       });
}

QString AmendDialog::logDescription() const
{
    return tr("Amending %1 (with QEMU's write lock)").arg(m_path);
}

}  // namespace diskscope::ui
