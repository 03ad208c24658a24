// SPDX-License-Identifier: GPL-2.0-or-later
// One image's guest allocation map for the GUI: opens it on a private thread pool (the
// coarse map, from the L1 table), refines it there table by table, and reports refined
// cells to the GUI thread in batches (a timer drains them, so a fast refinement does not
// flood the event loop). Hover details and L2 tables are read on the same pool.
#pragma once

#include <QObject>
#include <QPoint>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <memory>
#include <stop_token>
#include <vector>

#include "diskscope/allocation_map.h"

namespace diskscope::ui {

class GuestMapSession : public QObject {
    Q_OBJECT
public:
    explicit GuestMapSession(QObject* parent = nullptr);
    // Stops a running refinement and waits for it (it stops at the next table).
    ~GuestMapSession() override;

    // Opens `path` (dropping the previous map); opened() or failed() follows.
    void open(const QString& path);
    void close();
    const QString& path() const { return m_path; }
    // Null until opened(). Thread-safe to read from (see AllocationMap).
    AllocationMap* map() const { return m_map.get(); }
    bool refining() const { return m_refining; }
    double progress() const;

    void requestDetail(quint64 cell);
    void requestTable(quint64 table);

signals:
    void opened();
    void failed(const QString& message);
    void cellsRefined(quint64 first, quint64 count);
    void refineFinished(bool complete, const QString& error);
    void detailReady(quint64 cell, const diskscope::ClusterDetail& detail);
    void tableReady(quint64 table, const std::vector<diskscope::ClusterDetail>& entries);

private:
    struct Shared;
    void startRefine();
    void drain();

    QThreadPool m_pool;
    QString m_path;
    std::shared_ptr<AllocationMap> m_map;
    std::shared_ptr<Shared> m_shared;
    std::stop_source m_stop;
    QTimer m_drainTimer;
    bool m_refining = false;
    quint64 m_generation = 0;
    quint64 m_wantedDetail = ~quint64{0};
};

}  // namespace diskscope::ui
