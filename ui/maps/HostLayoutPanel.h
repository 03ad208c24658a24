// SPDX-License-Identifier: GPL-2.0-or-later
// The "Host Layout" page: what each cluster of the image file holds (header, tables, data,
// snapshot-only data, free, leaked), drawn by the same map view as the guest map. The layout
// needs the check's full walk, so it is read as a job on a pool of its own, with progress,
// when the page is first shown.
#pragma once

#include <QThreadPool>
#include <QWidget>
#include <memory>
#include <stop_token>

#include "diskscope/host_layout.h"
#include "maps/MapColors.h"

class QLabel;
class QProgressBar;

namespace diskscope::ui {

class MapLegend;
class MapView;

class HostLayoutPanel : public QWidget {
    Q_OBJECT
public:
    explicit HostLayoutPanel(QWidget* parent = nullptr);
    ~HostLayoutPanel() override;

    void setImage(const QString& path);
    void clear();

    MapView* view() const { return m_view; }
    MapLegend* legend() const { return m_legend; }
    QLabel* detailsLabel() const { return m_details; }
    // The layout shown (null before one was read).
    const HostLayout* layout() const { return m_layout.get(); }

signals:
    // Reading finished: the layout is shown (`ok`) or the status says why not.
    void layoutShown(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Job;
    void openIfVisible();
    void showLayout(std::shared_ptr<HostLayout> layout);

    QThreadPool m_pool;
    std::shared_ptr<Job> m_job;
    MapView* m_view = nullptr;
    MapLegend* m_legend = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_details = nullptr;
    QString m_path;
    QString m_openedPath;
    std::shared_ptr<HostLayout> m_layout;
};

// The classes of the host layout map, one per HostClusterKind.
QVector<MapClass> hostLayoutClasses();

}  // namespace diskscope::ui
