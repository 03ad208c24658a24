// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/RefcountPanel.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>

#include "maps/MapLegend.h"
#include "maps/PageWorker.h"
#include "maps/RefcountClasses.h"
#include "maps/RefcountHistogram.h"
#include "maps/RefcountStrip.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/Plural.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

}  // namespace

RefcountPanel::RefcountPanel(QWidget* parent) : LazyImagePage(parent)
{
    setObjectName(QStringLiteral("refcountPanel"));
    setAccessibleName(tr("Refcount usage"));
    m_worker = new PageWorker(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(sectionTitle(tr("Refcount values"), this));
    toolbar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("refcountStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("refcountProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    toolbar->addWidget(m_progress);
    layout->addLayout(toolbar);

    m_histogram = new RefcountHistogram(this);
    m_histogram->setMinimumHeight(110);
    layout->addWidget(m_histogram, 1);

    layout->addWidget(sectionTitle(tr("Refcount blocks"), this));
    m_strip = new RefcountStrip;
    m_stripScroll = new QScrollArea(this);
    m_stripScroll->setObjectName(QStringLiteral("refcountStripScroll"));
    m_stripScroll->setWidget(m_strip);
    m_stripScroll->setWidgetResizable(true);
    m_stripScroll->setBackgroundRole(QPalette::Base);
    layout->addWidget(m_stripScroll);

    m_legend = new MapLegend(this);
    QVector<bool> always(int(RefcountClass::Count), false);
    always[int(RefcountClass::Leaked)] = true;
    m_legend->setClasses(refcountClasses(), always);
    layout->addWidget(m_legend);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("refcountDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setText(tr("Point at a block for the refcount of its clusters."));
    layout->addWidget(m_details);

    connect(m_worker, &PageWorker::progressChanged, this, [this](double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_strip, &RefcountStrip::clusterHovered, this, [this](qint64 cluster, QPoint globalPos) {
        if (cluster < 0) {
            QToolTip::hideText();
            return;
        }
        const QString text = describeCluster(uint64_t(cluster));
        m_details->setText(text);
        m_details->setForegroundRole(QPalette::WindowText);
        QToolTip::showText(globalPos, text, m_strip);
    });
    connect(m_histogram, &RefcountHistogram::bucketHovered, this, [this](int index, QPoint globalPos) {
        if (index < 0 || index >= m_histogram->buckets().size()) {
            QToolTip::hideText();
            return;
        }
        const RefcountBucket& b = m_histogram->buckets()[index];
        const QString text = tr("Refcount %1: %L2 host clusters").arg(b.label).arg(b.clusters);
        m_details->setText(text);
        m_details->setForegroundRole(QPalette::WindowText);
        QToolTip::showText(globalPos, text, m_histogram);
    });
}

QString RefcountPanel::describeCluster(uint64_t cluster) const
{
    if (!m_usage || cluster >= m_usage->refcounts.size())
        return {};
    const uint64_t offset = cluster << m_usage->clusterBits;
    const uint64_t block = cluster / m_usage->clustersPerBlock;
    const uint8_t rc = m_usage->refcounts[cluster];
    QString text = tr("Host cluster %L1 at offset 0x%2 (%3), refcount block %4: refcount %5")
                       .arg(cluster)
                       .arg(QString::number(offset, 16), SizeFormat::human(offset))
                       .arg(block)
                       .arg(rc == 255 ? QStringLiteral("≥255") : QString::number(rc));
    if (std::binary_search(m_usage->leakedClusters.begin(), m_usage->leakedClusters.end(), cluster))
        text += tr(" — leaked: nothing refers to it");
    else if (rc > 1)
        text += tr(" — shared (snapshots)");
    return text;
}

void RefcountPanel::openImage(const QString& path)
{
    m_usage.reset();
    m_histogram->setBuckets({});
    m_strip->setUsage(nullptr);
    m_strip->setAccessibleName(tr("Refcount blocks of %1").arg(DisplayText::escapeControls(QFileInfo(path).fileName())));
    m_status->setText(tr("Reading every table…"));
    m_status->setToolTip({});
    m_progress->setValue(0);
    m_progress->show();
    const std::string file = QFile::encodeName(path).toStdString();
    m_worker->start<RefcountUsage>(
        [file](ProgressSink& progress, std::stop_token stop) { return readRefcountUsage(file, progress, stop); },
        [this](Result<RefcountUsage>& result) {
            m_progress->hide();
            if (!result.ok()) {
                m_status->setText(tr("No refcounts: %1").arg(EngineText::error(result.error())));
                m_status->setToolTip(EngineText::errorDetail(result.error()));
                emit usageShown(false);
                return;
            }
            showUsage(std::make_shared<const RefcountUsage>(std::move(result).value()));
        });
}

void RefcountPanel::clearPage()
{
    m_worker->cancel();
    m_usage.reset();
    m_histogram->setBuckets({});
    m_strip->setUsage(nullptr);
    m_status->clear();
    m_progress->hide();
}

void RefcountPanel::showUsage(std::shared_ptr<const RefcountUsage> usage)
{
    m_usage = std::move(usage);
    const RefcountUsage& u = *m_usage;
    m_histogram->setBuckets(refcountBuckets(u.histogram));
    m_strip->setUsage(m_usage);
    // The strips take the room they need (up to about a dozen blocks, then they scroll); the
    // histogram takes the rest.
    const int frame = 2 * m_stripScroll->frameWidth();
    m_stripScroll->setMaximumHeight(std::min(m_strip->sizeHint().height(), 12 * (RefcountStrip::kRowHeight + RefcountStrip::kRowGap)) + frame);
    std::vector<uint64_t> counts(size_t(RefcountClass::Count), 0);
    for (uint8_t c : refcountClassOfClusters(u))
        ++counts[c];
    m_legend->setCounts(counts, uint64_t{1} << u.clusterBits);
    m_strip->setAccessibleDescription(m_legend->summary());
    QStringList parts;
    parts << tr("%L1 host clusters of %2, %3-bit refcounts")
                 .arg(u.refcounts.size())
                 .arg(SizeFormat::human(uint64_t{1} << u.clusterBits))
                 .arg(u.refcountBits);
    parts << plural(u.blocks.size(), tr("%1 refcount block"), tr("%1 refcount blocks"));
    parts << tr("%L1 shared").arg(u.sharedClusters);
    if (u.leaks)
        parts << tr("%L1 leaked").arg(u.leaks);
    if (u.corruptions)
        parts << plural(u.corruptions, tr("%1 corruption"), tr("%1 corruptions"));
    m_status->setText(parts.join(QStringLiteral(" · ")));
    m_status->setForegroundRole(QPalette::WindowText);
    emit usageShown(true);
}

}  // namespace diskscope::ui
