// SPDX-License-Identifier: GPL-2.0-or-later
// The last check of the selected image or layer: the counts qemu-img check prints, then every
// finding with its host offset.
#pragma once

#include <QWidget>

#include "diskscope/ops/check.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace diskscope::ui {

class CommandField;

class CheckReportView : public QWidget {
    Q_OBJECT
public:
    explicit CheckReportView(QWidget* parent = nullptr);

    // `report` null: not checked yet (the button starts one); `running`: a check is under way.
    void showReport(const QString& path, const CheckReport* report, bool running, bool checkable);
    QTreeWidget* findingsTree() const { return m_findings; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* countsLabel() const { return m_counts; }
    // The Check and Repair dialog shows its own command (with -r) and checks with its own button.
    CommandField* commandField() const { return m_command; }
    QPushButton* checkButton() const { return m_checkButton; }

signals:
    void checkRequested();

private:
    QLabel* m_summary = nullptr;
    QLabel* m_counts = nullptr;
    CommandField* m_command = nullptr;
    QPushButton* m_checkButton = nullptr;
    QTreeWidget* m_findings = nullptr;
};

}  // namespace diskscope::ui
