// SPDX-License-Identifier: GPL-2.0-or-later
// Creating, applying and deleting internal snapshots from the GUI: each asks what it must
// (a name; a confirmation naming what is lost or freed) and runs as a Snapshot job.
#pragma once

#include <QObject>
#include <QString>

#include "diskscope/image_info.h"

class QWidget;

namespace diskscope::ui {

class Job;
class JobRunner;

class SnapshotActions : public QObject {
    Q_OBJECT
public:
    SnapshotActions(JobRunner* runner, QWidget* parent);

    // Opens the name dialog (window-modal, not exec(), so tests can fill it); its Create
    // Snapshot button starts the job.
    void askCreate(const QString& path, const std::vector<SnapshotInfo>& existing);
    // Starts the job that snapshots `path` as `name`.
    Job* create(const QString& path, const QString& name);
    // Confirms (naming what is lost), then starts the job; null when declined.
    Job* apply(const QString& path, const SnapshotInfo& snapshot);
    // Measures the space the snapshot frees on a worker, confirms with it, then deletes.
    // Returns the measuring job.
    Job* remove(const QString& path, const SnapshotInfo& snapshot);

signals:
    // A job that writes `path` started (for the log) and finished (the image is read again).
    void writeStarted(diskscope::ui::Job* job, const QString& description);
    void imageWritten(const QString& path);

private:
    enum class Action { Create, Apply, Delete };
    Job* startWrite(Action action, const QString& path, const QString& name, const QString& title,
                    const QString& description);

    JobRunner* m_runner = nullptr;
    QWidget* m_parent = nullptr;
};

}  // namespace diskscope::ui
