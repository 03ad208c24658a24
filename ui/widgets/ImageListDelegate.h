// SPDX-License-Identifier: GPL-2.0-or-later
// Paints one open image in the left list: a disk glyph, the file name, and "qcow2 · 10 GiB" beneath.
#pragma once

#include <QStyledItemDelegate>

namespace diskscope::ui {

class ImageListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace diskscope::ui
