// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/ChainDialog.h"

#include <algorithm>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>
#include <unistd.h>

#include "util/CommandLine.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {

ChainDialog::ChainDialog(JobRunner* runner, const QString& imagePath, QWidget* parent)
    : QDialog(parent), m_path(imagePath), m_fileName(QFileInfo(imagePath).fileName()), m_runner(runner)
{
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    // The safety note: what the operation does to which file, framed so it is read first.
    auto* note = new QFrame(this);
    note->setObjectName(QStringLiteral("safetyNote"));
    note->setFrameShape(QFrame::StyledPanel);
    note->setAutoFillBackground(true);
    note->setBackgroundRole(QPalette::AlternateBase);
    auto* noteLayout = new QHBoxLayout(note);
    noteLayout->setContentsMargins(10, 8, 10, 8);
    noteLayout->setSpacing(10);
    m_safetyIcon = new QLabel(note);
    m_safetyIcon->setAlignment(Qt::AlignTop);
    noteLayout->addWidget(m_safetyIcon);
    m_safetyText = new QLabel(note);
    m_safetyText->setObjectName(QStringLiteral("safetyText"));
    m_safetyText->setTextFormat(Qt::PlainText);
    m_safetyText->setWordWrap(true);
    noteLayout->addWidget(m_safetyText, 1);
    layout->addWidget(note);
    m_content = new QVBoxLayout;
    m_content->setSpacing(6);
    layout->addLayout(m_content);
}

void ChainDialog::setSafety(const QString& text, bool warning)
{
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this) * 2 / 3;
    m_safetyIcon->setPixmap(
        style()->standardIcon(warning ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation).pixmap(size, size));
    m_safetyText->setText(text);
    m_safetyText->setAccessibleName(warning ? tr("Warning") : tr("Safety note"));
}

void ChainDialog::finish(const QString& actionText)
{
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    auto* commandLabel = new QLabel(tr("Equivalent command:"), this);
    layout->addSpacing(4);
    layout->addWidget(commandLabel);
    m_command = new CommandField(this);
    layout->addWidget(m_command);
    m_reason = new ReasonLabel(this);
    layout->addWidget(m_reason);
    layout->addStretch(1);
    layout->addSpacing(6);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_action = buttons->addButton(actionText, QDialogButtonBox::AcceptRole);
    m_action->setObjectName(QStringLiteral("actionButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ChainDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    revalidate();
}

void ChainDialog::fitWidth(int width)
{
    width = std::max(width, minimumSizeHint().width());
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height();
    resize(width, std::max(height, minimumSizeHint().height()));
}

bool ChainDialog::writable(const QString& path)
{
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

QString ChainDialog::commandLine() const
{
    return CommandLine::diskscopeImg(commandArguments());
}

void ChainDialog::revalidate()
{
    if (!m_action)
        return;  // still building
    const QString reason = problem();
    m_reason->setReason(reason);
    m_action->setEnabled(reason.isEmpty());
    m_command->setCommand(commandLine());
}

void ChainDialog::accept()
{
    revalidate();
    if (!problem().isEmpty() || m_job)
        return;
    if (!Confirmation::ask(this, question()))
        return;  // the dialog stays, nothing was written
    m_job = startJob(m_runner);
    emit started(m_job, logDescription());
    QDialog::accept();
}

}  // namespace diskscope::ui
