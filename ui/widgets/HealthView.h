// SPDX-License-Identifier: GPL-2.0-or-later
// The health findings of the selected image or layer, worst first, each with its severity.
#pragma once

#include <QWidget>
#include <vector>

#include "diskscope/ops/health.h"

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace diskscope::ui {

class HealthView : public QWidget {
    Q_OBJECT
public:
    // Whether the findings include those only a check finds (leaks, data past the end).
    enum class CheckState { NotChecked, Checking, Checked, NotApplicable };

    explicit HealthView(QWidget* parent = nullptr);

    void setFindings(const std::vector<HealthFinding>& findings, CheckState state);
    // "error: Marked corrupt", one per shown finding, for tests and the accessible description.
    QStringList findingLines() const { return m_lines; }
    QPushButton* checkButton() const { return m_checkButton; }

signals:
    void checkRequested();
    // "Follow Backing File…" on a BackingNotFollowed finding: `layer` names the backing file.
    void followBackingRequested(int layer);
    // "Follow Data File…" on a DataFileNotFollowed finding of layer `layer`.
    void followDataFileRequested(int layer);

private:
    QWidget* makeRow(const HealthFinding& finding);
    void clearRows();

    QVBoxLayout* m_rows = nullptr;
    QLabel* m_checkNote = nullptr;
    QPushButton* m_checkButton = nullptr;
    QStringList m_lines;
};

}  // namespace diskscope::ui
