// SPDX-License-Identifier: GPL-2.0-or-later
// The main window's writing actions: File ▸ New Disk, and the note in the status bar that a
// writing job holds QEMU's locks on a file (browsing never does).
#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>

#include "dialogs/NewDiskWizard.h"
#include "dialogs/SnapshotActions.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "widgets/ImageDetailsPanel.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {

void MainWindow::createEditingActions(QMenu* file, QMenu* image, QToolBar* toolbar)
{
    auto* newDiskAction = new QAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Disk…"), this);
    newDiskAction->setObjectName(QStringLiteral("actionNewDisk"));
    newDiskAction->setShortcut(QKeySequence::New);
    newDiskAction->setStatusTip(tr("Create a new raw or qcow2 disk image"));
    connect(newDiskAction, &QAction::triggered, this, &MainWindow::newDisk);
    file->insertAction(m_openAction, newDiskAction);
    toolbar->insertAction(m_openAction, newDiskAction);

    // The window says when a job writes, and that it holds the file's lock meanwhile.
    const auto showLocks = [this] {
        const QList<Job*> writing = m_runner->runningWriteJobs();
        if (writing.isEmpty()) {
            m_accessLabel->setText(tr("Read-only · no locks"));
            return;
        }
        m_accessLabel->setText(writing.size() == 1
                                   ? tr("Writing %1 · locked").arg(QFileInfo(writing.front()->target()).fileName())
                                   : tr("%1 jobs writing · locked").arg(writing.size()));
    };
    connect(m_runner, &JobRunner::jobStarted, this, showLocks);
    connect(m_runner, &JobRunner::jobFinished, this, showLocks);

    // Snapshots: on the selected top image only (writing a backing layer would change what its
    // overlays read), qcow2 only.
    m_snapshotActions = new SnapshotActions(m_runner, this);
    connect(m_snapshotActions, &SnapshotActions::writeStarted, this, [this](Job* job, const QString& description) {
        m_log->log(description, job->commandLine());
        m_jobsDock->show();
    });
    connect(m_snapshotActions, &SnapshotActions::imageWritten, this, &MainWindow::openFile);
    const auto currentImage = [this]() -> std::pair<QString, const ImageInfo*> {
        const QModelIndex current = m_tree->currentIndex();
        const ImageInfo* info = m_model->layerInfo(current);
        if (!info || m_model->layerOf(current) != 0 || info->format != "qcow2")
            return {QString(), nullptr};
        return {m_model->layerPath(current), info};
    };
    const auto selectedSnapshot = [this, currentImage]() -> std::optional<SnapshotInfo> {
        const auto [path, info] = currentImage();
        const QModelIndex row = m_details->snapshotView()->currentIndex();
        if (!info || !row.isValid() || size_t(row.row()) >= info->snapshots.size()
            || !m_details->snapshotView()->selectionModel()->isRowSelected(row.row(), {}))
            return std::nullopt;
        return info->snapshots[size_t(row.row())];
    };
    auto* createSnapshot = new QAction(tr("&Create Snapshot…"), this);
    createSnapshot->setObjectName(QStringLiteral("actionCreateSnapshot"));
    createSnapshot->setStatusTip(tr("Record the current state of the selected qcow2 image inside the file"));
    connect(createSnapshot, &QAction::triggered, this, [this, currentImage] {
        const auto [path, info] = currentImage();
        if (info)
            m_snapshotActions->askCreate(path, info->snapshots);
    });
    auto* applySnapshot = new QAction(tr("&Apply Snapshot…"), this);
    applySnapshot->setObjectName(QStringLiteral("actionApplySnapshot"));
    applySnapshot->setStatusTip(tr("Return the image to the selected snapshot (what was written since is lost)"));
    connect(applySnapshot, &QAction::triggered, this, [this, currentImage, selectedSnapshot] {
        if (const auto snapshot = selectedSnapshot())
            m_snapshotActions->apply(currentImage().first, *snapshot);
    });
    auto* deleteSnapshot = new QAction(tr("&Delete Snapshot…"), this);
    deleteSnapshot->setObjectName(QStringLiteral("actionDeleteSnapshot"));
    deleteSnapshot->setStatusTip(tr("Delete the selected snapshot and release the clusters only it uses"));
    connect(deleteSnapshot, &QAction::triggered, this, [this, currentImage, selectedSnapshot] {
        if (const auto snapshot = selectedSnapshot())
            m_snapshotActions->remove(currentImage().first, *snapshot);
    });
    QMenu* snapshots = image->addMenu(tr("&Snapshots"));
    snapshots->setObjectName(QStringLiteral("menuSnapshots"));
    snapshots->addActions({createSnapshot, applySnapshot, deleteSnapshot});

    // The same actions beside the snapshot table and in its context menu.
    QTableView* table = m_details->snapshotView();
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    table->addActions({applySnapshot, deleteSnapshot, createSnapshot});
    auto* buttons = new QHBoxLayout;
    for (QAction* action : {createSnapshot, applySnapshot, deleteSnapshot}) {
        auto* button = new QPushButton(action->text().remove(QLatin1Char('&')), m_details->snapshotSection());
        button->setObjectName(action->objectName() + QStringLiteral("Button"));
        button->setToolTip(action->statusTip());
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        connect(action, &QAction::changed, button, [button, action] { button->setEnabled(action->isEnabled()); });
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    if (auto* box = qobject_cast<QBoxLayout*>(m_details->snapshotSection()->layout()))
        box->addLayout(buttons);
    const auto enable = [=, this] {
        const bool image = currentImage().second != nullptr;
        const bool selected = selectedSnapshot().has_value();
        createSnapshot->setEnabled(image);
        applySnapshot->setEnabled(selected);
        deleteSnapshot->setEnabled(selected);
    };
    connect(this, &MainWindow::currentLayerChanged, this, enable);
    connect(m_model, &ImageListModel::dataChanged, this, enable);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, enable);
    connect(table->model(), &QAbstractItemModel::modelReset, this, enable);
    enable();
}

NewDiskWizard* MainWindow::newDisk()
{
    auto* wizard = new NewDiskWizard(m_runner, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &NewDiskWizard::creationStarted, this, [this](Job* job, const QString& path) {
        m_log->log(tr("Creating %1 (with QEMU's write lock)").arg(path), job->commandLine());
        m_jobsDock->show();
        connect(job, &Job::finished, this, [this, job, path] {
            if (job->state() == Job::State::Succeeded)
                openFile(path);
        });
    });
    wizard->open();
    return wizard;
}

}  // namespace diskscope::ui
