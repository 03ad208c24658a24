// SPDX-License-Identifier: GPL-2.0-or-later
// The histogram of refcount values: one bar per bucket (0, 1, 2, 3, 4–7, ...), its height on a
// logarithmic scale (a handful of shared clusters next to thousands of used ones must stay
// visible), its count written above it. Custom painted.
#pragma once

#include <QWidget>
#include <optional>

#include "maps/MapColors.h"
#include "maps/RefcountClasses.h"

namespace diskscope::ui {

class RefcountHistogram : public QWidget {
    Q_OBJECT
public:
    explicit RefcountHistogram(QWidget* parent = nullptr);

    void setBuckets(const QVector<RefcountBucket>& buckets);
    const QVector<RefcountBucket>& buckets() const { return m_buckets; }
    // The bar drawn for bucket `index` (widget coordinates).
    QRect barRect(int index) const;
    // The bucket whose column holds `point`.
    std::optional<int> bucketAt(QPoint point) const;

    QSize sizeHint() const override { return {480, 190}; }
    QSize minimumSizeHint() const override { return {240, 110}; }

signals:
    void bucketHovered(int index, QPoint globalPos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRect plotRect() const;
    QRect columnRect(int index) const;

    QVector<RefcountBucket> m_buckets;
    MapColors m_colors;
};

}  // namespace diskscope::ui
