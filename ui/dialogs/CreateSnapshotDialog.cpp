// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/CreateSnapshotDialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "dialogs/DialogKit.h"
#include "util/CommandLine.h"
#include "widgets/CommandField.h"

namespace diskscope::ui {

CreateSnapshotDialog::CreateSnapshotDialog(const QString& imagePath, const QStringList& existingNames, QWidget* parent)
    : QDialog(parent), m_path(imagePath), m_existing(existingNames)
{
    setObjectName(QStringLiteral("createSnapshotDialog"));
    setWindowTitle(tr("Create Snapshot"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Records the current state of %1 inside the file. The disk can return to it later.")
                                 .arg(QFileInfo(imagePath).fileName()),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(timestampName(), this);
    m_name->setObjectName(QStringLiteral("snapshotNameEdit"));
    auto* label = new QLabel(tr("&Name:"), this);
    label->setBuddy(m_name);
    form->addRow(label, m_name);
    m_command = new CommandField(this);
    form->addRow(tr("Command:"), m_command);
    layout->addLayout(form);
    m_reason = new ReasonLabel(this);
    layout->addWidget(m_reason);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create Snapshot"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createSnapshotButton"));
    m_create->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_name, &QLineEdit::textChanged, this, &CreateSnapshotDialog::revalidate);
    revalidate();
    resize(560, sizeHint().height());
}

QString CreateSnapshotDialog::timestampName()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("'snapshot-'yyyy-MM-dd-HH-mm-ss"));
}

QString CreateSnapshotDialog::name() const
{
    return m_name->text();
}

void CreateSnapshotDialog::revalidate()
{
    const QString text = name();
    QString reason;
    if (text.trimmed().isEmpty())
        reason = tr("Enter a name for the snapshot.");
    else if (m_existing.contains(text))
        reason = tr("%1 already has a snapshot named “%2”.").arg(QFileInfo(m_path).fileName(), text);
    else if (text.toUtf8().size() > 65535)
        reason = tr("The name is too long.");
    m_reason->setReason(reason);
    m_create->setEnabled(reason.isEmpty());
    m_command->setCommand(CommandLine::diskscopeImg({QStringLiteral("snapshot"), QStringLiteral("-c"), text, m_path}));
}

}  // namespace diskscope::ui
