// SPDX-License-Identifier: GPL-2.0-or-later
// The right-hand panel: every info field of one image.
#include "widgets/ImageDetailsPanel.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include "models/SnapshotTableModel.h"
#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "util/SizeFormat.h"
#include "widgets/CommandField.h"
#include "widgets/HealthView.h"

namespace diskscope::ui {
namespace {

QString yesNo(bool value)
{
    return value ? ImageDetailsPanel::tr("Yes") : ImageDetailsPanel::tr("No");
}

// Names and paths read from the image: plain text with control characters made visible.
QString fromImage(const std::string& text)
{
    return DisplayText::fromImage(text);
}

QLabel* sectionHeading(const QString& title, QWidget* parent)
{
    auto* heading = new QLabel(title, parent);
    heading->setTextFormat(Qt::PlainText);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    return heading;
}

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

}  // namespace

ImageDetailsPanel::ImageDetailsPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("detailsPanel"));
    setAccessibleName(tr("Image details"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(6);

    m_title = plainLabel(QStringLiteral("detailsTitle"), this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_subtitle = plainLabel(QStringLiteral("detailsSubtitle"), this);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_subtitle);

    m_status = plainLabel(QStringLiteral("detailsStatus"), this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addSpacing(8);

    m_healthBox = new QWidget(this);
    m_healthBox->setObjectName(QStringLiteral("healthSection"));
    auto* healthLayout = new QVBoxLayout(m_healthBox);
    healthLayout->setContentsMargins(0, 4, 0, 0);
    healthLayout->setSpacing(6);
    healthLayout->addWidget(sectionHeading(tr("Health"), m_healthBox));
    m_health = new HealthView(m_healthBox);
    healthLayout->addWidget(m_health);
    layout->addWidget(m_healthBox);

    m_image = addSection(tr("Image"), QStringLiteral("imageSection"));
    addField(m_image, QStringLiteral("file"), tr("File:"));
    addField(m_image, QStringLiteral("format"), tr("Format:"));
    addField(m_image, QStringLiteral("virtualSize"), tr("Virtual size:"));
    addField(m_image, QStringLiteral("diskUsage"), tr("Disk usage:"));
    addField(m_image, QStringLiteral("clusterSize"), tr("Cluster size:"));
    addField(m_image, QStringLiteral("dirty"), tr("Dirty flag:"));
    addField(m_image, QStringLiteral("corrupt"), tr("Marked corrupt:"));
    addField(m_image, QStringLiteral("access"), tr("Opened:"));
    {
        auto* name = new QLabel(tr("Command:"), m_image.box);
        name->setObjectName(QStringLiteral("label_command"));
        name->setForegroundRole(QPalette::PlaceholderText);
        name->setMinimumWidth(fontMetrics().horizontalAdvance(tr("Compression type:")) + 4);
        name->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_command = new CommandField(m_image.box);
        name->setBuddy(m_command);
        m_image.form->addRow(name, m_command);
    }
    layout->addWidget(m_image.box);

    m_backing = addSection(tr("Backing file"), QStringLiteral("backingSection"));
    addField(m_backing, QStringLiteral("backingFile"), tr("Stored name:"));
    addField(m_backing, QStringLiteral("backingPath"), tr("Resolved path:"));
    addField(m_backing, QStringLiteral("backingFormat"), tr("Format:"));
    layout->addWidget(m_backing.box);

    m_qcow2 = addSection(tr("qcow2 options"), QStringLiteral("qcow2Section"));
    addField(m_qcow2, QStringLiteral("compat"), tr("Compatibility:"));
    addField(m_qcow2, QStringLiteral("refcountBits"), tr("Refcount bits:"));
    addField(m_qcow2, QStringLiteral("lazyRefcounts"), tr("Lazy refcounts:"));
    addField(m_qcow2, QStringLiteral("extendedL2"), tr("Extended L2:"));
    addField(m_qcow2, QStringLiteral("compression"), tr("Compression type:"));
    addField(m_qcow2, QStringLiteral("dataFile"), tr("Data file:"));
    addField(m_qcow2, QStringLiteral("bitmaps"), tr("Bitmaps:"));
    layout->addWidget(m_qcow2.box);

    m_snapshotBox = new QWidget(this);
    m_snapshotBox->setObjectName(QStringLiteral("snapshotSection"));
    auto* snapshotLayout = new QVBoxLayout(m_snapshotBox);
    snapshotLayout->setContentsMargins(0, 12, 0, 0);
    m_snapshotTitle = new QLabel(m_snapshotBox);
    m_snapshotTitle->setTextFormat(Qt::PlainText);
    QFont sectionFont = m_snapshotTitle->font();
    sectionFont.setBold(true);
    m_snapshotTitle->setFont(sectionFont);
    snapshotLayout->addWidget(m_snapshotTitle);
    m_snapshots = new SnapshotTableModel(this);
    m_snapshotView = new QTableView(m_snapshotBox);
    m_snapshotView->setObjectName(QStringLiteral("snapshotTable"));
    m_snapshotView->setModel(m_snapshots);
    m_snapshotView->verticalHeader()->hide();
    m_snapshotView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_snapshotView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_snapshotView->setAlternatingRowColors(true);
    m_snapshotView->setShowGrid(false);
    m_snapshotView->setWordWrap(false);
    m_snapshotView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Styles default to roomy rows meant for editors; a read-only list reads better tighter.
    m_snapshotView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_snapshotView->horizontalHeader()->setSectionResizeMode(SnapshotTableModel::NameColumn, QHeaderView::Stretch);
    m_snapshotView->horizontalHeader()->setHighlightSections(false);
    snapshotLayout->addWidget(m_snapshotView);
    layout->addWidget(m_snapshotBox);

    layout->addStretch(1);
    setSectionsVisible(false);
}

ImageDetailsPanel::Section ImageDetailsPanel::addSection(const QString& title, const QString& objectName)
{
    Section section;
    section.box = new QWidget(this);
    section.box->setObjectName(objectName);
    auto* layout = new QVBoxLayout(section.box);
    layout->setContentsMargins(0, 12, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(sectionHeading(title, section.box));
    section.form = new QFormLayout;
    // Same look on every platform style: labels right-aligned against their values, values grow.
    // Top-aligned so a label sits on the first line of a multi-line value.
    section.form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    section.form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    section.form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    section.form->setHorizontalSpacing(12);
    section.form->setVerticalSpacing(5);
    section.form->setContentsMargins(12, 0, 0, 0);
    layout->addLayout(section.form);
    return section;
}

void ImageDetailsPanel::addField(const Section& section, const QString& key, const QString& label)
{
    auto* name = new QLabel(label, section.box);
    name->setTextFormat(Qt::PlainText);
    name->setForegroundRole(QPalette::PlaceholderText);
    name->setObjectName(QStringLiteral("label_") + key);
    // Every row of every section gets the same label width, so the values line up in one column.
    name->setMinimumWidth(fontMetrics().horizontalAdvance(tr("Compression type:")) + 4);
    name->setAlignment(Qt::AlignRight | Qt::AlignTop);
    auto* value = plainLabel(QStringLiteral("value_") + key, section.box);
    // No word wrap: wrapped labels are height-for-width, which nested form layouts in a
    // scroll area size too short (multi-line values came out clipped). Values carry their own
    // line breaks and a long path scrolls the panel sideways instead.
    value->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // The buddy makes screen readers announce the value with its label.
    name->setBuddy(value);
    section.form->addRow(name, value);
    m_fields[key] = {section.form, value};
}

QLabel* ImageDetailsPanel::valueLabel(const QString& key) const
{
    const auto it = m_fields.find(key);
    return it == m_fields.end() ? nullptr : it->second.second;
}

void ImageDetailsPanel::setField(const QString& key, const QString& text, const QString& toolTip)
{
    const auto& [form, label] = m_fields.at(key);
    label->setText(text);
    label->setToolTip(toolTip);
    form->setRowVisible(label, true);
}

void ImageDetailsPanel::hideField(const QString& key)
{
    const auto& [form, label] = m_fields.at(key);
    label->clear();
    label->setToolTip({});
    form->setRowVisible(label, false);
}

void ImageDetailsPanel::showHeader(const QString& path, const QString& subtitle)
{
    m_title->setText(DisplayText::escapeControls(QFileInfo(path).fileName()));
    m_title->setToolTip(DisplayText::escapeControls(path));
    m_subtitle->setText(subtitle);
}

void ImageDetailsPanel::setSectionsVisible(bool visible)
{
    m_healthBox->setVisible(visible);
    m_image.box->setVisible(visible);
    m_backing.box->setVisible(visible);
    m_qcow2.box->setVisible(visible);
    m_snapshotBox->setVisible(visible);
}

void ImageDetailsPanel::showLoading(const QString& path)
{
    showHeader(path, DisplayText::escapeControls(path));
    m_status->setText(tr("Reading image information…"));
    m_status->setForegroundRole(QPalette::WindowText);
    m_status->show();
    setSectionsVisible(false);
    m_snapshots->setSnapshots({});
}

void ImageDetailsPanel::showBrokenLayer(const QString& path, const QString& message)
{
    showHeader(path, DisplayText::escapeControls(path));
    m_status->setText(tr("The chain names this backing file, but it could not be opened:\n%1")
                          .arg(DisplayText::escapeControls(message)));
    m_status->setForegroundRole(QPalette::WindowText);
    m_status->show();
    setSectionsVisible(false);
    m_healthBox->show();
    m_snapshots->setSnapshots({});
}

void ImageDetailsPanel::showError(const QString& path, const QString& message)
{
    showHeader(path, DisplayText::escapeControls(path));
    m_status->setText(tr("This file could not be read as a disk image:\n%1").arg(DisplayText::escapeControls(message)));
    m_status->show();
    setSectionsVisible(false);
    m_snapshots->setSnapshots({});
}

void ImageDetailsPanel::showImage(const QString& path, const ImageInfo& info, const QString& role)
{
    const QString format = fromImage(info.format);
    QString subtitle = tr("%1 disk image · %2").arg(format, SizeFormat::human(info.virtualSize));
    if (!role.isEmpty())
        subtitle = role + QStringLiteral(" · ") + subtitle;
    showHeader(path, subtitle);
    m_status->hide();
    m_status->clear();
    m_healthBox->show();

    // Image: the fields every format has, then the qcow2-only ones.
    setField(QStringLiteral("file"), DisplayText::escapeControls(path));
    setField(QStringLiteral("format"), format);
    setField(QStringLiteral("virtualSize"), SizeFormat::human(info.virtualSize), SizeFormat::exact(info.virtualSize));
    if (info.actualSize) {
        // Thin images confuse people (virt-manager#244): say how much of the guest disk is on the host.
        QString usage = SizeFormat::human(*info.actualSize);
        if (info.virtualSize > 0) {
            const double percent = 100.0 * double(*info.actualSize) / double(info.virtualSize);
            if (percent > 0.0 && percent < 0.05)
                usage += tr(" (less than 0.1 % of the virtual size)");
            else
                usage += tr(" (%1 % of the virtual size)").arg(QLocale().toString(percent, 'f', percent < 10.0 ? 1 : 0));
        }
        setField(QStringLiteral("diskUsage"), usage, SizeFormat::exact(*info.actualSize));
    }
    else
        hideField(QStringLiteral("diskUsage"));
    if (info.clusterSize)
        setField(QStringLiteral("clusterSize"), SizeFormat::human(*info.clusterSize), SizeFormat::exact(*info.clusterSize));
    else
        hideField(QStringLiteral("clusterSize"));
    if (info.dirtyFlag)
        setField(QStringLiteral("dirty"), *info.dirtyFlag ? tr("Yes: the image was not closed cleanly") : tr("No"));
    else
        hideField(QStringLiteral("dirty"));
    if (info.qcow2)
        setField(QStringLiteral("corrupt"), info.qcow2->corrupt ? tr("Yes: QEMU will refuse to write to it") : tr("No"));
    else
        hideField(QStringLiteral("corrupt"));
    // Errata (issue 3): browsing takes no locks, so an open window never stops a VM.
    setField(QStringLiteral("access"), tr("Read-only, without locks (like -U)"),
             tr("Diskscope reads images without QEMU's locks: a running VM is neither blocked nor noticed, "
                "so what is shown may be changing. Writing operations take the locks."));
    m_command->setCommand(CommandLine::info(path));

    // Backing file: the name as stored matters for moving chains; the resolved path is what opens.
    const bool hasBacking = info.backingFilename.has_value();
    m_backing.box->setVisible(hasBacking);
    if (hasBacking) {
        setField(QStringLiteral("backingFile"), fromImage(*info.backingFilename));
        if (info.fullBackingFilename && *info.fullBackingFilename != *info.backingFilename)
            setField(QStringLiteral("backingPath"), fromImage(*info.fullBackingFilename));
        else
            hideField(QStringLiteral("backingPath"));
        if (info.backingFilenameFormat)
            setField(QStringLiteral("backingFormat"), fromImage(*info.backingFilenameFormat));
        else
            setField(QStringLiteral("backingFormat"), tr("Not recorded (it will be probed)"));
    } else {
        hideField(QStringLiteral("backingFile"));
        hideField(QStringLiteral("backingPath"));
        hideField(QStringLiteral("backingFormat"));
    }

    m_qcow2.box->setVisible(info.qcow2.has_value());
    if (info.qcow2) {
        const Qcow2Info& q = *info.qcow2;
        setField(QStringLiteral("compat"), q.compat == "0.10" ? tr("0.10 (version 2)") : fromImage(q.compat));
        setField(QStringLiteral("refcountBits"), QString::number(q.refcountBits));
        // Version 2 images have no feature bits or compression type field: like qemu-img,
        // show nothing rather than defaults the header never stated.
        if (q.compat == "0.10") {
            for (const char* key : {"lazyRefcounts", "extendedL2", "compression"})
                hideField(QLatin1String(key));
        } else {
            setField(QStringLiteral("lazyRefcounts"), yesNo(q.lazyRefcounts));
            setField(QStringLiteral("extendedL2"), yesNo(q.extendedL2));
            setField(QStringLiteral("compression"), fromImage(q.compressionType));
        }
        if (q.dataFile) {
            QString text = fromImage(*q.dataFile);
            if (q.dataFileRaw.value_or(false))
                text += tr(" (raw: always holds the full guest data)");
            setField(QStringLiteral("dataFile"), text);
        } else {
            hideField(QStringLiteral("dataFile"));
        }
        if (q.bitmaps) {
            QStringList lines;
            for (const BitmapInfo& bitmap : *q.bitmaps) {
                QStringList flags;
                for (const std::string& flag : bitmap.flags)
                    flags << fromImage(flag);
                QString line = tr("%1, granularity %2").arg(fromImage(bitmap.name), SizeFormat::human(bitmap.granularity));
                if (!flags.isEmpty())
                    line += QStringLiteral(" (%1)").arg(flags.join(QStringLiteral(", ")));
                lines << line;
            }
            setField(QStringLiteral("bitmaps"), lines.isEmpty() ? tr("None") : lines.join(QLatin1Char('\n')));
        } else {
            hideField(QStringLiteral("bitmaps"));
        }
    } else {
        for (const char* key : {"compat", "refcountBits", "lazyRefcounts", "extendedL2", "compression", "dataFile", "bitmaps"})
            hideField(QLatin1String(key));
    }

    m_image.box->show();
    m_snapshots->setSnapshots(info.snapshots);
    m_snapshotBox->setVisible(!info.snapshots.empty());
    m_snapshotTitle->setText(tr("Internal snapshots (%1)").arg(info.snapshots.size()));
    fitSnapshotTable();
}

void ImageDetailsPanel::fitSnapshotTable()
{
    // ResizeToContents packs columns edge to edge; fitted widths plus a gap read as columns.
    QHeaderView* header = m_snapshotView->horizontalHeader();
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column) {
        if (column == SnapshotTableModel::NameColumn)
            continue;
        m_snapshotView->resizeColumnToContents(column);
        header->resizeSection(column, header->sectionSize(column) + 16);
    }
    // The panel scrolls as a whole; the table shows up to ten rows before scrolling itself.
    const int rows = std::min(m_snapshots->rowCount(), 10);
    const int rowHeight = m_snapshotView->verticalHeader()->defaultSectionSize();
    const int height = m_snapshotView->horizontalHeader()->sizeHint().height() + rows * rowHeight
                       + 2 * m_snapshotView->frameWidth();
    m_snapshotView->setFixedHeight(height);
}

}  // namespace diskscope::ui
