// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/RebaseDialog.h"

#include <QButtonGroup>
#include <QCheckBox>
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

#include "util/SizeFormat.h"

namespace diskscope::ui {

RebaseDialog::RebaseDialog(JobRunner* runner, const QString& imagePath, const ImageInfo& info, bool chainReadable,
                           QWidget* parent)
    : ChainDialog(runner, imagePath, parent), m_info(info), m_chainReadable(chainReadable)
{
    setObjectName(QStringLiteral("rebaseDialog"));
    setWindowTitle(tr("Rebase %1").arg(m_fileName));
    m_probe = new FormatProbe(this);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* image = new QLabel(imagePath, this);
    image->setTextFormat(Qt::PlainText);
    image->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Image:"), image);
    const QString current = info.backingFilename
                                ? tr("%1 (%2)").arg(QString::fromStdString(*info.backingFilename),
                                                    info.backingFilenameFormat ? QString::fromStdString(*info.backingFilenameFormat) : tr("format not recorded"))
                                : tr("none (the image is standalone)");
    auto* currentLabel = new QLabel(current, this);
    currentLabel->setObjectName(QStringLiteral("currentBacking"));
    currentLabel->setTextFormat(Qt::PlainText);
    form->addRow(tr("Current backing file:"), currentLabel);

    // The new backing file: a name (typed or chosen), or none.
    auto* backingBox = new QVBoxLayout;
    auto* row = new QHBoxLayout;
    m_backing = new QLineEdit(this);
    m_backing->setObjectName(QStringLiteral("backingEdit"));
    m_backing->setAccessibleName(tr("New backing file"));
    m_backing->setPlaceholderText(tr("A file name, relative to the image's folder or absolute"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    connect(m_browse, &QPushButton::clicked, this, &RebaseDialog::choose);
    row->addWidget(m_backing, 1);
    row->addWidget(m_browse);
    backingBox->addLayout(row);
    m_noBacking = new QCheckBox(tr("&No backing file: make the image standalone"), this);
    m_noBacking->setObjectName(QStringLiteral("noBackingBox"));
    backingBox->addWidget(m_noBacking);
    m_formatLabel = new QLabel(this);
    m_formatLabel->setObjectName(QStringLiteral("detectedFormat"));
    m_formatLabel->setTextFormat(Qt::PlainText);
    m_formatLabel->setWordWrap(true);
    backingBox->addWidget(m_formatLabel);
    auto* newLabel = new QLabel(tr("New &backing file:"), this);
    newLabel->setBuddy(m_backing);
    form->addRow(newLabel, backingBox);

    // Safe or unsafe.
    auto* modeBox = new QVBoxLayout;
    m_safe = new QRadioButton(tr("&Safe: copy what differs, the guest sees the same disk"), this);
    m_safe->setObjectName(QStringLiteral("safeMode"));
    m_unsafe = new QRadioButton(tr("&Unsafe (-u): only change the name in the header"), this);
    m_unsafe->setObjectName(QStringLiteral("unsafeMode"));
    m_safe->setChecked(true);
    auto* modes = new QButtonGroup(this);
    modes->addButton(m_safe);
    modes->addButton(m_unsafe);
    modeBox->addWidget(m_safe);
    modeBox->addWidget(m_unsafe);
    m_modeHint = hintLabel(QString(), this);
    m_modeHint->setObjectName(QStringLiteral("modeHint"));
    modeBox->addWidget(m_modeHint);
    form->addRow(tr("Mode:"), modeBox);

    // How the name is stored.
    auto* nameBox = new QVBoxLayout;
    m_relative = new QRadioButton(tr("&Relative to the image's folder"), this);
    m_relative->setObjectName(QStringLiteral("relativeName"));
    m_absolute = new QRadioButton(tr("&Absolute path"), this);
    m_absolute->setObjectName(QStringLiteral("absoluteName"));
    m_relative->setChecked(true);
    auto* names = new QButtonGroup(this);
    names->addButton(m_relative);
    names->addButton(m_absolute);
    nameBox->addWidget(m_relative);
    nameBox->addWidget(m_absolute);
    m_nameHint = hintLabel(QString(), this);
    m_nameHint->setObjectName(QStringLiteral("nameHint"));
    nameBox->addWidget(m_nameHint);
    form->addRow(tr("Name stored:"), nameBox);
    content()->addLayout(form);

    connect(m_backing, &QLineEdit::textChanged, this, &RebaseDialog::inputsChanged);
    connect(m_noBacking, &QCheckBox::toggled, this, &RebaseDialog::inputsChanged);
    connect(m_safe, &QRadioButton::toggled, this, &RebaseDialog::updateNotes);
    connect(m_relative, &QRadioButton::toggled, this, &RebaseDialog::updateNotes);
    connect(m_probe, &FormatProbe::finished, this, &RebaseDialog::updateNotes);
    finish(tr("Rebase"));
    updateNotes();
    fitWidth(640);
}

QString RebaseDialog::chosenAbsolute() const
{
    const QString text = m_backing->text().trimmed();
    if (text.isEmpty())
        return QString();
    return QDir::cleanPath(QFileInfo(m_path).absoluteDir().absoluteFilePath(text));
}

QString RebaseDialog::storedName() const
{
    if (m_noBacking->isChecked())
        return QString();
    const QString absolute = chosenAbsolute();
    if (absolute.isEmpty() || m_absolute->isChecked())
        return absolute;
    return QFileInfo(m_path).absoluteDir().relativeFilePath(absolute);
}

void RebaseDialog::choose()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("New Backing File"), QFileInfo(m_path).absolutePath(),
                                                        tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"));
    if (!chosen.isEmpty())
        m_backing->setText(chosen);
}

void RebaseDialog::inputsChanged()
{
    const bool none = m_noBacking->isChecked();
    m_backing->setEnabled(!none);
    m_browse->setEnabled(!none);
    m_relative->setEnabled(!none);
    m_absolute->setEnabled(!none);
    const QString absolute = none ? QString() : chosenAbsolute();
    if (absolute != m_probe->path())
        m_probe->probe(absolute);
    updateNotes();
}

void RebaseDialog::updateNotes()
{
    const bool none = m_noBacking->isChecked();
    const bool unsafe = m_unsafe->isChecked();
    if (none)
        m_formatLabel->setText(unsafe ? tr("The image will read zeros where it now reads its backing file.")
                                      : tr("Everything the image reads from its backing chain is copied into it."));
    else if (m_probe->pending())
        m_formatLabel->setText(tr("Reading the file…"));
    else if (!m_probe->format().isEmpty())
        m_formatLabel->setText(tr("Detected format: %1 · virtual size %2 (recorded in the header with the name)")
                                   .arg(m_probe->format(), SizeFormat::human(m_probe->virtualSize())));
    else
        m_formatLabel->clear();

    if (unsafe) {
        setSafety(tr("Unsafe mode only rewrites the backing file's name in %1's header; nothing is read or copied. "
                     "If the new backing file does not hold exactly the same data as the current one, the guest's "
                     "disk changes. Use it only to fix the name of a file that was moved or renamed.")
                      .arg(m_fileName),
                  true);
        m_modeHint->setText(tr("Fast, but the guest view changes unless the new file holds the same data."));
    } else {
        setSafety(tr("Safe mode copies into %1 every part the guest would otherwise see differently through the new "
                     "backing file, then switches the name. The guest sees the same disk afterwards; %1 may grow. "
                     "A cancel or a crash before the switch leaves the old backing file in place.")
                      .arg(m_fileName),
                  false);
        m_modeHint->setText(tr("Reads the current and the new backing chain; takes longer for large disks."));
    }
    const QString stored = storedName();
    if (none)
        m_nameHint->setText(tr("No name is stored."));
    else if (stored.isEmpty())
        m_nameHint->clear();
    else if (m_relative->isChecked() && stored.startsWith(QLatin1String("..")))
        m_nameHint->setText(tr("Stored as “%1”. It leads outside the image's folder, so opening the image will ask "
                               "before following it.")
                                .arg(stored));
    else if (m_relative->isChecked())
        m_nameHint->setText(tr("Stored as “%1”: the image and its backing file can move together.").arg(stored));
    else
        m_nameHint->setText(tr("Stored as “%1”: keeps working if the image moves without its backing file.").arg(stored));
    revalidate();
}

QString RebaseDialog::problem() const
{
    if (!writable(m_path))
        return tr("%1 cannot be written: you do not have permission.").arg(m_fileName);
    const QString current = QString::fromStdString(m_info.backingFilename.value_or(""));
    if (!m_unsafe->isChecked() && !m_chainReadable)
        return tr("The current backing chain cannot be read, so safe mode cannot compare it: choose unsafe mode to "
                  "fix the name only.");
    if (m_noBacking->isChecked()) {
        if (current.isEmpty())
            return tr("%1 already has no backing file.").arg(m_fileName);
        return QString();
    }
    if (m_backing->text().trimmed().isEmpty())
        return tr("Choose the new backing file, or tick “No backing file”.");
    if (QFileInfo(chosenAbsolute()) == QFileInfo(m_path) || chosenAbsolute() == QFileInfo(m_path).absoluteFilePath())
        return tr("An image cannot be its own backing file.");
    if (m_probe->pending())
        return tr("Reading the new backing file…");
    if (!m_probe->error().isEmpty())
        return tr("The new backing file cannot be read: %1").arg(m_probe->error());
    if (storedName() == current && m_probe->format() == QString::fromStdString(m_info.backingFilenameFormat.value_or("")))
        return tr("%1 already uses this backing file, stored under this name.").arg(m_fileName);
    return QString();
}

RebaseOptions RebaseDialog::rebaseOptions() const
{
    RebaseOptions options;
    options.path = JobRunner::engineName(m_path);
    options.format = m_info.format;
    options.backing = JobRunner::engineName(storedName());
    if (!m_noBacking->isChecked())
        options.backingFormat = m_probe->format().toStdString();
    options.unsafe = m_unsafe->isChecked();
    options.allowExternalBacking = m_externalBackingConsent;
    return options;
}

QStringList RebaseDialog::commandArguments() const
{
    QStringList arguments{QStringLiteral("rebase"), QStringLiteral("-f"), QString::fromStdString(m_info.format)};
    if (m_unsafe->isChecked())
        arguments << QStringLiteral("-u");
    arguments << QStringLiteral("-b") << storedName();
    if (!m_noBacking->isChecked())
        arguments << QStringLiteral("-F") << (m_probe->format().isEmpty() ? QStringLiteral("FMT") : m_probe->format());
    arguments << m_path;
    return arguments;
}

DestructiveQuestion RebaseDialog::question() const
{
    const QString target = m_noBacking->isChecked() ? QString() : QFileInfo(storedName()).fileName();
    DestructiveQuestion question;
    question.title = tr("Rebase Image?");
    question.question = target.isEmpty() ? tr("Make %1 standalone?").arg(m_fileName)
                                         : tr("Rebase %1 onto %2?").arg(m_fileName, target);
    if (m_unsafe->isChecked())
        question.detail = target.isEmpty()
                              ? tr("Unsafe mode: %1 forgets its backing file without copying anything, so the guest "
                                   "reads zeros where it read the backing file. This cannot be undone.")
                                    .arg(m_fileName)
                              : tr("Unsafe mode: only the name in %1's header changes. If %2 does not hold the same "
                                   "data as the current backing file, the guest's disk changes.")
                                    .arg(m_fileName, target);
    else
        question.detail = tr("The parts that differ are copied into %1 first, so the guest sees the same disk; then "
                             "its header names the new backing file.")
                              .arg(m_fileName);
    question.acceptText = tr("Rebase");
    return question;
}

Job* RebaseDialog::startJob(JobRunner* runner)
{
    const RebaseOptions options = rebaseOptions();
    return runner->run({Job::Kind::Rebase, tr("Rebase %1").arg(m_fileName), commandLine(), m_path, m_path, true},
                       [options](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                           channel.setPhase(options.unsafe ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Rewriting the header") : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Copying what differs"));
                           Status done = rebase(options, progress, stop);
                           if (!done.ok()) {
                               channel.setOutcome(JobRunner::failure(done.error(), stop));
                               return;
                           }
                           channel.setOutcome(JobChannel::Outcome::success(
                               options.backing.empty() ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "The image is standalone.") : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Backing file changed.")));
                       });
}

QString RebaseDialog::logDescription() const
{
    return tr("Rebasing %1 (with QEMU's write lock)").arg(m_path);
}

}  // namespace diskscope::ui
