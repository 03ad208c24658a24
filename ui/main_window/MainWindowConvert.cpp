// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Convert: the Convert wizard on the selected image (or on one it lets you pick), its
// job in the job panel and the log, and "Open Result" opening the new image here.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QTreeView>

#include "dialogs/ConvertWizard.h"
#include "jobs/JobRunner.h"
#include "main_window/MainWindow.h"
#include "models/ImageListModel.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {

void MainWindow::createConvertAction(QMenu* image)
{
    auto* convertAction = new QAction(tr("Con&vert…"), this);
    convertAction->setObjectName(QStringLiteral("actionConvert"));
    convertAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    convertAction->setStatusTip(tr("Convert the selected image to raw or qcow2, compressed or flattened, in a new file"));
    connect(convertAction, &QAction::triggered, this, [this] {
        const QModelIndex current = m_tree->currentIndex();
        convertImage(m_model->layerInfo(current) ? m_model->layerPath(current) : QString());
    });
    image->insertAction(m_copyCommandAction, convertAction);
}

ConvertWizard* MainWindow::convertImage(const QString& source)
{
    auto* wizard = new ConvertWizard(m_runner, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!source.isEmpty())
        wizard->setSource(source);
    connect(wizard, &ConvertWizard::conversionStarted, this, [this](Job* job, const QString& target) {
        m_log->log(tr("Converting to %1 (with QEMU's write lock on the new file)").arg(target), job->commandLine());
        m_jobsDock->show();
    });
    connect(wizard, &ConvertWizard::openRequested, this, &MainWindow::openFile);
    wizard->open();
    return wizard;
}

}  // namespace diskscope::ui
