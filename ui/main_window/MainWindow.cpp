// SPDX-License-Identifier: GPL-2.0-or-later
// The main window: open images on the left, the selected image's info on the right.
#include "main_window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "jobs/InfoLoader.h"
#include "main_window/RecentFiles.h"
#include "models/ImageListModel.h"
#include "widgets/EmptyStateWidget.h"
#include "widgets/ImageDetailsPanel.h"
#include "widgets/ImageListDelegate.h"

namespace diskscope::ui {
namespace {
// Bumped when the saved window layout changes meaning, so an old blob is ignored, not misapplied.
constexpr int stateVersion = 1;
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Diskscope"));
    setAcceptDrops(true);

    m_loader = new InfoLoader(this);
    m_model = new ImageListModel(this);
    connect(m_loader, &InfoLoader::finished, this, [this](const InfoLoader::Outcome& outcome) {
        if (outcome.ok)
            m_model->setInfo(outcome.path, outcome.layers);
        onInfoFinished(outcome.path, outcome.ok, outcome.error);
    });

    createCentralWidgets();
    createMenus();

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("imageCountLabel"));
    m_countLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->showMessage(tr("Ready"));

    restoreSettings();
    updateEmptyState();
}

MainWindow::~MainWindow() = default;

int MainWindow::pendingLoads() const
{
    return m_loader->pending();
}

void MainWindow::createCentralWidgets()
{
    m_stack = new QStackedWidget(this);

    m_emptyState = new EmptyStateWidget(m_stack);
    connect(m_emptyState, &EmptyStateWidget::openRequested, this, &MainWindow::chooseFiles);
    m_stack->addWidget(m_emptyState);

    m_splitter = new QSplitter(Qt::Horizontal, m_stack);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_list = new QListView(m_splitter);
    m_list->setObjectName(QStringLiteral("imageList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new ImageListDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);
    m_list->setMinimumWidth(180);
    m_list->setAccessibleName(tr("Open images"));
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::showCurrentImage);
    connect(m_model, &ImageListModel::dataChanged, this, [this](const QModelIndex& first, const QModelIndex& last) {
        const int current = m_list->currentIndex().row();
        if (current >= first.row() && current <= last.row())
            showCurrentImage();
    });

    m_details = new ImageDetailsPanel;
    auto* scroll = new QScrollArea(m_splitter);
    scroll->setObjectName(QStringLiteral("detailsScrollArea"));
    scroll->setWidget(m_details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The panel reads as a document: the view's base colour, like a file manager's properties pane.
    scroll->setBackgroundRole(QPalette::Base);
    m_details->setBackgroundRole(QPalette::Base);
    m_details->setAutoFillBackground(true);

    m_splitter->addWidget(m_list);
    m_splitter->addWidget(scroll);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({240, 660});
    m_stack->addWidget(m_splitter);

    setCentralWidget(m_stack);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFiles);
    open->setObjectName(QStringLiteral("actionOpen"));
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open a qcow2 or raw disk image"));

    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuOpenRecent"));
    // Built when shown so files deleted since are left out.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::populateRecentMenu);
    populateRecentMenu();

    m_closeAction = file->addAction(tr("&Close Image"), this, &MainWindow::closeCurrentImage);
    m_closeAction->setObjectName(QStringLiteral("actionCloseImage"));
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setStatusTip(tr("Remove the selected image from the list (the file is not touched)"));

    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Diskscope"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::populateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentFiles::existing();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        // The accelerator number makes the list keyboard-friendly; '&' in names must not become one.
        QString name = QFileInfo(path).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = m_recentMenu->addAction(i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(name) : name);
        action->setData(path);
        action->setStatusTip(path);
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("No recent images"))->setEnabled(false);
    } else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear Menu"), this, [this] {
            RecentFiles::clear();
            populateRecentMenu();
        });
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1040, 700);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray(), stateVersion);
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState(stateVersion));
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Info reads are short and read-only: nothing to ask, the loader's destructor waits for them.
    saveSettings();
    event->accept();
}

void MainWindow::chooseFiles()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastOpenDir"), QDir::homePath()).toString();
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Disk Image"), dir,
        tr("Disk images (*.qcow2 *.qcow *.img *.raw *.bin *.disk);;All files (*)"));
    if (files.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastOpenDir"), QFileInfo(files.front()).absolutePath());
    openFiles(files);
}

void MainWindow::openFiles(const QStringList& paths)
{
    for (const QString& path : paths)
        openFile(path);
}

void MainWindow::openFile(const QString& path)
{
    if (path.isEmpty())
        return;
    // Absolute paths identify rows and recent entries; the engine gets the same path.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const int row = m_model->addImage(absolute);
    m_list->setCurrentIndex(m_model->index(row));
    showCurrentImage();
    updateEmptyState();
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(absolute).fileName()));
    m_loader->load(absolute);
}

void MainWindow::onInfoFinished(const QString& path, bool ok, const QString& error)
{
    const QString name = QFileInfo(path).fileName();
    if (m_model->rowOf(path) >= 0) {
        if (ok) {
            RecentFiles::add(path);
            ++m_openedInBatch;
            statusBar()->showMessage(tr("Opened %1").arg(name), 5000);
            emit imageOpened(path);
        } else {
            // A file that is not a readable image does not stay in the list; the message says why.
            m_model->removeImage(path);
            statusBar()->showMessage(tr("Could not open %1").arg(name), 5000);
            reportError(path, error);
        }
    }
    updateEmptyState();
    if (m_loader->pending() == 0) {
        // Several files read together (a drop, the command line) end with one summary,
        // not with whichever file happened to finish last.
        if (m_openedInBatch > 1)
            statusBar()->showMessage(tr("Opened %1 images").arg(m_openedInBatch), 5000);
        m_openedInBatch = 0;
        emit loadsFinished();
    }
}

void MainWindow::reportError(const QString& path, const QString& message)
{
    auto* box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("openErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Could Not Open Image"));
    box->setTextFormat(Qt::PlainText);
    box->setText(tr("“%1” could not be opened.").arg(QFileInfo(path).fileName()));
    box->setInformativeText(tr("%1\n\n%2").arg(message, path));
    // The message and path come from the file system and the image: never let them be rich text.
    if (auto* informative = box->findChild<QLabel*>(QStringLiteral("qt_msgbox_informativelabel")))
        informative->setTextFormat(Qt::PlainText);
    box->setStandardButtons(QMessageBox::Close);
    // open(), not exec(): window-modal without a nested event loop, so loads keep finishing.
    box->open();
    emit errorReported(path, message);
}

void MainWindow::closeCurrentImage()
{
    const int row = m_list->currentIndex().row();
    if (row < 0)
        return;
    m_model->removeImage(m_model->pathAt(row));
    showCurrentImage();
    updateEmptyState();
}

void MainWindow::showCurrentImage()
{
    const int row = m_list->currentIndex().row();
    if (row < 0)
        return;
    const QString path = m_model->pathAt(row);
    switch (m_model->stateAt(row)) {
    case ImageListModel::State::Loading:
        m_details->showLoading(path);
        break;
    case ImageListModel::State::Ready:
        m_details->showImage(path, *m_model->infoAt(row));
        break;
    case ImageListModel::State::Failed:
        m_details->showError(path, m_model->errorAt(row));
        break;
    }
}

void MainWindow::updateEmptyState()
{
    const int count = m_model->rowCount();
    m_stack->setCurrentWidget(count == 0 ? static_cast<QWidget*>(m_emptyState) : m_splitter);
    m_closeAction->setEnabled(count > 0);
    m_countLabel->setText(count == 0 ? QString() : count == 1 ? tr("1 image open") : tr("%1 images open").arg(count));
    if (count > 0 && !m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_model->index(0));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Diskscope"),
                       tr("<h3>Diskscope %1</h3>"
                          "<p>A disk image manager for qcow2 and raw images.</p>"
                          "<p>Licensed under the GNU General Public License, version 2 or later.</p>")
                           .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

QStringList MainWindow::localFiles(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    QStringList files;
    for (const QUrl& url : mime->urls()) {
        // One remote URL spoils the drop: half-opening a selection would surprise more than refusing.
        if (!url.isLocalFile())
            return {};
        files << url.toLocalFile();
    }
    return files;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (localFiles(event->mimeData()).isEmpty())
        return;
    event->acceptProposedAction();
    m_emptyState->setDropHighlighted(true);
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent* event)
{
    m_emptyState->setDropHighlighted(false);
    QMainWindow::dragLeaveEvent(event);
}

void MainWindow::dropEvent(QDropEvent* event)
{
    m_emptyState->setDropHighlighted(false);
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    openFiles(files);
}

}  // namespace diskscope::ui
