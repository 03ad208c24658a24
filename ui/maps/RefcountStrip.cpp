// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/RefcountStrip.h"

#include <QMouseEvent>
#include <QPainter>

#include "maps/RefcountClasses.h"

namespace diskscope::ui {

RefcountStrip::RefcountStrip(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("refcountStrip"));
    setAccessibleName(tr("Refcount blocks"));
    setMouseTracking(true);
    m_colors = MapColors(refcountClasses(), palette());
}

void RefcountStrip::setUsage(std::shared_ptr<const RefcountUsage> usage)
{
    m_usage = std::move(usage);
    m_classes = m_usage ? refcountClassOfClusters(*m_usage) : std::vector<uint8_t>{};
    updateGeometry();
    render();
    update();
}

QSize RefcountStrip::sizeHint() const
{
    const int rows = m_usage ? int(std::min<size_t>(m_usage->blocks.size(), 100000)) : 1;
    return {600, kRowGap + rows * (kRowHeight + kRowGap)};
}

int RefcountStrip::labelWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("Block 00000  100.0 %")) + 16;
}

QRect RefcountStrip::barRect(size_t block) const
{
    const int left = labelWidth();
    return QRect(left, kRowGap + int(block) * (kRowHeight + kRowGap), std::max(1, width() - left - 8), kRowHeight);
}

std::vector<uint32_t> RefcountStrip::columnCounts(size_t block, int column, int columns) const
{
    std::vector<uint32_t> counts(size_t(RefcountClass::Count), 0);
    if (!m_usage || block >= m_usage->blocks.size() || columns <= 0)
        return counts;
    const uint64_t per = m_usage->clustersPerBlock;
    const uint64_t first = m_usage->blocks[block].firstCluster;
    const uint64_t from = per * uint64_t(column) / uint64_t(columns);
    const uint64_t to = std::max(from + 1, per * uint64_t(column + 1) / uint64_t(columns));
    for (uint64_t i = from; i < to; ++i) {
        const uint64_t c = first + i;
        ++counts[c < m_classes.size() ? m_classes[c] : size_t(RefcountClass::BeyondFile)];
    }
    return counts;
}

void RefcountStrip::render()
{
    if (!m_usage || m_usage->blocks.empty() || width() <= 0) {
        m_image = QImage();
        return;
    }
    const int columns = barRect(0).width();
    const int rows = int(m_usage->blocks.size());
    m_image = QImage(columns, rows, QImage::Format_RGB32);
    for (int row = 0; row < rows; ++row) {
        auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(row));
        for (int x = 0; x < columns; ++x) {
            const std::vector<uint32_t> counts = columnCounts(size_t(row), x, columns);
            uint32_t total = 0;
            for (uint32_t n : counts)
                total += n;
            line[x] = m_colors.blend(counts.data(), total);
        }
    }
}

std::optional<uint64_t> RefcountStrip::clusterAt(QPoint point) const
{
    if (!m_usage)
        return std::nullopt;
    const int pitch = kRowHeight + kRowGap;
    const int y = point.y() - kRowGap;
    if (y < 0 || y % pitch >= kRowHeight)
        return std::nullopt;
    const size_t block = size_t(y / pitch);
    if (block >= m_usage->blocks.size())
        return std::nullopt;
    const QRect bar = barRect(block);
    if (point.x() < bar.left() || point.x() > bar.right())
        return std::nullopt;
    const uint64_t column = uint64_t(point.x() - bar.left());
    const uint64_t cluster = m_usage->blocks[block].firstCluster +
                             m_usage->clustersPerBlock * column / uint64_t(bar.width());
    if (cluster >= m_usage->refcounts.size())
        return std::nullopt;
    return cluster;
}

QPoint RefcountStrip::clusterPoint(uint64_t cluster) const
{
    if (!m_usage || m_usage->clustersPerBlock == 0)
        return {};
    const size_t block = size_t(cluster / m_usage->clustersPerBlock);
    const QRect bar = barRect(block);
    const uint64_t within = cluster % m_usage->clustersPerBlock;
    // The column whose range [per*x/w, per*(x+1)/w) holds `within`.
    const uint64_t per = m_usage->clustersPerBlock;
    const uint64_t w = uint64_t(bar.width());
    uint64_t x = within * w / per;
    while (x + 1 < w && per * (x + 1) / w <= within)
        ++x;
    while (x > 0 && per * x / w > within)
        --x;
    return QPoint(bar.left() + int(x), bar.center().y());
}

void RefcountStrip::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    p.fillRect(event->rect(), palette().base());
    if (!m_usage) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No refcount blocks read yet"));
        return;
    }
    const int pitch = kRowHeight + kRowGap;
    const int firstRow = std::max(0, (event->rect().top() - kRowGap) / pitch);
    const int lastRow = std::min<int>(int(m_usage->blocks.size()) - 1, event->rect().bottom() / pitch);
    for (int row = firstRow; row <= lastRow; ++row) {
        const RefcountBlockUsage& b = m_usage->blocks[size_t(row)];
        const QRect bar = barRect(size_t(row));
        const double full = m_usage->clustersPerBlock ? 100.0 * double(b.used) / double(m_usage->clustersPerBlock) : 0;
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(8, bar.top(), labelWidth() - 16, bar.height()), Qt::AlignVCenter | Qt::AlignLeft,
                   tr("Block %1").arg(b.tableIndex));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(8, bar.top(), labelWidth() - 16, bar.height()), Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("%1 %").arg(full, 0, 'f', 1));
        if (!m_image.isNull() && m_image.width() == bar.width())
            p.drawImage(bar, m_image, QRect(0, row, m_image.width(), 1));
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(Qt::NoBrush);
        p.drawRect(bar.adjusted(0, 0, -1, -1));
    }
    // Leaks get a marker above their column: one leaked cluster among thousands stays findable.
    const QColor leak = m_colors.classColor(int(RefcountClass::Leaked));
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(leak);
    const auto& leaks = m_usage->leakedClusters;
    for (size_t i = 0; i < leaks.size() && i < 10000; ++i) {
        const QPoint at = clusterPoint(leaks[i]);
        const QRect bar = barRect(size_t(leaks[i] / m_usage->clustersPerBlock));
        if (bar.bottom() < event->rect().top() - kRowGap || bar.top() > event->rect().bottom() + kRowGap)
            continue;
        const QPointF tip(at.x() + 0.5, bar.top() - 0.5);
        const QPointF points[] = {tip, tip + QPointF(-4, -5), tip + QPointF(4, -5)};
        p.drawPolygon(points, 3);
    }
}

void RefcountStrip::mouseMoveEvent(QMouseEvent* event)
{
    const std::optional<uint64_t> cluster = clusterAt(event->position().toPoint());
    emit clusterHovered(cluster ? qint64(*cluster) : -1, event->globalPosition().toPoint());
}

void RefcountStrip::leaveEvent(QEvent* event)
{
    emit clusterHovered(-1, {});
    QWidget::leaveEvent(event);
}

void RefcountStrip::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    render();
}

void RefcountStrip::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_colors = MapColors(refcountClasses(), palette());
        render();
    }
    QWidget::changeEvent(event);
}

}  // namespace diskscope::ui
