// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/ChainGraph.h"

#include <QFileInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include "maps/MapColors.h"
#include "util/DisplayText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {

// The guest map's colours for "this image" and "backing layer N", so the two views agree.
QColor layerColor(int layer, bool dark)
{
    static const QRgb light[] = {0x0072b2, 0x56b4e9, 0x009e73, 0xcc79a7, 0x999933, 0x882255};
    static const QRgb darkColors[] = {0x4aa3df, 0x7cc8f0, 0x2fc596, 0xe09cc4, 0xc2c25a, 0xc0607a};
    const int i = layer % 6;
    return QColor::fromRgb(dark ? darkColors[i] : light[i]);
}

QString percent(quint64 part, quint64 whole)
{
    return whole ? QStringLiteral("%1 %").arg(100.0 * double(part) / double(whole), 0, 'f', 1) : QStringLiteral("—");
}

}  // namespace

ChainGraph::ChainGraph(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("chainGraph"));
    setAccessibleName(tr("Backing chain graph"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
}

void ChainGraph::setData(const ChainGraphData& data)
{
    m_data = data;
    m_hovered = -1;
    if (m_selected >= m_data.layers.size())
        m_selected = -1;
    QStringList parts;
    for (const ChainGraphLayer& l : m_data.layers)
        parts << tr("%1 (%2) serves %3").arg(DisplayText::escapeControls(QFileInfo(l.path).fileName()), l.format,
                                            percent(l.servedBytes, m_data.virtualSize));
    setAccessibleDescription(parts.join(QStringLiteral("; ")));
    updateGeometry();
    update();
}

void ChainGraph::setSelectedLayer(int layer)
{
    m_selected = layer;
    update();
}

int ChainGraph::boxHeight() const
{
    return fontMetrics().height() * 3 + 34;
}

QSize ChainGraph::sizeHint() const
{
    const int n = std::max<int>(1, int(m_data.layers.size()));
    return {560, 2 * kMargin + n * boxHeight() + (n - 1) * kGap + fontMetrics().height() * 3};
}

QRect ChainGraph::boxRect(int layer) const
{
    const int n = int(m_data.layers.size());
    if (layer < 0 || layer >= n)
        return {};
    const int h = boxHeight();
    const int w = std::min(width() - 2 * kMargin, 620);
    const int total = n * h + (n - 1) * kGap;
    const int top = std::max(kMargin, (height() - total - fontMetrics().height() * 2) / 2);
    // Layer 0 (the image opened) on top, its backing files below, the base at the bottom.
    return QRect((width() - w) / 2, top + layer * (h + kGap), w, h);
}

std::optional<int> ChainGraph::layerAt(QPoint point) const
{
    for (int i = 0; i < m_data.layers.size(); ++i)
        if (boxRect(i).contains(point))
            return i;
    return std::nullopt;
}

void ChainGraph::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const bool dark = isDarkPalette(palette());
    const QFontMetrics fm = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    const QColor muted = palette().color(QPalette::PlaceholderText);
    if (m_data.layers.isEmpty()) {
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter, tr("No chain read yet"));
        return;
    }
    const int n = int(m_data.layers.size());
    // Arrows first: each layer reads through to the one below it.
    p.setPen(QPen(muted, 1.5));
    for (int i = 0; i + 1 < n; ++i) {
        const QRect a = boxRect(i), b = boxRect(i + 1);
        const QPointF from(a.center().x(), a.bottom() + 3), to(b.center().x(), b.top() - 4);
        p.drawLine(from, to);
        QPainterPath head;
        head.moveTo(to);
        head.lineTo(to + QPointF(-5, -8));
        head.lineTo(to + QPointF(5, -8));
        head.closeSubpath();
        p.fillPath(head, muted);
        p.drawText(QRect(a.center().x() + 10, a.bottom() + 2, a.width() / 2, kGap - 4), Qt::AlignVCenter | Qt::AlignLeft,
                   tr("backing file"));
    }
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < n; ++i) {
        const ChainGraphLayer& l = m_data.layers[i];
        const QRect box = boxRect(i);
        const QColor accent = layerColor(i, dark);
        QColor fill = palette().color(QPalette::Window);
        if (i == m_hovered)
            fill = fill.lighter(dark ? 130 : 103);
        p.setPen(QPen(i == m_selected ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid),
                      i == m_selected ? 2.5 : 1));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        p.fillRect(QRect(box.left() + 1, box.top() + 6, 5, box.height() - 12), accent);

        const QRect inner = box.adjusted(18, 8, -14, -8);
        const QString name = DisplayText::escapeControls(QFileInfo(l.path).fileName());
        const QString role = i == 0 ? tr("image") : i == n - 1 ? tr("base") : tr("backing layer %1").arg(i);
        p.setFont(bold);
        p.setPen(text);
        const int roleWidth = fm.horizontalAdvance(role) + 16;
        p.drawText(QRect(inner.left(), inner.top(), inner.width() - roleWidth, fm.height()), Qt::AlignLeft,
                   QFontMetrics(bold).elidedText(name, Qt::ElideMiddle, inner.width() - roleWidth));
        p.setFont(font());
        p.setPen(muted);
        p.drawText(QRect(inner.right() - roleWidth, inner.top(), roleWidth, fm.height()), Qt::AlignRight, role);
        p.drawText(QRect(inner.left(), inner.top() + fm.height() + 4, inner.width(), fm.height()), Qt::AlignLeft,
                   tr("%1 · virtual size %2 · file %3")
                       .arg(l.format, SizeFormat::human(l.virtualSize), SizeFormat::human(l.fileSize)));

        // The share bar: how much of the guest disk this layer answers.
        const int barTop = inner.top() + 2 * fm.height() + 12;
        const QString share = tr("serves %1 of the guest disk (%2)")
                                  .arg(percent(l.servedBytes, m_data.virtualSize), SizeFormat::human(l.servedBytes));
        const int labelWidth = fm.horizontalAdvance(share) + 12;
        const QRect track(inner.left(), barTop + 2, std::max(40, inner.width() - labelWidth), fm.height() - 4);
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::AlternateBase).darker(dark ? 80 : 104));
        p.drawRoundedRect(track, 3, 3);
        if (m_data.virtualSize && l.servedBytes) {
            const int w = std::max(2, int(double(track.width()) * double(l.servedBytes) / double(m_data.virtualSize)));
            p.setBrush(accent);
            p.drawRoundedRect(QRect(track.left(), track.top(), w, track.height()), 3, 3);
        }
        p.setPen(text);
        p.drawText(QRect(track.right() + 10, barTop, labelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, share);
    }
    const QRect last = boxRect(n - 1);
    QString footer = tr("Not allocated in any layer (reads as zeros): %1 (%2)")
                         .arg(percent(m_data.unallocatedBytes, m_data.virtualSize), SizeFormat::human(m_data.unallocatedBytes));
    if (!m_data.problem.isEmpty())
        footer += QLatin1Char('\n') + tr("The chain stops here: %1").arg(m_data.problem);
    p.setPen(muted);
    p.drawText(QRect(last.left(), last.bottom() + 12, last.width(), fm.height() * 3), Qt::AlignLeft | Qt::TextWordWrap,
               footer);
}

void ChainGraph::mousePressEvent(QMouseEvent* event)
{
    if (const std::optional<int> layer = layerAt(event->position().toPoint())) {
        setSelectedLayer(*layer);
        emit layerActivated(*layer);
    }
}

void ChainGraph::mouseMoveEvent(QMouseEvent* event)
{
    const int hovered = layerAt(event->position().toPoint()).value_or(-1);
    if (hovered != m_hovered) {
        m_hovered = hovered;
        setCursor(hovered >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void ChainGraph::keyPressEvent(QKeyEvent* event)
{
    const int n = int(m_data.layers.size());
    int next = m_selected;
    if (event->key() == Qt::Key_Down)
        next = std::min(n - 1, m_selected + 1);
    else if (event->key() == Qt::Key_Up)
        next = std::max(0, m_selected - 1);
    else if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && m_selected >= 0) {
        emit layerActivated(m_selected);
        return;
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    if (next != m_selected && next >= 0)
        setSelectedLayer(next);
}

}  // namespace diskscope::ui
