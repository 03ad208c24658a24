// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/RefcountHistogram.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace diskscope::ui {
namespace {

int classOfBucket(const RefcountBucket& b)
{
    if (b.high == 0)
        return int(RefcountClass::Free);
    if (b.low == 1)
        return int(RefcountClass::One);
    if (b.low == 2)
        return int(RefcountClass::Two);
    return int(RefcountClass::ThreeOrMore);
}

}  // namespace

RefcountHistogram::RefcountHistogram(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("refcountHistogram"));
    setAccessibleName(tr("Histogram of refcount values"));
    setMouseTracking(true);
    m_colors = MapColors(refcountClasses(), palette());
}

void RefcountHistogram::setBuckets(const QVector<RefcountBucket>& buckets)
{
    m_buckets = buckets;
    QStringList parts;
    for (const RefcountBucket& b : buckets)
        parts << tr("refcount %1: %L2 clusters").arg(b.label).arg(b.clusters);
    setAccessibleDescription(parts.join(QStringLiteral("; ")));
    update();
}

QRect RefcountHistogram::plotRect() const
{
    const int text = fontMetrics().height();
    // Room for the axis labels below and the counts above the bars.
    return rect().adjusted(8, text + 10, -8, -(text + 10));
}

QRect RefcountHistogram::columnRect(int index) const
{
    const QRect plot = plotRect();
    const int n = std::max<int>(int(m_buckets.size()), 1);
    const int width = std::min(plot.width() / n, 96);
    const int left = plot.left() + (plot.width() - width * n) / 2;
    return QRect(left + index * width, plot.top(), width, plot.height());
}

QRect RefcountHistogram::barRect(int index) const
{
    if (index < 0 || index >= m_buckets.size())
        return {};
    uint64_t most = 1;
    for (const RefcountBucket& b : m_buckets)
        most = std::max(most, b.clusters);
    const QRect column = columnRect(index);
    const uint64_t count = m_buckets[index].clusters;
    if (count == 0)
        return {};
    // log10(1 + n): one cluster still gets a visible bar.
    const double share = std::log10(1.0 + double(count)) / std::log10(1.0 + double(most));
    const int height = std::max(2, int(std::lround(share * column.height())));
    const int margin = std::max(3, column.width() / 6);
    return QRect(column.left() + margin, column.bottom() - height + 1, column.width() - 2 * margin, height);
}

std::optional<int> RefcountHistogram::bucketAt(QPoint point) const
{
    for (int i = 0; i < m_buckets.size(); ++i) {
        QRect c = columnRect(i);
        c.setTop(0);
        c.setBottom(height());
        if (c.contains(point))
            return i;
    }
    return std::nullopt;
}

void RefcountHistogram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRect plot = plotRect();
    const QColor muted = palette().color(QPalette::PlaceholderText);
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(plot.left(), plot.bottom() + 1, plot.right(), plot.bottom() + 1);
    if (m_buckets.isEmpty()) {
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter, tr("No refcounts read yet"));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < m_buckets.size(); ++i) {
        const RefcountBucket& b = m_buckets[i];
        const QRect column = columnRect(i);
        const QRect bar = barRect(i);
        if (!bar.isEmpty())
            p.fillRect(bar, QColor::fromRgb(m_colors.solid(uint8_t(classOfBucket(b)))));
        p.setPen(palette().color(QPalette::WindowText));
        const int top = bar.isEmpty() ? column.bottom() : bar.top();
        p.drawText(QRect(column.left(), top - fm.height() - 3, column.width(), fm.height()), Qt::AlignCenter,
                   QLocale().toString(qulonglong(b.clusters)));
        p.setPen(muted);
        p.drawText(QRect(column.left(), plot.bottom() + 5, column.width(), fm.height()), Qt::AlignCenter, b.label);
    }
}

void RefcountHistogram::mouseMoveEvent(QMouseEvent* event)
{
    const std::optional<int> bucket = bucketAt(event->position().toPoint());
    emit bucketHovered(bucket.value_or(-1), event->globalPosition().toPoint());
}

void RefcountHistogram::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        m_colors = MapColors(refcountClasses(), palette());
    QWidget::changeEvent(event);
}

}  // namespace diskscope::ui
