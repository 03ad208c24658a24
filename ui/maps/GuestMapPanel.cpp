// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/GuestMapPanel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QSplitter>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>

#include "maps/GuestMapClasses.h"
#include "maps/GuestMapSession.h"
#include "maps/L2TableModel.h"
#include "maps/L2TablePane.h"
#include "maps/MapControls.h"
#include "maps/MapLegend.h"
#include "maps/MapView.h"
#include "util/DisplayText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {
GuestMapPanel::GuestMapPanel(QWidget* parent) : LazyImagePage(parent)
{
    setObjectName(QStringLiteral("guestMapPanel"));
    setAccessibleName(tr("Guest map"));
    m_session = new GuestMapSession(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(4);
    // The view exists before its controls are wired to it.
    m_view = new MapView;
    addMapControls(toolbar, m_view, this);
    toolbar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("mapProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    toolbar->addWidget(m_progress);
    layout->addLayout(toolbar);

    auto* splitter = m_splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mapSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    m_view->setObjectName(QStringLiteral("guestMapView"));
    m_view->setClasses(guestMapClasses());
    m_view->setAccessibleName(tr("Guest allocation map"));

    m_tablePane = new L2TablePane(splitter);
    m_tableModel = m_tablePane->model();
    splitter->addWidget(m_tablePane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_tablePane->hide();
    layout->addWidget(splitter, 1);

    m_legend = new MapLegend(this);
    QVector<bool> always(int(GuestClass::Count), false);
    always[int(GuestClass::Data)] = true;
    always[int(GuestClass::Unallocated)] = true;
    m_legend->setClasses(guestMapClasses(), always);
    layout->addWidget(m_legend);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("mapDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setText(tr("Point at the map for details; click to list that L2 table's entries."));
    layout->addWidget(m_details);

    connect(m_view, &MapView::cellHovered, this, [this](qint64 cell, QPoint globalPos) {
        m_hoverCell = cell;
        m_hoverPos = globalPos;
        if (cell < 0)
            QToolTip::hideText();
        else
            m_session->requestDetail(quint64(cell));
    });
    connect(m_view, &MapView::currentCellChanged, this, [this](qint64 cell) {
        m_hoverCell = -1;  // details go to the line below the map, not a tooltip
        if (cell >= 0)
            m_session->requestDetail(quint64(cell));
    });
    connect(m_view, &MapView::cellActivated, this, &GuestMapPanel::activateCell);
    connect(m_tablePane, &L2TablePane::cellActivated, this, [this](quint64 cell) { m_view->setCurrentCell(cell); });

    connect(m_session, &GuestMapSession::opened, this, &GuestMapPanel::onOpened);
    connect(m_session, &GuestMapSession::failed, this, [this](const QString& message) {
        m_status->setText(tr("Could not read the map: %1").arg(message));
        m_progress->hide();
        emit mapComplete(false);
    });
    connect(m_session, &GuestMapSession::cellsRefined, this, &GuestMapPanel::onRefined);
    connect(m_session, &GuestMapSession::refineFinished, this, &GuestMapPanel::onFinished);
    connect(m_session, &GuestMapSession::detailReady, this, &GuestMapPanel::onDetail);
    connect(m_session, &GuestMapSession::tableReady, this, &GuestMapPanel::onTable);
}

void GuestMapPanel::clearPage()
{
    m_session->close();
    m_view->setCells(0, [](uint64_t, std::span<uint8_t> out) { std::fill(out.begin(), out.end(), 0); });
    m_status->clear();
    m_progress->hide();
}

void GuestMapPanel::openImage(const QString& path)
{
    m_complete = false;
    m_tablePane->hide();
    m_tableModel->clear();
    m_view->setAccessibleName(tr("Guest allocation map of %1").arg(DisplayText::escapeControls(QFileInfo(path).fileName())));
    m_status->setText(tr("Reading the L1 table…"));
    m_session->open(path);
}

void GuestMapPanel::onOpened()
{
    const AllocationMap* map = m_session->map();
    const AllocationMapGeometry& g = map->geometry();
    auto reader = [map](uint64_t first, std::span<uint8_t> out) {
        map->readStates(first, out, guestClassTable());
    };
    m_view->setCellsPerTable(g.cellsPerTable);
    m_view->setCells(g.cellCount, reader);
    m_progress->setValue(0);
    m_progress->show();
    updateLegend();
    updateStatus();
    emit mapShown();
}

void GuestMapPanel::onRefined(quint64 first, quint64 count)
{
    const AllocationMap* map = m_session->map();
    if (!map)
        return;
    m_view->updateCells(first, count, [map](uint64_t from, std::span<uint8_t> out) {
        map->readStates(from, out, guestClassTable());
    });
    m_progress->setValue(int(m_session->progress() * 1000));
    updateLegend();
    updateStatus();
}

void GuestMapPanel::onFinished(bool complete, const QString& error)
{
    m_complete = complete;
    m_progress->hide();
    updateLegend();
    if (!complete)
        m_status->setText(tr("Map incomplete: %1").arg(error));
    else
        updateStatus();
    emit mapComplete(complete);
}

void GuestMapPanel::updateLegend()
{
    const std::vector<uint64_t> totals = m_view->pyramid().totals();
    const AllocationMap* map = m_session->map();
    m_legend->setCounts(totals, map ? map->geometry().cellBytes() : 0);
    m_view->setAccessibleDescription(m_legend->summary());
}

void GuestMapPanel::updateStatus()
{
    const AllocationMap* map = m_session->map();
    if (!map)
        return;
    const AllocationMapGeometry& g = map->geometry();
    QStringList parts;
    const QString size = SizeFormat::human(g.cellBytes());
    // Raw images have no clusters: their cells are blocks of the host file's data and holes.
    const QString unit = g.format == "raw"             ? tr("%1 blocks").arg(size)
                         : g.cellBits > g.clusterBits ? tr("%1 per cell").arg(size)
                                                      : tr("%1 clusters").arg(size);
    parts << tr("%L1 cells, %2").arg(g.cellCount).arg(unit);
    if (g.layerCount > 1)
        parts << tr("%1 layers").arg(g.layerCount);
    if (g.backingProblem)
        parts << tr("backing file not shown: %1").arg(QString::fromStdString(*g.backingProblem));
    if (m_session->refining())
        parts << tr("reading L2 tables… %1 %").arg(int(m_session->progress() * 100));
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

void GuestMapPanel::onDetail(quint64 cell, const ClusterDetail& detail)
{
    const AllocationMap* map = m_session->map();
    if (!map)
        return;
    const QString text = clusterDetailText(detail, map->geometry());
    m_details->setText(QString(text).replace(QLatin1Char('\n'), QStringLiteral("  ·  ")));
    m_details->setForegroundRole(QPalette::WindowText);
    if (qint64(cell) == m_hoverCell && m_view->underMouse())
        QToolTip::showText(m_hoverPos, text, m_view);
}

void GuestMapPanel::showTableAt(quint64 guestOffset)
{
    const AllocationMap* map = m_session->map();
    if (!map || guestOffset >= map->geometry().virtualSize)
        return;
    const quint64 cell = guestOffset >> map->geometry().cellBits;
    m_view->setCurrentCell(cell);
    activateCell(qint64(cell));
}

void GuestMapPanel::activateCell(qint64 cell)
{
    const AllocationMap* map = m_session->map();
    if (!map || cell < 0)
        return;
    m_activatedCell = cell;
    m_session->requestTable(quint64(cell) / map->geometry().cellsPerTable);
}

void GuestMapPanel::onTable(quint64 table, const std::vector<ClusterDetail>& entries)
{
    const AllocationMap* map = m_session->map();
    if (!map || entries.empty())
        return;
    const AllocationMapGeometry& g = map->geometry();
    m_tablePane->showTable(table, entries, g, m_activatedCell);
    m_view->setHighlight(table * g.cellsPerTable, entries.size());
    if (m_tablePane->isHidden()) {
        // The map keeps most of the room; the table shows its offsets and states.
        const int total = m_splitter->width();
        const int pane = std::min(440, total / 2);
        m_tablePane->show();
        m_splitter->setSizes({total - pane, pane});
    }
    emit tableShown(table);
}

}  // namespace diskscope::ui
