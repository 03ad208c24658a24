// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/HostLayoutPanel.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>

#include "maps/L2TablePane.h"
#include "maps/MapControls.h"
#include "maps/MapLegend.h"
#include "maps/MapView.h"
#include "maps/PageWorker.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

QVector<MapClass> hostLayoutClasses()
{
    // The context lupdate assigns to these tr() calls, so the translation is found.
    auto tr = [](const char* text) { return QCoreApplication::translate("diskscope::ui", text); };
    // Metadata in cool and earthy hues, guest data in the guest map's blue and orange,
    // problems in vermillion and crimson.
    return {
        {tr("Free"), tr("No reference and no refcount: space inside the file nothing uses"), QColor(0xf1f2f4), QColor(0x2b2d31), false},
        {tr("Header"), tr("The qcow2 header and its extensions"), QColor(0x6b4c9a), QColor(0xa58bd0), true},
        {tr("L1 table"), tr("The active L1 table"), QColor(0x332288), QColor(0x7b6fd6), true},
        {tr("L2 tables"), tr("L2 tables of the active image"), QColor(0x88ccee), QColor(0x5fb3dc), true},
        {tr("Refcount table"), tr("The refcount table"), QColor(0x117733), QColor(0x3fae63), true},
        {tr("Refcount blocks"), tr("Refcount blocks"), QColor(0x44aa99), QColor(0x56c2ad), true},
        {tr("Snapshot table"), tr("The internal snapshot table"), QColor(0x999933), QColor(0xc2c25a), true},
        {tr("Snapshot tables"), tr("L1 and L2 tables only snapshots reach"), QColor(0xddcc77), QColor(0xc8b45a), true},
        {tr("Bitmaps"), tr("Persistent bitmap directory, tables and data"), QColor(0xaa4499), QColor(0xcc66bb), true},
        {tr("Data"), tr("Guest data of the active image"), QColor(0x0072b2), QColor(0x4aa3df), true},
        {tr("Compressed"), tr("Host clusters holding compressed guest clusters"), QColor(0xe69f00), QColor(0xf0b43c), true},
        {tr("Snapshot data"), tr("Guest data only snapshots reach: deleting them frees it"), QColor(0x8fa9c4), QColor(0x58718c), true},
        {tr("Leaked"), tr("Refcount above zero but nothing refers to it (check -r leaks frees it)"), QColor(0xd55e00), QColor(0xff7033), true},
        {tr("Conflict"), tr("Referenced as two different things: the image is corrupt"), QColor(0xcc0033), QColor(0xff3355), true},
    };
}

HostLayoutPanel::HostLayoutPanel(QWidget* parent) : LazyImagePage(parent)
{
    setObjectName(QStringLiteral("hostLayoutPanel"));
    setAccessibleName(tr("Host layout"));
    // The walk reads every table: a pool of its own so it never delays the guest map or jobs.
    m_worker = new PageWorker(this);
    m_tableWorker = new PageWorker(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(4);
    m_view = new MapView;
    addMapControls(toolbar, m_view, this);
    toolbar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("hostLayoutStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    toolbar->addWidget(m_progress);
    layout->addLayout(toolbar);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("hostLayoutSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_view);
    m_view->setObjectName(QStringLiteral("hostLayoutView"));
    m_view->setClasses(hostLayoutClasses());
    m_view->setAccessibleName(tr("Host file layout map"));
    m_tablePane = new L2TablePane(m_splitter);
    m_splitter->addWidget(m_tablePane);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_tablePane->hide();
    layout->addWidget(m_splitter, 1);

    m_legend = new MapLegend(this);
    QVector<bool> always(int(HostClusterKind::Count), false);
    m_legend->setClasses(hostLayoutClasses(), always);
    layout->addWidget(m_legend);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("hostLayoutDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setText(tr("Point at the map to see what a host cluster holds; click an L2 table to list its entries."));
    layout->addWidget(m_details);

    connect(m_worker, &PageWorker::progressChanged, this, [this](double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_view, &MapView::cellHovered, this, [this](qint64 cell, QPoint globalPos) {
        const QString text = describeCell(cell);
        if (text.isEmpty()) {
            QToolTip::hideText();
            return;
        }
        m_details->setText(QString(text).replace(QLatin1Char('\n'), QStringLiteral("  ·  ")));
        m_details->setForegroundRole(QPalette::WindowText);
        QToolTip::showText(globalPos, text, m_view);
    });
    connect(m_view, &MapView::currentCellChanged, this, [this](qint64 cell) {
        if (QString text = describeCell(cell); !text.isEmpty())
            m_details->setText(text.replace(QLatin1Char('\n'), QStringLiteral("  ·  ")));
    });
    connect(m_view, &MapView::cellActivated, this, &HostLayoutPanel::showTableAt);
}

QString HostLayoutPanel::describeCell(qint64 cell) const
{
    if (!m_layout || cell < 0 || uint64_t(cell) >= m_layout->clusters.size())
        return {};
    const uint64_t offset = uint64_t(cell) << m_layout->clusterBits;
    QString kind = QString::fromStdString(hostClusterKindName(m_layout->clusters[size_t(cell)]));
    kind[0] = kind[0].toUpper();
    QString text = tr("Host cluster %L1 at offset 0x%2 (%3)\n%4")
                       .arg(cell)
                       .arg(QString::number(offset, 16), SizeFormat::human(offset), kind);
    if (const auto it = m_layout->activeL2Tables.find(uint64_t(cell)); it != m_layout->activeL2Tables.end()) {
        text += tr(" for L1 index %1 — click to list its entries").arg(it->second);
    }
    return text;
}

bool HostLayoutPanel::showTableAt(qint64 cell)
{
    if (!m_layout || cell < 0)
        return false;
    const auto it = m_layout->activeL2Tables.find(uint64_t(cell));
    if (it == m_layout->activeL2Tables.end())
        return false;
    const uint64_t table = it->second;
    struct Listing {
        std::shared_ptr<AllocationMap> map;
        std::vector<ClusterDetail> entries;
    };
    const std::string file = QFile::encodeName(m_shownPath).toStdString();
    m_details->setText(tr("Reading L2 table %1…").arg(table));
    m_tableWorker->start<Listing>(
        [file, table, map = m_entryMap](ProgressSink& progress, std::stop_token stop) mutable -> Result<Listing> {
            if (!map) {
                AllocationMapOptions options;
                options.openBacking = false;  // the entries of this file, not what its backing serves
                DS_ASSIGN_OR_RETURN(auto opened, AllocationMap::open(file, options));
                DS_TRY(opened->refine(progress, stop));
                map = std::move(opened);
            }
            Listing listing;
            listing.map = map;
            DS_ASSIGN_OR_RETURN(listing.entries, map->tableEntries(table));
            return listing;
        },
        [this, table, cell](Result<Listing>& listing) {
            if (!listing.ok() || listing->entries.empty()) {
                m_details->setText(tr("Could not list the L2 table: %1")
                                       .arg(listing.ok() ? tr("no entries") : EngineText::error(listing.error())));
                return;
            }
            m_entryMap = listing->map;
            // The first entry that points into the file is what the click was about.
            qint64 first = -1;
            for (const ClusterDetail& e : listing->entries)
                if (e.hostOffset) {
                    first = qint64(e.cell);
                    break;
                }
            m_tablePane->showTable(table, listing->entries, m_entryMap->geometry(), first);
            m_details->setText(describeCell(cell).replace(QLatin1Char('\n'), QStringLiteral("  ·  ")));
            m_view->setHighlight(uint64_t(cell), 1);
            if (m_tablePane->isHidden()) {
                const int total = m_splitter->width();
                const int pane = std::min(440, total / 2);
                m_tablePane->show();
                m_splitter->setSizes({total - pane, pane});
            }
            emit tableShown(table);
        });
    return true;
}

void HostLayoutPanel::clearPage()
{
    m_worker->cancel();
    m_tableWorker->cancel();
    m_entryMap.reset();
    m_layout.reset();
    m_shownPath.clear();
    m_view->setCells(0, [](uint64_t, std::span<uint8_t> out) { std::fill(out.begin(), out.end(), 0); });
    m_tablePane->hide();
    m_tablePane->clear();
    m_status->clear();
    m_progress->hide();
}

void HostLayoutPanel::openImage(const QString& path)
{
    m_tableWorker->cancel();
    m_entryMap.reset();
    m_layout.reset();
    m_shownPath = path;
    m_tablePane->hide();
    m_tablePane->clear();
    m_view->clearHighlight();
    m_view->setAccessibleName(tr("Host file layout map of %1").arg(DisplayText::escapeControls(QFileInfo(path).fileName())));
    m_status->setText(tr("Reading every table…"));
    m_status->setToolTip({});
    m_progress->setValue(0);
    m_progress->show();
    const std::string file = QFile::encodeName(path).toStdString();
    m_worker->start<HostLayout>(
        [file](ProgressSink& progress, std::stop_token stop) { return readHostLayout(file, progress, stop); },
        [this](Result<HostLayout>& result) {
            m_progress->hide();
            if (!result.ok()) {
                m_status->setText(EngineText::error(result.error()));
                m_status->setToolTip(EngineText::errorDetail(result.error()));
                emit layoutShown(false);
                return;
            }
            showLayout(std::make_shared<HostLayout>(std::move(result).value()));
        });
}

void HostLayoutPanel::showLayout(std::shared_ptr<HostLayout> layout)
{
    m_layout = std::move(layout);
    const HostLayout* l = m_layout.get();
    m_view->setCells(l->clusters.size(), [l](uint64_t first, std::span<uint8_t> out) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = first + i < l->clusters.size() ? uint8_t(l->clusters[first + i]) : 0;
    });
    m_legend->setCounts(m_view->pyramid().totals(), uint64_t{1} << l->clusterBits);
    m_view->setAccessibleDescription(m_legend->summary());
    QStringList parts;
    parts << tr("%L1 host clusters of %2, file %3")
                 .arg(l->clusters.size())
                 .arg(SizeFormat::human(uint64_t{1} << l->clusterBits), SizeFormat::human(l->fileSize));
    if (l->leaks)
        parts << tr("%n leaked", nullptr, int(std::min<uint64_t>(l->leaks, INT32_MAX)));
    if (l->corruptions)
        parts << tr("%n corruption(s)", nullptr, int(std::min<uint64_t>(l->corruptions, INT32_MAX)));
    m_status->setText(parts.join(QStringLiteral(" · ")));
    emit layoutShown(true);
}

}  // namespace diskscope::ui
