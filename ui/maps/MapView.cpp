// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapView.h"

#include <QAccessible>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QTimer>
#include <QWheelEvent>
#include <cmath>

namespace diskscope::ui {
namespace {

// Tiles rendered per frame are limited by time, so a zoom never freezes the window.
constexpr qint64 kRenderBudgetMs = 12;
constexpr int kTileCacheKiB = 48 * 1024;
constexpr double kMargin = 12.0;  // logical pixels of background around the map

quint64 tileKey(uint32_t level, uint32_t tx, uint32_t ty)
{
    return (quint64(level) << 48) | (quint64(tx) << 24) | quint64(ty);
}

}  // namespace

MapView::MapView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(160, 120);
    setCursor(Qt::CrossCursor);
    setAccessibleName(tr("Map"));  // the pages name it after their image
    m_tiles.setMaxCost(kTileCacheKiB);
}

QVector<double> MapView::zoomSteps()
{
    QVector<double> steps;
    for (int k = 16; k >= 1; --k)
        steps.push_back(1.0 / double(1 << k));
    for (double z : {1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0})
        steps.push_back(z);
    return steps;
}

void MapView::setClasses(const QVector<MapClass>& classes)
{
    m_classes = classes;
    m_colors = MapColors(m_classes, palette());
    resetTiles();
}

void MapView::setCells(uint64_t cellCount, const MapPyramid::ClassReader& read)
{
    m_pyramid = MapPyramid(MapGrid(m_layout, cellCount), int(std::max<qsizetype>(m_classes.size(), 1)));
    m_pyramid.rebuild(read);
    m_current.reset();
    m_hovered = -1;
    clearHighlight();
    resetTiles();
    fitToView();
}

void MapView::updateCells(uint64_t first, uint64_t count, const MapPyramid::ClassReader& read)
{
    m_pyramid.update(first, count, read);
    invalidateTiles(first, count);
    update();
}

void MapView::setMapLayout(MapLayout layout)
{
    if (layout == m_layout)
        return;
    m_layout = layout;
    // The cells are already here: the new layout reads them from the old pyramid.
    MapPyramid old = std::move(m_pyramid);
    m_pyramid = MapPyramid(MapGrid(m_layout, old.grid().cellCount()), old.classCount());
    m_pyramid.rebuild([&old](uint64_t first, std::span<uint8_t> out) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = old.cellClass(first + i);
    });
    resetTiles();
    fitToView();
    if (m_current)
        ensureVisible(*m_current);
}

double MapView::deviceZoom() const
{
    return m_zoom * devicePixelRatioF();
}

uint32_t MapView::level() const
{
    double z = deviceZoom();
    uint32_t level = 0;
    while (z < 0.999 && level < grid().maxLevel()) {
        z *= 2;
        ++level;
    }
    return level;
}

QPointF MapView::worldToWidget(QPointF world) const
{
    return (world - m_offset) * m_zoom;
}

QPointF MapView::widgetToWorld(QPointF point) const
{
    return point / m_zoom + m_offset;
}

void MapView::setZoom(double zoom, std::optional<QPointF> anchor)
{
    const QVector<double> steps = zoomSteps();
    zoom = std::clamp(zoom, steps.front(), steps.back());
    QPointF at = anchor.value_or(QPointF(width() / 2.0, height() / 2.0));
    QPointF world = widgetToWorld(at);
    m_zoom = zoom;
    m_offset = world - at / m_zoom;
    m_fitted = false;
    clampOffset();
    update();
    emit zoomChanged(m_zoom);
}

void MapView::zoomIn()
{
    for (double z : zoomSteps())
        if (z > m_zoom * 1.001) {
            setZoom(z);
            return;
        }
}

void MapView::zoomOut()
{
    const QVector<double> steps = zoomSteps();
    for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        if (*it < m_zoom * 0.999) {
            setZoom(*it);
            return;
        }
}

void MapView::fitToView()
{
    const double availableW = std::max(1.0, width() - 2 * kMargin);
    const double availableH = std::max(1.0, height() - 2 * kMargin);
    const QVector<double> steps = zoomSteps();
    double best = steps.front();
    for (double z : steps)
        if (grid().width() * z <= availableW && grid().height() * z <= availableH)
            best = z;
    m_zoom = best;
    m_fitted = true;
    clampOffset();
    update();
    emit zoomChanged(m_zoom);
}

void MapView::setOffset(QPointF offset)
{
    m_offset = offset;
    m_fitted = false;
    clampOffset();
    update();
}

void MapView::clampOffset()
{
    const double viewW = width() / m_zoom, viewH = height() / m_zoom;
    const double margin = kMargin / m_zoom;
    auto clampAxis = [&](double& o, double mapSize, double view) {
        if (mapSize + 2 * margin <= view)
            o = -(view - mapSize) / 2;  // smaller than the view: centred
        else
            o = std::clamp(o, -margin, mapSize + margin - view);
    };
    double x = m_offset.x(), y = m_offset.y();
    clampAxis(x, grid().width(), viewW);
    clampAxis(y, grid().height(), viewH);
    // Whole device pixels keep cell edges sharp.
    const double step = 1.0 / deviceZoom();
    if (step < 1.0) {
        x = std::round(x / step) * step;
        y = std::round(y / step) * step;
    }
    m_offset = QPointF(x, y);
}

std::optional<uint64_t> MapView::cellAt(QPointF widgetPoint) const
{
    QPointF world = widgetToWorld(widgetPoint);
    if (world.x() < 0 || world.y() < 0)
        return std::nullopt;
    return grid().cellAt(uint32_t(std::floor(world.x())), uint32_t(std::floor(world.y())));
}

QPointF MapView::cellCenter(uint64_t cell) const
{
    auto [x, y] = grid().position(cell);
    return worldToWidget(QPointF(x + 0.5, y + 0.5));
}

void MapView::setHighlight(uint64_t first, uint64_t count)
{
    m_highlightFirst = first;
    m_highlightCount = count;
    update();
}

void MapView::clearHighlight()
{
    m_highlightCount = 0;
    update();
}

void MapView::setCurrentCell(uint64_t cell, bool visible)
{
    if (cell >= grid().cellCount())
        return;
    m_current = cell;
    if (visible)
        ensureVisible(cell);
    update();
    emit currentCellChanged(qint64(cell));
    QAccessibleEvent event(this, QAccessible::Focus);
    QAccessible::updateAccessibility(&event);
}

void MapView::ensureVisible(uint64_t cell)
{
    QPointF p = cellCenter(cell);
    if (rect().adjusted(8, 8, -8, -8).contains(p.toPoint()))
        return;
    auto [x, y] = grid().position(cell);
    m_offset = QPointF(x + 0.5, y + 0.5) - QPointF(width() / 2.0, height() / 2.0) / m_zoom;
    m_fitted = false;
    clampOffset();
}

void MapView::resetTiles()
{
    m_tiles.clear();
    update();
}

void MapView::invalidateTiles(uint64_t first, uint64_t count)
{
    if (count == 0)
        return;
    const MapGrid& g = grid();
    const uint64_t last = first + count - 1;
    const QList<quint64> keys = m_tiles.keys();
    for (quint64 key : keys) {
        const uint32_t level = uint32_t(key >> 48);
        const uint32_t tx = uint32_t((key >> 24) & 0xFFFFFF), ty = uint32_t(key & 0xFFFFFF);
        bool hit = false;
        if (g.layout() == MapLayout::Hilbert) {
            // An aligned tile of 2^(8+level) cells a side is one run of the curve.
            const uint32_t tileBits = 8 + level;
            const uint32_t order = g.maxLevel();
            if (order <= tileBits) {
                hit = true;
            } else {
                uint64_t j = hilbertIndex(order - tileBits, tx, ty);
                uint64_t from = j << (2 * tileBits), to = ((j + 1) << (2 * tileBits)) - 1;
                hit = from <= last && first <= to;
            }
        } else {
            const uint64_t rows = uint64_t{kTileCells} << level;
            uint64_t from = ty * rows, to = from + rows - 1;
            hit = from <= last / g.width() && first / g.width() <= to;
        }
        if (hit)
            m_tiles.remove(key);
    }
}

QImage MapView::renderTile(uint32_t level, uint32_t tx, uint32_t ty) const
{
    QImage image(kTileCells, kTileCells, QImage::Format_RGB32);
    uint32_t counts[MapPyramid::kMaxClasses];
    const MapGrid& g = grid();
    const uint32_t w = g.widthAt(level), h = g.heightAt(level);
    const QRgb background = m_colors.background();
    // Hilbert tiles of a large enough level index their blocks through a table.
    std::optional<HilbertTileIndex> fast;
    if (g.layout() == MapLayout::Hilbert && g.maxLevel() >= level + 8 && w >= uint32_t(kTileCells))
        fast.emplace(g, level, tx, ty);
    for (int py = 0; py < kTileCells; ++py) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(py));
        const uint32_t y = ty * kTileCells + uint32_t(py);
        for (int px = 0; px < kTileCells; ++px) {
            const uint32_t x = tx * kTileCells + uint32_t(px);
            if (x >= w || y >= h) {
                line[px] = background;
                continue;
            }
            if (fast) {
                const uint64_t index = fast->at(uint32_t(px), uint32_t(py));
                if (level == 0) {
                    line[px] = index < g.cellCount() ? m_colors.solid(m_pyramid.cellClass(index)) : background;
                } else {
                    const uint32_t total = m_pyramid.countsAt(level, index, counts);
                    line[px] = m_colors.blend(counts, total);
                }
                continue;
            }
            if (level == 0) {
                auto cell = g.cellAt(x, y);
                line[px] = cell ? m_colors.solid(m_pyramid.cellClass(*cell)) : background;
                continue;
            }
            const uint32_t total = m_pyramid.counts(level, x, y, counts);
            line[px] = m_colors.blend(counts, total);
        }
    }
    return image;
}

const QImage* MapView::tile(uint32_t level, uint32_t tx, uint32_t ty, bool render)
{
    const quint64 key = tileKey(level, tx, ty);
    if (QImage* cached = m_tiles.object(key))
        return cached;
    if (!render)
        return nullptr;
    auto* image = new QImage(renderTile(level, tx, ty));
    m_tiles.insert(key, image, int(image->sizeInBytes() / 1024));
    return m_tiles.object(key);
}

void MapView::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    const QRect exposed = event->rect();
    painter.fillRect(exposed, QColor(m_colors.background()));
    if (grid().cellCount() == 0 || m_classes.isEmpty())
        return;

    const uint32_t lvl = level();
    const double cellsPerTile = double(uint64_t{kTileCells} << lvl);
    const double tilePx = cellsPerTile * m_zoom;
    const QPointF topLeft = widgetToWorld(exposed.topLeft());
    const QPointF bottomRight = widgetToWorld(exposed.bottomRight() + QPointF(1, 1));
    const uint32_t tilesX = (grid().widthAt(lvl) + kTileCells - 1) / kTileCells;
    const uint32_t tilesY = (grid().heightAt(lvl) + kTileCells - 1) / kTileCells;
    const int firstX = std::max(0, int(std::floor(topLeft.x() / cellsPerTile)));
    const int firstY = std::max(0, int(std::floor(topLeft.y() / cellsPerTile)));
    const int lastX = std::min(int(tilesX) - 1, int(std::floor(bottomRight.x() / cellsPerTile)));
    const int lastY = std::min(int(tilesY) - 1, int(std::floor(bottomRight.y() / cellsPerTile)));

    QElapsedTimer budget;
    budget.start();
    bool pending = false;
    // Tiles reach past the grid's edge: only the grid itself is drawn.
    painter.save();
    painter.setClipRect(QRectF(worldToWidget(QPointF(0, 0)), worldToWidget(QPointF(grid().width(), grid().height()))));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int ty = firstY; ty <= lastY; ++ty) {
        for (int tx = firstX; tx <= lastX; ++tx) {
            const QPointF origin = worldToWidget(QPointF(tx * cellsPerTile, ty * cellsPerTile));
            const QRectF target(origin, QSizeF(tilePx, tilePx));
            const bool mayRender = budget.elapsed() < kRenderBudgetMs;
            if (const QImage* image = tile(lvl, uint32_t(tx), uint32_t(ty), mayRender)) {
                painter.drawImage(target, *image);
                continue;
            }
            pending = true;
            // Until this tile is rendered, its coarser parent stands in, scaled up.
            if (lvl < grid().maxLevel()) {
                if (const QImage* parent = tile(lvl + 1, uint32_t(tx) / 2, uint32_t(ty) / 2, false)) {
                    const int half = kTileCells / 2;
                    painter.drawImage(target, *parent, QRectF((tx % 2) * half, (ty % 2) * half, half, half));
                    continue;
                }
            }
            painter.fillRect(target, m_colors.classColor(0));
        }
    }
    painter.restore();
    drawOverlay(painter, exposed);
    if (pending)
        QTimer::singleShot(0, this, qOverload<>(&QWidget::update));
}

void MapView::drawOverlay(QPainter& painter, const QRect& exposed)
{
    const MapGrid& g = grid();
    // Zoomed in, a hairline between cells makes them countable.
    if (deviceZoom() >= 6) {
        QPen pen(QColor(m_colors.gridLine()));
        pen.setWidth(0);
        painter.setPen(pen);
        const QPointF tl = widgetToWorld(exposed.topLeft());
        const QPointF br = widgetToWorld(exposed.bottomRight() + QPointF(1, 1));
        const int x0 = std::max(0, int(std::floor(tl.x()))), x1 = std::min(int(g.width()), int(std::ceil(br.x())));
        const int y0 = std::max(0, int(std::floor(tl.y()))), y1 = std::min(int(g.height()), int(std::ceil(br.y())));
        const double top = worldToWidget(QPointF(0, y0)).y(), bottom = worldToWidget(QPointF(0, y1)).y();
        const double left = worldToWidget(QPointF(x0, 0)).x(), right = worldToWidget(QPointF(x1, 0)).x();
        for (int x = x0; x <= x1; ++x) {
            double px = worldToWidget(QPointF(x, 0)).x();
            painter.drawLine(QPointF(px, top), QPointF(px, bottom));
        }
        for (int y = y0; y <= y1; ++y) {
            double py = worldToWidget(QPointF(0, y)).y();
            painter.drawLine(QPointF(left, py), QPointF(right, py));
        }
    }
    // Positions past the last cell belong to the background, grid lines included.
    for (const QRectF& r : g.emptyRects())
        painter.fillRect(QRectF(worldToWidget(r.topLeft()), worldToWidget(r.bottomRight())).adjusted(0.5, 0.5, 1, 1),
                         QColor(m_colors.background()));
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor highlight = palette().color(QPalette::Highlight);
    if (m_highlightCount) {
        QColor fill = highlight;
        fill.setAlpha(50);
        QPen pen(highlight, 2);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.setBrush(fill);
        for (const QRectF& r : g.rangeRects(m_highlightFirst, m_highlightCount)) {
            QRectF w(worldToWidget(r.topLeft()), worldToWidget(r.bottomRight()));
            if (w.width() < 3)
                w.adjust(-1, 0, 1, 0);
            if (w.height() < 3)
                w.adjust(0, -1, 0, 1);
            painter.drawRect(w);
        }
    }
    if (m_current) {
        auto [x, y] = g.position(*m_current);
        QRectF cell(worldToWidget(QPointF(x, y)), worldToWidget(QPointF(x + 1, y + 1)));
        // Never smaller than a few pixels, or the cursor would vanish zoomed out.
        const double grow = std::max(0.0, (7.0 - cell.width()) / 2);
        cell.adjust(-grow, -grow, grow, grow);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(palette().color(QPalette::Base), 3));
        painter.drawRect(cell);
        painter.setPen(QPen(palette().color(QPalette::Text), 1));
        painter.drawRect(cell);
    }
    if (hasFocus()) {
        QPen pen(highlight, 1, Qt::DotLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void MapView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fitted)
        fitToView();
    else
        clampOffset();
}

void MapView::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    const QVector<double> steps = zoomSteps();
    double target = m_zoom;
    if (delta > 0) {
        for (double z : steps)
            if (z > m_zoom * 1.001) {
                target = z;
                break;
            }
    } else {
        for (auto it = steps.rbegin(); it != steps.rend(); ++it)
            if (*it < m_zoom * 0.999) {
                target = *it;
                break;
            }
    }
    setZoom(target, event->position());
    event->accept();
}

void MapView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position().toPoint();
    m_pressOffset = m_offset;
}

void MapView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (m_pressed) {
        if (!m_dragging && (pos.toPoint() - m_pressPos).manhattanLength() > 3) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging) {
            m_offset = m_pressOffset - (pos - m_pressPos) / m_zoom;
            m_fitted = false;
            clampOffset();
            update();
            return;
        }
    }
    auto cell = cellAt(pos);
    const qint64 hovered = cell ? qint64(*cell) : -1;
    if (hovered != m_hovered) {
        m_hovered = hovered;
        emit cellHovered(hovered, event->globalPosition().toPoint());
    }
}

void MapView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const bool click = m_pressed && !m_dragging;
    m_pressed = false;
    m_dragging = false;
    setCursor(Qt::CrossCursor);
    if (click) {
        if (auto cell = cellAt(event->position())) {
            setCurrentCell(*cell, false);
            emit cellActivated(qint64(*cell));
        }
    }
}

void MapView::leaveEvent(QEvent* event)
{
    QWidget::leaveEvent(event);
    if (m_hovered != -1) {
        m_hovered = -1;
        emit cellHovered(-1, QPoint());
    }
}

void MapView::keyPressEvent(QKeyEvent* event)
{
    const MapGrid& g = grid();
    if (g.cellCount() == 0)
        return QWidget::keyPressEvent(event);
    const uint64_t last = g.cellCount() - 1;
    auto moveTo = [&](uint64_t cell) { setCurrentCell(std::min(cell, last)); };
    auto step = [&](int dx, int dy) {
        if (!m_current) {
            moveTo(0);
            return;
        }
        auto [x, y] = g.position(*m_current);
        // Zoomed out, one key press moves by one visible pixel's worth of cells.
        const int stride = 1 << level();
        const int64_t nx = int64_t(x) + dx * stride, ny = int64_t(y) + dy * stride;
        if (nx < 0 || ny < 0)
            return;
        if (auto cell = g.cellAt(uint32_t(nx), uint32_t(ny)))
            moveTo(*cell);
    };
    switch (event->key()) {
    case Qt::Key_Left: step(-1, 0); break;
    case Qt::Key_Right: step(1, 0); break;
    case Qt::Key_Up: step(0, -1); break;
    case Qt::Key_Down: step(0, 1); break;
    case Qt::Key_PageUp: moveTo(m_current && *m_current >= m_cellsPerTable ? *m_current - m_cellsPerTable : 0); break;
    case Qt::Key_PageDown: moveTo(m_current ? *m_current + m_cellsPerTable : 0); break;
    case Qt::Key_Home: moveTo(0); break;
    case Qt::Key_End: moveTo(last); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus: zoomOut(); break;
    case Qt::Key_0: fitToView(); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current)
            emit cellActivated(qint64(*m_current));
        break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

void MapView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        m_colors = MapColors(m_classes, palette());
        resetTiles();
    }
}

}  // namespace diskscope::ui
