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

#include "dialogs/NewDiskWizard.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {

void MainWindow::createEditingActions(QMenu* file, QMenu* image, QToolBar* toolbar)
{
    Q_UNUSED(image);
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
