// SPDX-License-Identifier: GPL-2.0-or-later
// The entries of one L2 table (or one stretch of a raw image's map) as a table: index,
// guest offset, state, raw entry, host offset, refcount, flags.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "diskscope/allocation_map.h"

namespace diskscope::ui {

class L2TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IndexColumn, GuestColumn, StateColumn, EntryColumn, HostColumn, RefcountColumn, FlagsColumn, ColumnCount };
    // Unformatted values (numbers as qulonglong) for sorting and tests.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit L2TableModel(QObject* parent = nullptr);

    void setEntries(quint64 table, std::vector<ClusterDetail> entries, bool extendedL2);
    void clear();
    quint64 table() const { return m_table; }
    // The row of the entry for `cell`, or -1.
    int rowOfCell(quint64 cell) const;
    const ClusterDetail* entryAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    quint64 m_table = 0;
    bool m_extendedL2 = false;
    std::vector<ClusterDetail> m_entries;
};

}  // namespace diskscope::ui
