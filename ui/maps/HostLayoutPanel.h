// SPDX-License-Identifier: GPL-2.0-or-later
// The "Host Layout" page: what each cluster of the image file holds (header, tables, data,
// snapshot-only data, free, leaked), drawn by the same map view as the guest map. The layout
// needs the check's full walk, so it is read by a worker, with progress, when the page is
// first shown. Hovering names what a cluster holds; clicking an active L2 table lists its
// entries in the pane the guest map uses.
#pragma once

#include <memory>

#include "diskscope/allocation_map.h"
#include "diskscope/host_layout.h"
#include "maps/LazyImagePage.h"
#include "maps/MapColors.h"

class QLabel;
class QProgressBar;
class QSplitter;

namespace diskscope::ui {

class L2TablePane;
class MapLegend;
class MapView;
class PageWorker;

class HostLayoutPanel : public LazyImagePage {
    Q_OBJECT
public:
    explicit HostLayoutPanel(QWidget* parent = nullptr);

    MapView* view() const { return m_view; }
    MapLegend* legend() const { return m_legend; }
    QLabel* detailsLabel() const { return m_details; }
    L2TablePane* tablePane() const { return m_tablePane; }
    // The layout shown (null before one was read).
    const HostLayout* layout() const { return m_layout.get(); }
    // The hover and details text of host cluster `cell` (empty off the layout).
    QString describeCell(qint64 cell) const;
    // Lists the entries of the active L2 table in host cluster `cell`; false if it is not one.
    bool showTableAt(qint64 cell);

signals:
    // Reading finished: the layout is shown (`ok`) or the status says why not.
    void layoutShown(bool ok);
    // The entries of the L2 table with L1 index `table` are in the pane.
    void tableShown(quint64 table);

protected:
    void openImage(const QString& path) override;
    void clearPage() override;

private:
    void showLayout(std::shared_ptr<HostLayout> layout);

    PageWorker* m_worker = nullptr;
    PageWorker* m_tableWorker = nullptr;
    MapView* m_view = nullptr;
    MapLegend* m_legend = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    L2TablePane* m_tablePane = nullptr;
    QString m_shownPath;
    std::shared_ptr<HostLayout> m_layout;
    // The image's guest map, opened and refined on the first table click (the entries' states
    // come from it), reused by the next clicks. Used by the table worker only.
    std::shared_ptr<AllocationMap> m_entryMap;
};

// The classes of the host layout map, one per HostClusterKind.
QVector<MapClass> hostLayoutClasses();

}  // namespace diskscope::ui
