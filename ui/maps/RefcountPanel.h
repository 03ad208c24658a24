// SPDX-License-Identifier: GPL-2.0-or-later
// The "Refcounts" page: the histogram of refcount values, a strip per refcount block (how full
// it is, its clusters coloured by refcount), shared and leaked clusters highlighted. The
// figures need the check's full walk, so they are read by a worker with progress when the
// page is first shown.
#pragma once

#include <memory>

#include "diskscope/refcount_usage.h"
#include "maps/LazyImagePage.h"

class QLabel;
class QProgressBar;
class QScrollArea;

namespace diskscope::ui {

class MapLegend;
class PageWorker;
class RefcountHistogram;
class RefcountStrip;

class RefcountPanel : public LazyImagePage {
    Q_OBJECT
public:
    explicit RefcountPanel(QWidget* parent = nullptr);

    RefcountHistogram* histogram() const { return m_histogram; }
    RefcountStrip* strip() const { return m_strip; }
    MapLegend* legend() const { return m_legend; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* detailsLabel() const { return m_details; }
    const RefcountUsage* usage() const { return m_usage.get(); }
    // What the details line says about host cluster `cluster`.
    QString describeCluster(uint64_t cluster) const;

signals:
    // Reading finished: the figures are shown (`ok`) or the status says why not.
    void usageShown(bool ok);

protected:
    void openImage(const QString& path) override;
    void clearPage() override;

private:
    void showUsage(std::shared_ptr<const RefcountUsage> usage);

    PageWorker* m_worker = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    RefcountHistogram* m_histogram = nullptr;
    QScrollArea* m_stripScroll = nullptr;
    RefcountStrip* m_strip = nullptr;
    MapLegend* m_legend = nullptr;
    QLabel* m_details = nullptr;
    std::shared_ptr<const RefcountUsage> m_usage;
};

}  // namespace diskscope::ui
