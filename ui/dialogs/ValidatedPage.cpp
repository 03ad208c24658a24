// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/ValidatedPage.h"

#include <QBoxLayout>
#include <QLayout>

#include "dialogs/DialogKit.h"

namespace diskscope::ui {

ValidatedPage::ValidatedPage(QWidget* parent) : QWizardPage(parent)
{
    m_reasonLabel = new ReasonLabel(this);
    m_reasonLabel->setObjectName(QStringLiteral("reasonLabel"));
}

void ValidatedPage::addReasonLine()
{
    if (auto* box = qobject_cast<QBoxLayout*>(layout())) {
        box->addStretch(1);
        box->addWidget(m_reasonLabel);
    }
}

bool ValidatedPage::isComplete() const
{
    return !m_reason || m_reason().isEmpty();
}

void ValidatedPage::revalidate()
{
    m_reasonLabel->setReason(m_reason ? m_reason() : QString());
    emit completeChanged();
}

bool ValidatedPage::validatePage()
{
    return !m_leave || m_leave();
}

int ValidatedPage::nextId() const
{
    return m_next ? m_next() : QWizardPage::nextId();
}

void ValidatedPage::initializePage()
{
    if (m_enter)
        m_enter();
    revalidate();
}

}  // namespace diskscope::ui
