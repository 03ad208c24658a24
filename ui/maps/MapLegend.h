// SPDX-License-Identifier: GPL-2.0-or-later
// The map's legend: a swatch, a name and a share per class, flowing over as many rows as the
// width needs. Classes with no cells are left out (except those marked always shown).
#pragma once

#include <QWidget>
#include <vector>

#include "maps/MapColors.h"

namespace diskscope::ui {

class MapLegend : public QWidget {
    Q_OBJECT
public:
    explicit MapLegend(QWidget* parent = nullptr);

    void setClasses(const QVector<MapClass>& classes, QVector<bool> alwaysShown = {});
    void setCounts(const std::vector<uint64_t>& counts, uint64_t cellBytes);
    // "Data 42.1 %, Unallocated 57.9 %" (the accessible description of the map).
    QString summary() const;
    // Label text of each shown entry, in order (tests read these).
    QStringList entries() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Item {
        int cls = 0;
        QString text;
        QRect rect;
    };
    std::vector<Item> layoutItems(int width) const;

    QVector<MapClass> m_classes;
    QVector<bool> m_alwaysShown;
    std::vector<uint64_t> m_counts;
    uint64_t m_cellBytes = 0;
    MapColors m_colors;
};

}  // namespace diskscope::ui
