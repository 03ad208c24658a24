// SPDX-License-Identifier: GPL-2.0-or-later
// What the window shows with no image open.
#include "widgets/EmptyStateWidget.h"

#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace diskscope::ui {

EmptyStateWidget::EmptyStateWidget(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("emptyState"));
    setAccessibleName(tr("No disk image open"));
    setAccessibleDescription(tr("Open a disk image with Ctrl+O or drop one on the window"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 48, 48, 48);
    layout->addStretch(1);

    auto* title = new QLabel(tr("No disk image open"), this);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto* hint = new QLabel(tr("Open a disk image (Ctrl+O) or drop one here"), this);
    hint->setObjectName(QStringLiteral("emptyStateHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addSpacing(16);

    auto* button = new QPushButton(tr("Open Image…"), this);
    button->setObjectName(QStringLiteral("emptyStateOpenButton"));
    // A comfortable target: the one action this page offers.
    button->setMinimumSize(button->sizeHint() + QSize(48, 12));
    connect(button, &QPushButton::clicked, this, &EmptyStateWidget::openRequested);
    layout->addWidget(button, 0, Qt::AlignHCenter);

    auto* formats = new QLabel(tr("qcow2 and raw images"), this);
    formats->setAlignment(Qt::AlignCenter);
    formats->setForegroundRole(QPalette::PlaceholderText);
    layout->addSpacing(8);
    layout->addWidget(formats);
    layout->addStretch(1);
}

void EmptyStateWidget::setDropHighlighted(bool highlighted)
{
    if (m_highlighted == highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

void EmptyStateWidget::paintEvent(QPaintEvent*)
{
    // A dashed rounded frame says "drop here" without words; palette colours keep it right on dark themes.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(rect()).adjusted(20.5, 20.5, -20.5, -20.5);
    QColor colour = m_highlighted ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid);
    QPen pen(colour, m_highlighted ? 2.5 : 1.5, Qt::DashLine);
    pen.setDashPattern({6, 4});
    painter.setPen(pen);
    if (m_highlighted) {
        QColor fill = colour;
        fill.setAlpha(24);
        painter.setBrush(fill);
    }
    painter.drawRoundedRect(frame, 12, 12);
}

}  // namespace diskscope::ui
