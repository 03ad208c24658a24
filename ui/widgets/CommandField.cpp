// SPDX-License-Identifier: GPL-2.0-or-later
// A copyable command line.
#include "widgets/CommandField.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace diskscope::ui {

CommandField::CommandField(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("commandField"));
    setAccessibleName(tr("Equivalent command line"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("commandText"));
    m_edit->setReadOnly(true);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setAccessibleName(tr("Equivalent command line"));
    m_edit->setToolTip(tr("The diskscope-img command that does the same; paste it into a terminal"));
    layout->addWidget(m_edit, 1);
    m_copy = new QToolButton(this);
    m_copy->setObjectName(QStringLiteral("copyCommandButton"));
    m_copy->setText(tr("Copy"));
    m_copy->setAccessibleName(tr("Copy command line"));
    m_copy->setToolTip(tr("Copy the command line to the clipboard"));
    connect(m_copy, &QToolButton::clicked, this, &CommandField::copy);
    layout->addWidget(m_copy);
}

void CommandField::setCommand(const QString& command)
{
    m_edit->setText(command);
    m_edit->setCursorPosition(0);
}

QString CommandField::command() const
{
    return m_edit->text();
}

void CommandField::copy()
{
    QClipboard* clipboard = QApplication::clipboard();
    clipboard->setText(command());
    if (clipboard->supportsSelection())
        clipboard->setText(command(), QClipboard::Selection);
    emit copied(command());
}

}  // namespace diskscope::ui
