// SPDX-License-Identifier: GPL-2.0-or-later
// A check report, readable without knowing qemu-img check's output.
#include "widgets/CheckReportView.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "util/Plural.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {
namespace {

QString kindText(CheckFindingKind kind)
{
    switch (kind) {
    case CheckFindingKind::Corruption:
        return CheckReportView::tr("Corruption");
    case CheckFindingKind::Leak:
        return CheckReportView::tr("Leak");
    case CheckFindingKind::CheckError:
        return CheckReportView::tr("Check error");
    case CheckFindingKind::Repair:
        return CheckReportView::tr("Repair");
    case CheckFindingKind::Note:
        return CheckReportView::tr("Note");
    }
    return {};
}

}  // namespace

CheckReportView::CheckReportView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("checkReportView"));
    setAccessibleName(tr("Check report"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);

    auto* top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_summary->setFont(bold);
    top->addWidget(m_summary, 1);
    m_checkButton = new QPushButton(tr("Check Now"), this);
    m_checkButton->setObjectName(QStringLiteral("checkReportButton"));
    connect(m_checkButton, &QPushButton::clicked, this, &CheckReportView::checkRequested);
    top->addWidget(m_checkButton, 0, Qt::AlignTop);
    layout->addLayout(top);

    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("checkCounts"));
    m_counts->setTextFormat(Qt::PlainText);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_counts);

    m_command = new CommandField(this);
    layout->addWidget(m_command);

    m_findings = new QTreeWidget(this);
    m_findings->setObjectName(QStringLiteral("checkFindings"));
    m_findings->setAccessibleName(tr("Check findings"));
    m_findings->setRootIsDecorated(false);
    m_findings->setAlternatingRowColors(true);
    m_findings->setUniformRowHeights(true);
    m_findings->setHeaderLabels({tr("Kind"), tr("Host offset"), tr("Message")});
    m_findings->header()->setStretchLastSection(true);
    layout->addWidget(m_findings, 1);
}

void CheckReportView::showReport(const QString& path, const CheckReport* report, bool running, bool checkable)
{
    m_findings->clear();
    m_command->setCommand(CommandLine::check(path));
    m_checkButton->setEnabled(checkable && !running);
    m_checkButton->setText(report ? tr("Check Again") : tr("Check Now"));
    const QString name = DisplayText::escapeControls(QFileInfo(path).fileName());
    if (running) {
        m_summary->setText(tr("Checking %1…").arg(name));
        m_counts->clear();
        return;
    }
    if (!report) {
        m_summary->setText(checkable ? tr("%1 has not been checked yet.").arg(name)
                                     : tr("Nothing to check: this layer did not open."));
        m_counts->setText(checkable ? tr("A check reads every table (read-only, without locks) and counts each "
                                         "cluster's references against its refcount.")
                                    : QString());
        return;
    }
    const QLocale locale;
    if (!report->supported) {
        m_summary->setText(tr("%1 is a raw image: it has no metadata to check.").arg(name));
        m_counts->clear();
        return;
    }
    if (report->failure)
        m_summary->setText(tr("The check could not complete: %1").arg(DisplayText::fromImage(*report->failure)));
    else if (report->corruptions == 0 && report->leaks == 0 && report->checkErrors == 0)
        m_summary->setText(tr("No errors were found on %1.").arg(name));
    else
        m_summary->setText(tr("%1: %2, %3")
                               .arg(name, plural(report->corruptions, tr("%1 corruption"), tr("%1 corruptions")),
                                    plural(report->leaks, tr("%1 leaked cluster"), tr("%1 leaked clusters"))));
    QStringList counts;
    if (report->totalClusters > 0)
        counts << tr("%1 of %2 clusters allocated (%3 %), %4 % fragmented, %5 compressed")
                      .arg(locale.toString(qulonglong(report->allocatedClusters)),
                           locale.toString(qulonglong(report->totalClusters)),
                           locale.toString(100.0 * double(report->allocatedClusters) / double(report->totalClusters), 'f', 2),
                           locale.toString(report->allocatedClusters
                                               ? 100.0 * double(report->fragmentedClusters) / double(report->allocatedClusters)
                                               : 0.0,
                                           'f', 2),
                           locale.toString(qulonglong(report->compressedClusters)));
    counts << tr("Image end offset: %1").arg(locale.toString(qulonglong(report->imageEndOffset)));
    if (report->checkErrors > 0)
        counts << tr("%1 parts could not be checked").arg(report->checkErrors);
    m_counts->setText(counts.join(QLatin1Char('\n')));
    for (const CheckFinding& finding : report->findings) {
        auto* item = new QTreeWidgetItem(m_findings);
        item->setText(0, kindText(finding.kind));
        item->setText(1, finding.offset ? QStringLiteral("0x%1").arg(*finding.offset, 0, 16) : QString());
        item->setText(2, DisplayText::fromImage(finding.message));
        item->setToolTip(2, item->text(2).toHtmlEscaped());
    }
    m_findings->resizeColumnToContents(0);
    m_findings->resizeColumnToContents(1);
}

}  // namespace diskscope::ui
