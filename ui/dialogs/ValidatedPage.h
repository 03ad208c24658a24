// SPDX-License-Identifier: GPL-2.0-or-later
// A wizard page that validates as you type: Next stays disabled while `reason` says why, and
// the reason is shown on the page in a ReasonLabel (gui-peers §5.1, §5.3).
#pragma once

#include <QWizardPage>
#include <functional>

namespace diskscope::ui {

class ReasonLabel;

class ValidatedPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ValidatedPage(QWidget* parent = nullptr);

    // Why the page cannot be left forwards (empty: it can). Called on every revalidate().
    void setReasonCheck(std::function<QString()> check) { m_reason = std::move(check); }
    // The check made on Next (a file exists...): false keeps the page.
    void setLeaveCheck(std::function<bool()> check) { m_leave = std::move(check); }
    // The page's next page when it branches (raw skips the qcow2 pages); -1 keeps QWizard's order.
    void setNext(std::function<int()> next) { m_next = std::move(next); }
    void setOnEnter(std::function<void()> enter) { m_enter = std::move(enter); }

    ReasonLabel* reasonLabel() const { return m_reasonLabel; }
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;
    void initializePage() override;

    // Adds the reason line at the bottom of the page's layout (call after filling it).
    void addReasonLine();

public slots:
    // Inputs changed: recompute the reason and Next's state.
    void revalidate();

private:
    std::function<QString()> m_reason;
    std::function<bool()> m_leave;
    std::function<int()> m_next;
    std::function<void()> m_enter;
    ReasonLabel* m_reasonLabel = nullptr;
};

}  // namespace diskscope::ui
