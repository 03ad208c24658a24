// SPDX-License-Identifier: GPL-2.0-or-later
// What the window shows with no image open: what to do next, and a drop target.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace diskscope::ui {

class EmptyStateWidget : public QWidget {
    Q_OBJECT
public:
    explicit EmptyStateWidget(QWidget* parent = nullptr);

    // Draws the dashed drop frame in the highlight colour while files are dragged over the window.
    void setDropHighlighted(bool highlighted);
    bool isDropHighlighted() const { return m_highlighted; }

signals:
    void openRequested();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_highlighted = false;
};

}  // namespace diskscope::ui
