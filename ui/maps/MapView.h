// SPDX-License-Identifier: GPL-2.0-or-later
// A custom-painted map of cells (guest clusters, host clusters): zoom, pan, hover, click,
// keyboard cursor, row-major or Hilbert layout. It never creates an item per cell: the cells
// live in a MapPyramid, and a frame blits cached 256x256 tiles, each rendered from the
// pyramid level where one block is one device pixel (or, zoomed in, one cell is N pixels).
// Tiles missing from the cache are rendered within a time budget per frame; the others show
// their coarser parent scaled up until the next frame, so the view never stalls.
#pragma once

#include <QCache>
#include <QImage>
#include <QWidget>
#include <optional>

#include "maps/MapColors.h"
#include "maps/MapGrid.h"
#include "maps/MapPyramid.h"

namespace diskscope::ui {

class MapView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kTileCells = 256;

    explicit MapView(QWidget* parent = nullptr);

    void setClasses(const QVector<MapClass>& classes);
    const QVector<MapClass>& classes() const { return m_classes; }
    // Starts over with `cellCount` cells, each read from `read` (and fits the map to the view).
    void setCells(uint64_t cellCount, const MapPyramid::ClassReader& read);
    // Cells [first, first + count) changed: read them again, redraw what shows them.
    void updateCells(uint64_t first, uint64_t count, const MapPyramid::ClassReader& read);
    const MapPyramid& pyramid() const { return m_pyramid; }
    const MapGrid& grid() const { return m_pyramid.grid(); }

    MapLayout mapLayout() const { return m_layout; }
    void setMapLayout(MapLayout layout);

    // Zoom in logical pixels per cell, one of a fixed ladder (powers of two below 1, small
    // integers above) so cells land on whole device pixels.
    double zoom() const { return m_zoom; }
    void setZoom(double zoom, std::optional<QPointF> anchor = std::nullopt);
    void zoomIn();
    void zoomOut();
    void fitToView();
    static QVector<double> zoomSteps();
    // The pyramid level drawn at the current zoom.
    uint32_t level() const;
    // World position (level-0 cells) shown at the widget's top-left corner.
    QPointF offset() const { return m_offset; }
    void setOffset(QPointF offset);

    std::optional<uint64_t> cellAt(QPointF widgetPoint) const;
    // The widget point at the centre of a cell (may lie outside the widget).
    QPointF cellCenter(uint64_t cell) const;
    // Marks a run of cells (the L2 table shown in the table view).
    void setHighlight(uint64_t first, uint64_t count);
    void clearHighlight();
    std::optional<uint64_t> currentCell() const { return m_current; }
    void setCurrentCell(uint64_t cell, bool ensureVisible = true);
    void setCellsPerTable(uint64_t cells) { m_cellsPerTable = std::max<uint64_t>(cells, 1); }

    // One tile as the view would draw it (public for tests and the benchmark).
    QImage renderTile(uint32_t level, uint32_t tx, uint32_t ty) const;
    int cachedTiles() const { return m_tiles.count(); }

signals:
    // The pointer moved onto another cell (-1: off the map).
    void cellHovered(qint64 cell, QPoint globalPos);
    // A cell was clicked or Enter was pressed on the cursor cell.
    void cellActivated(qint64 cell);
    void currentCellChanged(qint64 cell);
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    double deviceZoom() const;
    QPointF worldToWidget(QPointF world) const;
    QPointF widgetToWorld(QPointF point) const;
    void clampOffset();
    void invalidateTiles(uint64_t first, uint64_t count);
    void resetTiles();
    const QImage* tile(uint32_t level, uint32_t tx, uint32_t ty, bool render);
    void drawOverlay(QPainter& painter, const QRect& exposed);
    void ensureVisible(uint64_t cell);

    QVector<MapClass> m_classes;
    MapColors m_colors;
    MapLayout m_layout = MapLayout::Hilbert;
    MapPyramid m_pyramid;
    double m_zoom = 1.0;
    QPointF m_offset;
    bool m_fitted = false;  // follow the widget's size until the user zooms or pans
    QCache<quint64, QImage> m_tiles;
    std::optional<uint64_t> m_current;
    qint64 m_hovered = -1;
    uint64_t m_highlightFirst = 0;
    uint64_t m_highlightCount = 0;
    uint64_t m_cellsPerTable = 1;
    QPoint m_pressPos;
    QPointF m_pressOffset;
    bool m_pressed = false;
    bool m_dragging = false;
};

}  // namespace diskscope::ui
