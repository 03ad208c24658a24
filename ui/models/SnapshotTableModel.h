// SPDX-License-Identifier: GPL-2.0-or-later
// An image's internal snapshots as a table: ID, name, VM state size, date, VM clock (qemu-img's columns).
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "diskscope/image_info.h"

namespace diskscope::ui {

class SnapshotTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, VmStateSizeColumn, DateColumn, VmClockColumn, ColumnCount };
    // Unformatted values for sorting and tests: numbers as qulonglong, the date as QDateTime.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SnapshotTableModel(QObject* parent = nullptr);

    // Replaces the whole table (the model is reset: every image has a different list).
    void setSnapshots(std::vector<SnapshotInfo> snapshots);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static int alignment(int column);

    std::vector<SnapshotInfo> m_snapshots;
};

}  // namespace diskscope::ui
