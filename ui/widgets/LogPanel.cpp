// SPDX-License-Identifier: GPL-2.0-or-later
// A plain-text log with the command line of every action.
#include "widgets/LogPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTime>
#include <QVBoxLayout>

#include "util/DisplayText.h"

namespace diskscope::ui {

LogPanel::LogPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("logPanel"));
    setAccessibleName(tr("Log of actions and their command lines"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("logText"));
    m_text->setReadOnly(true);
    m_text->setFrameShape(QFrame::NoFrame);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(5000);
    m_text->setAccessibleName(tr("Log"));
    layout->addWidget(m_text, 1);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 4);
    buttons->addStretch(1);
    auto* copy = new QPushButton(tr("Copy Last Command"), this);
    copy->setObjectName(QStringLiteral("copyLastCommand"));
    copy->setToolTip(tr("Copy the diskscope-img command of the last action"));
    connect(copy, &QPushButton::clicked, this, &LogPanel::copyLastCommand);
    buttons->addWidget(copy);
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("clearLog"));
    connect(clear, &QPushButton::clicked, m_text, &QPlainTextEdit::clear);
    buttons->addWidget(clear);
    layout->addLayout(buttons);
}

void LogPanel::log(const QString& message, const QString& command)
{
    // Plain text only: file names and engine messages may contain anything.
    const QString stamp = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    m_text->appendPlainText(stamp + QStringLiteral("  ") + DisplayText::escapeControls(message));
    if (!command.isEmpty()) {
        m_text->appendPlainText(QStringLiteral("          $ ") + command);
        m_commands << command;
    }
    // Appending follows the cursor to the end of a long line; the start of a line is what matters.
    if (QScrollBar* bar = m_text->horizontalScrollBar())
        bar->setValue(bar->minimum());
}

QString LogPanel::text() const
{
    return m_text->toPlainText();
}

void LogPanel::copyLastCommand()
{
    if (!m_commands.isEmpty())
        QApplication::clipboard()->setText(m_commands.last());
}

}  // namespace diskscope::ui
