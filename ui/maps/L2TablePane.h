// SPDX-License-Identifier: GPL-2.0-or-later
// The pane listing one L2 table's entries beside a map (the guest map and the host layout
// both show it): a title naming the table and the guest range it maps, and the entries.
#pragma once

#include <QWidget>
#include <vector>

#include "diskscope/allocation_map.h"

class QLabel;
class QTableView;

namespace diskscope::ui {

class L2TableModel;

class L2TablePane : public QWidget {
    Q_OBJECT
public:
    explicit L2TablePane(QWidget* parent = nullptr);

    L2TableModel* model() const { return m_model; }
    QTableView* view() const { return m_table; }
    QLabel* title() const { return m_title; }
    // Shows table `table` of an image of geometry `g`, with the row of `cell` selected (-1: none).
    void showTable(quint64 table, const std::vector<ClusterDetail>& entries, const AllocationMapGeometry& g,
                   qint64 cell);
    void clear();

signals:
    // An entry was activated (double click, Enter): its cell.
    void cellActivated(quint64 cell);

private:
    QLabel* m_title = nullptr;
    QTableView* m_table = nullptr;
    L2TableModel* m_model = nullptr;
};

}  // namespace diskscope::ui
