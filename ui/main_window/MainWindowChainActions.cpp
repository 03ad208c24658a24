// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Rebase, Commit and Amend Options (and the chain tree's context menu): each opens its
// dialog on the selected layer, is enabled only where it makes sense (the status tip says why
// not), logs the job it starts and reads the chain again when the job ends.
#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QTreeView>

#include "dialogs/AmendDialog.h"
#include "dialogs/CommitDialog.h"
#include "dialogs/RebaseDialog.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "util/BackingConsent.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {

void MainWindow::createChainActions(QMenu* image)
{
    struct Selection {
        QString top;      // the opened image
        QString path;     // the selected layer's file
        int layer = -1;   // its index in the chain
        const ImageInfo* info = nullptr;
        const ChainDescription* chain = nullptr;
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
        s.chain = m_model->chainAt(row);
        return s;
    };
    // Every dialog's job is logged, and the chain read again once it ends.
    const auto watch = [this](ChainDialog* dialog, const QString& top) {
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setExternalBackingConsent(BackingConsent::allowed(top));
        connect(dialog, &ChainDialog::started, this, [this, top](Job* job, const QString& description) {
            m_log->log(description, job->commandLine());
            m_jobsDock->show();
            connect(job, &Job::finished, this, [this, top] {
                if (m_model->topRowOf(m_tree->currentIndex()) == m_model->rowOf(top))
                    refresh();
                else
                    openFile(top);
            });
        });
        dialog->open();
    };

    auto* rebase = new QAction(tr("&Rebase…"), this);
    rebase->setObjectName(QStringLiteral("actionRebase"));
    connect(rebase, &QAction::triggered, this, [this, selection, watch] {
        const Selection s = selection();
        if (!s.info)
            return;
        // A break anywhere lies below every listed layer: safe mode would read through it.
        const bool readable = s.chain && !s.chain->brokenBacking;
        watch(new RebaseDialog(m_runner, s.path, *s.info, readable, this), s.top);
    });
    auto* commit = new QAction(tr("Co&mmit…"), this);
    commit->setObjectName(QStringLiteral("actionCommit"));
    connect(commit, &QAction::triggered, this, [this, selection, watch] {
        const Selection s = selection();
        if (s.chain)
            watch(new CommitDialog(m_runner, *s.chain, s.layer, this), s.top);
    });
    auto* amend = new QAction(tr("&Amend Options…"), this);
    amend->setObjectName(QStringLiteral("actionAmend"));
    connect(amend, &QAction::triggered, this, [this, selection, watch] {
        const Selection s = selection();
        if (s.info)
            watch(new AmendDialog(m_runner, s.path, *s.info, this), s.top);
    });

    const auto enable = [=, this] {
        const Selection s = selection();
        const QString name = QFileInfo(s.path).fileName();
        const bool qcow2 = s.info && s.info->format == "qcow2";
        QString rebaseWhy, commitWhy, amendWhy;
        if (!s.info) {
            rebaseWhy = commitWhy = amendWhy = tr("Select a readable image or backing layer first.");
        } else if (!qcow2) {
            rebaseWhy = tr("%1 is a raw image: only qcow2 images name a backing file.").arg(name);
            commitWhy = tr("%1 is a raw image: it has no backing file to commit into.").arg(name);
            amendWhy = tr("%1 is a raw image: only qcow2 images have options to amend.").arg(name);
        } else if (!s.info->backingFilename) {
            commitWhy = tr("%1 has no backing file to commit into.").arg(name);
        }
        const auto apply = [](QAction* action, const QString& why, const QString& tip) {
            action->setEnabled(why.isEmpty());
            action->setStatusTip(why.isEmpty() ? tip : tr("Unavailable: %1").arg(why));
            action->setToolTip(action->statusTip());
        };
        apply(rebase, rebaseWhy, tr("Give the selected image another backing file, or none"));
        apply(commit, commitWhy, tr("Write the selected overlay's data into its backing file"));
        apply(amend, amendWhy, tr("Change the selected qcow2 image's options in place"));
    };
    connect(this, &MainWindow::currentLayerChanged, this, enable);
    connect(m_model, &ImageListModel::dataChanged, this, enable);
    connect(m_model, &ImageListModel::modelReset, this, enable);
    enable();

    QMenu* chain = image->addMenu(tr("C&hain"));
    chain->setObjectName(QStringLiteral("menuChain"));
    chain->setToolTipsVisible(true);
    chain->addActions({rebase, commit, amend});
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->addActions({separator, rebase, commit, amend});
}

}  // namespace diskscope::ui
