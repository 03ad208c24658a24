// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/L2TableModel.h"

#include <QFontDatabase>

namespace diskscope::ui {
namespace {

QString hex(uint64_t value)
{
    return QStringLiteral("0x") + QString::number(value, 16);
}

}  // namespace

L2TableModel::L2TableModel(QObject* parent) : QAbstractTableModel(parent) {}

void L2TableModel::setEntries(quint64 table, std::vector<ClusterDetail> entries, bool extendedL2)
{
    beginResetModel();
    m_table = table;
    m_extendedL2 = extendedL2;
    m_entries = std::move(entries);
    endResetModel();
}

void L2TableModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int L2TableModel::rowOfCell(quint64 cell) const
{
    if (m_entries.empty() || cell < m_entries.front().cell)
        return -1;
    const quint64 row = cell - m_entries.front().cell;
    return row < m_entries.size() ? int(row) : -1;
}

const ClusterDetail* L2TableModel::entryAt(int row) const
{
    return row >= 0 && size_t(row) < m_entries.size() ? &m_entries[size_t(row)] : nullptr;
}

int L2TableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int L2TableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant L2TableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClusterDetail& e = m_entries[size_t(index.row())];
    const int column = index.column();
    if (role == SortRole) {
        switch (column) {
        case IndexColumn: return qulonglong(e.qcow2 ? e.l2Index : e.cell);
        case GuestColumn: return qulonglong(e.guestOffset);
        case StateColumn: return int(e.state);
        case EntryColumn: return qulonglong(e.l2Entry);
        case HostColumn: return e.hostOffset ? QVariant(qulonglong(*e.hostOffset)) : QVariant();
        case RefcountColumn: return e.refcount ? QVariant(qulonglong(*e.refcount)) : QVariant();
        case FlagsColumn: return QString::fromStdString(e.flags);
        }
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case IndexColumn: return QString::number(e.qcow2 ? e.l2Index : e.cell);
        case GuestColumn: return hex(e.guestOffset);
        case StateColumn: return QString::fromStdString(clusterStateName(e.state));
        case EntryColumn:
            if (!e.qcow2 || !e.l2TableOffset)
                return QString();
            // The bitmap only where it says something: a column of "/ 0x0" is noise.
            return m_extendedL2 && e.l2Bitmap ? QStringLiteral("%1 / %2").arg(hex(e.l2Entry), hex(e.l2Bitmap))
                                              : hex(e.l2Entry);
        case HostColumn: return e.hostOffset ? hex(*e.hostOffset) : QString();
        case RefcountColumn: return e.refcount ? QString::number(*e.refcount) : QString();
        case FlagsColumn:
            return e.problem ? QString::fromStdString(e.flags.empty() ? *e.problem : e.flags + "; " + *e.problem)
                             : QString::fromStdString(e.flags);
        }
        return {};
    }
    if (role == Qt::FontRole && (column == GuestColumn || column == EntryColumn || column == HostColumn))
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role == Qt::TextAlignmentRole && column != StateColumn && column != FlagsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && e.problem)
        return QString::fromStdString(*e.problem);
    return {};
}

QVariant L2TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn: return tr("Index");
    case GuestColumn: return tr("Guest offset");
    case StateColumn: return tr("State");
    case EntryColumn: return m_extendedL2 ? tr("Entry / bitmap") : tr("Entry");
    case HostColumn: return tr("Host offset");
    case RefcountColumn: return tr("Refcount");
    case FlagsColumn: return tr("Flags");
    }
    return {};
}

}  // namespace diskscope::ui
