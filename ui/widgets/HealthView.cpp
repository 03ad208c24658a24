// SPDX-License-Identifier: GPL-2.0-or-later
// Health findings as rows: severity icon, a short title, and what it means.
#include "widgets/HealthView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include "util/EngineText.h"

namespace diskscope::ui {
namespace {

QStyle::StandardPixmap iconFor(HealthSeverity severity)
{
    switch (severity) {
    case HealthSeverity::Error:
        return QStyle::SP_MessageBoxCritical;
    case HealthSeverity::Warning:
        return QStyle::SP_MessageBoxWarning;
    case HealthSeverity::Info:
        return QStyle::SP_MessageBoxInformation;
    }
    return QStyle::SP_MessageBoxInformation;
}

QString severityText(HealthSeverity severity)
{
    switch (severity) {
    case HealthSeverity::Error:
        return HealthView::tr("Error");
    case HealthSeverity::Warning:
        return HealthView::tr("Warning");
    case HealthSeverity::Info:
        return HealthView::tr("Note");
    }
    return {};
}

QLabel* iconLabel(QStyle::StandardPixmap pixmap, QWidget* parent)
{
    auto* icon = new QLabel(parent);
    const int size = parent->style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(parent->style()->standardIcon(pixmap).pixmap(size, size));
    icon->setFixedWidth(size + 4);
    icon->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return icon;
}

}  // namespace

HealthView::HealthView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("healthView"));
    setAccessibleName(tr("Health findings"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 0, 0, 0);
    layout->setSpacing(8);
    m_rows = new QVBoxLayout;
    m_rows->setSpacing(8);
    layout->addLayout(m_rows);

    auto* checkLine = new QHBoxLayout;
    checkLine->setSpacing(8);
    m_checkNote = new QLabel(this);
    m_checkNote->setObjectName(QStringLiteral("healthCheckNote"));
    m_checkNote->setTextFormat(Qt::PlainText);
    m_checkNote->setWordWrap(true);
    m_checkNote->setForegroundRole(QPalette::PlaceholderText);
    checkLine->addWidget(m_checkNote, 1);
    m_checkButton = new QPushButton(tr("Check Now"), this);
    m_checkButton->setObjectName(QStringLiteral("healthCheckButton"));
    m_checkButton->setToolTip(tr("Walk every table to find leaks and corruptions (read-only)"));
    connect(m_checkButton, &QPushButton::clicked, this, &HealthView::checkRequested);
    checkLine->addWidget(m_checkButton, 0, Qt::AlignTop);
    layout->addLayout(checkLine);
}

void HealthView::clearRows()
{
    while (QLayoutItem* item = m_rows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_lines.clear();
}

QWidget* HealthView::makeRow(const HealthFinding& finding)
{
    auto* row = new QWidget(this);
    row->setObjectName(QStringLiteral("healthFinding"));
    row->setProperty("severity", int(finding.severity));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(iconLabel(iconFor(finding.severity), row), 0, Qt::AlignTop);
    auto* texts = new QVBoxLayout;
    texts->setSpacing(1);
    // In the user's language; names read from the image are quoted plain, controls escaped.
    const EngineText::Finding text = EngineText::finding(finding);
    auto* title = new QLabel(text.title, row);
    title->setObjectName(QStringLiteral("healthTitle"));
    title->setTextFormat(Qt::PlainText);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    texts->addWidget(title);
    auto* detail = new QLabel(text.detail, row);
    detail->setObjectName(QStringLiteral("healthDetail"));
    detail->setTextFormat(Qt::PlainText);
    detail->setWordWrap(true);
    detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    texts->addWidget(detail);
    // The engine's own English (the errno text, the check's failure) for a bug report.
    if (!text.technical.isEmpty())
        detail->setToolTip(text.technical);
    layout->addLayout(texts, 1);
    if (finding.issue == HealthIssue::BackingNotFollowed) {
        auto* follow = new QPushButton(tr("Follow Backing File…"), row);
        follow->setObjectName(QStringLiteral("followBackingButton"));
        follow->setToolTip(tr("Asks first, then reads this image again following its backing file"));
        const int layer = int(finding.layer);
        connect(follow, &QPushButton::clicked, this, [this, layer] { emit followBackingRequested(layer); });
        layout->addWidget(follow, 0, Qt::AlignTop);
    } else if (finding.issue == HealthIssue::DataFileNotFollowed) {
        auto* follow = new QPushButton(tr("Follow Data File…"), row);
        follow->setObjectName(QStringLiteral("followDataFileButton"));
        follow->setToolTip(tr("Asks first, then reads this image again with its external data file"));
        const int layer = int(finding.layer);
        connect(follow, &QPushButton::clicked, this, [this, layer] { emit followDataFileRequested(layer); });
        layout->addWidget(follow, 0, Qt::AlignTop);
    }
    // Not by colour or icon alone: screen readers hear the severity first.
    row->setAccessibleName(QStringLiteral("%1: %2").arg(severityText(finding.severity), title->text()));
    row->setToolTip(severityText(finding.severity));
    return row;
}

void HealthView::setFindings(const std::vector<HealthFinding>& findings, CheckState state)
{
    clearRows();
    for (const HealthFinding& finding : findings) {
        m_rows->addWidget(makeRow(finding));
        m_lines << QStringLiteral("%1: %2").arg(QLatin1String(severityName(finding.severity)),
                                               EngineText::finding(finding).title);
    }
    if (findings.empty()) {
        auto* row = new QWidget(this);
        row->setObjectName(QStringLiteral("healthClean"));
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(6);
        layout->addWidget(iconLabel(QStyle::SP_DialogApplyButton, row), 0, Qt::AlignTop);
        auto* text = new QLabel(state == CheckState::Checked ? tr("No problems found, check included.")
                                                             : tr("No problems found in the header and chain."),
                                row);
        text->setTextFormat(Qt::PlainText);
        layout->addWidget(text, 1);
        m_rows->addWidget(row);
    }
    switch (state) {
    case CheckState::NotChecked:
        m_checkNote->setText(tr("Leaked clusters, corruptions and data past the end of the file are found by a check "
                                "of every table (read-only, no locks)."));
        break;
    case CheckState::Checking:
        m_checkNote->setText(tr("Checking… findings appear here when the check ends."));
        break;
    case CheckState::Checked:
        m_checkNote->setText(tr("Includes the results of the last check."));
        break;
    case CheckState::NotApplicable:
        m_checkNote->setText(tr("Raw images have no metadata to check."));
        break;
    }
    m_checkButton->setVisible(state == CheckState::NotChecked || state == CheckState::Checked);
    m_checkButton->setText(state == CheckState::Checked ? tr("Check Again") : tr("Check Now"));
    setAccessibleDescription(m_lines.isEmpty() ? tr("No problems found") : m_lines.join(QStringLiteral("; ")));
}

}  // namespace diskscope::ui
