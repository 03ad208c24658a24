// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DialogKit.h"

#include <QComboBox>
#include <QMessageBox>
#include <QStandardItemModel>
#include <QPushButton>

namespace diskscope::ui {
namespace {

Confirmation::Responder& responder()
{
    static Confirmation::Responder instance;
    return instance;
}

}  // namespace

bool Confirmation::ask(QWidget* parent, const DestructiveQuestion& question)
{
    if (responder())
        return responder()(question);
    QMessageBox box(parent);
    box.setObjectName(QStringLiteral("destructiveConfirmation"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(question.title);
    box.setTextFormat(Qt::PlainText);
    box.setText(question.question);
    box.setInformativeText(question.detail);
    QPushButton* accept = box.addButton(question.acceptText, QMessageBox::DestructiveRole);
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

void Confirmation::setResponder(Responder answer)
{
    responder() = std::move(answer);
}

ReasonLabel::ReasonLabel(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("reasonLabel"));
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    // The palette's link colour stands out in light and dark themes without a fixed colour.
    QPalette palette = this->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::Link));
    setPalette(palette);
    setAccessibleName(tr("Why this cannot go on"));
    hide();
}

void ReasonLabel::setReason(const QString& reason)
{
    setText(reason);
    setVisible(!reason.isEmpty());
}

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}

void setComboItemEnabled(QComboBox* box, int index, bool enabled, const QString& why)
{
    if (auto* model = qobject_cast<QStandardItemModel*>(box->model())) {
        if (QStandardItem* item = model->item(index)) {
            item->setEnabled(enabled);
            item->setToolTip(why);
        }
    }
}

}  // namespace diskscope::ui
