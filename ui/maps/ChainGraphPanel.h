// SPDX-License-Identifier: GPL-2.0-or-later
// The "Backing Chain" page: the chain graph of the selected image, whose shares are computed
// by a worker from block status over the whole chain when the page is first shown.
#pragma once

#include "maps/ChainGraph.h"
#include "maps/LazyImagePage.h"

class QLabel;
class QProgressBar;

namespace diskscope::ui {

class PageWorker;

class ChainGraphPanel : public LazyImagePage {
    Q_OBJECT
public:
    explicit ChainGraphPanel(QWidget* parent = nullptr);

    ChainGraph* graph() const { return m_graph; }
    QLabel* statusLabel() const { return m_status; }

signals:
    // The graph is shown (`ok`) or the status says why not.
    void chainShown(bool ok);
    // A layer's box was clicked: `path` is its file as the chain opened it.
    void layerActivated(const QString& path);

protected:
    void openImage(const QString& path) override;
    void clearPage() override;

private:
    PageWorker* m_worker = nullptr;
    ChainGraph* m_graph = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
};

}  // namespace diskscope::ui
