// SPDX-License-Identifier: GPL-2.0-or-later
// The main window: open images on the left, the selected image's info on the right.
#pragma once

#include <QMainWindow>
#include <QStringList>

class QLabel;
class QListView;
class QMenu;
class QMimeData;
class QSplitter;
class QStackedWidget;

namespace diskscope::ui {

class EmptyStateWidget;
class ImageDetailsPanel;
class ImageListModel;
class InfoLoader;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ImageListModel* imageModel() const { return m_model; }
    ImageDetailsPanel* detailsPanel() const { return m_details; }
    QListView* imageList() const { return m_list; }
    // Info reads started and not finished yet.
    int pendingLoads() const;

public slots:
    // Opens `path` (File ▸ Open, Open Recent, drops and the command line all end here): the
    // image is listed and selected at once and its info read in the background. Opening an
    // image that is already open reads it again.
    void openFile(const QString& path);
    void openFiles(const QStringList& paths);

signals:
    // The info of `path` was read and is shown.
    void imageOpened(const QString& path);
    // `path` could not be opened; a non-modal message box naming it is being shown.
    void errorReported(const QString& path, const QString& message);
    // The last pending info read has finished (successfully or not).
    void loadsFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    void createCentralWidgets();
    void restoreSettings();
    void saveSettings() const;
    void chooseFiles();
    void closeCurrentImage();
    void populateRecentMenu();
    void showAbout();
    void onInfoFinished(const QString& path, bool ok, const QString& error);
    void showCurrentImage();
    void updateEmptyState();
    void reportError(const QString& path, const QString& message);
    static QStringList localFiles(const QMimeData* mime);

    InfoLoader* m_loader = nullptr;
    ImageListModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    EmptyStateWidget* m_emptyState = nullptr;
    QSplitter* m_splitter = nullptr;
    QListView* m_list = nullptr;
    ImageDetailsPanel* m_details = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_closeAction = nullptr;
    QLabel* m_countLabel = nullptr;
    int m_openedInBatch = 0;  // successful reads since the loader was last idle
};

}  // namespace diskscope::ui
