// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/L2TablePane.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "maps/L2TableModel.h"

namespace diskscope::ui {
namespace {

QString hex(uint64_t value)
{
    return QStringLiteral("0x") + QString::number(value, 16);
}

}  // namespace

L2TablePane::L2TablePane(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("l2TablePane"));
    setAccessibleName(tr("L2 table"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("l2TableTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_model = new L2TableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("l2TableView"));
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("L2 table entries"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    layout->addWidget(m_table);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (const ClusterDetail* e = m_model->entryAt(index.row()))
            emit cellActivated(e->cell);
    });
}

void L2TablePane::clear()
{
    m_model->clear();
    m_title->clear();
}

void L2TablePane::showTable(quint64 table, const std::vector<ClusterDetail>& entries, const AllocationMapGeometry& g,
                            qint64 cell)
{
    m_model->setEntries(table, entries, g.extendedL2);
    const uint64_t first = table * g.cellsPerTable;
    const uint64_t from = first << g.cellBits;
    const uint64_t to = std::min(g.virtualSize, (first + entries.size()) << g.cellBits);
    if (g.format == "qcow2" && !entries.empty()) {
        const ClusterDetail& head = entries.front();
        m_title->setText(head.l2TableOffset
                             ? tr("L2 table %1 at host offset %2 — guest %3 to %4")
                                   .arg(table).arg(hex(head.l2TableOffset), hex(from), hex(to))
                             : tr("L1 entry %1 has no L2 table — guest %2 to %3 is unallocated here")
                                   .arg(table).arg(hex(from), hex(to)));
    } else {
        m_title->setText(tr("Guest %1 to %2").arg(hex(from), hex(to)));
    }
    m_table->resizeColumnsToContents();
    const int row = cell >= 0 ? m_model->rowOfCell(quint64(cell)) : -1;
    if (row >= 0) {
        m_table->selectRow(row);
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    }
}

}  // namespace diskscope::ui
