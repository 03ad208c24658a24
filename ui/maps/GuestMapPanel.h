// SPDX-License-Identifier: GPL-2.0-or-later
// The "Guest map" page of the image details: the map view with its toolbar (layout, zoom),
// the legend, a details line mirroring the hover/cursor cell (for keyboard users too), and
// the entries of the L2 table last clicked. The map opens when the page is first shown.
#pragma once

#include "diskscope/allocation_map.h"
#include "maps/LazyImagePage.h"

class QLabel;
class QProgressBar;
class QSplitter;

namespace diskscope::ui {

class GuestMapSession;
class L2TableModel;
class L2TablePane;
class MapLegend;
class MapView;

class GuestMapPanel : public LazyImagePage {
    Q_OBJECT
public:
    explicit GuestMapPanel(QWidget* parent = nullptr);

    MapView* view() const { return m_view; }
    MapLegend* legend() const { return m_legend; }
    L2TableModel* tableModel() const { return m_tableModel; }
    GuestMapSession* session() const { return m_session; }
    QLabel* detailsLabel() const { return m_details; }
    // Puts the cursor on the cell holding `guestOffset` and lists its L2 table.
    void showTableAt(quint64 guestOffset);
    // True once the map of the current image is complete (every table read).
    bool isComplete() const { return m_complete; }

signals:
    // The coarse map is on screen.
    void mapShown();
    // Every table was read (or reading failed: `complete` false).
    void mapComplete(bool complete);
    // A table's entries are in the table view.
    void tableShown(quint64 table);

protected:
    void openImage(const QString& path) override;
    void clearPage() override;

private:
    void onOpened();
    void onRefined(quint64 first, quint64 count);
    void onFinished(bool complete, const QString& error);
    void onDetail(quint64 cell, const ClusterDetail& detail);
    void onTable(quint64 table, const std::vector<ClusterDetail>& entries);
    void activateCell(qint64 cell);
    void updateLegend();
    void updateStatus();

    GuestMapSession* m_session = nullptr;
    MapView* m_view = nullptr;
    MapLegend* m_legend = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    L2TablePane* m_tablePane = nullptr;
    L2TableModel* m_tableModel = nullptr;
    bool m_complete = false;
    qint64 m_hoverCell = -1;
    QPoint m_hoverPos;
    qint64 m_activatedCell = -1;
};

}  // namespace diskscope::ui
