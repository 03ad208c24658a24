// SPDX-License-Identifier: GPL-2.0-or-later
// The classes a map shows (name, colour in light and dark palettes) and how the colours of a
// block's classes blend. Blending is by proportion, with a floor for the classes that matter
// (data, corruption...), so one such cell among thousands still tints its pixel: a majority
// vote would hide it.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <QVector>
#include <cstdint>

namespace diskscope::ui {

struct MapClass {
    QString name;
    QString description;  // one line for the legend's tooltip
    QColor light;
    QColor dark;
    bool emphasized = false;  // kept visible when rare (see blend)
};

// True when the palette's window is darker than its text (Qt 6.4 has no colour-scheme API).
bool isDarkPalette(const QPalette& palette);

class MapColors {
public:
    MapColors() = default;
    MapColors(const QVector<MapClass>& classes, const QPalette& palette);

    bool dark() const { return m_dark; }
    QColor classColor(int index) const;
    QRgb solid(uint8_t index) const { return index < m_solid.size() ? m_solid[index] : m_background; }
    QRgb background() const { return m_background; }
    QRgb gridLine() const { return m_gridLine; }
    // The colour of a block with counts[0 .. classCount) (total > 0).
    QRgb blend(const uint32_t* counts, uint32_t total) const;

private:
    struct Rgb {
        float r = 0, g = 0, b = 0;
    };
    QVector<Rgb> m_colors;
    QVector<bool> m_emphasized;
    QVector<QRgb> m_solid;
    QRgb m_background = 0xff000000;
    QRgb m_gridLine = 0xff000000;
    bool m_dark = false;
};

}  // namespace diskscope::ui
