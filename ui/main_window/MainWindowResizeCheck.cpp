// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Resize and Image ▸ Check and Repair (and the image list's context menu): each opens
// its dialog on the selected image, is enabled only when one is selected (the status tip says
// why not), logs the job it starts and reads the image again when a job wrote it.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QTreeView>

#include "dialogs/CheckRepairDialog.h"
#include "dialogs/ResizeDialog.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {

void MainWindow::createResizeCheckActions(QMenu* image)
{
    // The selected layer: its file, its index in the chain and what was read of it.
    struct Selection {
        QString top;
        QString path;
        int layer = -1;
        const ImageInfo* info = nullptr;
    };
    const auto selection = [this] {
        Selection s;
        const QModelIndex current = m_tree->currentIndex();
        s.info = m_model->layerInfo(current);
        const int row = m_model->topRowOf(current);
        if (!s.info || row < 0)
            return Selection{};
        s.top = m_model->pathAt(row);
        s.path = m_model->layerPath(current);
        s.layer = m_model->layerOf(current);
        return s;
    };
    // A job that wrote the image: log it, and read the chain again once it ends.
    const auto logWrite = [this](Job* job, const QString& description, const QString& top) {
        m_log->log(description, job->commandLine());
        m_jobsDock->show();
        connect(job, &Job::finished, this, [this, top] { openFile(top); });
    };

    auto* resize = new QAction(tr("Resi&ze…"), this);
    resize->setObjectName(QStringLiteral("actionResize"));
    resize->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(resize, &QAction::triggered, this, [this, selection, logWrite] {
        const Selection s = selection();
        if (!s.info || !ResizeDialog::unavailableReason(s.path, *s.info, s.layer).isEmpty())
            return;
        auto* dialog = new ResizeDialog(m_runner, s.path, *s.info, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ResizeDialog::started, this,
                [logWrite, top = s.top](Job* job, const QString& description) { logWrite(job, description, top); });
        dialog->open();
    });

    auto* checkRepair = new QAction(tr("Check and Re&pair…"), this);
    checkRepair->setObjectName(QStringLiteral("actionCheckRepair"));
    checkRepair->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    connect(checkRepair, &QAction::triggered, this, [this, selection] {
        const Selection s = selection();
        if (!s.info)
            return;
        auto* dialog = new CheckRepairDialog(m_runner, s.path, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &CheckRepairDialog::repairStarted, this, [this](Job* job, const QString& description) {
            m_log->log(description, job->commandLine());
            m_jobsDock->show();
        });
        connect(dialog, &CheckRepairDialog::imageWritten, this, [this, top = s.top] { openFile(top); });
        dialog->open();
    });

    const auto enable = [=, this] {
        const Selection s = selection();
        const QString none = tr("Select a readable image first.");
        const QString resizeWhy = s.info ? ResizeDialog::unavailableReason(s.path, *s.info, s.layer) : none;
        const auto apply = [](QAction* action, const QString& why, const QString& tip) {
            action->setEnabled(why.isEmpty());
            action->setStatusTip(why.isEmpty() ? tip : tr("Unavailable: %1").arg(why));
            action->setToolTip(action->statusTip());
        };
        apply(resize, resizeWhy, tr("Grow or shrink the disk of the selected image"));
        apply(checkRepair, s.info ? QString() : none,
              tr("Check the selected image for leaks and corruptions, and repair them"));
    };
    connect(this, &MainWindow::currentLayerChanged, this, enable);
    connect(m_model, &ImageListModel::dataChanged, this, enable);
    connect(m_model, &ImageListModel::modelReset, this, enable);
    enable();

    image->addSeparator();
    image->addActions({resize, checkRepair});
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->addActions({separator, resize, checkRepair});
}

}  // namespace diskscope::ui
