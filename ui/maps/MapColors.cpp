// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapColors.h"

#include <algorithm>

namespace diskscope::ui {

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
}

MapColors::MapColors(const QVector<MapClass>& classes, const QPalette& palette) : m_dark(isDarkPalette(palette))
{
    for (const MapClass& c : classes) {
        QColor color = m_dark ? c.dark : c.light;
        m_colors.push_back({float(color.red()), float(color.green()), float(color.blue())});
        m_emphasized.push_back(c.emphasized);
        m_solid.push_back(color.rgb());
    }
    // Around the map and past its last cell: a shade off the window, so the map's edge shows.
    QColor window = palette.color(QPalette::Window);
    m_background = (m_dark ? window.darker(115) : window.darker(103)).rgb();
    m_gridLine = (m_dark ? palette.color(QPalette::Base).darker(130) : palette.color(QPalette::Base)).rgb();
}

QColor MapColors::classColor(int index) const
{
    return index >= 0 && index < m_solid.size() ? QColor(m_solid[index]) : QColor(m_background);
}

QRgb MapColors::blend(const uint32_t* counts, uint32_t total) const
{
    const int n = int(m_colors.size());
    if (total == 0)
        return m_background;
    // Fast path: one class.
    for (int k = 0; k < n; ++k)
        if (counts[k] == total)
            return m_solid[k];
    const float floorWeight = float(total) / 4.0f;
    float r = 0, g = 0, b = 0, sum = 0;
    for (int k = 0; k < n; ++k) {
        if (!counts[k])
            continue;
        float w = float(counts[k]);
        if (m_emphasized[k])
            w = std::max(w, floorWeight);
        r += w * m_colors[k].r;
        g += w * m_colors[k].g;
        b += w * m_colors[k].b;
        sum += w;
    }
    return qRgb(int(r / sum + 0.5f), int(g / sum + 0.5f), int(b / sum + 0.5f));
}

}  // namespace diskscope::ui
