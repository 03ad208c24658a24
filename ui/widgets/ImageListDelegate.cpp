// SPDX-License-Identifier: GPL-2.0-or-later
// Paints one open image in the left list.
#include "widgets/ImageListDelegate.h"

#include <QApplication>
#include <QPainter>

#include "models/ImageListModel.h"

namespace diskscope::ui {
namespace {
constexpr int padding = 8;
constexpr int glyphSize = 28;

// A small drive drawn from palette colours, so it needs no icon theme and follows dark palettes.
void drawDiskGlyph(QPainter* painter, const QRect& box, const QPalette& palette, bool selected, bool failed)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor ink = selected ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Text);
    QColor body = ink;
    body.setAlpha(selected ? 60 : 28);
    const QRectF drive = QRectF(box).adjusted(2.5, 6.5, -2.5, -6.5);
    painter->setPen(QPen(ink, 1.2));
    painter->setBrush(body);
    painter->drawRoundedRect(drive, 3, 3);
    // The split line and activity light of a drive front.
    const qreal split = drive.top() + drive.height() * 0.55;
    painter->drawLine(QPointF(drive.left(), split), QPointF(drive.right(), split));
    const QColor light = failed ? QColor(0xd0, 0x40, 0x40) : QColor(0x3c, 0xb0, 0x50);
    painter->setPen(Qt::NoPen);
    painter->setBrush(light);
    painter->drawEllipse(QPointF(drive.right() - 4.5, (split + drive.bottom()) / 2), 1.8, 1.8);
    painter->restore();
}
// A round badge with "!" for rows whose findings include a warning or an error. Okabe-Ito
// orange and vermillion read on light and dark bases alike; the summary text (and the
// accessible text) says it too, so colour is never the only channel.
void drawSeverityBadge(QPainter* painter, const QRect& box, int severity)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor fill = severity >= int(HealthSeverity::Error) ? QColor(0xd5, 0x5e, 0x00) : QColor(0xe6, 0x9f, 0x00);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawEllipse(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5));
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(box.height() - 4);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(box, Qt::AlignCenter, QStringLiteral("!"));
    painter->restore();
}
}  // namespace

void ImageListDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // The style draws selection and hover backgrounds; text is drawn here in two lines.
    opt.text.clear();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const bool failed = index.data(ImageListModel::StateRole).toInt() == int(ImageListModel::State::Failed)
                        || index.data(ImageListModel::LayerRole).toInt() == ImageListModel::BrokenLayer;
    const QRect content = opt.rect.adjusted(padding, padding / 2, -padding, -padding / 2);
    const QRect glyph(content.left(), content.center().y() - glyphSize / 2, glyphSize, glyphSize);
    drawDiskGlyph(painter, glyph, opt.palette, selected, failed);

    QRect text = content.adjusted(glyphSize + padding, 0, 0, 0);
    const int severity = index.data(ImageListModel::SeverityRole).toInt();
    if (severity >= int(HealthSeverity::Warning)) {
        constexpr int badge = 16;
        drawSeverityBadge(painter, QRect(content.right() - badge, content.center().y() - badge / 2, badge, badge), severity);
        text.setRight(text.right() - badge - padding / 2);
    }
    QFont nameFont = opt.font;
    nameFont.setBold(true);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics summaryMetrics(opt.font);
    const int lineGap = 2;
    const int textHeight = nameMetrics.height() + lineGap + summaryMetrics.height();
    const int top = text.top() + (text.height() - textHeight) / 2;

    painter->save();
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    QColor nameColour = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor summaryColour = nameColour;
    summaryColour.setAlphaF(0.7f);
    painter->setFont(nameFont);
    painter->setPen(nameColour);
    const QRect nameRect(text.left(), top, text.width(), nameMetrics.height());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideMiddle, text.width()));
    painter->setFont(opt.font);
    painter->setPen(summaryColour);
    const QRect summaryRect(text.left(), nameRect.bottom() + 1 + lineGap, text.width(), summaryMetrics.height());
    painter->drawText(summaryRect, Qt::AlignLeft | Qt::AlignVCenter,
                      summaryMetrics.elidedText(index.data(ImageListModel::SummaryRole).toString(), Qt::ElideRight,
                                                text.width()));
    painter->restore();
}

QSize ImageListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const int textHeight = QFontMetrics(nameFont).height() + 2 + QFontMetrics(option.font).height();
    return {200, std::max(textHeight, glyphSize) + padding * 2};
}

}  // namespace diskscope::ui
