// SPDX-License-Identifier: GPL-2.0-or-later
// The controls every map page has above its view: layout (Hilbert curve or rows) and zoom.
#pragma once

class QBoxLayout;
class QWidget;

namespace diskscope::ui {

class MapView;

// Adds "Layout: [..]  − + Fit" to `layout`, wired to `view`.
void addMapControls(QBoxLayout* layout, MapView* view, QWidget* parent);

}  // namespace diskscope::ui
