// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/ResizeDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "dialogs/DialogKit.h"
#include "dialogs/SizeEntry.h"
#include "diskscope/last_data.h"
#include "diskscope/ops/resize.h"
#include "jobs/JobRunner.h"
#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/SizeFormat.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {

// What the worker that looks for the last data hands back; shared so that it may outlive the dialog.
struct LastDataResult {
    std::optional<uint64_t> end;
    std::string error;
};

namespace {

QString sizeWithBytes(uint64_t bytes)
{
    return ResizeDialog::tr("%1 (%2)").arg(SizeFormat::human(bytes), SizeFormat::exact(bytes));
}

QLabel* plainLabel(QWidget* parent, const QString& text = {})
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

}  // namespace

ResizeDialog::ResizeDialog(JobRunner* runner, const QString& path, const ImageInfo& info, QWidget* parent)
    : QDialog(parent),
      m_runner(runner),
      m_path(path),
      m_fileName(DisplayText::escapeControls(QFileInfo(path).fileName())),
      m_qcow2(info.format == "qcow2"),
      m_current(info.virtualSize)
{
    setObjectName(QStringLiteral("resizeDialog"));
    setWindowTitle(tr("Resize %1").arg(m_fileName));
    auto* layout = new QVBoxLayout(this);
    auto* intro = plainLabel(this, tr("Changes the size of the disk the guest sees in %1. Growing adds space that reads "
                                      "as zeros at the end; the partitions and file systems inside the disk are not "
                                      "resized.")
                                       .arg(m_fileName));
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* current = plainLabel(this, sizeWithBytes(m_current));
    current->setObjectName(QStringLiteral("currentSizeLabel"));
    current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Current size:"), current);
    m_lastDataLabel = plainLabel(this, tr("Looking for the last data…"));
    m_lastDataLabel->setObjectName(QStringLiteral("lastDataLabel"));
    m_lastDataLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Last data ends at:"), m_lastDataLabel);
    m_size = new SizeEntry(this);
    m_size->setObjectName(QStringLiteral("newSizeEntry"));
    m_size->setBytes(m_current);
    auto* sizeLabel = new QLabel(tr("&New size:"), this);
    sizeLabel->setBuddy(m_size->numberEdit());
    form->addRow(sizeLabel, m_size);
    m_change = plainLabel(this);
    m_change->setObjectName(QStringLiteral("sizeChangeLabel"));
    form->addRow(tr("Change:"), m_change);

    m_preallocation = new QComboBox(this);
    m_preallocation->setObjectName(QStringLiteral("preallocationBox"));
    m_preallocation->addItem(tr("Off: the new area takes no space until written"), QStringLiteral("off"));
    m_preallocation->addItem(tr("Metadata: tables for the new area written now"), QStringLiteral("metadata"));
    m_preallocation->addItem(tr("Falloc: host space reserved now"), QStringLiteral("falloc"));
    m_preallocation->addItem(tr("Full: zeros written now"), QStringLiteral("full"));
    if (!m_qcow2)
        setComboItemEnabled(m_preallocation, 1, false, tr("Raw images have no metadata to preallocate."));
    auto* preallocationLabel = new QLabel(tr("&Preallocation:"), this);
    preallocationLabel->setBuddy(m_preallocation);
    m_preallocationHint = plainLabel(this);
    m_preallocationHint->setObjectName(QStringLiteral("preallocationHint"));
    m_preallocationHint->setEnabled(false);  // a quieter line under the choice
    auto* preallocationBox = new QVBoxLayout;
    preallocationBox->setSpacing(2);
    preallocationBox->addWidget(m_preallocation);
    preallocationBox->addWidget(m_preallocationHint);
    form->addRow(preallocationLabel, preallocationBox);
    layout->addLayout(form);

    // The shrink warning: what is lost, and the explicit choice when it cuts into data.
    auto* frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("shrinkWarning"));
    frame->setFrameShape(QFrame::StyledPanel);
    m_warning = frame;
    auto* warningLayout = new QHBoxLayout(m_warning);
    auto* icon = new QLabel(m_warning);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);
    warningLayout->addWidget(icon, 0, Qt::AlignTop);
    auto* warningColumn = new QVBoxLayout;
    m_warningText = plainLabel(m_warning);
    m_warningText->setObjectName(QStringLiteral("shrinkWarningText"));
    warningColumn->addWidget(m_warningText);
    m_discard = new QCheckBox(tr("&Discard the data beyond the new end"), m_warning);
    m_discard->setObjectName(QStringLiteral("discardDataBox"));
    warningColumn->addWidget(m_discard);
    warningLayout->addLayout(warningColumn, 1);
    layout->addWidget(m_warning);

    auto* commandForm = new QFormLayout;
    m_command = new CommandField(this);
    commandForm->addRow(tr("Command:"), m_command);
    layout->addLayout(commandForm);
    m_reason = new ReasonLabel(this);
    layout->addWidget(m_reason);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_resize = buttons->addButton(tr("&Resize"), QDialogButtonBox::AcceptRole);
    m_resize->setObjectName(QStringLiteral("resizeButton"));
    m_resize->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ResizeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_size, &SizeEntry::changed, this, &ResizeDialog::revalidate);
    connect(m_preallocation, &QComboBox::currentIndexChanged, this, &ResizeDialog::revalidate);
    connect(m_discard, &QCheckBox::toggled, this, &ResizeDialog::revalidate);
    resize(680, 0);
    revalidate();
    findLastData();
}

ResizeDialog::~ResizeDialog()
{
    // The worker holds its own copy of what it needs; it only has to stop soon.
    m_stop.request_stop();
}

QString ResizeDialog::unavailableReason(const QString& path, const ImageInfo& info, int layer)
{
    const QString name = DisplayText::escapeControls(QFileInfo(path).fileName());
    if (layer != 0)
        return tr("%1 is a backing file: resizing it would change what the images above it read. Open it on its "
                  "own to resize it.")
            .arg(name);
    if (info.qcow2) {
        if (info.qcow2->corrupt)
            return tr("%1 is marked corrupt: repair it first (Image ▸ Check and Repair).").arg(name);
        if (info.qcow2->bitmaps && !info.qcow2->bitmaps->empty())
            return tr("%1 has persistent bitmaps, which Diskscope does not update.").arg(name);
        if (info.qcow2->compat == "0.10" && !info.snapshots.empty())
            return tr("%1 is a version 2 (compat 0.10) image with internal snapshots: it cannot be resized.").arg(name);
    }
    if (info.dirtyFlag.value_or(false))
        return tr("%1 was not closed cleanly: check and repair it first.").arg(name);
    if (!QFileInfo(path).isWritable())
        return tr("You do not have permission to write %1.").arg(name);
    return {};
}

void ResizeDialog::findLastData()
{
    m_result = std::make_shared<LastDataResult>();
    m_watcher = new QFutureWatcher<void>(this);
    connect(m_watcher, &QFutureWatcher<void>::finished, this, [this] {
        m_lastDataDone = true;
        m_lastData = m_result->end;
        m_lastDataError = QString::fromStdString(m_result->error);
        if (m_lastData)
            m_lastDataLabel->setText(*m_lastData == 0 ? tr("No data is stored: the disk reads as zeros")
                                                      : sizeWithBytes(*m_lastData));
        else
            m_lastDataLabel->setText(tr("Unknown: %1").arg(m_lastDataError));
        revalidate();
    });
    const std::string path = JobRunner::engineName(m_path);
    m_watcher->setFuture(QtConcurrent::run(m_runner->pool(), [path, result = m_result, stop = m_stop.get_token()] {
        auto end = diskscope::lastDataEnd(path, LastDataOptions{}, stop);
        if (end.ok())
            result->end = *end;
        else
            result->error = EngineText::error(end.error()).toStdString();
    }));
}

std::optional<Preallocation> ResizeDialog::chosenPreallocation() const
{
    return parsePreallocation(m_preallocation->currentData().toString().toStdString());
}

QString ResizeDialog::problem() const
{
    if (const QString why = m_size->problem(); !why.isEmpty())
        return why;
    const uint64_t bytes = *m_size->bytes();
    if (m_qcow2 && bytes % 512)
        return tr("A qcow2 image's size must be a whole number of 512-byte sectors.");
    if (bytes == m_current)
        return tr("The new size is the current size.");
    if (bytes < m_current) {
        if (!m_lastDataDone)
            return tr("Still looking for the last data on %1…").arg(m_fileName);
        const bool cutsData = !m_lastData || bytes < *m_lastData;
        if (cutsData && !m_discard->isChecked())
            return tr("The new end cuts into data: tick “Discard the data beyond the new end” to shrink anyway.");
    }
    return {};
}

QString ResizeDialog::commandLine() const
{
    QStringList arguments{QStringLiteral("resize")};
    const std::optional<uint64_t> bytes = m_size->bytes();
    if (bytes && *bytes < m_current)
        arguments << QStringLiteral("--shrink");
    const auto mode = chosenPreallocation();
    if (bytes && *bytes > m_current && mode && *mode != Preallocation::Off)
        arguments << QStringLiteral("--preallocation=%1").arg(QString::fromLatin1(preallocationName(*mode)));
    arguments << m_path << (bytes ? QString::number(*bytes) : QStringLiteral("SIZE"));
    return CommandLine::diskscopeImg(arguments);
}

void ResizeDialog::revalidate()
{
    const std::optional<uint64_t> bytes = m_size->bytes();
    const bool grows = bytes && *bytes > m_current;
    const bool shrinks = bytes && *bytes < m_current;
    if (grows)
        m_change->setText(tr("+%1 (grows)").arg(SizeFormat::human(*bytes - m_current)));
    else if (shrinks)
        m_change->setText(tr("−%1 (shrinks)").arg(SizeFormat::human(m_current - *bytes)));
    else
        m_change->setText(bytes ? tr("None") : QString());

    // Preallocation only applies to the area a grow adds.
    m_preallocation->setEnabled(grows);
    static const char* const hints[] = {
        QT_TR_NOOP("Fastest; the file grows as the guest writes."),
        QT_TR_NOOP("qcow2 only: later writes need no table updates; the file stays sparse."),
        QT_TR_NOOP("The file system reserves the space now, so the guest cannot run out of it later."),
        QT_TR_NOOP("Every byte of the new area is written: slow, but the space is surely there."),
    };
    m_preallocationHint->setText(grows ? tr(hints[qBound(0, m_preallocation->currentIndex(), 3)])
                                       : tr("Only for growing: the new area is what gets preallocated."));

    const bool cutsData = shrinks && m_lastDataDone && (!m_lastData || *bytes < *m_lastData);
    m_warning->setVisible(shrinks);
    m_discard->setVisible(cutsData);
    if (shrinks) {
        const QString newEnd = SizeFormat::human(*bytes);
        if (!m_lastDataDone)
            m_warningText->setText(tr("Shrinking deletes everything beyond %1 for good. Looking for where the last "
                                      "data sits…")
                                       .arg(newEnd));
        else if (!m_lastData)
            m_warningText->setText(tr("Shrinking deletes everything beyond %1 for good, and where the last data sits "
                                      "is unknown.")
                                       .arg(newEnd));
        else if (cutsData)
            m_warningText->setText(tr("The disk holds data up to %1: shrinking to %2 cuts off the last %3 of it, "
                                      "with everything else beyond the new end. Make sure no partition or file "
                                      "system inside the disk reaches past %2.")
                                       .arg(SizeFormat::human(*m_lastData), newEnd,
                                            SizeFormat::human(*m_lastData - *bytes)));
        else
            m_warningText->setText(tr("Shrinking deletes everything beyond %1 for good. No data is stored there now, "
                                      "but make sure no partition or file system inside the disk reaches past it.")
                                       .arg(newEnd));
    }
    const QString why = problem();
    m_reason->setReason(why);
    m_resize->setEnabled(why.isEmpty());
    m_resize->setText(shrinks ? tr("&Shrink") : tr("&Resize"));
    m_command->setCommand(commandLine());
    // After the layout has taken the new texts in.
    QTimer::singleShot(0, this, &ResizeDialog::fitHeight);
}

void ResizeDialog::fitHeight()
{
    // The warning and the reason come and go: the dialog follows so that no line is clipped.
    layout()->activate();
    const int height = hasHeightForWidth() ? heightForWidth(width()) : sizeHint().height();
    // Taller when a line needs it; shorter again only while the user has not resized the dialog.
    if (height > 0 && (height > this->height() || this->height() == m_fittedHeight)) {
        resize(width(), height);
        m_fittedHeight = height;
    }
}

void ResizeDialog::accept()
{
    if (!problem().isEmpty() || m_job)
        return;
    const uint64_t bytes = *m_size->bytes();
    const bool shrinks = bytes < m_current;
    if (shrinks) {
        QString detail;
        if (!m_lastData || bytes < *m_lastData)
            detail = m_lastData ? tr("Data stored between %1 and %2 (%3) is discarded, with everything else beyond the "
                                     "new end. This cannot be undone.")
                                      .arg(SizeFormat::human(bytes), SizeFormat::human(*m_lastData),
                                           SizeFormat::human(*m_lastData - bytes))
                                : tr("Everything beyond the new end is discarded. This cannot be undone.");
        else
            detail = tr("Everything beyond the new end is discarded (no data is stored there now). This cannot be "
                        "undone.");
        const bool confirmed = Confirmation::ask(
            this, {tr("Shrink Disk Image?"),
                   tr("Shrink %1 from %2 to %3?").arg(m_fileName, SizeFormat::human(m_current), SizeFormat::human(bytes)),
                   detail, tr("Shrink")});
        if (!confirmed)
            return;
    }
    ResizeOptions options;
    options.path = JobRunner::engineName(m_path);
    options.format = m_qcow2 ? "qcow2" : "raw";
    options.newSize = bytes;
    options.allowShrink = shrinks;
    options.preallocation = bytes > m_current ? chosenPreallocation().value_or(Preallocation::Off) : Preallocation::Off;
    // Worded here, in the user's language: Job passes a summary it has no translation for as it is.
    const std::string summary = tr("Resized to %1.").arg(SizeFormat::exact(bytes)).toStdString();
    m_job = m_runner->run({Job::Kind::Resize, tr("Resize %1").arg(m_fileName), commandLine(), m_path, m_path, false},
                          [options, summary](JobChannel& channel, ProgressSink&, std::stop_token stop) {
                              channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Resizing"));
                              Status status = diskscope::resize(options);
                              if (!status.ok()) {
                                  channel.setOutcome(JobRunner::failure(status.error(), stop));
                                  return;
                              }
                              channel.setOutcome(JobChannel::Outcome::success(summary));
                          });
    emit started(m_job, tr("Resizing %1 from %2 to %3 (with QEMU's write lock)")
                            .arg(m_path, SizeFormat::exact(m_current), SizeFormat::exact(bytes)));
    QDialog::accept();
}

}  // namespace diskscope::ui
