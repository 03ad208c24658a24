// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapLegend.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {
constexpr int kSwatch = 12;
constexpr int kGap = 6;
constexpr int kItemSpacing = 18;
constexpr int kRowSpacing = 4;
}  // namespace

MapLegend::MapLegend(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("mapLegend"));
    setAccessibleName(tr("Map legend"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void MapLegend::setClasses(const QVector<MapClass>& classes, QVector<bool> alwaysShown)
{
    m_classes = classes;
    m_alwaysShown = std::move(alwaysShown);
    m_alwaysShown.resize(m_classes.size());
    m_colors = MapColors(m_classes, palette());
    m_counts.assign(size_t(m_classes.size()), 0);
    updateGeometry();
    update();
}

void MapLegend::setCounts(const std::vector<uint64_t>& counts, uint64_t cellBytes)
{
    m_counts = counts;
    m_counts.resize(size_t(m_classes.size()), 0);
    m_cellBytes = cellBytes;
    setAccessibleDescription(summary());
    updateGeometry();
    update();
}

std::vector<MapLegend::Item> MapLegend::layoutItems(int width) const
{
    std::vector<Item> items;
    uint64_t total = 0;
    for (uint64_t c : m_counts)
        total += c;
    const QFontMetrics fm(font());
    const int rowHeight = std::max(fm.height(), kSwatch);
    int x = 0, y = 0;
    for (int k = 0; k < m_classes.size(); ++k) {
        const uint64_t count = m_counts[size_t(k)];
        if (count == 0 && !m_alwaysShown[k])
            continue;
        QString share;
        if (total) {
            const double percent = 100.0 * double(count) / double(total);
            share = count && percent < 0.1 ? QStringLiteral("<0.1 %") : QStringLiteral("%1 %").arg(percent, 0, 'f', 1);
        }
        Item item;
        item.cls = k;
        item.text = share.isEmpty() ? m_classes[k].name : QStringLiteral("%1  %2").arg(m_classes[k].name, share);
        const int w = kSwatch + kGap + fm.horizontalAdvance(item.text);
        if (x > 0 && x + w > width) {
            x = 0;
            y += rowHeight + kRowSpacing;
        }
        item.rect = QRect(x, y, w, rowHeight);
        x += w + kItemSpacing;
        items.push_back(item);
    }
    return items;
}

int MapLegend::heightForWidth(int width) const
{
    auto items = layoutItems(width);
    return items.empty() ? 0 : items.back().rect.bottom() + 1;
}

QSize MapLegend::sizeHint() const
{
    return {400, heightForWidth(std::max(width(), 200))};
}

QSize MapLegend::minimumSizeHint() const
{
    return {100, heightForWidth(std::max(width(), 200))};
}

QStringList MapLegend::entries() const
{
    QStringList out;
    for (const Item& item : layoutItems(100000))
        out << item.text;
    return out;
}

QString MapLegend::summary() const
{
    return entries().join(QStringLiteral(", ")).replace(QStringLiteral("  "), QStringLiteral(" "));
}

void MapLegend::paintEvent(QPaintEvent*)
{
    if (m_colors.dark() != isDarkPalette(palette()))
        m_colors = MapColors(m_classes, palette());
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    for (const Item& item : layoutItems(width())) {
        const QRect swatch(item.rect.x(), item.rect.y() + (item.rect.height() - kSwatch) / 2, kSwatch, kSwatch);
        painter.setPen(QPen(palette().color(QPalette::Mid), 1));
        painter.setBrush(m_colors.classColor(item.cls));
        painter.drawRoundedRect(QRectF(swatch).adjusted(0.5, 0.5, -0.5, -0.5), 2.5, 2.5);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(swatch.right() + 1 + kGap, item.rect.y(), item.rect.width(), item.rect.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, item.text);
    }
}

bool MapLegend::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        for (const Item& item : layoutItems(width())) {
            if (item.rect.contains(help->pos())) {
                QString tip = m_classes[item.cls].description;
                const uint64_t count = m_counts[size_t(item.cls)];
                if (m_cellBytes)
                    tip += tr("\n%1 cells, %2").arg(count).arg(SizeFormat::human(count * m_cellBytes));
                QToolTip::showText(help->globalPos(), tip, this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace diskscope::ui
