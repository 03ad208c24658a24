// SPDX-License-Identifier: GPL-2.0-or-later
// The main window: open images and their backing chains on the left, the selected image or
// layer in tabs on the right (overview with health findings, check report, and pages other
// views add), jobs and the log docked below.
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QPair>
#include <QStringList>
#include <functional>

class QDockWidget;
class QLabel;
class QMenu;
class QMimeData;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QToolBar;
class QTreeView;

namespace diskscope::ui {

class ChainGraphPanel;
class CheckReportView;
class EmptyStateWidget;
class GuestMapPanel;
class HostLayoutPanel;
class ImageDetailsPanel;
class ImageListModel;
class InfoLoader;
class Job;
class JobPanel;
class JobRunner;
class LazyImagePage;
class LogPanel;
class RefcountPanel;
class ConvertWizard;
class NewDiskWizard;
class SnapshotActions;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ImageListModel* imageModel() const { return m_model; }
    ImageDetailsPanel* detailsPanel() const { return m_details; }
    CheckReportView* checkReportView() const { return m_checkView; }
    QTreeView* imageList() const { return m_tree; }
    QTabWidget* detailsTabs() const { return m_detailsTabs; }
    JobRunner* jobRunner() const { return m_runner; }
    JobPanel* jobPanel() const { return m_jobPanel; }
    LogPanel* logPanel() const { return m_log; }
    GuestMapPanel* guestMapPanel() const { return m_guestMap; }
    HostLayoutPanel* hostLayoutPanel() const { return m_hostLayout; }
    RefcountPanel* refcountPanel() const { return m_refcounts; }
    ChainGraphPanel* chainGraphPanel() const { return m_chainGraph; }
    // Selects the row of `path` (the opened image or one of its layers) in the chain tree.
    void selectLayer(const QString& path);
    // The selected image's chain stops at a backing file outside its directory (layer `layer`
    // names it): asks, naming the resolved file, then reads the image again following it
    // (for this image only). Returns whether the user agreed.
    bool followExternalBacking(int layer);
    // The same consent for an external data file that lies outside its image's directory.
    bool followExternalDataFile(int layer);
    // Bring the selected layer's guest map or host layout to the front.
    void showGuestMap();
    void showHostLayout();
    // Info reads started and not finished yet.
    int pendingLoads() const;

    // Adds a page to the details area (after Overview and Check Report) and returns its tab
    // index. A page follows the selection through currentLayerChanged().
    int addDetailsTab(QWidget* page, const QString& title);
    // The file of the selected row (an opened image or one of its backing layers); empty when
    // nothing readable is selected.
    QString currentLayerPath() const;

    // The question asked before quitting while a job writes; returns true to cancel and quit.
    // Tests replace it to answer without a modal dialog.
    using CloseConfirmation = std::function<bool(const QString& question, const QString& detail)>;
    void setCloseConfirmation(CloseConfirmation confirm) { m_confirmClose = std::move(confirm); }

public slots:
    // Opens `path` (File ▸ Open, Open Recent, drops and the command line all end here): the
    // image is listed and selected at once and its chain read in the background. Opening an
    // image that is already open reads it again.
    void openFile(const QString& path);
    void openFiles(const QStringList& paths);
    // Reads the selected image's chain again (F5).
    void refresh();
    // Runs check on the selected image or layer as a job; null when nothing checkable is selected.
    Job* checkCurrent();
    // Converts `source`'s chain to a raw image `target` as a job.
    Job* convertToRaw(const QString& source, const QString& target);
    // File ▸ New Disk (MainWindowEditing.cpp): shows the wizard (window-modal, not exec(), so
    // tests drive it); finishing creates the disk as a job and opens it.
    NewDiskWizard* newDisk();
    // Image ▸ Convert (MainWindowConvert.cpp): the Convert wizard with `source` filled in (empty:
    // the user picks one); window-modal, not exec(), so tests drive it.
    ConvertWizard* convertImage(const QString& source = QString());
    // Image ▸ Snapshots (MainWindowEditing.cpp), on the selected qcow2 image (not a backing
    // layer): create asks for a name; apply and delete act on the snapshot selected in the
    // details panel and confirm first.
    SnapshotActions* snapshotActions() const { return m_snapshotActions; }

signals:
    // The chain of `path` was read and is shown.
    void imageOpened(const QString& path);
    // `path` could not be opened; a non-modal message box naming it is being shown.
    void errorReported(const QString& path, const QString& message);
    // The last pending info read has finished (successfully or not).
    void loadsFinished();
    // The selection moved to another file (empty: nothing readable selected).
    void currentLayerChanged(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createCentralWidgets();
    void createDocks();
    void restoreSettings();
    void saveSettings() const;
    void chooseFiles();
    void chooseRawTarget();
    void closeCurrentImage();
    void copyCurrentCommand();
    void populateRecentMenu();
    void showAbout();
    void onInfoFinished(const QString& path, bool ok, const QString& error, const QString& detail);
    void onJobFinished(Job* job);
    void showCurrentImage();
    // The map pages (ui/maps): the guest map and the host layout of the selected layer.
    void createMapPages();
    QList<LazyImagePage*> mapPages() const;
    void reloadMapPages();
    // New Disk, snapshots and resize (MainWindowEditing.cpp): actions, menus and the lock note.
    void createEditingActions(QMenu* file, QMenu* image, QToolBar* toolbar);
    // Rebase, commit and amend (MainWindowChainActions.cpp): Image ▸ Chain and the tree's menu.
    void createChainActions(QMenu* image);
    // Image ▸ Resize and Check and Repair (MainWindowResizeCheck.cpp).
    void createResizeCheckActions(QMenu* image);
    // Image ▸ Convert (MainWindowConvert.cpp): the Convert wizard.
    void createConvertAction(QMenu* image);
    void updateActions();
    void updateEmptyState();
    void reportError(const QString& path, const QString& message, const QString& detail = {});
    bool askToCloseWhileWriting(const QList<Job*>& writing);
    bool checkRunningFor(const QString& path) const;
    static QStringList localFiles(const QMimeData* mime);

    InfoLoader* m_loader = nullptr;
    ImageListModel* m_model = nullptr;
    JobRunner* m_runner = nullptr;
    QStackedWidget* m_stack = nullptr;
    EmptyStateWidget* m_emptyState = nullptr;
    QSplitter* m_splitter = nullptr;
    QTreeView* m_tree = nullptr;
    QTabWidget* m_detailsTabs = nullptr;
    ImageDetailsPanel* m_details = nullptr;
    CheckReportView* m_checkView = nullptr;
    JobPanel* m_jobPanel = nullptr;
    LogPanel* m_log = nullptr;
    GuestMapPanel* m_guestMap = nullptr;
    HostLayoutPanel* m_hostLayout = nullptr;
    RefcountPanel* m_refcounts = nullptr;
    ChainGraphPanel* m_chainGraph = nullptr;
    QDockWidget* m_jobsDock = nullptr;
    QDockWidget* m_logDock = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_checkAction = nullptr;
    QAction* m_exportRawAction = nullptr;
    QAction* m_copyCommandAction = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_accessLabel = nullptr;
    int m_openedInBatch = 0;  // successful reads since the loader was last idle
    QString m_shownPath;      // the layer the details show, for currentLayerChanged
    // Check jobs and the (opened image, layer) whose report they produce.
    QHash<Job*, QPair<QString, int>> m_checkJobs;
    CloseConfirmation m_confirmClose;
    // Refresh: opened image -> the backing layer that was selected, selected again once read.
    QHash<QString, QString> m_reselectAfterLoad;
    SnapshotActions* m_snapshotActions = nullptr;
    bool m_closeWhenIdle = false;
};

}  // namespace diskscope::ui
