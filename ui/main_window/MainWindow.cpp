// SPDX-License-Identifier: GPL-2.0-or-later
// The main window: open images and their chains, details in tabs, jobs and the log.
#include "main_window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>

#include "jobs/InfoLoader.h"
#include "jobs/JobRunner.h"
#include "main_window/RecentFiles.h"
#include "maps/GuestMapPanel.h"
#include "maps/ChainGraphPanel.h"
#include "maps/HostLayoutPanel.h"
#include "maps/RefcountPanel.h"
#include "models/ImageListModel.h"
#include "dialogs/DialogKit.h"
#include "util/BackingConsent.h"
#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/Plural.h"
#include "util/SizeFormat.h"
#include "widgets/CheckReportView.h"
#include "widgets/CommandField.h"
#include "widgets/EmptyStateWidget.h"
#include "widgets/HealthView.h"
#include "widgets/ImageDetailsPanel.h"
#include "widgets/ImageListDelegate.h"
#include "widgets/JobPanel.h"
#include "widgets/LogPanel.h"

namespace diskscope::ui {
namespace {
// Bumped when the saved window layout changes meaning, so an old blob is ignored, not misapplied.
// 2: docks for jobs and the log, a toolbar.
constexpr int stateVersion = 2;

QString displayName(const QString& path)
{
    return DisplayText::escapeControls(QFileInfo(path).fileName());
}

// qemu-img check's exit status for a report, shown beside the command in the log.
int checkExitStatus(const CheckReport& report)
{
    if (!report.supported)
        return 63;
    if (report.failure || report.checkErrors > 0)
        return 1;
    if (report.corruptions > 0)
        return 2;
    if (report.leaks > 0)
        return 3;
    return 0;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Diskscope"));
    setAcceptDrops(true);
    // Dock corners: the image list runs the full height, the docks sit under the details.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);

    m_loader = new InfoLoader(this);
    m_model = new ImageListModel(this);
    m_runner = new JobRunner(this);
    connect(m_loader, &InfoLoader::finished, this, [this](const InfoLoader::Outcome& outcome) {
        if (outcome.ok) {
            ChainDescription chain;
            chain.layers = outcome.layers;
            chain.brokenBacking = outcome.brokenBacking;
            chain.dataFilesNotFollowed = outcome.dataFilesNotFollowed;
            m_model->setChain(outcome.path, std::move(chain));
        }
        onInfoFinished(outcome.path, outcome.ok, outcome.error, outcome.errorDetail);
    });
    connect(m_runner, &JobRunner::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_runner, &JobRunner::jobStarted, this, &MainWindow::updateActions);

    createActions();
    createCentralWidgets();
    createMapPages();
    createDocks();
    createMenus();

    m_accessLabel = new QLabel(tr("Read-only · no locks"), this);
    m_accessLabel->setObjectName(QStringLiteral("accessLabel"));
    m_accessLabel->setToolTip(tr("Images are browsed without QEMU's locks (like qemu-img -U): a running VM is "
                                 "neither blocked nor noticed. Writing jobs take the locks they need."));
    m_accessLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_accessLabel);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("imageCountLabel"));
    m_countLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->showMessage(tr("Ready"));

    restoreSettings();
    updateEmptyState();
}

MainWindow::~MainWindow()
{
    // Jobs first: their rows and the model go with the window, the engine must stop before.
    m_runner->cancelAll();
    delete m_runner;
    m_runner = nullptr;
}

int MainWindow::pendingLoads() const
{
    return m_loader->pending();
}

void MainWindow::createActions()
{
    QStyle* s = style();
    m_openAction = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_openAction->setObjectName(QStringLiteral("actionOpen"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a qcow2 or raw disk image (read-only, without locks)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseFiles);

    m_closeAction = new QAction(tr("&Close Image"), this);
    m_closeAction->setObjectName(QStringLiteral("actionCloseImage"));
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setStatusTip(tr("Remove the selected image from the list (the file is not touched)"));
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeCurrentImage);

    m_refreshAction = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this);
    m_refreshAction->setObjectName(QStringLiteral("actionRefresh"));
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_refreshAction->setStatusTip(tr("Read the selected image and its chain again"));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_checkAction = new QAction(s->standardIcon(QStyle::SP_FileDialogContentsView), tr("C&heck"), this);
    m_checkAction->setObjectName(QStringLiteral("actionCheck"));
    m_checkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_checkAction->setStatusTip(tr("Look for leaks and corruptions in the selected image or layer (read-only)"));
    connect(m_checkAction, &QAction::triggered, this, &MainWindow::checkCurrent);

    m_exportRawAction = new QAction(tr("&Export as Raw Image…"), this);
    m_exportRawAction->setObjectName(QStringLiteral("actionExportRaw"));
    m_exportRawAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportRawAction->setStatusTip(tr("Write the guest disk of the selected image (with its backing chain) to a new raw file"));
    connect(m_exportRawAction, &QAction::triggered, this, &MainWindow::chooseRawTarget);

    m_copyCommandAction = new QAction(tr("Copy &Command Line"), this);
    m_copyCommandAction->setObjectName(QStringLiteral("actionCopyCommand"));
    m_copyCommandAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyCommandAction->setStatusTip(tr("Copy the diskscope-img command that shows the selected image"));
    connect(m_copyCommandAction, &QAction::triggered, this, &MainWindow::copyCurrentCommand);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
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

    m_tree = new QTreeView(m_splitter);
    m_tree->setObjectName(QStringLiteral("imageList"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new ImageListDelegate(m_tree));
    m_tree->setHeaderHidden(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->setIndentation(16);
    m_tree->setAnimated(false);
    m_tree->setMinimumWidth(200);
    m_tree->setAccessibleName(tr("Open images and their backing chains"));
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::showCurrentImage);
    connect(m_model, &ImageListModel::dataChanged, this, [this](const QModelIndex& first, const QModelIndex& last) {
        const QModelIndex current = m_tree->currentIndex();
        if (!current.isValid())
            return;
        const QModelIndex top = current.parent().isValid() ? current.parent() : current;
        if ((current.parent() == first.parent() && current.row() >= first.row() && current.row() <= last.row())
            || (!first.parent().isValid() && top.row() >= first.row() && top.row() <= last.row()))
            showCurrentImage();
    });
    // A chain is shown unfolded: the layers are what people open a chain to see.
    connect(m_model, &ImageListModel::rowsInserted, this, [this](const QModelIndex& parent) {
        if (parent.isValid())
            m_tree->expand(parent);
    });

    m_detailsTabs = new QTabWidget(m_splitter);
    m_detailsTabs->setObjectName(QStringLiteral("detailsTabs"));
    m_detailsTabs->setDocumentMode(true);

    m_details = new ImageDetailsPanel;
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("detailsScrollArea"));
    scroll->setWidget(m_details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The panel reads as a document: the view's base colour, like a file manager's properties pane.
    scroll->setBackgroundRole(QPalette::Base);
    m_details->setBackgroundRole(QPalette::Base);
    m_details->setAutoFillBackground(true);
    m_detailsTabs->addTab(scroll, tr("Overview"));
    connect(m_details->healthView(), &HealthView::checkRequested, this, &MainWindow::checkCurrent);
    connect(m_details->commandField(), &CommandField::copied, this,
            [this] { statusBar()->showMessage(tr("Command line copied"), 3000); });

    m_checkView = new CheckReportView;
    m_detailsTabs->addTab(m_checkView, tr("Check Report"));
    connect(m_checkView, &CheckReportView::checkRequested, this, &MainWindow::checkCurrent);

    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_detailsTabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({270, 730});
    m_stack->addWidget(m_splitter);

    setCentralWidget(m_stack);
}

void MainWindow::createDocks()
{
    m_jobPanel = new JobPanel(m_runner);
    m_jobsDock = new QDockWidget(tr("Jobs"), this);
    m_jobsDock->setObjectName(QStringLiteral("jobsDock"));
    m_jobsDock->setWidget(m_jobPanel);
    m_jobsDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                            | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_jobsDock);

    m_log = new LogPanel;
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    splitDockWidget(m_jobsDock, m_logDock, Qt::Horizontal);
    resizeDocks({m_jobsDock}, {210}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuOpenRecent"));
    // Built when shown so files deleted since are left out.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::populateRecentMenu);
    populateRecentMenu();
    file->addAction(m_closeAction);
    file->addSeparator();
    file->addAction(m_exportRawAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* image = menuBar()->addMenu(tr("&Image"));
    image->addAction(m_refreshAction);
    image->addAction(m_checkAction);
    image->addSeparator();
    image->addAction(m_copyCommandAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QToolBar* toolbar = addToolBar(tr("Main Toolbar"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_openAction);
    toolbar->addAction(m_refreshAction);
    toolbar->addAction(m_checkAction);
    view->addAction(toolbar->toggleViewAction());
    QAction* jobs = m_jobsDock->toggleViewAction();
    jobs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(jobs);
    QAction* log = m_logDock->toggleViewAction();
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Diskscope"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);

    createEditingActions(file, image, toolbar);
    createChainActions(image);
    createResizeCheckActions(image);
    createConvertAction(image);
}

int MainWindow::addDetailsTab(QWidget* page, const QString& title)
{
    return m_detailsTabs->addTab(page, title);
}

void MainWindow::createMapPages()
{
    m_guestMap = new GuestMapPanel;
    addDetailsTab(m_guestMap, tr("Guest Map"));
    m_hostLayout = new HostLayoutPanel;
    addDetailsTab(m_hostLayout, tr("Host Layout"));
    m_refcounts = new RefcountPanel;
    addDetailsTab(m_refcounts, tr("Refcounts"));
    m_chainGraph = new ChainGraphPanel;
    addDetailsTab(m_chainGraph, tr("Backing Chain"));
    // Each page reads its image only while it is shown (see LazyImagePage).
    connect(this, &MainWindow::currentLayerChanged, this, [this](const QString& path) {
        for (LazyImagePage* page : mapPages()) {
            if (path.isEmpty())
                page->clear();
            else
                page->setImage(path);
        }
    });
    connect(m_chainGraph, &ChainGraphPanel::layerActivated, this, &MainWindow::selectLayer);
    connect(m_details->healthView(), &HealthView::followBackingRequested, this, &MainWindow::followExternalBacking);
    connect(m_details->healthView(), &HealthView::followDataFileRequested, this, &MainWindow::followExternalDataFile);
}

bool MainWindow::followExternalBacking(int layer)
{
    const int row = m_model->topRowOf(m_tree->currentIndex());
    const ChainDescription* chain = row >= 0 ? m_model->chainAt(row) : nullptr;
    if (!chain || chain->layers.empty() || !chain->brokenBacking)
        return false;
    const ImageInfo& naming = chain->layers[std::min<size_t>(size_t(std::max(layer, 0)), chain->layers.size() - 1)];
    const QString target = DisplayText::fromImage(naming.fullBackingFilename.value_or(naming.backingFilename.value_or("")));
    const QString namingPath = QFile::decodeName(QByteArray::fromStdString(naming.filename));
    DestructiveQuestion question;
    question.title = tr("Follow Backing File?");
    question.question = tr("Follow the backing file of “%1” outside its directory?\n\n%2")
                            .arg(displayName(namingPath), target);
    question.detail = tr("The name is stored inside the image. Follow it only if you trust where the image "
                         "came from: an image from elsewhere could name any file on this computer. The "
                         "exception holds for this image only, until Diskscope quits.");
    question.acceptText = tr("Follow Backing File");
    if (!Confirmation::ask(this, question))
        return false;
    const QString top = m_model->pathAt(row);
    BackingConsent::allow(top);
    BackingConsent::allow(namingPath);
    m_log->log(tr("Following the backing file %1 of %2 (allowed for this image only)").arg(target, top));
    openFile(top);
    reloadMapPages();
    return true;
}

bool MainWindow::followExternalDataFile(int layer)
{
    const int row = m_model->topRowOf(m_tree->currentIndex());
    const ChainDescription* chain = row >= 0 ? m_model->chainAt(row) : nullptr;
    if (!chain || layer < 0 || size_t(layer) >= chain->layers.size() || !chain->layers[size_t(layer)].qcow2
        || !chain->layers[size_t(layer)].qcow2->dataFile)
        return false;
    const ImageInfo& naming = chain->layers[size_t(layer)];
    const QString target = DisplayText::fromImage(*naming.qcow2->dataFile);
    const QString namingPath = QFile::decodeName(QByteArray::fromStdString(naming.filename));
    DestructiveQuestion question;
    question.title = tr("Follow Data File?");
    question.question = tr("Use the external data file of “%1” outside its directory?\n\n%2")
                            .arg(displayName(namingPath), target);
    question.detail = tr("The name is stored inside the image, and the guest disk's data is read from that "
                         "file (and written to it by writing operations). Allow it only if you trust where "
                         "the image came from: an image from elsewhere could name any file on this computer. "
                         "The exception holds for this image only, until Diskscope quits.");
    question.acceptText = tr("Follow Data File");
    if (!Confirmation::ask(this, question))
        return false;
    const QString top = m_model->pathAt(row);
    BackingConsent::allow(top);
    BackingConsent::allow(namingPath);
    m_log->log(tr("Using the external data file %1 of %2 (allowed for this image only)").arg(target, top));
    openFile(top);
    reloadMapPages();
    return true;
}

QList<LazyImagePage*> MainWindow::mapPages() const
{
    return {m_guestMap, m_hostLayout, m_refcounts, m_chainGraph};
}

void MainWindow::reloadMapPages()
{
    for (LazyImagePage* page : mapPages())
        page->reload();
}

void MainWindow::selectLayer(const QString& path)
{
    const int row = m_model->topRowOf(m_tree->currentIndex());
    if (row < 0)
        return;
    const QModelIndex top = m_model->index(row, 0);
    QModelIndex found = m_model->layerPath(top) == path ? top : QModelIndex();
    for (int i = 0; !found.isValid() && i < m_model->rowCount(top); ++i) {
        const QModelIndex child = m_model->index(i, 0, top);
        if (m_model->layerPath(child) == path)
            found = child;
    }
    if (found.isValid())
        m_tree->setCurrentIndex(found);
}

void MainWindow::showGuestMap()
{
    m_detailsTabs->setCurrentWidget(m_guestMap);
}

void MainWindow::showHostLayout()
{
    m_detailsTabs->setCurrentWidget(m_hostLayout);
}

QString MainWindow::currentLayerPath() const
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid() || !m_model->layerInfo(current))
        return {};
    return m_model->layerPath(current);
}

void MainWindow::populateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentFiles::existing();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        // The accelerator number makes the list keyboard-friendly; '&' in names must not become one.
        QString name = displayName(path);
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = m_recentMenu->addAction(i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(name) : name);
        action->setData(path);
        action->setStatusTip(DisplayText::escapeControls(path));
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
        resize(1180, 820);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray(), stateVersion);
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    const int tab = settings.value(QStringLiteral("mainWindow/detailsTab"), 0).toInt();
    if (tab >= 0 && tab < m_detailsTabs->count())
        m_detailsTabs->setCurrentIndex(tab);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState(stateVersion));
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/detailsTab"), m_detailsTabs->currentIndex());
}

bool MainWindow::askToCloseWhileWriting(const QList<Job*>& writing)
{
    const Job* job = writing.front();
    const QString question = tr("“%1” is still writing “%2”. Cancel it and quit?")
                                 .arg(DisplayText::escapeControls(job->title()), displayName(job->target()));
    const QString detail = tr("The unfinished file is removed; the source image is not changed.");
    if (m_confirmClose)
        return m_confirmClose(question, detail);
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("closeWhileWritingBox"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Quit Diskscope?"));
    box.setTextFormat(Qt::PlainText);
    box.setText(question);
    box.setInformativeText(detail);
    QPushButton* quit = box.addButton(tr("Cancel Job and Quit"), QMessageBox::DestructiveRole);
    QPushButton* keep = box.addButton(tr("Keep Working"), QMessageBox::RejectRole);
    // The destructive answer is never the default.
    box.setDefaultButton(keep);
    box.exec();
    return box.clickedButton() == quit;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_closeWhenIdle) {
        const QList<Job*> writing = m_runner->runningWriteJobs();
        if (!writing.isEmpty() && !askToCloseWhileWriting(writing)) {
            event->ignore();
            return;
        }
    }
    saveSettings();
    if (m_runner->runningJobs().isEmpty()) {
        // Info reads are short and read-only: the loader's destructor waits for them.
        event->accept();
        return;
    }
    // Read jobs are cancelled silently; the window closes once the engine has stopped and
    // removed what it was writing, never with a worker still inside it.
    m_closeWhenIdle = true;
    m_runner->cancelAll();
    centralWidget()->setEnabled(false);
    statusBar()->showMessage(tr("Stopping jobs…"));
    connect(m_runner, &JobRunner::idle, this, &QWidget::close, Qt::UniqueConnection);
    event->ignore();
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

void MainWindow::chooseRawTarget()
{
    const QModelIndex current = m_tree->currentIndex();
    const int row = m_model->topRowOf(current);
    if (row < 0 || !m_model->infoAt(row))
        return;
    const QString source = m_model->layerPath(current);
    const QFileInfo info(source);
    const QString suggestion = info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".raw"));
    const QString target = QFileDialog::getSaveFileName(this, tr("Export as Raw Image"), suggestion,
                                                        tr("Raw disk images (*.raw *.img);;All files (*)"));
    if (!target.isEmpty())
        convertToRaw(source, target);
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
    m_tree->setCurrentIndex(m_model->index(row, 0));
    showCurrentImage();
    updateEmptyState();
    statusBar()->showMessage(tr("Reading %1…").arg(displayName(absolute)));
    m_log->log(tr("Opening %1 (read-only, without locks)").arg(absolute), CommandLine::info(absolute));
    m_loader->load(absolute);
}

void MainWindow::refresh()
{
    const int row = m_model->topRowOf(m_tree->currentIndex());
    if (row < 0)
        return;
    // Reading the chain again drops its layer rows: the selected layer is chosen again after.
    const QString layer = currentLayerPath();
    openFile(m_model->pathAt(row));
    if (!layer.isEmpty() && layer != m_model->pathAt(row))
        m_reselectAfterLoad.insert(m_model->pathAt(row), layer);
    // The open pages read their file again too (the ones hidden do when next shown).
    reloadMapPages();
}

void MainWindow::onInfoFinished(const QString& path, bool ok, const QString& error, const QString& detail)
{
    const QString name = displayName(path);
    if (m_model->rowOf(path) >= 0) {
        if (ok) {
            RecentFiles::add(path);
            ++m_openedInBatch;
            statusBar()->showMessage(tr("Opened %1").arg(name), 5000);
            const ChainDescription* chain = m_model->chainAt(m_model->rowOf(path));
            const ImageInfo& top = chain->layers.front();
            QString summary = tr("Opened %1: %2, %3").arg(path, QString::fromStdString(top.format),
                                                           SizeFormat::human(top.virtualSize));
            if (chain->layers.size() > 1)
                summary += plural(chain->layers.size() - 1, tr(", %1 backing layer"), tr(", %1 backing layers"));
            if (chain->brokenBacking)
                summary += tr("; backing file not opened: %1").arg(EngineText::error(*chain->brokenBacking));
            m_log->log(summary);
            if (const QString layer = m_reselectAfterLoad.take(path); !layer.isEmpty())
                selectLayer(layer);
            emit imageOpened(path);
        } else {
            // A file that is not a readable image does not stay in the list; the message says why.
            m_model->removeImage(path);
            statusBar()->showMessage(tr("Could not open %1").arg(name), 5000);
            m_log->log(tr("Could not open %1: %2").arg(path, error));
            reportError(path, error, detail);
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

void MainWindow::reportError(const QString& path, const QString& message, const QString& detail)
{
    auto* box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("openErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Could Not Open Image"));
    box->setTextFormat(Qt::PlainText);
    box->setText(tr("“%1” could not be opened.").arg(displayName(path)));
    box->setInformativeText(tr("%1\n\n%2").arg(DisplayText::escapeControls(message), DisplayText::escapeControls(path)));
    // The message and path come from the file system and the image: never let them be rich text.
    if (auto* informative = box->findChild<QLabel*>(QStringLiteral("qt_msgbox_informativelabel")))
        informative->setTextFormat(Qt::PlainText);
    // The engine's English message behind "Show Details…", for a bug report.
    if (!detail.isEmpty())
        box->setDetailedText(detail);
    box->setStandardButtons(QMessageBox::Close);
    // open(), not exec(): window-modal without a nested event loop, so loads keep finishing.
    box->open();
    emit errorReported(path, message);
}

void MainWindow::closeCurrentImage()
{
    const int row = m_model->topRowOf(m_tree->currentIndex());
    if (row < 0)
        return;
    m_model->removeImage(m_model->pathAt(row));
    showCurrentImage();
    updateEmptyState();
}

void MainWindow::copyCurrentCommand()
{
    const QString path = currentLayerPath();
    if (path.isEmpty())
        return;
    QApplication::clipboard()->setText(CommandLine::info(path));
    statusBar()->showMessage(tr("Command line copied"), 3000);
}

bool MainWindow::checkRunningFor(const QString& path) const
{
    for (auto it = m_checkJobs.cbegin(); it != m_checkJobs.cend(); ++it) {
        if (it.key()->isRunning() && it.key()->subject() == path)
            return true;
    }
    return false;
}

Job* MainWindow::checkCurrent()
{
    const QModelIndex current = m_tree->currentIndex();
    const ImageInfo* info = m_model->layerInfo(current);
    if (!info)
        return nullptr;
    const QString path = m_model->layerPath(current);
    if (checkRunningFor(path))
        return nullptr;
    Job* job = m_runner->startCheck(path);
    m_checkJobs.insert(job, {m_model->pathAt(m_model->topRowOf(current)), m_model->layerOf(current)});
    m_log->log(tr("Checking %1 (read-only, without locks)").arg(path), job->commandLine());
    m_jobsDock->show();
    showCurrentImage();
    return job;
}

Job* MainWindow::convertToRaw(const QString& source, const QString& target)
{
    Job* job = m_runner->startConvertToRaw(source, target);
    m_log->log(tr("Converting %1 to the raw image %2").arg(source, target), job->commandLine());
    m_jobsDock->show();
    return job;
}

void MainWindow::onJobFinished(Job* job)
{
    QString ending;
    switch (job->state()) {
    case Job::State::Succeeded:
        ending = job->checkReport() ? tr("exit status %1").arg(checkExitStatus(*job->checkReport())) : tr("exit status 0");
        break;
    case Job::State::Failed:
        ending = tr("failed, exit status 1");
        break;
    case Job::State::Cancelled:
        ending = tr("cancelled");
        break;
    case Job::State::Running:
        break;
    }
    m_log->log(tr("%1: %2 (%3)").arg(job->title(), job->message(), ending));
    statusBar()->showMessage(tr("%1: %2").arg(DisplayText::escapeControls(job->title()), job->message()), 8000);
    const auto it = m_checkJobs.find(job);
    if (it != m_checkJobs.end()) {
        const auto [topPath, layer] = it.value();
        m_checkJobs.erase(it);
        if (job->state() == Job::State::Succeeded && job->checkReport())
            m_model->setCheckReport(topPath, layer, *job->checkReport());
        showCurrentImage();
    }
    updateActions();
}

void MainWindow::showCurrentImage()
{
    const QModelIndex current = m_tree->currentIndex();
    const int row = m_model->topRowOf(current);
    QString shown;
    if (row >= 0) {
        const QString path = m_model->layerPath(current);
        switch (m_model->stateAt(row)) {
        case ImageListModel::State::Loading:
            m_details->showLoading(path);
            m_checkView->showReport(path, nullptr, false, false);
            break;
        case ImageListModel::State::Failed:
            m_details->showError(path, m_model->errorAt(row));
            m_checkView->showReport(path, nullptr, false, false);
            break;
        case ImageListModel::State::Ready: {
            const int layer = m_model->layerOf(current);
            const ImageInfo* info = m_model->layerInfo(current);
            const bool running = checkRunningFor(path);
            const CheckReport* report = m_model->checkReport(current);
            if (!info) {
                m_details->showBrokenLayer(path, EngineText::error(*m_model->chainAt(row)->brokenBacking));
                m_details->healthView()->setFindings(m_model->findings(current), HealthView::CheckState::NotApplicable);
                m_checkView->showReport(path, nullptr, false, false);
                break;
            }
            const QString role = layer == 0 ? QString()
                                            : tr("Backing layer %1 of %2").arg(layer).arg(displayName(m_model->pathAt(row)));
            m_details->showImage(path, *info, role);
            HealthView::CheckState state = HealthView::CheckState::NotChecked;
            if (info->format == "raw")
                state = HealthView::CheckState::NotApplicable;
            else if (running)
                state = HealthView::CheckState::Checking;
            else if (report)
                state = HealthView::CheckState::Checked;
            m_details->healthView()->setFindings(m_model->findings(current), state);
            m_checkView->showReport(path, report, running, info->format != "raw");
            shown = path;
            break;
        }
        }
    }
    updateActions();
    // The title names what is shown, as document windows do.
    setWindowTitle(row < 0 ? QStringLiteral("Diskscope")
                           : tr("%1 — Diskscope").arg(displayName(m_model->layerPath(current))));
    if (shown != m_shownPath) {
        m_shownPath = shown;
        emit currentLayerChanged(shown);
    }
}

void MainWindow::updateActions()
{
    const QModelIndex current = m_tree->currentIndex();
    const bool readable = m_model->layerInfo(current) != nullptr;
    const bool any = m_model->rowCount() > 0;
    m_closeAction->setEnabled(any);
    m_refreshAction->setEnabled(any && current.isValid());
    m_checkAction->setEnabled(readable && !checkRunningFor(m_model->layerPath(current)));
    m_exportRawAction->setEnabled(readable);
    m_copyCommandAction->setEnabled(readable);
}

void MainWindow::updateEmptyState()
{
    const int count = m_model->rowCount();
    m_stack->setCurrentWidget(count == 0 ? static_cast<QWidget*>(m_emptyState) : m_splitter);
    m_countLabel->setText(count == 0 ? QString() : count == 1 ? tr("1 image open") : tr("%1 images open").arg(count));
    if (count > 0 && !m_tree->currentIndex().isValid())
        m_tree->setCurrentIndex(m_model->index(0, 0));
    updateActions();
}

void MainWindow::changeEvent(QEvent* event)
{
    // The palette can switch between light and dark while the window is open: views that
    // cache colours read them again.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        m_tree->viewport()->update();
    QMainWindow::changeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Diskscope"),
                       tr("<h3>Diskscope %1</h3>"
                          "<p>A disk image manager for qcow2 and raw images.</p>"
                          "<p>Images are browsed read-only, without locks; every action shows its "
                          "<tt>diskscope-img</tt> command line.</p>"
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
