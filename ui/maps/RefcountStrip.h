// SPDX-License-Identifier: GPL-2.0-or-later
// One strip per refcount block: its row of entries drawn across the width (each pixel column
// blends the classes of the clusters it covers, leaks and sharing kept visible however rare),
// with the block's table index and how full it is on the left. Rendered once per size into
// an image; hit testing is arithmetic. Custom painted, no widget per cluster or block.
#pragma once

#include <QImage>
#include <QWidget>
#include <memory>
#include <optional>

#include "diskscope/refcount_usage.h"
#include "maps/MapColors.h"

namespace diskscope::ui {

class RefcountStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRowHeight = 18;
    static constexpr int kRowGap = 6;

    explicit RefcountStrip(QWidget* parent = nullptr);

    void setUsage(std::shared_ptr<const RefcountUsage> usage);
    const RefcountUsage* usage() const { return m_usage.get(); }
    // Classes (RefcountClass) of the clusters [first, first + count) of block `block` that
    // pixel column `column` of `columns` covers, counted.
    std::vector<uint32_t> columnCounts(size_t block, int column, int columns) const;
    // The host cluster under `point` (the first of its pixel column), if any.
    std::optional<uint64_t> clusterAt(QPoint point) const;
    // The centre of the pixel column showing `cluster`.
    QPoint clusterPoint(uint64_t cluster) const;
    QRect barRect(size_t block) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {300, kRowHeight + 2 * kRowGap}; }

signals:
    void clusterHovered(qint64 cluster, QPoint globalPos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int labelWidth() const;
    void render();

    std::shared_ptr<const RefcountUsage> m_usage;
    std::vector<uint8_t> m_classes;  // per host cluster
    MapColors m_colors;
    QImage m_image;  // the bars, one row per block, barWidth wide
};

}  // namespace diskscope::ui
