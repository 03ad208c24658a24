// SPDX-License-Identifier: GPL-2.0-or-later
// An image's internal snapshots as a table.
#include "models/SnapshotTableModel.h"

#include <QDateTime>

#include "util/DisplayText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

SnapshotTableModel::SnapshotTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int SnapshotTableModel::alignment(int column)
{
    // Numbers line up on the right; the fixed-width date is centred so it does not touch the
    // right-aligned size before it.
    switch (column) {
    case VmStateSizeColumn:
    case VmClockColumn:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case DateColumn:
        return int(Qt::AlignCenter);
    default:
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
}

void SnapshotTableModel::setSnapshots(std::vector<SnapshotInfo> snapshots)
{
    beginResetModel();
    m_snapshots = std::move(snapshots);
    endResetModel();
}

int SnapshotTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_snapshots.size());
}

int SnapshotTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SnapshotTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SnapshotInfo& s = m_snapshots[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return DisplayText::fromImage(s.id);
        case NameColumn:
            return DisplayText::fromImage(s.name);
        case VmStateSizeColumn:
            return SizeFormat::human(s.vmStateSize);
        case DateColumn:
            return SizeFormat::date(s.dateSeconds);
        case VmClockColumn:
            return SizeFormat::vmClock(s.vmClockNanoseconds);
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case IdColumn:
            return QString::fromStdString(s.id);
        case NameColumn:
            return QString::fromStdString(s.name);
        case VmStateSizeColumn:
            return qulonglong(s.vmStateSize);
        case DateColumn:
            return QDateTime::fromSecsSinceEpoch(qint64(s.dateSeconds));
        case VmClockColumn:
            return qulonglong(s.vmClockNanoseconds);
        }
    } else if (role == Qt::ToolTipRole && index.column() == VmStateSizeColumn) {
        return SizeFormat::exact(s.vmStateSize);
    } else if (role == Qt::TextAlignmentRole) {
        return alignment(index.column());
    }
    return {};
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case NameColumn:
        return tr("Name");
    case VmStateSizeColumn:
        return tr("VM state size");
    case DateColumn:
        return tr("Date");
    case VmClockColumn:
        return tr("VM clock");
    }
    return {};
}

}  // namespace diskscope::ui
